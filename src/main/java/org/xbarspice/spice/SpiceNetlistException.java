package org.xbarspice.spice;

import java.util.List;

/**
 * The engine rejected a netlist while parsing it, or the netlist is not acceptable before the engine sees it. Bad
 * input: the command line exits with code 2 (other {@link SpiceException}s exit with 1).
 */
public class SpiceNetlistException extends SpiceException {
    public SpiceNetlistException(String message, List<String> engineOutput) {
        super(message, engineOutput);
    }

    @Override
    SpiceNetlistException withMessage(String message) {
        return new SpiceNetlistException(message, engineOutput());
    }
}
