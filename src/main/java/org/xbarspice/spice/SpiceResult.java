package org.xbarspice.spice;

import java.util.Map;

/**
 * The vectors one analysis produced.
 *
 * @param vectors        the requested real vectors by lower-case ngspice name ({@code time}, {@code v1#branch}, node
 *                       names)
 * @param complexVectors the requested vectors that are complex (an AC analysis), by the same names; a requested name is
 *                       in exactly one of the two maps
 * @param seconds        time spent inside the engine's own functions: netlist load, analysis, clean-up, vector look-ups
 *                       (s); the Java and JNA work around them (building the netlist, copying vectors) is not included
 */
public record SpiceResult(Map<String, double[]> vectors, Map<String, SpiceVector> complexVectors, double seconds) {
    public SpiceResult {
        vectors = Map.copyOf(vectors);
        complexVectors = Map.copyOf(complexVectors);
    }

    /** A result with real vectors only. */
    public SpiceResult(Map<String, double[]> vectors, double seconds) {
        this(vectors, Map.of(), seconds);
    }
}
