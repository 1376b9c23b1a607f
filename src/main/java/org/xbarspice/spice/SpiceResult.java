package org.xbarspice.spice;

import java.util.Map;

/**
 * The vectors one analysis produced.
 *
 * @param vectors by lower-case ngspice name ({@code time}, {@code v1#branch}, node names), real values
 * @param seconds wall time of load + analysis + read-out (s)
 */
public record SpiceResult(Map<String, double[]> vectors, double seconds) {
    public SpiceResult {
        vectors = Map.copyOf(vectors);
    }
}
