package org.xbarspice.calibrate;

import org.xbarspice.units.XbarspiceException;

/** A calibration fit did not converge or converged to unphysical values; nothing was written. Exit code 1. */
public class CalibrationException extends XbarspiceException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
