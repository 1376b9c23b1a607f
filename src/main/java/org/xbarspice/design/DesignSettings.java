package org.xbarspice.design;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import org.xbarspice.units.Checks;

/**
 * What a design study measures at every point, beyond the grid.
 *
 * @param vectors            random input vectors per direction, 1..{@value #MAX_VECTORS}, uniform in [-readVolt,
 *                           readVolt]; the worst case (every driven line at +readVolt) comes on top
 * @param seed               seed of the array (conductances uniform in the range), the inputs and the devices; the same
 *                           for every point, so designs of one size share their array
 * @param maxErrorPercent    the read error bound of the largest-size map and the summary (% of full scale), (0, 100]
 * @param spiceCheckMaxLines SPICE spot checks at every point of at most this many rows and columns, 0..512 (0: none)
 * @param netlists           folder for every point's read netlists, or null
 */
public record DesignSettings(int vectors, long seed, double maxErrorPercent, int spiceCheckMaxLines,
                             @JsonSerialize(using = ToStringSerializer.class) Path netlists) {
    /** Most random vectors per direction. */
    public static final int MAX_VECTORS = 10_000;

    public DesignSettings {
        Checks.inRange("--vectors", vectors, 1, MAX_VECTORS);
        Checks.positiveAtMost("--max-error", maxErrorPercent, 100, "% of full scale");
        Checks.inRange("--spice-check", spiceCheckMaxLines, 0, org.xbarspice.netlist.CrossbarCircuit.MAX_LINES);
    }

    /** 16 vectors, seed 1, bound 1 %, no SPICE checks, no netlists. */
    public static DesignSettings defaults() {
        return new DesignSettings(16, 1, 1, 0, null);
    }

    /** The same settings with SPICE checks up to {@code maxLines} rows and columns. */
    public DesignSettings withSpiceCheck(int maxLines) {
        return new DesignSettings(vectors, seed, maxErrorPercent, maxLines, netlists);
    }

    /** The same settings writing the read netlists into {@code dir}. */
    public DesignSettings withNetlists(Path dir) {
        return new DesignSettings(vectors, seed, maxErrorPercent, spiceCheckMaxLines, dir);
    }
}
