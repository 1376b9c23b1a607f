package org.xbarspice.cli;

/** Which engine(s) a command runs. */
enum EngineChoice {
    NGSPICE, BEHAVIORAL, BOTH;

    boolean usesNgspice() {
        return this != BEHAVIORAL;
    }

    boolean usesBehavioral() {
        return this != NGSPICE;
    }
}
