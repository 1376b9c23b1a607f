package org.xbarspice.netlist;

import java.util.List;
import java.util.Map;

/**
 * A read netlist and how to turn its simulated vectors into sensed currents.
 *
 * @param text    the deterministic netlist text (ends with {@code .end})
 * @param vectors names of the ngspice vectors the read needs, in the order they are listed
 * @param decoder turns those vectors into currents, K vectors x sensed lines (ampere)
 */
public record ReadNetlist(String text, List<String> vectors, Decoder decoder) {

    /** Converts the simulated vectors of one read netlist into sensed currents. */
    @FunctionalInterface
    public interface Decoder {
        /** Currents in ampere, [vector k][sensed line s], from the named vectors. */
        double[][] currents(Map<String, double[]> vectors);
    }

    /** Sensed currents (A), [vector k][sensed line s], from the simulated vectors. */
    public double[][] currents(Map<String, double[]> simulated) {
        return decoder.currents(simulated);
    }
}
