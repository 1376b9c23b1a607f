package org.xbarspice.tile;

import org.xbarspice.netlist.Netlist;
import org.xbarspice.spice.SpiceEngine;

/** Runs a netlist in a SPICE engine and decodes its result: the one way the SPICE reader and updater reach ngspice. */
interface NetlistRunner {
    <T> T run(Netlist<T> netlist);

    /** Runs every netlist once in {@code engine}. */
    static NetlistRunner of(SpiceEngine engine) {
        return new NetlistRunner() {
            @Override
            public <T> T run(Netlist<T> netlist) {
                return netlist.decode(engine.run(netlist.text(), netlist.vectors()).vectors());
            }
        };
    }
}
