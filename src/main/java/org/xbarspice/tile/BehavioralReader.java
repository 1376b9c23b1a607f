package org.xbarspice.tile;

import java.util.Arrays;
import java.util.Objects;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * Exact reads ({@link IrDrop.Mode#EXACT}) through the behavioral nodal solver: one {@link CrossbarSolver} per
 * direction, built on the first read in that direction and refactored only when the conductances change.
 */
public final class BehavioralReader implements CrossbarReader {
    private final CrossbarCircuit circuit;
    private final SolverOptions options;
    private CrossbarSolver forward;
    private CrossbarSolver backward;
    private boolean forwardStale;
    private boolean backwardStale;

    /**
     * The behavioral engine's reader of {@code circuit} in IR-drop mode {@code irDrop}, the one place that picks it (the
     * tiles and the {@code read} command): the fast transfer-matrix reader ({@link FastCircuitReader}, full-scale input
     * {@code readVolt} for its checks) in the fast and calibrated modes on an ideal sense, whose reads are linear in the
     * inputs; else the exact nodal solve, each solve's steps split over {@code threads} threads.
     */
    public static CrossbarReader of(CrossbarCircuit circuit, IrDrop irDrop, double readVolt, int threads) {
        if (irDrop.isFast() && circuit.sense() instanceof Sense.Ideal) {
            return new FastCircuitReader(circuit, readVolt, irDrop);
        }
        return new BehavioralReader(circuit, SolverOptions.defaults().withThreads(threads));
    }

    /** A reader of {@code circuit} with the default solver options. */
    public BehavioralReader(CrossbarCircuit circuit) {
        this(circuit, SolverOptions.defaults());
    }

    public BehavioralReader(CrossbarCircuit circuit, SolverOptions options) {
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.options = Objects.requireNonNull(options, "solver options");
    }

    @Override
    public CrossbarCircuit circuit() {
        return circuit;
    }

    @Override
    public void read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, int count) {
        CrossbarSolver solver = solver(g, changed.any(), direction);
        if (circuit.sense() instanceof Sense.Integrator integ) { // the drifting virtual ground: see IntegratorCharge
            IntegratorCharge charge = new IntegratorCharge(solver, integ);
            for (int k = 0; k < count; k++) {
                charge.readInto(volts[k], amps[k]);
            }
            return;
        }
        for (int k = 0; k < count; k++) {
            solver.readInto(volts[k], amps[k]);
        }
    }

    @Override
    public void readPower(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps,
                          ArrayPower[] power, int count) {
        CrossbarSolver solver = solver(g, changed.any(), direction);
        if (circuit.sense() instanceof Sense.Integrator integ) { // a transient: see IntegratorReadEnergy, IntegratorCharge
            double[][] waveforms = IntegratorReadEnergy.waveforms(integ, count == volts.length ? volts
                    : Arrays.copyOf(volts, count), solver.circuit().drivenLines());
            IntegratorCharge charge = new IntegratorCharge(solver, integ);
            for (int k = 0; k < count; k++) {
                charge.readInto(volts[k], amps[k]);
                power[k] = IntegratorReadEnergy.withCapacitors(IntegratorReadEnergy.behavioral(solver, integ, waveforms, k),
                        amps[k], integ);
            }
            return;
        }
        for (int k = 0; k < count; k++) {
            solver.readInto(volts[k], amps[k]);
            power[k] = solver.power();
        }
    }

    /** The solver of {@code direction}, set to conductances {@code g}. */
    private CrossbarSolver solver(double[] g, boolean changed, Direction direction) {
        if (changed) {
            forwardStale = true;
            backwardStale = true;
        }
        CrossbarSolver solver;
        if (direction == Direction.FORWARD) {
            if (forward == null) {
                forward = new CrossbarSolver(circuit.withDirection(direction), g, options);
            } else if (forwardStale) {
                forward.setConductances(g);
            }
            forwardStale = false;
            solver = forward;
        } else {
            if (backward == null) {
                backward = new CrossbarSolver(circuit.withDirection(direction), g, options);
            } else if (backwardStale) {
                backward.setConductances(g);
            }
            backwardStale = false;
            solver = backward;
        }
        return solver;
    }

    @Override
    public String engine() {
        return BEHAVIORAL;
    }

    /** Side of the square circuit {@link #warmUp} solves, and how many times it builds a solver and reads. */
    private static final int WARM_UP_SIZE = 16;
    private static final int WARM_UP_READS = 400;

    /**
     * {@value #WARM_UP_READS} solver builds and reads with power of a {@value #WARM_UP_SIZE} x {@value #WARM_UP_SIZE}
     * circuit with this one's wires, drivers, sense and direction, at conductances of 1-10 uS and inputs of 0-0.2 V
     * (measured in {@code read --engine both}: a 256 x 256 read at 1 ohm takes 0.026-0.051 s after it, 0.19-0.23 s
     * cold; the warm-up itself 0.17-0.23 s, beside ngspice).
     */
    @Override
    public void warmUp() {
        CrossbarCircuit small = new CrossbarCircuit(Math.min(WARM_UP_SIZE, circuit.rows()), Math.min(WARM_UP_SIZE, circuit.cols()),
                circuit.wireOhm(), circuit.driverOhm(), circuit.sense(), circuit.direction());
        double[] g = new double[small.rows() * small.cols()];
        double[][] volts = new double[1][small.drivenLines()];
        double[][] amps = new double[1][small.sensedLines()];
        ArrayPower[] power = new ArrayPower[1];
        SolverOptions oneThread = options.withThreads(1); // the same code; a helper would only wait beside the engines
        for (int k = 0; k < WARM_UP_READS; k++) {
            for (int d = 0; d < g.length; d++) {
                g[d] = 1e-6 * (1 + (7 * d + k) % 10);
            }
            for (int a = 0; a < volts[0].length; a++) {
                volts[0][a] = 0.01 * ((a + k) % 21);
            }
            new BehavioralReader(small, oneThread).readPower(g, RowChanges.ALL, small.direction(), volts, amps, power, 1);
        }
    }
}
