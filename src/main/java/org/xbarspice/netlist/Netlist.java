package org.xbarspice.netlist;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A netlist ready to run and how to turn its simulated vectors into a result.
 *
 * @param text    the deterministic netlist text (ends with {@code .end})
 * @param vectors names of the ngspice vectors the result needs
 * @param decoder turns those vectors (by name) into the result
 * @param <T>     the result type (currents of a read, weights after an update, ...)
 */
public record Netlist<T>(String text, List<String> vectors, Function<Map<String, double[]>, T> decoder) {
    public Netlist {
        vectors = List.copyOf(vectors);
    }

    /**
     * The same netlist with one more control line (e.g. {@code .options reltol=1e-3}) just before its final {@code .end};
     * a later {@code .options} line overrides the values of an earlier one.
     */
    public Netlist<T> withLine(String line) {
        int end = text.lastIndexOf(".end");
        if (end < 0) {
            throw new IllegalStateException("the netlist has no .end line");
        }
        return new Netlist<>(text.substring(0, end) + line + "\n" + text.substring(end), vectors, decoder);
    }

    /** The result from the simulated vectors. */
    public T decode(Map<String, double[]> simulated) {
        return decoder.apply(simulated);
    }
}
