package org.xbarspice.spice;

import org.xbarspice.units.XbarspiceException;

/** The SPICE engine cannot be used on this machine (library missing, too old, no KLU, JVM not prepared); the message says how to fix it. */
public class SpiceUnavailableException extends XbarspiceException {
    public SpiceUnavailableException(String message) {
        super(message);
    }

    public SpiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
