package org.xbarspice.spice;

import java.util.List;

/**
 * The engine did not finish within its time limit: the analysis was stopped, or abandoned where it could not be
 * stopped. Not a convergence failure: retrying with relaxed options or another form of the same analysis would only
 * wait as long again.
 */
public class SpiceTimeoutException extends SpiceException {
    public SpiceTimeoutException(String message) {
        super(message, List.of());
    }

    @Override
    SpiceTimeoutException withMessage(String message) {
        return new SpiceTimeoutException(message);
    }

    @Override
    public SpiceTimeoutException withAdvice(String advice) {
        return (SpiceTimeoutException) super.withAdvice(advice);
    }

    @Override
    public SpiceTimeoutException withContext(String context) {
        return (SpiceTimeoutException) super.withContext(context);
    }
}
