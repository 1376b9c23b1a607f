package org.xbarspice.spice;

import java.util.List;
import org.xbarspice.units.XbarspiceException;

/** An analysis failed in the SPICE engine (no convergence, missing vector, ...). Quotes the engine's last output lines. */
public class SpiceException extends XbarspiceException {
    private final String summary;
    private final List<String> engineOutput;

    public SpiceException(String message, List<String> engineOutput) {
        super(message + quote(engineOutput));
        this.summary = message;
        this.engineOutput = List.copyOf(engineOutput);
    }

    /** The same failure with {@code context} (where it happened, e.g. the training step and array) in front of the message. */
    public SpiceException withContext(String context) {
        SpiceException wrapped = withMessage(context + ": " + summary);
        wrapped.initCause(this);
        return wrapped;
    }

    /** The same failure with {@code advice} (what to do next, e.g. how to continue a run) after the message. */
    public SpiceException withAdvice(String advice) {
        SpiceException wrapped = withMessage(summary + "; " + advice);
        wrapped.initCause(this);
        return wrapped;
    }

    /** A failure of the same kind with another message and the same engine output. */
    SpiceException withMessage(String message) {
        return new SpiceException(message, engineOutput);
    }

    /** The engine's last output lines before the failure, oldest first. */
    public List<String> engineOutput() {
        return engineOutput;
    }

    static String quote(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nngspice said (last lines):");
        for (String line : lines) {
            text.append("\n  | ").append(line);
        }
        return text.toString();
    }
}
