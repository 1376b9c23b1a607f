package org.xbarspice.spice;

import java.util.List;
import org.xbarspice.units.InvalidInputException;

/** The engine rejected a netlist while parsing it. Bad input: the command line exits with code 2. */
public class SpiceNetlistException extends InvalidInputException {
    public SpiceNetlistException(String message, List<String> engineOutput) {
        super(message + SpiceException.quote(engineOutput));
    }
}
