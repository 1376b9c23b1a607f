package org.xbarspice.units;

/** Base of every error xbarspice raises on purpose: unchecked, with a message a user can act on. */
public class XbarspiceException extends RuntimeException {
    public XbarspiceException(String message) {
        super(message);
    }

    public XbarspiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
