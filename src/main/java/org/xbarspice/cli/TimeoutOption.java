package org.xbarspice.cli;

import org.xbarspice.spice.ngspice.NgSpiceEngine;
import picocli.CommandLine.Option;

/** {@code --timeout}: the limit of every ngspice netlist load and analysis a command starts. */
final class TimeoutOption {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS,
            description = "Give up when one ngspice analysis has not finished after this long (an endless .control loop, a "
                    + "huge transient) and exit 1; 0 = no limit. Default: ${DEFAULT-VALUE}.")
    long seconds;

    /** Makes the engines this command opens use the limit. */
    void apply() {
        NgSpiceEngine.setDefaultTimeoutSeconds(seconds);
    }
}
