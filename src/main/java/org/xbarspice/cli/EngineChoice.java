package org.xbarspice.cli;

/** Which engine(s) a command runs. */
enum EngineChoice {
    NGSPICE, BEHAVIORAL, BOTH;

    /** The command-line name ({@link Main#flagName}). */
    @Override
    public String toString() {
        return Main.flagName(this);
    }

    boolean usesNgspice() {
        return this != BEHAVIORAL;
    }

    boolean usesBehavioral() {
        return this != NGSPICE;
    }
}
