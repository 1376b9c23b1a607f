package org.xbarspice.spice;

import java.util.List;

/**
 * A circuit kept loaded in one engine instance between analyses ({@link SpiceEngine#keep}): each {@link #run} applies
 * ngspice {@code alter} commands to it and reruns its analysis without parsing the netlist again. After a failure the
 * circuit is gone (its instance may have been replaced): load it anew. Not thread-safe.
 */
public interface KeptCircuit extends AutoCloseable {
    /**
     * Applies {@code alterations} in order (each the argument of an ngspice {@code alter} command, e.g.
     * {@code rx3_7 = 1.25e5} or {@code vdrv2 = -1e-1}, numbers in SPICE form) and runs the circuit's analysis.
     *
     * @return the vectors named when the circuit was kept
     * @throws SpiceException when the analysis fails or the circuit is gone; it is then freed
     */
    SpiceResult run(List<String> alterations);

    /** Frees the circuit in its instance (nothing if it is already gone). */
    @Override
    void close();
}
