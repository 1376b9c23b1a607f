package org.xbarspice.tile;

import java.util.Arrays;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Fast circuit reads ({@link IrDrop.Mode#FAST}) of a linear crossbar (ideal sense): every read is a product with the
 * effective transfer matrix {@code T} ({@code T[i][j]} = current sensed at column j per volt on row i in a forward read;
 * for a backward read, the current sensed at row i per volt on column j), which makes a read cost what an ideal read
 * costs.
 *
 * <p>{@code T} is computed exactly from unit solves of {@link CrossbarSolver} (one per driven line; with ideal drivers
 * the network is reciprocal, the backward matrix equals the forward one, and the direction with fewer lines is
 * solved). Between two such refreshes a conductance change {@code dG} is carried to first order,
 * {@code T + dG .* T_ref / G_ref} (the device's own attenuation at the refresh), formed inside each product, until the
 * relative drift {@code sum |G - G_ref| / sum G_ref} passes {@code refreshDrift}; then {@code T} is recomputed. Every
 * {@code checkEvery}-th read also solves its first vector exactly and records the difference ({@link #maxError()}).
 * Not thread-safe.
 */
public final class FastCircuitReader implements CrossbarReader {

    private final CrossbarCircuit circuit;
    private final int rows;
    private final int cols;
    private final boolean reciprocal;
    private final double refreshDrift;
    private final int checkEvery;
    private final double readVolt;
    private final double[] gRef;
    private double[] forwardRef;
    private double[] backwardRef;
    private double[] forwardSensitivity;
    private double[] backwardSensitivity;
    private double gRefSum;
    private CrossbarSolver forwardExact;
    private CrossbarSolver backwardExact;
    private double[] exactG;
    private long readsSinceCheck;
    private long refreshes;
    private long checks;
    private double maxError;
    private double maxEffect;
    private FastReadPower forwardPower;
    private FastReadPower backwardPower;
    private long energyChecks;
    private double maxEnergyError;
    private double maxWireEnergyError;

    /**
     * @param circuit  a circuit with an ideal sense (the fast read is linear in the inputs)
     * @param readVolt the full-scale read voltage (V), for the full-scale current of the checks
     * @param irDrop   the drift after which T is recomputed and the interval of the exact checks (in reads)
     */
    public FastCircuitReader(CrossbarCircuit circuit, double readVolt, IrDrop irDrop) {
        if (!(circuit.sense() instanceof Sense.Ideal)) {
            throw new InvalidInputException("fast IR-drop reads need an ideal sense, not " + circuit.sense()
                    + ": use irDropMode exact with a TIA");
        }
        this.circuit = circuit;
        this.rows = circuit.rows();
        this.cols = circuit.cols();
        this.reciprocal = circuit.driverOhm() == 0;
        this.refreshDrift = irDrop.refreshDrift();
        this.checkEvery = irDrop.checkEvery();
        this.readVolt = Checks.positive("read voltage", readVolt, "V");
        this.gRef = new double[rows * cols];
    }

    @Override
    public CrossbarCircuit circuit() {
        return circuit;
    }

    @Override
    public void read(double[] g, boolean changed, Direction direction, double[][] volts, double[][] amps, int count) {
        if (forwardRef == null) {
            refresh(g);
        } else if (changed && drift(g) > refreshDrift * gRefSum) {
            refresh(g);
        }
        boolean forward = direction == Direction.FORWARD;
        double[] reference = forward ? forwardRef : backwardRef;
        double[] sensitivity = forward ? forwardSensitivity : backwardSensitivity;
        for (int k = 0; k < count; k++) {
            effectiveProduct(reference, sensitivity, g, forward, volts[k], amps[k]);
        }
        if (count > 0 && ++readsSinceCheck >= checkEvery) {
            readsSinceCheck = 0;
            check(g, forward, volts[0], amps[0]);
        }
    }

    /**
     * Fast reads ({@link #read}) with the power split of {@link FastReadPower}: its matrices are computed from unit solves
     * on the first such read in a direction after each refresh. A read that {@link #read} checks against the exact
     * solve also has its power split checked against that solve's ({@link #maxEnergyError()}).
     */
    @Override
    public void readPower(double[] g, boolean changed, Direction direction, double[][] volts, double[][] amps,
                          ArrayPower[] power, int count) {
        long checked = checks;
        read(g, changed, direction, volts, amps, count);
        boolean forward = direction == Direction.FORWARD;
        ArrayPower exact = checks > checked ? (forward ? forwardExact : backwardExact).power() : null;
        FastReadPower model = forward ? forwardPower : backwardPower;
        if (model == null || model.refresh() != refreshes) {
            exactSolvers(gRef);
            model = new FastReadPower(forward ? forwardExact : backwardExact, gRef, refreshes);
            if (forward) {
                forwardPower = model;
            } else {
                backwardPower = model;
            }
        }
        for (int k = 0; k < count; k++) {
            power[k] = model.power(volts[k], g);
        }
        if (exact != null && exact.delivered() > 0) {
            ArrayPower fast = power[0];
            double parts = Math.max(Math.max(Math.abs(fast.devices() - exact.devices()), Math.abs(fast.wires() - exact.wires())),
                    Math.max(Math.abs(fast.drivers() - exact.drivers()), Math.abs(fast.delivered() - exact.delivered())));
            maxEnergyError = Math.max(maxEnergyError, parts / exact.delivered());
            if (exact.wires() > 0) {
                maxWireEnergyError = Math.max(maxWireEnergyError, Math.abs(fast.wires() - exact.wires()) / exact.wires());
            }
            energyChecks++;
        }
    }

    /** Power splits compared with the exact solve so far. */
    public long energyChecks() {
        return energyChecks;
    }

    /**
     * Largest error of the checked power splits: the largest |P_fast - P_exact| over devices, wires, drivers and the
     * delivered power, as a fraction of the exact delivered power.
     */
    public double maxEnergyError() {
        return maxEnergyError;
    }

    /** Largest |P_fast - P_exact| / P_exact of the wires' power in the checked power splits. */
    public double maxWireEnergyError() {
        return maxWireEnergyError;
    }

    @Override
    public String engine() {
        return BEHAVIORAL;
    }

    /** Reads compared with the exact solve so far. */
    public long checks() {
        return checks;
    }

    /** Largest |I_fast - I_exact| of the checked reads, as a fraction of the full-scale current. */
    public double maxError() {
        return maxError;
    }

    /** Largest |I_ideal - I_exact| of the checked reads, as a fraction of the full-scale current. */
    public double maxEffect() {
        return maxEffect;
    }

    /** Times T was computed from unit solves. */
    public long refreshes() {
        return refreshes;
    }

    /** The relative drift numerator {@code sum |G - G_ref|} (S). */
    private double drift(double[] g) {
        double drift = 0;
        for (int d = 0; d < g.length; d++) {
            drift += Math.abs(g[d] - gRef[d]);
        }
        return drift;
    }

    /** Computes T exactly for conductances g (unit solves). */
    private void refresh(double[] g) {
        exactSolvers(g);
        forwardRef = new double[rows * cols];
        if (!reciprocal || rows <= cols) {
            unitSolves(forwardExact, rows, cols, forwardRef, true);
        } else {
            unitSolves(backwardExact, cols, rows, forwardRef, false);
        }
        if (reciprocal) {
            backwardRef = forwardRef;
        } else {
            backwardRef = new double[rows * cols];
            unitSolves(backwardExact, cols, rows, backwardRef, false);
        }
        System.arraycopy(g, 0, gRef, 0, g.length);
        gRefSum = 0;
        for (double gd : g) {
            gRefSum += gd;
        }
        forwardSensitivity = sensitivity(forwardRef, g);
        backwardSensitivity = reciprocal ? forwardSensitivity : sensitivity(backwardRef, g);
        refreshes++;
    }

    /**
     * Unit solves of {@code solver} (driving {@code driven} lines, sensing {@code sensed}) into t, row-major rows x cols:
     * forward solves give t[i][j] = sensed current at column j for row i at 1 V; backward solves t[i][j] = sensed current
     * at row i for column j at 1 V.
     */
    private static void unitSolves(CrossbarSolver solver, int driven, int sensed, double[] t, boolean forward) {
        double[] unit = new double[driven];
        double[] out = new double[sensed];
        int cols = forward ? sensed : driven;
        for (int a = 0; a < driven; a++) {
            unit[a] = 1;
            solver.readInto(unit, out);
            unit[a] = 0;
            for (int b = 0; b < sensed; b++) {
                t[forward ? a * cols + b : b * cols + a] = out[b];
            }
        }
    }

    /**
     * Accuracy of the unit solves and checks: relative voltage error 1e-11, so that the matrix is exact to about 1e-11 of
     * the full-scale current (the default 1e-13 costs a third more iterations for no visible change).
     */
    private static final SolverOptions UNIT_SOLVE = new SolverOptions(1e-11, 2000, false, 0);

    /** The exact solvers, set to conductances g. */
    private void exactSolvers(double[] g) {
        if (forwardExact == null) {
            forwardExact = new CrossbarSolver(circuit.withDirection(Direction.FORWARD), g, UNIT_SOLVE);
            backwardExact = new CrossbarSolver(circuit.withDirection(Direction.BACKWARD), g, UNIT_SOLVE);
            exactG = g.clone();
        } else if (!Arrays.equals(exactG, g)) {
            forwardExact.setConductances(g);
            backwardExact.setConductances(g);
            System.arraycopy(g, 0, exactG, 0, g.length);
        }
    }

    /** Each device's attenuation T_ref / G_ref (1 where G_ref = 0): the first-order sensitivity of T to its conductance. */
    private static double[] sensitivity(double[] reference, double[] g) {
        double[] out = new double[g.length];
        for (int d = 0; d < g.length; d++) {
            out[d] = g[d] > 0 ? reference[d] / g[d] : 1;
        }
        return out;
    }

    /**
     * The product with the effective matrix {@code T = T_ref + (G - G_ref) .* sensitivity}, formed on the fly (rows with a
     * zero input skipped in forward reads).
     */
    private void effectiveProduct(double[] reference, double[] sensitivity, double[] g, boolean forward, double[] v,
                                  double[] out) {
        if (forward) {
            Arrays.fill(out, 0, cols, 0.0);
            for (int i = 0; i < rows; i++) {
                double vi = v[i];
                if (vi == 0) {
                    continue;
                }
                int base = i * cols;
                for (int j = 0; j < cols; j++) {
                    int d = base + j;
                    out[j] += (reference[d] + (g[d] - gRef[d]) * sensitivity[d]) * vi;
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    int d = base + j;
                    sum += (reference[d] + (g[d] - gRef[d]) * sensitivity[d]) * v[j];
                }
                out[i] = sum;
            }
        }
    }

    private void check(double[] g, boolean forward, double[] v, double[] fast) {
        exactSolvers(g);
        CrossbarSolver exact = forward ? forwardExact : backwardExact;
        double[] reference = exact.read(v.clone());
        double[] ideal = new double[reference.length];
        // the ideal product: the effective matrix of the conductances themselves, with no correction
        effectiveProduct(g, new double[g.length], g, forward, v, ideal);
        double fullScale = 0;
        for (int j = 0; j < cols; j++) {
            double column = 0;
            for (int i = 0; i < rows; i++) {
                column += g[i * cols + j];
            }
            fullScale = Math.max(fullScale, column);
        }
        fullScale *= readVolt;
        for (int k = 0; k < reference.length; k++) {
            maxError = Math.max(maxError, Math.abs(fast[k] - reference[k]) / fullScale);
            maxEffect = Math.max(maxEffect, Math.abs(ideal[k] - reference[k]) / fullScale);
        }
        checks++;
    }
}
