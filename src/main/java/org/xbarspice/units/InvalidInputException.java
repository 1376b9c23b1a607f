package org.xbarspice.units;

/**
 * A user-supplied value (command-line flag, preset field, config key, netlist) is not acceptable.
 * The message names the value, its unit and the allowed range or the fix. The command line maps it
 * to exit code 2.
 */
public class InvalidInputException extends XbarspiceException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
