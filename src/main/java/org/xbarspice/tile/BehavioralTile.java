package org.xbarspice.tile;

import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.UpdatePulses;

/**
 * A {@link PulsedTile} simulated in Java. Reads: the exact product of {@code W - R}, or with {@code wireOhm > 0} or a
 * TIA sense ({@link ReadOptions#isCircuitRead()}) the circuit read of {@link PulsedTile} solved by {@link CrossbarSolver} (one refactorisation on the first read after an
 * update). Updates: a {@link PulseUpdater} (each coincidence one pulse of that device's own step law, times the
 * cycle-to-cycle factor, seeded from the tile's seed); wire resistance does not act on updates here. Nothing is
 * allocated per read or update. Not thread-safe.
 */
public final class BehavioralTile extends PulsedTile {
    private PulseUpdater updater;

    /**
     * A tile of {@code inputs} x {@code outputs} weights (plus the bias row) whose devices are sampled from
     * {@code spec.device()} with a seed derived from {@code seed}. Device weights start at 0.
     */
    public BehavioralTile(int inputs, int outputs, TileSpec spec, long seed) {
        super(inputs, outputs, spec, seed);
        reseed(Seeds.derive(seed, 1));
        array();
    }

    @Override
    void reseedEngine(long seed) {
        this.updater = new PulseUpdater(devices(), seed);
    }

    @Override
    ReadPath.Array newArray() {
        ReadOptions read = spec().read();
        if (!read.isCircuitRead()) {
            return new IdealArray();
        }
        double r = read.wireOhm();
        CircuitSolver solver = new CircuitSolver() {
            private CrossbarSolver forwardSolver;
            private CrossbarSolver backwardSolver;

            @Override
            public void solve(double[] g, boolean changed, boolean forward, double[][] volts, double[][] amps, int count) {
                int rows = inputs() + 1;
                int cols = outputs() + 1;
                if (forwardSolver == null) {
                    forwardSolver = new CrossbarSolver(new CrossbarCircuit(rows, cols, r, 0, read.sense(), Direction.FORWARD),
                            g, SolverOptions.defaults());
                    backwardSolver = new CrossbarSolver(new CrossbarCircuit(rows, cols, r, 0, read.sense(), Direction.BACKWARD),
                            g, SolverOptions.defaults());
                } else if (changed) {
                    forwardSolver.setConductances(g);
                    backwardSolver.setConductances(g);
                }
                CrossbarSolver solver = forward ? forwardSolver : backwardSolver;
                for (int k = 0; k < count; k++) {
                    solver.readInto(volts[k], amps[k]);
                }
            }
        };
        return new CircuitArray(solver, "a circuit read (wireOhm = " + r + " ohm, sense " + read.sense() + ")");
    }

    @Override
    void applyPulses(UpdatePulses pulses) {
        updater.apply(pulses);
    }
}
