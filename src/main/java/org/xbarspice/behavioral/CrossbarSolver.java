package org.xbarspice.behavioral;

import java.util.Arrays;
import java.util.Objects;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.InvalidInputException;

/**
 * Behavioral (pure Java) DC read of one crossbar: the same circuit the netlist generator emits for
 * ngspice (PHYSICS.md section 5), solved by nodal analysis.
 *
 * <p><b>Circuit.</b> Rows i = 0..N-1, columns j = 0..M-1, conductances {@code G[i*M + j]} (siemens) between
 * row node R(i,j) and column node C(i,j). With wire resistance r = {@code wireOhm} > 0, row i is the chain
 * P_i -r- R(i,0) -r- R(i,1) ... R(i,M-1) (far end open) and column j is C(0,j) (far end open) -r- C(1,j)
 * ... C(N-1,j) -r- Q_j. With r = 0 each row is one node R_i = P_i and each column one node C_j = Q_j.
 * FORWARD drives every P_i from an ideal source V_i behind {@code driverOhm} and senses every Q_j;
 * BACKWARD drives Q_j and senses P_i.
 *
 * <p><b>Sense periphery</b> at a sensed periphery node S:
 * <ul>
 * <li>{@link Sense.Ideal}: S held at 0 V; reported current = current from the array into S.</li>
 * <li>{@link Sense.Tia} (A0, Rf, Vlim): op-amp with inverting input S, output
 *     {@code Vo = clip(-A0 V(S), -Vlim, Vlim)}, Rf between Vo and S; reported current {@code -Vo / Rf}.
 *     Linear region: S tied to ground through (1 + A0) / Rf, reported {@code I_in A0 / (1 + A0)}.
 *     Saturated: S tied through Rf to the fixed voltage +-Vlim, reported {@code -+Vlim / Rf}. The
 *     piecewise-linear system is solved exactly by an active-set iteration: solve, move every output
 *     whose state is inconsistent (linear but |Vo| > Vlim, or saturated but the unclipped -A0 V(S) back
 *     inside the range) to the other state, re-solve, until no output moves. A relative hysteresis of
 *     1e-10 on the limit stops chatter of an output sitting exactly at the limit; the report of a
 *     linear output is clipped to +-Vlim / Rf as well.</li>
 * <li>{@link Sense.Integrator} (A0, C, t_read, ...): for this DC solve S is an ideal virtual ground and the
 *     reported current (-C V_out / t_read) is the current into S times A0 / (1 + A0), the finite-gain
 *     charge transfer of the integrator. The time encoding is not modelled here: by linearity a PWM read
 *     (amplitude +-V_pwm, width t_read |V_i| / V_pwm) integrates the same charge as an amplitude read of
 *     V_i over t_read, so this DC current stands for both; pulse edges, reset and the drift of the
 *     virtual ground (V(S) = -V_out / A0 as the charge builds up) are neglected. The transient itself is
 *     the business of the SPICE path and the tile layer.</li>
 * </ul>
 * Sign: positive when current flows from the array into the sense node, so the ideal forward read is
 * {@code I_j = sum_i G_ij V_i} and the ideal backward read {@code I_i = sum_j G_ij V_j}.
 *
 * <p><b>Nodal system.</b> Periphery nodes are eliminated: the driver resistance and the first wire
 * segment form one boundary conductance {@code 1 / (Rd + r)} to the source voltage; a sense element and
 * its segment form {@code 1 / (r + R_sense)} to 0 V (or to the saturated output); a node tied directly to
 * a source (r = 0 with an ideal driver, or r = 0 with an ideal or integrator sense) is a fixed potential,
 * not an unknown. Unknowns are the free crosspoint nodes ordered chain by chain: all row chains (row i,
 * then j), then all column chains (column j, then i); with r = 0 every line is a chain of one node. The
 * matrix is symmetric positive definite, assembled in CSR (pattern built once, values refilled by
 * {@link #setConductances}); with r > 0 every row of it has the same stencil (chain neighbours k-1 and
 * k+1, one device partner), and the product uses that stencil from flat arrays holding the same values,
 * which is faster than the indexed CSR loop.
 *
 * <p><b>Solver.</b> Conjugate gradients on the deviation of the node voltages from the ideal read
 * (driven lines at V_i, sensed lines at 0 V), whose right-hand side (the device currents of the ideal
 * read) is formed branch by branch without cancellation. Preconditioner: the tridiagonal part of the
 * matrix in chain order (wire couplings only; device couplings between chains dropped), LDL'-factored
 * once per conductance state (and per TIA saturation pattern) and reused for every input vector. With
 * wires the row half is eliminated exactly and the iteration runs on the column half's Schur complement
 * (its preconditioner the column chains), which takes about half the iterations (see {@code pcg}).
 * Stopping rule: see {@link SolverOptions}; a solve that does not meet it within
 * {@link SolverOptions#maxIterations()} throws {@link SolverNotConvergedException}. Warm start: see
 * {@link SolverOptions#warmStart()}. The sensed currents are computed as the sum of the device
 * currents of each sensed line (the exact KCL total, since the far end of every line is open), which is
 * insensitive to the wire-conductance scale. Ideal fast path: r = 0, Rd = 0 and an ideal (or integrator)
 * sense need no solve: {@code I = G' V} (forward) or {@code G V} (backward) by plain loops.
 *
 * <p><b>Programming network</b> ({@link #programming}): the same topology with every row periphery node P_i
 * and every column periphery node Q_j driven from an ideal source behind {@code driverOhm} (no sense
 * amplifier), as during a V/2 pulse update. It reuses the whole machinery above: the column ends take the
 * place of the sensed ends, with boundary conductance {@code 1 / (Rd + r)} to their source voltage
 * instead of {@code 1 / r} to 0 V, and the base potentials are the row and column source voltages.
 * Only {@link #deviceVoltages(double[], double[], double[])} applies to it; with r = 0 and Rd = 0 it needs
 * no solve (device voltage = row source - column source).
 *
 * <p>Not thread-safe: one instance owns its work buffers (no allocation per PCG iteration); use one
 * instance per thread.
 */
public final class CrossbarSolver {
    /** Relative hysteresis of the TIA saturation test. */
    private static final double SATURATION_HYSTERESIS = 1e-10;

    private final CrossbarCircuit circuit;
    private final SolverOptions options;
    private final int rows;
    private final int cols;
    private final boolean forward;
    private final boolean bothDriven;
    private final double[] g;

    private final boolean tia;
    private final double senseScale;
    private final double tiaRf;
    private final double tiaVlim;
    private final double tiaA0;
    private final double tiaInputOhm;
    private final double senseSeriesOhm;
    private final boolean fastPath;

    // ---- topology: free nodes ----
    private final int n;
    private final int[] rNode;
    private final int[] cNode;
    private final int[] drivenBoundary;
    private final int[] sensedBoundary;
    private final double drivenBoundaryG;
    private final double wireG;
    private final double[] chainLower;

    // ---- CSR matrix (null with wires: multiplyStructured) ----
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] val;
    private final int[] diagPos;
    private final int[] posRC;
    private final int[] posCR;
    private final double[] diagBase;
    private final boolean structured;
    private final double[] diagVal;
    private final double[] partnerCoupling;
    private final int[] partner;

    // ---- preconditioner (chain LDL') ----
    private final double[] precL;
    private final double[] precInvD;
    private final int[] groupStart;
    private final int[] groupLength;
    private final int[] groupCount;
    private double precDot;
    private double precMax;

    // ---- work buffers ----
    private final double[] rb;
    private final double[] x;
    private final double[] res;
    private final double[] z;
    private final double[] p;
    private final double[] q;
    /** Work of {@link #pcg} on the column half: the row half's chain solves, and the reduced right-hand side (column half). */
    private double[] aux;
    private double[] reducedRhs;
    private final double[] baseRow;
    private final double[] baseCol;
    private final double[] senseIn;
    private final int[] state;
    private final int[] factoredState;
    private boolean factored;
    private boolean hasPrevious;
    /** Node voltages of the last state for {@link #power()}, allocated on its first call. */
    private double[] vR;
    private double[] vC;

    // ---- statistics ----
    private long statVectors;
    private long statIterations;
    private int statMaxIterations;
    private int statLastIterations;
    private long statPasses;
    private long statFactorizations;
    private double lastRelativeResidual;

    /** A reader with {@link SolverOptions#defaults()}. */
    public CrossbarSolver(CrossbarCircuit circuit, double[] conductances) {
        this(circuit, conductances, SolverOptions.defaults());
    }

    /**
     * Builds the nodal system of {@code circuit} for {@code conductances} (siemens, row-major
     * {@code [rows * cols]}, finite and >= 0; copied) and factors its preconditioner.
     */
    public CrossbarSolver(CrossbarCircuit circuit, double[] conductances, SolverOptions options) {
        this(circuit, conductances, options, false);
    }

    /**
     * The programming network of {@code circuit} (see the class comment): its rows, columns, wire resistance
     * and driver resistance, with both ends driven; its sense and direction are not used. Conductances as in
     * {@link #CrossbarSolver(CrossbarCircuit, double[], SolverOptions)} (siemens, row-major, copied).
     */
    public static CrossbarSolver programming(CrossbarCircuit circuit, double[] conductances, SolverOptions options) {
        return new CrossbarSolver(circuit, conductances, options, true);
    }

    private CrossbarSolver(CrossbarCircuit circuit, double[] conductances, SolverOptions options, boolean bothDriven) {
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.options = Objects.requireNonNull(options, "options");
        this.rows = circuit.rows();
        this.cols = circuit.cols();
        this.bothDriven = bothDriven;
        this.forward = bothDriven || circuit.direction() == Direction.FORWARD;
        this.g = new double[rows * cols];
        checkConductances(conductances);
        System.arraycopy(conductances, 0, g, 0, g.length);

        Sense sense = circuit.sense();
        if (bothDriven) {
            // the column drivers stand in for the sense: series Rd to a source, no gain, no saturation
            tia = false;
            tiaA0 = Double.NaN;
            tiaRf = Double.NaN;
            tiaVlim = Double.NaN;
            tiaInputOhm = 0;
            senseScale = 1.0;
            senseSeriesOhm = circuit.driverOhm();
        } else if (sense instanceof Sense.Tia t) {
            tia = true;
            tiaA0 = t.openLoopGain();
            tiaRf = t.feedbackOhm();
            tiaVlim = t.outputLimitVolt();
            tiaInputOhm = tiaRf / (1.0 + tiaA0);
            senseScale = tiaA0 / (1.0 + tiaA0);
            senseSeriesOhm = tiaInputOhm;
        } else if (sense instanceof Sense.Integrator in) {
            tia = false;
            tiaA0 = in.openLoopGain();
            tiaRf = Double.NaN;
            tiaVlim = Double.NaN;
            tiaInputOhm = 0;
            senseScale = tiaA0 / (1.0 + tiaA0);
            senseSeriesOhm = 0;
        } else {
            tia = false;
            tiaA0 = Double.NaN;
            tiaRf = Double.NaN;
            tiaVlim = Double.NaN;
            tiaInputOhm = 0;
            senseScale = 1.0;
            senseSeriesOhm = 0;
        }
        double r = circuit.wireOhm();
        double rd = circuit.driverOhm();
        boolean wires = r > 0;
        fastPath = !wires && rd == 0 && !tia;
        wireG = wires ? 1.0 / r : 0;
        drivenBoundaryG = (r + rd) > 0 ? 1.0 / (r + rd) : Double.NaN;

        // ---- free nodes ----
        int nr = rows;
        int nc = cols;
        rNode = new int[nr * nc];
        cNode = new int[nr * nc];
        if (wires) {
            n = 2 * nr * nc;
            for (int i = 0; i < nr; i++) {
                for (int j = 0; j < nc; j++) {
                    rNode[i * nc + j] = i * nc + j;
                    cNode[i * nc + j] = nr * nc + j * nr + i;
                }
            }
        } else {
            boolean drivenFree = rd > 0;
            boolean sensedFree = senseSeriesOhm > 0;
            boolean rowFree = forward ? drivenFree : sensedFree;
            boolean colFree = forward ? sensedFree : drivenFree;
            int count = 0;
            int rowOffset = count;
            if (rowFree) {
                count += nr;
            }
            int colOffset = count;
            if (colFree) {
                count += nc;
            }
            n = count;
            for (int i = 0; i < nr; i++) {
                for (int j = 0; j < nc; j++) {
                    rNode[i * nc + j] = rowFree ? rowOffset + i : -1;
                    cNode[i * nc + j] = colFree ? colOffset + j : -1;
                }
            }
        }
        int[] rowBoundary = new int[nr];
        int[] colBoundary = new int[nc];
        for (int i = 0; i < nr; i++) {
            rowBoundary[i] = rNode[i * nc];
        }
        for (int j = 0; j < nc; j++) {
            colBoundary[j] = cNode[(nr - 1) * nc + j];
        }
        drivenBoundary = forward ? rowBoundary : colBoundary;
        sensedBoundary = forward ? colBoundary : rowBoundary;

        chainLower = new double[n];
        if (wires) {
            for (int i = 0; i < nr; i++) {
                for (int j = 1; j < nc; j++) {
                    chainLower[rNode[i * nc + j]] = -wireG;
                }
            }
            for (int j = 0; j < nc; j++) {
                for (int i = 1; i < nr; i++) {
                    chainLower[cNode[i * nc + j]] = -wireG;
                }
            }
        }

        // ---- CSR matrix, without wires (with wires every node has the same stencil: multiplyStructured) ----
        if (wires) {
            rowPtr = null;
            colIdx = null;
            val = null;
            diagPos = null;
            posRC = null;
            posCR = null;
        } else {
            int[] count = new int[n];
            for (int k = 0; k < n; k++) {
                count[k] = 1;
            }
            for (int d = 0; d < nr * nc; d++) {
                if (rNode[d] >= 0 && cNode[d] >= 0) {
                    count[rNode[d]]++;
                    count[cNode[d]]++;
                }
            }
            rowPtr = new int[n + 1];
            for (int k = 0; k < n; k++) {
                rowPtr[k + 1] = rowPtr[k] + count[k];
            }
            int nnz = rowPtr[n];
            colIdx = new int[nnz];
            val = new double[nnz];
            int[] fill = Arrays.copyOf(rowPtr, n);
            for (int k = 0; k < n; k++) {
                colIdx[fill[k]++] = k;
            }
            for (int d = 0; d < nr * nc; d++) {
                if (rNode[d] >= 0 && cNode[d] >= 0) {
                    colIdx[fill[rNode[d]]++] = cNode[d];
                    colIdx[fill[cNode[d]]++] = rNode[d];
                }
            }
            for (int k = 0; k < n; k++) {
                Arrays.sort(colIdx, rowPtr[k], rowPtr[k + 1]);
            }
            diagPos = new int[n];
            for (int k = 0; k < n; k++) {
                diagPos[k] = find(k, k);
            }
            posRC = new int[nr * nc];
            posCR = new int[nr * nc];
            for (int d = 0; d < nr * nc; d++) {
                if (rNode[d] >= 0 && cNode[d] >= 0) {
                    posRC[d] = find(rNode[d], cNode[d]);
                    posCR[d] = find(cNode[d], rNode[d]);
                } else {
                    posRC[d] = -1;
                    posCR[d] = -1;
                }
            }
        }
        if (wires) {
            // row chains: N chains of M nodes from 0; column chains: M chains of N nodes from N*M
            groupStart = new int[] {0, nr * nc};
            groupLength = new int[] {nc, nr};
            groupCount = new int[] {nr, nc};
        } else {
            groupStart = new int[] {0};
            groupLength = new int[] {1};
            groupCount = new int[] {n};
        }
        structured = wires;
        diagVal = new double[n];
        partnerCoupling = new double[wires ? n : 0];
        partner = new int[wires ? n : 0];
        if (wires) {
            for (int d = 0; d < nr * nc; d++) {
                partner[rNode[d]] = cNode[d];
                partner[cNode[d]] = rNode[d];
            }
        }
        diagBase = new double[n];
        precL = new double[n];
        precInvD = new double[n];

        rb = new double[n];
        x = new double[n];
        res = new double[n];
        z = new double[n];
        p = new double[n];
        q = new double[n];
        baseRow = new double[nr];
        baseCol = new double[nc];
        int sensed = forward ? cols : rows;
        senseIn = new double[sensed];
        state = new int[sensed];
        factoredState = new int[sensed];

        assemble();
    }

    private int find(int row, int col) {
        int at = Arrays.binarySearch(colIdx, rowPtr[row], rowPtr[row + 1], col);
        if (at < 0) {
            throw new IllegalStateException("CSR entry (" + row + ", " + col + ") missing");
        }
        return at;
    }

    // =====================================================================================
    // public API
    // =====================================================================================

    /** The circuit this reader solves. */
    public CrossbarCircuit circuit() {
        return circuit;
    }

    /** The solver options. */
    public SolverOptions options() {
        return options;
    }

    /** Number of unknown node voltages (0 on the ideal fast path). */
    public int unknowns() {
        return n;
    }

    /** A copy of the current conductances (siemens, row-major). */
    public double[] conductances() {
        return g.clone();
    }

    /**
     * Replaces the conductances (siemens, row-major {@code [rows * cols]}, finite, >= 0; copied) and
     * refactors the preconditioner, keeping the sparsity pattern. A warm-start solution is kept.
     */
    public void setConductances(double[] conductances) {
        checkConductances(conductances);
        System.arraycopy(conductances, 0, g, 0, g.length);
        assemble();
    }

    /**
     * Reads K input vectors.
     *
     * @param inputs K x drivenLines source voltages (volt): rows forward, columns backward
     * @return K x sensedLines reported currents (ampere), positive into the sense node
     */
    public double[][] read(double[][] inputs) {
        requireRead();
        Objects.requireNonNull(inputs, "inputs");
        double[][] out = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            out[k] = new double[circuit.sensedLines()];
            readInto(inputs[k], out[k]);
        }
        return out;
    }

    /** Reads one input vector (volt, length drivenLines); returns the sensed currents (ampere). */
    public double[] read(double[] input) {
        requireRead();
        double[] out = new double[circuit.sensedLines()];
        readInto(input, out);
        return out;
    }

    /** Reads one input vector into {@code out} (length sensedLines, ampere). */
    public void readInto(double[] input, double[] out) {
        requireRead();
        checkInput(input);
        if (out == null || out.length != circuit.sensedLines()) {
            throw new IllegalArgumentException("output buffer must have " + circuit.sensedLines() + " entries");
        }
        solve(input);
        if (fastPath) {
            idealRead(input, out);
        } else {
            report(out);
        }
    }

    /**
     * Voltage across every device, {@code V(R(i,j)) - V(C(i,j))} (volt, row-major {@code [rows * cols]}),
     * for one input vector (volt, length drivenLines), with the IR drop of wires, drivers and sense inputs.
     */
    public double[] deviceVoltages(double[] input) {
        requireRead();
        checkInput(input);
        double[] out = new double[rows * cols];
        setBase(input);
        solveBase(maxAbs(input));
        deviceVoltagesInto(out);
        return out;
    }

    /**
     * Voltage across every device in the last solved state ({@link #readInto}, {@link #deviceVoltages}), {@code V(R(i,j))
     * - V(C(i,j))} (volt, row-major {@code [rows * cols]}, written to {@code out}). Allocates nothing.
     */
    public void lastDeviceVoltages(double[] out) {
        if (out == null || out.length != rows * cols) {
            throw new IllegalArgumentException("output buffer must have " + rows * cols + " entries");
        }
        deviceVoltagesInto(out);
    }

    /**
     * Voltage across every device, {@code V(R(i,j)) - V(C(i,j))} (volt, row-major {@code [rows * cols]},
     * written to {@code out}), of the programming network ({@link #programming}) with row i driven at
     * {@code rowVolt[i]} and column j at {@code colVolt[j]} (volt, finite), each behind the driver resistance.
     * Allocates nothing.
     *
     * @throws IllegalStateException on a read solver (use {@link #deviceVoltages(double[])})
     */
    public void deviceVoltages(double[] rowVolt, double[] colVolt, double[] out) {
        if (!bothDriven) {
            throw new IllegalStateException("this solver models a " + circuit.direction()
                    + " read; build the both-ends-driven network with CrossbarSolver.programming");
        }
        checkVoltages("row", rowVolt, rows);
        checkVoltages("column", colVolt, cols);
        if (out == null || out.length != rows * cols) {
            throw new IllegalArgumentException("output buffer must have " + rows * cols + " entries");
        }
        System.arraycopy(rowVolt, 0, baseRow, 0, rows);
        System.arraycopy(colVolt, 0, baseCol, 0, cols);
        solveBase(Math.max(maxAbs(rowVolt), maxAbs(colVolt)));
        deviceVoltagesInto(out);
    }

    /**
     * The power split of the last solved state ({@link #readInto}, {@link #deviceVoltages}): devices, wires, drivers,
     * sense and the sources' delivered power (W), from the solved node voltages by {@link CrossbarPower}.
     */
    public ArrayPower power() {
        if (vR == null) {
            vR = new double[rows * cols];
            vC = new double[rows * cols];
        }
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                int d = base + j;
                int a = rNode[d];
                int b = cNode[d];
                vR[d] = baseRow[i] + (a >= 0 ? x[a] : 0);
                vC[d] = baseCol[j] + (b >= 0 ? x[b] : 0);
            }
        }
        return CrossbarPower.of(circuit, bothDriven, g, baseRow, baseCol, vR, vC);
    }

    /**
     * Saturation state of each sensed TIA output after the last solve: 0 linear, +1 output at +Vlim,
     * -1 at -Vlim (all 0 for other sense types).
     */
    public int[] saturation() {
        return state.clone();
    }

    /** Counters since construction or {@link #resetStatistics()}. */
    public SolveStatistics statistics() {
        return new SolveStatistics(statVectors, statIterations, statMaxIterations, statLastIterations,
                statPasses, statFactorizations, lastRelativeResidual);
    }

    /** Sets all counters to zero. */
    public void resetStatistics() {
        statVectors = 0;
        statIterations = 0;
        statMaxIterations = 0;
        statLastIterations = 0;
        statPasses = 0;
        statFactorizations = 0;
        lastRelativeResidual = 0;
    }

    // =====================================================================================
    // checks
    // =====================================================================================

    private void checkConductances(double[] conductances) {
        if (conductances == null) {
            throw new InvalidInputException("conductances are missing: give rows * cols = " + (rows * cols) + " values in S");
        }
        if (conductances.length != rows * cols) {
            throw new InvalidInputException("conductance array has " + conductances.length + " values, the "
                    + rows + " x " + cols + " array needs " + (rows * cols) + " (row-major, S)");
        }
        for (int d = 0; d < conductances.length; d++) {
            double v = conductances[d];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InvalidInputException("conductance G[" + (d / cols) + "][" + (d % cols) + "] = " + v
                        + " S is not allowed: it must be a finite value >= 0");
            }
        }
    }

    private void requireRead() {
        if (bothDriven) {
            throw new IllegalStateException("a programming network has no sensed lines: use "
                    + "deviceVoltages(rowVolt, colVolt, out)");
        }
    }

    private void checkVoltages(String lines, double[] volt, int count) {
        if (volt == null || volt.length != count) {
            throw new InvalidInputException(lines + " voltage vector has " + (volt == null ? "no" : volt.length)
                    + " values, the " + rows + " x " + cols + " array has " + count + " " + lines + "s (V)");
        }
        for (int k = 0; k < count; k++) {
            if (!Double.isFinite(volt[k])) {
                throw new InvalidInputException(lines + " voltage " + k + " = " + volt[k] + " V is not allowed: it must be finite");
            }
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    private void checkInput(double[] input) {
        int driven = circuit.drivenLines();
        if (input == null || input.length != driven) {
            throw new InvalidInputException("input vector has " + (input == null ? "no" : input.length)
                    + " values, the " + circuit.direction() + " read of a " + rows + " x " + cols
                    + " array drives " + driven + " lines (V)");
        }
        for (int k = 0; k < driven; k++) {
            if (!Double.isFinite(input[k])) {
                throw new InvalidInputException("input voltage " + k + " = " + input[k] + " V is not allowed: it must be finite");
            }
        }
    }

    // =====================================================================================
    // ideal fast path
    // =====================================================================================

    private void idealRead(double[] v, double[] out) {
        Arrays.fill(out, 0.0);
        if (forward) {
            for (int i = 0; i < rows; i++) {
                double vi = v[i];
                int base = i * cols;
                for (int j = 0; j < cols; j++) {
                    out[j] += g[base + j] * vi;
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                double s = 0.0;
                for (int j = 0; j < cols; j++) {
                    s += g[base + j] * v[j];
                }
                out[i] = s;
            }
        }
        if (senseScale != 1.0) {
            for (int k = 0; k < out.length; k++) {
                out[k] *= senseScale;
            }
        }
    }

    // =====================================================================================
    // assembly and preconditioner
    // =====================================================================================

    /** Fills the matrix values that depend on the conductances and refactors. */
    private void assemble() {
        Arrays.fill(diagBase, 0.0);
        for (int k = 0; k < n; k++) {
            if (chainLower[k] != 0) {
                diagBase[k] += wireG;
                diagBase[k - 1] += wireG;
            }
        }
        for (int b : drivenBoundary) {
            if (b >= 0) {
                diagBase[b] += drivenBoundaryG;
            }
        }
        for (int d = 0; d < rows * cols; d++) {
            double gd = g[d];
            int a = rNode[d];
            int b = cNode[d];
            if (a >= 0) {
                diagBase[a] += gd;
            }
            if (b >= 0) {
                diagBase[b] += gd;
            }
            if (structured) {
                partnerCoupling[a] = -gd;
                partnerCoupling[b] = -gd;
            } else if (posRC[d] >= 0) {
                val[posRC[d]] = -gd;
                val[posCR[d]] = -gd;
            }
        }
        factored = false;
        if (!fastPath) {
            factor();
        }
    }

    /**
     * Boundary conductance of a sensed line (of a column in the programming network) in saturation state
     * {@code s}; only called when a boundary node exists, i.e. r + series resistance > 0.
     */
    private double senseBoundaryG(int s) {
        return 1.0 / (circuit.wireOhm() + (s == 0 ? senseSeriesOhm : tiaRf));
    }

    /** Sets the diagonal for the saturation pattern {@link #state} and factors the chain preconditioner. */
    private void factor() {
        System.arraycopy(diagBase, 0, diagVal, 0, n);
        for (int l = 0; l < sensedBoundary.length; l++) {
            int b = sensedBoundary[l];
            if (b >= 0) {
                diagVal[b] += senseBoundaryG(state[l]);
            }
        }
        for (int k = 0; k < n; k++) {
            double a = diagVal[k];
            if (!structured) {
                val[diagPos[k]] = a;
            }
            double e = chainLower[k];
            double l = 0;
            double d = a;
            if (e != 0) {
                l = e * precInvD[k - 1];
                d = a - l * e;
            }
            if (!(d > 0)) {
                throw new IllegalStateException("chain preconditioner pivot " + d + " at node " + k
                        + " is not positive: the nodal matrix is not positive definite");
            }
            precL[k] = l;
            precInvD[k] = 1.0 / d;
        }
        System.arraycopy(state, 0, factoredState, 0, state.length);
        factored = true;
        statFactorizations++;
    }

    private void ensureFactored() {
        if (!factored || !Arrays.equals(state, factoredState)) {
            factor();
        }
    }

    /**
     * out = M^-1 in (chain LDL' solve); also sets {@link #precDot} = in . out and {@link #precMax} =
     * max |out|. The chains of a group have equal length and lie back to back, so four chains are swept in
     * lockstep: their recurrences are independent, which hides the latency of each one.
     */
    private void precondition(double[] in, double[] out) {
        precondition(in, out, 0, groupStart.length);
    }

    /** {@link #precondition(double[], double[])} on the chains of groups {@code [firstGroup, endGroup)} only. */
    private void precondition(double[] in, double[] out, int firstGroup, int endGroup) {
        double dot0 = 0;
        double dot1 = 0;
        double dot2 = 0;
        double dot3 = 0;
        double max0 = 0;
        double max1 = 0;
        double max2 = 0;
        double max3 = 0;
        final double[] l = precL;
        final double[] inv = precInvD;
        for (int grp = firstGroup; grp < endGroup; grp++) {
            final int len = groupLength[grp];
            final int count = groupCount[grp];
            int c = 0;
            for (; c + 4 <= count; c += 4) {
                final int k0 = groupStart[grp] + c * len;
                final int k1 = k0 + len;
                final int k2 = k1 + len;
                final int k3 = k2 + len;
                double y0 = 0;
                double y1 = 0;
                double y2 = 0;
                double y3 = 0;
                for (int t = 0; t < len; t++) {
                    y0 = in[k0 + t] - l[k0 + t] * y0;
                    y1 = in[k1 + t] - l[k1 + t] * y1;
                    y2 = in[k2 + t] - l[k2 + t] * y2;
                    y3 = in[k3 + t] - l[k3 + t] * y3;
                    out[k0 + t] = y0;
                    out[k1 + t] = y1;
                    out[k2 + t] = y2;
                    out[k3 + t] = y3;
                }
                double w0 = 0;
                double w1 = 0;
                double w2 = 0;
                double w3 = 0;
                double n0 = 0;
                double n1 = 0;
                double n2 = 0;
                double n3 = 0;
                for (int t = len - 1; t >= 0; t--) {
                    w0 = out[k0 + t] * inv[k0 + t] - n0 * w0;
                    w1 = out[k1 + t] * inv[k1 + t] - n1 * w1;
                    w2 = out[k2 + t] * inv[k2 + t] - n2 * w2;
                    w3 = out[k3 + t] * inv[k3 + t] - n3 * w3;
                    out[k0 + t] = w0;
                    out[k1 + t] = w1;
                    out[k2 + t] = w2;
                    out[k3 + t] = w3;
                    n0 = l[k0 + t];
                    n1 = l[k1 + t];
                    n2 = l[k2 + t];
                    n3 = l[k3 + t];
                    dot0 += in[k0 + t] * w0;
                    dot1 += in[k1 + t] * w1;
                    dot2 += in[k2 + t] * w2;
                    dot3 += in[k3 + t] * w3;
                    double a0 = Math.abs(w0);
                    if (a0 > max0) {
                        max0 = a0;
                    }
                    double a1 = Math.abs(w1);
                    if (a1 > max1) {
                        max1 = a1;
                    }
                    double a2 = Math.abs(w2);
                    if (a2 > max2) {
                        max2 = a2;
                    }
                    double a3 = Math.abs(w3);
                    if (a3 > max3) {
                        max3 = a3;
                    }
                }
            }
            for (; c < count; c++) {
                final int k0 = groupStart[grp] + c * len;
                double y0 = 0;
                for (int t = 0; t < len; t++) {
                    y0 = in[k0 + t] - l[k0 + t] * y0;
                    out[k0 + t] = y0;
                }
                double w0 = 0;
                double n0 = 0;
                for (int t = len - 1; t >= 0; t--) {
                    w0 = out[k0 + t] * inv[k0 + t] - n0 * w0;
                    out[k0 + t] = w0;
                    n0 = l[k0 + t];
                    dot0 += in[k0 + t] * w0;
                    double a0 = Math.abs(w0);
                    if (a0 > max0) {
                        max0 = a0;
                    }
                }
            }
        }
        precDot = (dot0 + dot1) + (dot2 + dot3);
        precMax = Math.max(Math.max(max0, max1), Math.max(max2, max3));
    }

    /**
     * out = M^-1 in on the chains of groups {@code [firstGroup, endGroup)}, as {@link #precondition(double[], double[],
     * int, int)} without its dot product and maximum (the chain solves inside a product or a back-substitution): eight
     * chains in lockstep.
     */
    private void solveChains(double[] in, double[] out, int firstGroup, int endGroup) {
        final double[] l = precL;
        final double[] inv = precInvD;
        for (int grp = firstGroup; grp < endGroup; grp++) {
            final int len = groupLength[grp];
            final int count = groupCount[grp];
            int c = 0;
            for (; c + 8 <= count; c += 8) {
                final int k0 = groupStart[grp] + c * len;
                final int k1 = k0 + len;
                final int k2 = k1 + len;
                final int k3 = k2 + len;
                final int k4 = k3 + len;
                final int k5 = k4 + len;
                final int k6 = k5 + len;
                final int k7 = k6 + len;
                double y0 = 0;
                double y1 = 0;
                double y2 = 0;
                double y3 = 0;
                double y4 = 0;
                double y5 = 0;
                double y6 = 0;
                double y7 = 0;
                for (int t = 0; t < len; t++) {
                    y0 = in[k0 + t] - l[k0 + t] * y0;
                    out[k0 + t] = y0;
                    y1 = in[k1 + t] - l[k1 + t] * y1;
                    out[k1 + t] = y1;
                    y2 = in[k2 + t] - l[k2 + t] * y2;
                    out[k2 + t] = y2;
                    y3 = in[k3 + t] - l[k3 + t] * y3;
                    out[k3 + t] = y3;
                    y4 = in[k4 + t] - l[k4 + t] * y4;
                    out[k4 + t] = y4;
                    y5 = in[k5 + t] - l[k5 + t] * y5;
                    out[k5 + t] = y5;
                    y6 = in[k6 + t] - l[k6 + t] * y6;
                    out[k6 + t] = y6;
                    y7 = in[k7 + t] - l[k7 + t] * y7;
                    out[k7 + t] = y7;
                }
                double w0 = 0;
                double n0 = 0;
                double w1 = 0;
                double n1 = 0;
                double w2 = 0;
                double n2 = 0;
                double w3 = 0;
                double n3 = 0;
                double w4 = 0;
                double n4 = 0;
                double w5 = 0;
                double n5 = 0;
                double w6 = 0;
                double n6 = 0;
                double w7 = 0;
                double n7 = 0;
                for (int t = len - 1; t >= 0; t--) {
                    w0 = out[k0 + t] * inv[k0 + t] - n0 * w0;
                    out[k0 + t] = w0;
                    n0 = l[k0 + t];
                    w1 = out[k1 + t] * inv[k1 + t] - n1 * w1;
                    out[k1 + t] = w1;
                    n1 = l[k1 + t];
                    w2 = out[k2 + t] * inv[k2 + t] - n2 * w2;
                    out[k2 + t] = w2;
                    n2 = l[k2 + t];
                    w3 = out[k3 + t] * inv[k3 + t] - n3 * w3;
                    out[k3 + t] = w3;
                    n3 = l[k3 + t];
                    w4 = out[k4 + t] * inv[k4 + t] - n4 * w4;
                    out[k4 + t] = w4;
                    n4 = l[k4 + t];
                    w5 = out[k5 + t] * inv[k5 + t] - n5 * w5;
                    out[k5 + t] = w5;
                    n5 = l[k5 + t];
                    w6 = out[k6 + t] * inv[k6 + t] - n6 * w6;
                    out[k6 + t] = w6;
                    n6 = l[k6 + t];
                    w7 = out[k7 + t] * inv[k7 + t] - n7 * w7;
                    out[k7 + t] = w7;
                    n7 = l[k7 + t];
                }
            }
            for (; c < count; c++) {
                final int k0 = groupStart[grp] + c * len;
                double y0 = 0;
                for (int t = 0; t < len; t++) {
                    y0 = in[k0 + t] - l[k0 + t] * y0;
                    out[k0 + t] = y0;
                }
                double w0 = 0;
                double n0 = 0;
                for (int t = len - 1; t >= 0; t--) {
                    w0 = out[k0 + t] * inv[k0 + t] - n0 * w0;
                    out[k0 + t] = w0;
                    n0 = l[k0 + t];
                }
            }
        }
    }

    /** out = Y in; returns in . out. */
    private double multiply(double[] in, double[] out) {
        if (structured) {
            return multiplyStructured(in, out);
        }
        double dot = 0;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int e = rowPtr[k], end = rowPtr[k + 1]; e < end; e++) {
                s += val[e] * in[colIdx[e]];
            }
            out[k] = s;
            dot += in[k] * s;
        }
        return dot;
    }

    /**
     * out = Y in for r > 0, where every node has the same stencil: wire neighbours k-1 and k+1 in its chain
     * (coupling 0 across chain ends) and one device partner. Same values as the CSR form, summed in a
     * fixed order; returns in . out.
     */
    private double multiplyStructured(double[] in, double[] out) {
        final double[] lo = chainLower;
        final double[] d = diagVal;
        final double[] pc = partnerCoupling;
        final int[] pt = partner;
        final int last = n - 1;
        double dot0;
        double dot1 = 0;
        {
            double s = d[0] * in[0] + pc[0] * in[pt[0]];
            if (last > 0) {
                s += lo[1] * in[1];
            }
            out[0] = s;
            dot0 = in[0] * s;
        }
        int k = 1;
        for (; k + 1 < last; k += 2) {
            double s0 = lo[k] * in[k - 1] + d[k] * in[k] + lo[k + 1] * in[k + 1] + pc[k] * in[pt[k]];
            double s1 = lo[k + 1] * in[k] + d[k + 1] * in[k + 1] + lo[k + 2] * in[k + 2] + pc[k + 1] * in[pt[k + 1]];
            out[k] = s0;
            out[k + 1] = s1;
            dot0 += in[k] * s0;
            dot1 += in[k + 1] * s1;
        }
        for (; k < last; k++) {
            double s0 = lo[k] * in[k - 1] + d[k] * in[k] + lo[k + 1] * in[k + 1] + pc[k] * in[pt[k]];
            out[k] = s0;
            dot0 += in[k] * s0;
        }
        if (last > 0) {
            double s = lo[last] * in[last - 1] + d[last] * in[last] + pc[last] * in[pt[last]];
            out[last] = s;
            dot1 += in[last] * s;
        }
        return dot0 + dot1;
    }

    // =====================================================================================
    // solve
    // =====================================================================================

    private void setBase(double[] v) {
        if (forward) {
            System.arraycopy(v, 0, baseRow, 0, rows);
            Arrays.fill(baseCol, 0.0);
        } else {
            Arrays.fill(baseRow, 0.0);
            System.arraycopy(v, 0, baseCol, 0, cols);
        }
    }

    /** Solves the node deviations {@link #x} for input {@code v}, including the TIA active set. */
    private void solve(double[] v) {
        setBase(v);
        solveBase(maxAbs(v));
    }

    /**
     * Solves the node deviations {@link #x} around the base potentials {@link #baseRow}, {@link #baseCol},
     * {@code vscale} being the largest source voltage (V); counts one vector. On the ideal fast path there
     * are no unknowns and nothing is solved.
     */
    private void solveBase(double vscale) {
        if (fastPath) {
            statVectors++;
            statLastIterations = 0;
            lastRelativeResidual = 0;
            return;
        }
        if (tia && !(options.warmStart() && hasPrevious)) {
            Arrays.fill(state, 0);
        }
        int maxPasses = options.maxActiveSetIterations() > 0 ? options.maxActiveSetIterations() : state.length + 10;
        int iterations = 0;
        int passes = 0;
        while (true) {
            passes++;
            ensureFactored();
            double scale = vscale;
            if (tia) {
                for (int s : state) {
                    if (s != 0) {
                        scale = Math.max(scale, tiaVlim);
                        break;
                    }
                }
            }
            baseResidual();
            iterations += pcg(scale, iterations);
            if (bothDriven) {
                break;
            }
            sensedInputCurrents();
            if (!tia || !updateActiveSet()) {
                break;
            }
            if (passes >= maxPasses) {
                throw new SolverNotConvergedException("TIA saturation pattern of the " + rows + " x " + cols
                        + " " + circuit.direction() + " read did not settle after " + passes
                        + " active-set passes: raise maxActiveSetIterations or the TIA output limit ("
                        + tiaVlim + " V)");
            }
        }
        hasPrevious = true;
        statVectors++;
        statIterations += iterations;
        statLastIterations = iterations;
        statMaxIterations = Math.max(statMaxIterations, iterations);
        statPasses += passes;
    }

    /**
     * Right-hand side of the deviation system: the current entering every free node when all nodes sit
     * at their base potential (driven lines at V_i, sensed lines at 0 V), formed branch by branch.
     */
    private void baseResidual() {
        if (structured) {
            baseResidualStructured();
        } else {
            baseResidualGeneral();
        }
        if (tia) {
            for (int l = 0; l < state.length; l++) {
                int b = sensedBoundary[l];
                if (state[l] != 0 && b >= 0) {
                    rb[b] += senseBoundaryG(state[l]) * (state[l] * tiaVlim);
                }
            }
        }
    }

    /**
     * {@link #baseResidual()} with wires: every node has one device, to its partner; each half is filled in its own
     * order (rows row-major, columns column-major), the same numbers as the branch-by-branch scatter.
     */
    private void baseResidualStructured() {
        final int h = n / 2;
        final double[] pc = partnerCoupling;
        for (int i = 0, k = 0; i < rows; i++) {
            double vr = baseRow[i];
            for (int j = 0; j < cols; j++, k++) {
                rb[k] = 0.0 + -pc[k] * (baseCol[j] - vr); // current from C(i,j) into R(i,j)
            }
        }
        for (int j = 0, k = h; j < cols; j++) {
            double vc = baseCol[j];
            for (int i = 0; i < rows; i++, k++) {
                rb[k] = 0.0 - -pc[k] * (vc - baseRow[i]);
            }
        }
    }

    private void baseResidualGeneral() {
        Arrays.fill(rb, 0.0);
        for (int i = 0; i < rows; i++) {
            double vr = baseRow[i];
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                int d = base + j;
                double cur = g[d] * (baseCol[j] - vr); // current from C(i,j) into R(i,j)
                int a = rNode[d];
                int b = cNode[d];
                if (a >= 0) {
                    rb[a] += cur;
                }
                if (b >= 0) {
                    rb[b] -= cur;
                }
            }
        }
    }

    /**
     * Preconditioned conjugate gradients on Y x = rb, x holding the start (zero or warm). Stops when the
     * preconditioned residual (an estimate of the voltage error, the chain preconditioner being exact on
     * every wire chain) is at most tolerance * vscale in max norm, for the recursive residual and then for
     * the true residual formed branch by branch; a failed check restarts CG from the true residual.
     * Returns the iterations used.
     *
     * <p>With wires (row chains at nodes [0, h), column chains at [h, 2h), every node coupled to one partner of the
     * other half through its device) CG runs on the column half alone: the row half is eliminated exactly, {@code S =
     * A_CC - A_CR A_RR^-1 A_RC}, whose preconditioner A_CC^-1 is the column chains' own factorisation. The chain
     * preconditioner of the whole system makes it two-cyclic (its Jacobi eigenvalues come in pairs +-mu), so CG on the
     * whole system takes about twice the iterations of CG on S, while an iteration on S costs no more (a chain solve of
     * each half and half a product). The stopping test and the final check stay the whole system's: the row half is
     * solved from the columns (and refined once on the true residual) before the true residual is taken.
     */
    private int pcg(double vscale, int alreadyUsed) {
        final boolean reduced = structured;
        final int from = reduced ? n / 2 : 0;
        double bnorm = 0;
        for (int k = 0; k < n; k++) {
            bnorm = Math.max(bnorm, Math.abs(rb[k]));
        }
        if (bnorm == 0 || vscale == 0) {
            Arrays.fill(x, 0.0);
            lastRelativeResidual = 0;
            return 0;
        }
        double target = options.tolerance() * vscale;
        if (reduced) {
            startReduced();
        } else {
            start();
        }
        final int limit = options.maxIterations();
        int it = 0;
        int restarts = 0;
        double lastTrue = Double.POSITIVE_INFINITY;
        double rz = precDot;
        double zmax = precMax;
        double rzPrev = 0;
        boolean fresh = true;
        while (true) {
            if (zmax <= target) {
                checkTrueResidual(reduced, target);
                if (precMax <= target) {
                    lastRelativeResidual = Math.sqrt(dot(res, res) / dot(rb, rb));
                    return it;
                }
                restarts++;
                if (restarts > 5 || precMax >= lastTrue) {
                    throw notConverged(it + alreadyUsed, precMax / vscale);
                }
                lastTrue = precMax;
                if (reduced) {
                    reduceTrueResidual();
                }
                rz = precDot;
                zmax = precMax;
                fresh = true;
                continue;
            }
            if (it >= limit) {
                throw notConverged(it + alreadyUsed, zmax / vscale);
            }
            if (fresh) {
                System.arraycopy(z, from, p, from, n - from);
                fresh = false;
            } else {
                double beta = rz / rzPrev;
                for (int k = from; k < n; k++) {
                    p[k] = z[k] + beta * p[k];
                }
            }
            double pq = reduced ? schur(p, q) : multiply(p, q);
            if (!(pq > 0)) {
                throw notConverged(it + alreadyUsed, zmax / vscale);
            }
            double alpha = rz / pq;
            for (int k = from; k < n; k++) {
                x[k] += alpha * p[k];
                res[k] -= alpha * q[k];
            }
            it++;
            if (reduced) {
                precondition(res, z, 1, 2);
            } else {
                precondition(res, z);
            }
            rzPrev = rz;
            rz = precDot;
            zmax = precMax;
        }
    }

    /** The start of the whole system's CG: x (warm start scaled to the new right-hand side, or 0), res, z. */
    private void start() {
        if (options.warmStart() && hasPrevious) {
            double xq = multiply(x, q);
            double xb = dot(x, rb);
            double alpha = xq > 0 ? xb / xq : 0;
            for (int k = 0; k < n; k++) {
                x[k] *= alpha;
                res[k] = rb[k] - alpha * q[k];
            }
        } else {
            Arrays.fill(x, 0.0);
            System.arraycopy(rb, 0, res, 0, n);
        }
        precondition(res, z);
    }

    /** The start of CG on the column half: the reduced right-hand side, x_C (warm or 0), res_C, z_C. */
    private void startReduced() {
        final int h = n / 2;
        if (aux == null) {
            aux = new double[n];
            reducedRhs = new double[n];
        }
        solveChains(rb, aux, 0, 1); // A_RR^-1 b_R
        for (int k = h; k < n; k++) {
            reducedRhs[k] = rb[k] - partnerCoupling[k] * aux[partner[k]];
        }
        if (options.warmStart() && hasPrevious) {
            double xq = multiply(x, q);
            double xb = dot(x, rb);
            double alpha = xq > 0 ? xb / xq : 0;
            for (int k = h; k < n; k++) {
                x[k] *= alpha;
            }
            reducedResidual();
        } else { // x_C = 0: the residual is the reduced right-hand side itself
            Arrays.fill(x, h, n, 0.0);
            System.arraycopy(reducedRhs, h, res, h, n - h);
            precondition(res, z, 1, 2);
        }
    }

    /**
     * Relative tolerance below which the row half solved from the columns is refined on its own true residual before
     * the check: the row chains' rounding alone leaves about 1.1e-13 of the source voltage (measured 2.2e-14 V at
     * 0.2 V on 256 x 256 with 1 ohm wires), just above the default tolerance, so that the check would fail and be
     * repeated after the refinement.
     */
    private static final double ROW_ROUNDING = 1e-12;

    /**
     * The true residual {@link #res} of the whole system and z = M^-1 res (with {@link #precMax}); on the column half
     * first the row half from the columns, refined once on its own residual when the tolerance is below the row
     * chains' rounding ({@link #ROW_ROUNDING}), and refined again (on the whole residual) if the check still finds it
     * above {@code target}.
     */
    private void checkTrueResidual(boolean reduced, double target) {
        final int h = n / 2;
        if (reduced) {
            solveRows();
            if (options.tolerance() < ROW_ROUNDING) {
                trueResidual(0, h);
                solveChains(res, z, 0, 1);
                for (int k = 0; k < h; k++) {
                    x[k] += z[k];
                }
            }
        }
        trueResidual(0, n);
        precondition(res, z);
        if (reduced && precMax > target) {
            for (int k = 0; k < h; k++) {
                x[k] += z[k];
            }
            trueResidual(0, n);
            precondition(res, z);
        }
    }

    /**
     * out_C = S in_C (the column half, see {@link #pcg}); returns in_C . out_C. Uses {@link #aux} for the row
     * half's chain solve.
     */
    private double schur(double[] in, double[] out) {
        final int h = n / 2;
        final double[] lo = chainLower;
        final double[] d = diagVal;
        final double[] pc = partnerCoupling;
        final int[] pt = partner;
        for (int k = 0; k < h; k++) {
            aux[k] = pc[k] * in[pt[k]];
        }
        solveChains(aux, aux, 0, 1); // in place: A_RR^-1 A_RC in_C
        double dot = 0;
        for (int k = h; k < n; k++) {
            double s = d[k] * in[k] - pc[k] * aux[pt[k]];
            if (k > h) {
                s += lo[k] * in[k - 1];
            }
            if (k + 1 < n) {
                s += lo[k + 1] * in[k + 1];
            }
            out[k] = s;
            dot += in[k] * s;
        }
        return dot;
    }

    /** res_C = the reduced right-hand side minus S x_C, z_C = A_CC^-1 res_C (with {@link #precDot}, {@link #precMax}). */
    private void reducedResidual() {
        schur(x, q);
        for (int k = n / 2; k < n; k++) {
            res[k] = reducedRhs[k] - q[k];
        }
        precondition(res, z, 1, 2);
    }

    /**
     * The reduced residual from the whole system's true residual {@link #res} (summed as branch currents, so that the
     * rounding of the products in {@link #schur} does not set the floor): {@code res_C - A_CR A_RR^-1 res_R}, and
     * {@code z_C = A_CC^-1 res_C}.
     */
    private void reduceTrueResidual() {
        final int h = n / 2;
        solveChains(res, aux, 0, 1);
        for (int k = h; k < n; k++) {
            res[k] -= partnerCoupling[k] * aux[partner[k]];
        }
        precondition(res, z, 1, 2);
    }

    /** The row half from the column half: x_R = A_RR^-1 (b_R - A_RC x_C). */
    private void solveRows() {
        final int h = n / 2;
        for (int k = 0; k < h; k++) {
            aux[k] = rb[k] - partnerCoupling[k] * x[partner[k]];
        }
        solveChains(aux, x, 0, 1);
    }

    /**
     * res = rb - Y x, summed as branch currents (wire, device, boundary) so that the small residual of a
     * converged solution is not swamped by the rounding of the large products of the CSR form
     * (wire conductance times node voltage). Only nodes {@code [from, to)}: the whole system, or (with wires) one half.
     */
    private void trueResidual(int from, int to) {
        System.arraycopy(rb, from, res, from, to - from);
        for (int k = from + 1; k < to; k++) {
            if (chainLower[k] != 0) {
                double cur = wireG * (x[k - 1] - x[k]); // from k-1 to k
                res[k] += cur;
                res[k - 1] -= cur;
            }
        }
        if (structured) { // every node has one device, to its partner: each half in its own order, no scatter
            final double[] pc = partnerCoupling;
            final int[] pt = partner;
            final int h = n / 2;
            for (int k = from; k < Math.min(h, to); k++) {
                res[k] -= -pc[k] * (x[k] - x[pt[k]]); // from R to C
            }
            for (int k = Math.max(h, from); k < to; k++) {
                res[k] += -pc[k] * (x[pt[k]] - x[k]);
            }
        } else {
            for (int d = 0; d < rows * cols; d++) {
                int a = rNode[d];
                int b = cNode[d];
                double xa = a >= 0 ? x[a] : 0;
                double xb = b >= 0 ? x[b] : 0;
                double cur = g[d] * (xa - xb); // from R to C
                if (a >= 0) {
                    res[a] -= cur;
                }
                if (b >= 0) {
                    res[b] += cur;
                }
            }
        }
        for (int b : drivenBoundary) {
            if (b >= from && b < to) {
                res[b] -= drivenBoundaryG * x[b];
            }
        }
        for (int l = 0; l < sensedBoundary.length; l++) {
            int b = sensedBoundary[l];
            if (b >= from && b < to) {
                res[b] -= senseBoundaryG(state[l]) * x[b];
            }
        }
    }

    private SolverNotConvergedException notConverged(int iterations, double reached) {
        return new SolverNotConvergedException("PCG of the " + rows + " x " + cols + " "
                + (bothDriven ? "programming network" : circuit.direction() + " read") + " (r = " + circuit.wireOhm()
                + " ohm, driver " + circuit.driverOhm()
                + " ohm) did not converge: " + iterations + " iterations reached a relative voltage error estimate of "
                + reached + ", requested " + options.tolerance()
                + "; raise maxIterations or the tolerance, or check the conductances");
    }

    private double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** Device voltages of the last solve (base potentials plus node deviations) into {@code out}. */
    private void deviceVoltagesInto(double[] out) {
        for (int i = 0; i < rows; i++) {
            double vr = baseRow[i];
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                out[base + j] = deviceVoltage(base + j, vr, baseCol[j]);
            }
        }
    }

    /**
     * Voltage across device d (V) after the last solve: the base potentials of its row and column plus the
     * solved deviations of its two nodes (0 for a node held at its base potential).
     */
    private double deviceVoltage(int d, double rowBase, double colBase) {
        int a = rNode[d];
        int b = cNode[d];
        return (rowBase - colBase) + ((a >= 0 ? x[a] : 0) - (b >= 0 ? x[b] : 0));
    }

    /** Current from the array into each sensed line: the sum of its device currents (KCL). */
    private void sensedInputCurrents() {
        Arrays.fill(senseIn, 0.0);
        for (int i = 0; i < rows; i++) {
            double vr = baseRow[i];
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                int d = base + j;
                double cur = g[d] * deviceVoltage(d, vr, baseCol[j]); // from R(i,j) to C(i,j)
                if (forward) {
                    senseIn[j] += cur;
                } else {
                    senseIn[i] -= cur;
                }
            }
        }
    }

    /** Moves inconsistent TIA outputs to the other state; returns whether any moved. */
    private boolean updateActiveSet() {
        boolean changed = false;
        for (int l = 0; l < state.length; l++) {
            double iin = senseIn[l];
            int s = state[l];
            if (s == 0) {
                double vo = -iin * tiaRf * senseScale; // -A0 V(S), V(S) = I_in Rf / (1 + A0)
                if (Math.abs(vo) > tiaVlim * (1 + SATURATION_HYSTERESIS)) {
                    state[l] = vo > 0 ? 1 : -1;
                    changed = true;
                }
            } else {
                double vs = s * tiaVlim + iin * tiaRf;
                double unclipped = -tiaA0 * vs;
                if (s * unclipped < tiaVlim * (1 - SATURATION_HYSTERESIS)) {
                    state[l] = 0;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** Reported currents of the last solve. */
    private void report(double[] out) {
        for (int l = 0; l < out.length; l++) {
            if (!tia) {
                out[l] = senseIn[l] * senseScale;
            } else if (state[l] == 0) {
                double limit = tiaVlim / tiaRf;
                out[l] = Math.max(-limit, Math.min(limit, senseIn[l] * senseScale));
            } else {
                out[l] = -state[l] * tiaVlim / tiaRf;
            }
        }
    }
}
