package org.xbarspice.cli;

import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --timeout}: the limit of every ngspice netlist load and analysis a command starts. */
final class TimeoutOption {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS,
            description = "Give up when one ngspice analysis has not finished after this long (an endless .control loop, a "
                    + "huge transient) and exit 1; 0 = no limit. Default: ${DEFAULT-VALUE}.")
    long seconds;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The limit of a command whose --timeout is not given (s): the default, or during {@link #inherited} the one
     * {@code validate} gives its cases, which may run no ngspice and would refuse a --timeout flag.
     */
    private static volatile long inheritedSeconds = NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS;

    /** Runs {@code run} (one validation case's command) with {@code seconds} as the limit of a command without --timeout. */
    static int inherited(long seconds, java.util.function.IntSupplier run) {
        long before = inheritedSeconds;
        inheritedSeconds = seconds;
        try {
            return run.getAsInt();
        } finally {
            inheritedSeconds = before;
        }
    }

    /** Makes the engines this command opens use the limit. */
    void apply() {
        NgSpiceEngine.setDefaultTimeoutSeconds(Main.given(command, "--timeout") != null ? seconds : inheritedSeconds);
    }

    /**
     * {@link #apply()} for a command whose engine choice may leave ngspice out: a --timeout given when {@code ngspice}
     * is false would change nothing, and is refused, as bad input.
     */
    void apply(boolean ngspice) {
        apply(ngspice, "the chosen --engine runs no ngspice analysis", "choose an engine with ngspice");
    }

    /**
     * {@link #apply()} for a command that may run no ngspice analysis: a --timeout given when {@code ngspice} is false
     * is refused, saying {@code why} and the {@code remedy} beside dropping it.
     */
    void apply(boolean ngspice, String why, String remedy) {
        String given = ngspice ? null : Main.given(command, "--timeout");
        if (given != null) {
            throw new InvalidInputException(given + " has no effect: " + why + "; drop --timeout, or " + remedy);
        }
        apply();
    }
}
