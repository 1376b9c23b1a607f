package org.xbarspice.spice;

import java.util.List;
import org.xbarspice.units.XbarspiceException;

/** An analysis failed in the SPICE engine (no convergence, missing vector, ...). Quotes the engine's last output lines. */
public class SpiceException extends XbarspiceException {
    private final List<String> engineOutput;

    public SpiceException(String message, List<String> engineOutput) {
        super(message + quote(engineOutput));
        this.engineOutput = List.copyOf(engineOutput);
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
