package org.xbarspice.tile;

import java.util.List;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceResult;

/** Runs a netlist in a SPICE engine and decodes its result: the one way the SPICE reader and updater reach ngspice. */
interface NetlistRunner {
    <T> T run(Netlist<T> netlist);

    /** Keeps {@code netlist} loaded for {@link #rerun}s ({@link SpiceEngine#keep}); null if this runner does not keep circuits. */
    default KeptCircuit keep(Netlist<?> netlist) {
        return null;
    }

    /** Alters and reruns a kept circuit ({@link KeptCircuit#run}). */
    default SpiceResult rerun(KeptCircuit circuit, List<String> alterations) {
        return circuit.run(alterations);
    }

    /**
     * Returns once the engine's background work after its last result has ended ({@link SpiceEngine#awaitIdle});
     * nothing to wait for by default.
     */
    default void awaitIdle() {
    }

    /** Runs every netlist once in {@code engine}; keeps no circuit. */
    static NetlistRunner of(SpiceEngine engine) {
        return new NetlistRunner() {
            @Override
            public <T> T run(Netlist<T> netlist) {
                return netlist.decode(engine.run(netlist.text(), netlist.vectors()).vectors());
            }

            @Override
            public void awaitIdle() {
                engine.awaitIdle();
            }
        };
    }
}
