package org.xbarspice.tile;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceResult;

/** Reads through a SPICE engine: one netlist load and one analysis for all input vectors. */
public final class SpiceReader implements CrossbarReader {
    private final SpiceEngine engine;
    private final CrossbarCircuit circuit;
    private final double[] conductances;

    /** @param conductances siemens, row-major rows x cols */
    public SpiceReader(SpiceEngine engine, CrossbarCircuit circuit, double[] conductances) {
        this.engine = engine;
        this.circuit = circuit;
        this.conductances = conductances.clone();
    }

    @Override
    public double[][] read(double[][] inputs) {
        Netlist<double[][]> netlist = CrossbarNetlist.read(circuit, conductances, inputs);
        SpiceResult result = engine.run(netlist.text(), netlist.vectors());
        return netlist.decode(result.vectors());
    }

    @Override
    public String engine() {
        return NGSPICE;
    }
}
