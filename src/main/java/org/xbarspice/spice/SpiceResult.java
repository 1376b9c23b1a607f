package org.xbarspice.spice;

import java.util.Map;

/**
 * The vectors one analysis produced.
 *
 * @param vectors by lower-case ngspice name ({@code time}, {@code v1#branch}, node names), real values
 * @param seconds time spent inside the engine's own functions: netlist load, analysis, clean-up, vector look-ups (s);
 *                the Java and JNA work around them (building the netlist, copying vectors) is not included
 */
public record SpiceResult(Map<String, double[]> vectors, double seconds) {
    public SpiceResult {
        vectors = Map.copyOf(vectors);
    }
}
