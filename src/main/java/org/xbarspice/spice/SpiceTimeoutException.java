package org.xbarspice.spice;

import java.util.List;

/**
 * The engine did not finish within its time limit: the analysis was stopped, or abandoned where it could not be
 * stopped. Not a convergence failure: retrying with relaxed options or another form of the same analysis would only
 * wait as long again.
 */
public class SpiceTimeoutException extends SpiceException {
    /** What failed, without why (e.g. "ngspice did not finish the netlist within 10 s and its analysis was stopped"). */
    private final String fact;

    /** A failure whose message is {@code message} alone ({@link #because} puts a cause after all of it). */
    public SpiceTimeoutException(String message) {
        this(message, message);
    }

    private SpiceTimeoutException(String message, String fact) {
        super(message, List.of());
        this.fact = fact;
    }

    /** A run past its limit: {@code fact}, what such a run is likely to be ({@code causes}) and how to give it longer. */
    public static SpiceTimeoutException of(String fact, String causes) {
        return new SpiceTimeoutException(message(fact, causes), fact);
    }

    private static String message(String fact, String causes) {
        return fact + " (" + causes + "); raise the limit with --timeout SECONDS (0 = none) if the run is meant to be that long";
    }

    /**
     * The same failure with {@code cause}, what the caller knows the run to be, in place of the usual causes; before
     * any {@link #withContext} or {@link #withAdvice}, whose text it does not keep.
     */
    public SpiceTimeoutException because(String cause) {
        SpiceTimeoutException known = new SpiceTimeoutException(message(fact, cause), fact);
        known.initCause(this);
        return known;
    }

    @Override
    SpiceTimeoutException withMessage(String message) {
        return new SpiceTimeoutException(message, fact);
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
