package org.xbarspice.tile;

import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.netlist.CrossbarCircuit;

/** Reads through the behavioral nodal solver of the same circuit (factored once, reused for every vector). */
public final class BehavioralReader implements CrossbarReader {
    private final CrossbarSolver solver;

    /** @param conductances siemens, row-major rows x cols */
    public BehavioralReader(CrossbarCircuit circuit, double[] conductances) {
        this.solver = new CrossbarSolver(circuit, conductances);
    }

    @Override
    public double[][] read(double[][] inputs) {
        return solver.read(inputs);
    }

    @Override
    public String engine() {
        return BEHAVIORAL;
    }
}
