package org.xbarspice.behavioral;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.PhasePair;

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
 *     V_i over t_read, so this DC current stands for both. The transient (pulse edges, the drift of the virtual
 *     ground, V(S) = -V_out / A0, as the charge builds up) is the tile layer's ({@code IntegratorCharge}), from these
 *     DC reads and {@link #senseLoadInto}.</li>
 * </ul>
 * Sign: positive when current flows from the array into the sense node, so the ideal forward read is
 * {@code I_j = sum_i G_ij V_i} and the ideal backward read {@code I_i = sum_j G_ij V_j}.
 *
 * <p><b>Nodal system.</b> Periphery nodes are eliminated: the driver resistance and the first wire
 * segment form one boundary conductance {@code 1 / (Rd + r)} to the source voltage; a sense element and
 * its segment form {@code 1 / (r + R_sense)} to 0 V (or to the saturated output); a node tied directly to
 * a source (r = 0 with an ideal driver, or r = 0 with an ideal or integrator sense) is a fixed potential,
 * not an unknown. With r > 0 the unknowns are every crosspoint's two nodes, each half row-major: R(i,j) at
 * {@code i * M + j}, C(i,j) at {@code h + i * M + j} with h = N M, so that a row chain's nodes lie side by side, a
 * column chain's nodes M apart and every node's device partner h away; every node has the same stencil (its chain
 * neighbours, its partner), which the products use from the conductances and 1 / r directly. With r = 0 the unknowns
 * are the free line nodes (chains of one node) and the matrix is assembled in CSR (pattern built once, values refilled
 * by {@link #setConductances}). The matrix is symmetric positive definite.
 *
 * <p><b>Solver.</b> Conjugate gradients on the deviation of the node voltages from the ideal read
 * (driven lines at V_i, sensed lines at 0 V), whose right-hand side (the device currents of the ideal
 * read) is formed branch by branch without cancellation. Preconditioner: the tridiagonal part of the
 * matrix in chain order (wire couplings only; device couplings between chains dropped), LDL'-factored
 * once per conductance state (and per TIA saturation pattern) and reused for every input vector. With
 * wires the row half is eliminated exactly and the iteration runs on the column half's Schur complement
 * (its preconditioner the column chains), which takes about half the iterations (see {@code pcg}).
 * The row chains are solved eight in lockstep in a small buffer with padded rows, the column chains swept row by row
 * with every column a lane. With
 * {@link SolverOptions#threads} = 2 every step runs in two parts (rows or columns split in halves), the second on a
 * helper thread ({@link PhasePair}), on arrays of {@value #MIN_CROSSPOINTS_FOR_TWO_THREADS} crosspoints or more; the
 * parts and the order of every sum are the same on one thread, so the results are bit-identical. Stopping rule: see {@link SolverOptions}; a solve that does not meet it within
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
    private SolverOptions options;
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

    // ---- preconditioner (chain LDL') ----
    /** The pivot inverses of the chains' LDL' factors (with wires the rows and the columns; without, the diagonal). */
    private final double[] precInvD;
    private double precDot;
    private double precMax;
    /**
     * Rows of the row half whose chains are solved together ({@link #sweepBlock}): each part's rows from its first one
     * in blocks of this many (the last block of a part may have fewer).
     */
    private static final int BLOCK_ROWS = 8;
    /**
     * Padding of the rows of {@link #rowBlock} and {@link #rowInvD} (values), so that a block's eight rows do not start
     * at the same offset within a page: without it the blocks' solves were slower than reading the rows in place, with
     * it faster (likely the L1 cache's sets; measured in docs/irdrop-training-history.md).
     */
    private static final int ROW_PAD = 8;
    /** Row stride of {@link #rowBlock} and {@link #rowInvD}: {@code cols + ROW_PAD}. */
    private final int rowStride;
    /** The row half's pivot inverses with padded rows (with wires): row i's node j at {@code i * rowStride + j}. */
    private final double[] rowInvD;
    /** Each part's values of a block of rows, padded as {@link #rowInvD} (with wires), small enough to stay in cache. */
    private final double[][] rowBlock;
    /** Sums and maxima of the two parts of a step ({@link #parts}), added in part order. */
    private final double[] partDot = new double[2];
    private final double[] partMax = new double[2];
    private final double[] partResidual = new double[2];
    /**
     * Fewest crosspoints for which {@link SolverOptions#threads} = 2 takes a helper thread. On smaller arrays the parts'
     * data moving between the two cores' caches at every step costs more than the second core gives: before this bound,
     * loops of reads at 1 ohm gave 0.66-0.73x at 64 x 64, 0.71-0.73x at 128 x 128 and 0.92x at 192 x 192 against one
     * thread (docs/irdrop-training-history.md); {@code bench/SolverThreads} measures the sizes from here on.
     */
    static final int MIN_CROSSPOINTS_FOR_TWO_THREADS = 1 << 16;
    /** The helper that runs each step's part 1 with two threads (null with one thread, without wires, or below {@link #MIN_CROSSPOINTS_FOR_TWO_THREADS}). */
    private final PhasePair pair;
    /** Per-column partial sums of {@link #sweepColumns}' dot product and maximum, by part (with wires). */
    private final double[][] laneDot;
    private final double[][] laneMax;
    /** {@link #sweepColumns}' four row buffers of each part (with wires). */
    private final double[][][] sweepRows;

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
                    cNode[i * nc + j] = nr * nc + i * nc + j;
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
        structured = wires;
        diagVal = new double[n];
        diagBase = new double[n];
        rowStride = nc + ROW_PAD;
        rowBlock = new double[2][wires ? BLOCK_ROWS * rowStride : 0];
        rowInvD = new double[wires ? nr * rowStride : 0];
        pair = wires && options.threads() > 1 && nr * nc >= MIN_CROSSPOINTS_FOR_TWO_THREADS ? new PhasePair() : null;
        laneDot = new double[2][wires ? nc : 0];
        laneMax = new double[2][wires ? nc : 0];
        sweepRows = new double[2][4][wires ? nc : 0];
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

    /**
     * Solves from now on to {@code tolerance} ({@link SolverOptions#tolerance()}), the other options kept: one solver
     * then serves two accuracies, e.g. an update's exact slots and after them the energy reference of its other slots
     * ({@link UpdateEnergyMeter#observe}), where a second solver of 393 x 256 would take 25 MB and 40-65 ms to build.
     */
    public void setTolerance(double tolerance) {
        options = options.withTolerance(tolerance);
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
     * The currents from the array into the sense nodes (ampere, length sensedLines, written to {@code out}) with every
     * driven line's source at 0 V and the sense nodes held at {@code senseVolt} (volt, length sensedLines) instead of 0 V:
     * minus the array's admittance between the sense nodes (wires and drivers included) times {@code senseVolt}. An
     * integrator's virtual ground drifts by this load ({@code IntegratorCharge}). Not for a TIA, whose sense node is
     * no held potential; the reported-current scale A0 / (1 + A0) is not applied.
     */
    public void senseLoadInto(double[] senseVolt, double[] out) {
        requireRead();
        if (tia) {
            throw new IllegalStateException("a TIA's sense node is not held: senseLoadInto is for ideal and integrator sense");
        }
        int sensed = circuit.sensedLines();
        checkVoltages("sense", senseVolt, sensed);
        if (out == null || out.length != sensed) {
            throw new IllegalArgumentException("output buffer must have " + sensed + " entries");
        }
        if (forward) {
            Arrays.fill(baseRow, 0.0);
            System.arraycopy(senseVolt, 0, baseCol, 0, cols);
        } else {
            System.arraycopy(senseVolt, 0, baseRow, 0, rows);
            Arrays.fill(baseCol, 0.0);
        }
        solveBase(maxAbs(senseVolt));
        if (!fastPath) {
            System.arraycopy(senseIn, 0, out, 0, sensed);
            return;
        }
        Arrays.fill(out, 0.0); // every driven line held at 0 V: each sense node sees its line's devices to ground
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                if (forward) {
                    out[j] -= g[base + j] * senseVolt[j];
                } else {
                    out[i] -= g[base + j] * senseVolt[i];
                }
            }
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

    /** Counters since construction. */
    public SolveStatistics statistics() {
        return new SolveStatistics(statVectors, statIterations, statMaxIterations, statLastIterations,
                statPasses, statFactorizations, lastRelativeResidual);
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
                throw new InvalidInputException("conductance G[" + (d / cols) + "][" + (d % cols) + "] = "
                        + Checks.readable(v) + " S is not allowed: it must be a finite value >= 0");
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
            if (hasChainPrevious(k)) {
                diagBase[k] += wireG;
                diagBase[chainPrevious(k)] += wireG;
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
            if (!structured && posRC[d] >= 0) {
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
            double d = a;
            if (hasChainPrevious(k)) {
                d = a - wireG * precInvD[chainPrevious(k)] * wireG;
            }
            if (!(d > 0)) {
                throw new IllegalStateException("chain preconditioner pivot " + d + " at node " + k
                        + " is not positive: the nodal matrix is not positive definite");
            }
            precInvD[k] = 1.0 / d;
        }
        if (structured) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(precInvD, i * cols, rowInvD, i * rowStride, cols);
            }
        }
        System.arraycopy(state, 0, factoredState, 0, state.length);
        factored = true;
        statFactorizations++;
    }

    /** Whether node k is coupled by a wire segment (1 / r) to a node before it in its chain. */
    private boolean hasChainPrevious(int k) {
        return structured && (k < n / 2 ? k % cols != 0 : k >= n / 2 + cols);
    }

    /** The node before node k in its chain (only for a node with {@link #hasChainPrevious}). */
    private int chainPrevious(int k) {
        return k >= n / 2 ? k - cols : k - 1;
    }

    private void ensureFactored() {
        if (!factored || !Arrays.equals(state, factoredState)) {
            factor();
        }
    }

    /**
     * out = M^-1 in without wires (the diagonal); also sets {@link #precDot} = in . out and {@link #precMax} = max |out|.
     */
    private void precondition(double[] in, double[] out) {
        final double[] inv = precInvD;
        double dot0 = 0;
        double dot1 = 0;
        double dot2 = 0;
        double dot3 = 0;
        double max = 0;
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            final double w0 = in[k] * inv[k];
            final double w1 = in[k + 1] * inv[k + 1];
            final double w2 = in[k + 2] * inv[k + 2];
            final double w3 = in[k + 3] * inv[k + 3];
            out[k] = w0;
            out[k + 1] = w1;
            out[k + 2] = w2;
            out[k + 3] = w3;
            dot0 += in[k] * w0;
            dot1 += in[k + 1] * w1;
            dot2 += in[k + 2] * w2;
            dot3 += in[k + 3] * w3;
            max = Math.max(max, Math.max(Math.max(Math.abs(w0), Math.abs(w1)), Math.max(Math.abs(w2), Math.abs(w3))));
        }
        for (; k < n; k++) {
            final double w = in[k] * inv[k];
            out[k] = w;
            dot0 += in[k] * w;
            max = Math.max(max, Math.abs(w));
        }
        precDot = (dot0 + dot1) + (dot2 + dot3);
        precMax = max;
    }

    /**
     * out_R = A_RR^-1 in_R on the rows of part {@code part} (with wires, as {@link #solveRowChains}); their in . out
     * and max |out| into {@link #partDot} and {@link #partMax} at {@code part}.
     */
    private void preconditionRows(int part, double[] in, double[] out) {
        final double[] block = rowBlock[part];
        final int nc = cols;
        double dot0 = 0;
        double dot1 = 0;
        double max = 0;
        for (int i0 = rowStart(part), end = rowStart(part + 1); i0 < end; i0 += BLOCK_ROWS) {
            final int count = Math.min(BLOCK_ROWS, end - i0);
            for (int l = 0; l < count; l++) {
                System.arraycopy(in, (i0 + l) * nc, block, l * rowStride, nc);
            }
            sweepBlock(block, i0, count);
            for (int l = 0; l < count; l++) {
                final int k = (i0 + l) * nc;
                final int b = l * rowStride;
                int j = 0;
                for (; j + 1 < nc; j += 2) {
                    final double w0 = block[b + j];
                    final double w1 = block[b + j + 1];
                    out[k + j] = w0;
                    out[k + j + 1] = w1;
                    dot0 += in[k + j] * w0;
                    dot1 += in[k + j + 1] * w1;
                    max = Math.max(max, Math.max(Math.abs(w0), Math.abs(w1)));
                }
                if (j < nc) {
                    final double w0 = block[b + j];
                    out[k + j] = w0;
                    dot0 += in[k + j] * w0;
                    max = Math.max(max, Math.abs(w0));
                }
            }
        }
        partDot[part] = dot0 + dot1;
        partMax[part] = max;
    }

    /**
     * out = A_RR^-1 in on the rows of part {@code part} (with wires; in and out may be one array): each block of rows
     * ({@link #BLOCK_ROWS}) copied into the part's {@link #rowBlock}, solved there ({@link #sweepBlock}) and copied back.
     */
    private void solveRowChains(int part, double[] in, double[] out) {
        final double[] block = rowBlock[part];
        final int nc = cols;
        for (int i0 = rowStart(part), end = rowStart(part + 1); i0 < end; i0 += BLOCK_ROWS) {
            final int count = Math.min(BLOCK_ROWS, end - i0);
            for (int l = 0; l < count; l++) {
                System.arraycopy(in, (i0 + l) * nc, block, l * rowStride, nc);
            }
            sweepBlock(block, i0, count);
            for (int l = 0; l < count; l++) {
                System.arraycopy(block, l * rowStride, out, (i0 + l) * nc, nc);
            }
        }
    }

    /**
     * block = A_RR^-1 block on the {@code count} rows from row {@code first}, row l's node j at {@code l * rowStride + j}
     * of block: the rows' LDL' solves, eight in lockstep (their recurrences are independent, which hides the latency of
     * each one). Each step takes 1/r times the previous node's pivot inverse from memory again: eight live registers
     * fewer than keeping it (docs/irdrop-training-history.md).
     */
    private void sweepBlock(double[] block, int first, int count) {
        final double wg = wireG;
        final double[] inv = rowInvD;
        final int f = first * rowStride; // from an index of block to that of its node's pivot inverse
        final int len = cols;
        final int stride = rowStride;
        int c = 0;
        if (count == BLOCK_ROWS) {
            c = BLOCK_ROWS;
            final int k1 = stride;
            final int k2 = k1 + stride;
            final int k3 = k2 + stride;
            final int k4 = k3 + stride;
            final int k5 = k4 + stride;
            final int k6 = k5 + stride;
            final int k7 = k6 + stride;
            double y0 = block[0];
            double y1 = block[k1];
            double y2 = block[k2];
            double y3 = block[k3];
            double y4 = block[k4];
            double y5 = block[k5];
            double y6 = block[k6];
            double y7 = block[k7];
            for (int t = 1; t < len; t++) {
                y0 = block[t] + wg * inv[f + t - 1] * y0;
                block[t] = y0;
                y1 = block[k1 + t] + wg * inv[f + k1 + t - 1] * y1;
                block[k1 + t] = y1;
                y2 = block[k2 + t] + wg * inv[f + k2 + t - 1] * y2;
                block[k2 + t] = y2;
                y3 = block[k3 + t] + wg * inv[f + k3 + t - 1] * y3;
                block[k3 + t] = y3;
                y4 = block[k4 + t] + wg * inv[f + k4 + t - 1] * y4;
                block[k4 + t] = y4;
                y5 = block[k5 + t] + wg * inv[f + k5 + t - 1] * y5;
                block[k5 + t] = y5;
                y6 = block[k6 + t] + wg * inv[f + k6 + t - 1] * y6;
                block[k6 + t] = y6;
                y7 = block[k7 + t] + wg * inv[f + k7 + t - 1] * y7;
                block[k7 + t] = y7;
            }
            double w0 = 0;
            double w1 = 0;
            double w2 = 0;
            double w3 = 0;
            double w4 = 0;
            double w5 = 0;
            double w6 = 0;
            double w7 = 0;
            for (int t = len - 1; t >= 0; t--) {
                w0 = block[t] * inv[f + t] + wg * inv[f + t] * w0;
                block[t] = w0;
                w1 = block[k1 + t] * inv[f + k1 + t] + wg * inv[f + k1 + t] * w1;
                block[k1 + t] = w1;
                w2 = block[k2 + t] * inv[f + k2 + t] + wg * inv[f + k2 + t] * w2;
                block[k2 + t] = w2;
                w3 = block[k3 + t] * inv[f + k3 + t] + wg * inv[f + k3 + t] * w3;
                block[k3 + t] = w3;
                w4 = block[k4 + t] * inv[f + k4 + t] + wg * inv[f + k4 + t] * w4;
                block[k4 + t] = w4;
                w5 = block[k5 + t] * inv[f + k5 + t] + wg * inv[f + k5 + t] * w5;
                block[k5 + t] = w5;
                w6 = block[k6 + t] * inv[f + k6 + t] + wg * inv[f + k6 + t] * w6;
                block[k6 + t] = w6;
                w7 = block[k7 + t] * inv[f + k7 + t] + wg * inv[f + k7 + t] * w7;
                block[k7 + t] = w7;
            }
        }
        for (; c < count; c++) {
            final int k0 = c * stride;
            double y0 = block[k0];
            for (int t = 1; t < len; t++) {
                y0 = block[k0 + t] + wg * inv[f + k0 + t - 1] * y0;
                block[k0 + t] = y0;
            }
            double w0 = 0;
            for (int t = len - 1; t >= 0; t--) {
                w0 = block[k0 + t] * inv[f + k0 + t] + wg * inv[f + k0 + t] * w0;
                block[k0 + t] = w0;
            }
        }
    }

    /**
     * out = A_CC^-1 in on the column half (with wires), by parts of the columns; also sets {@link #precDot} = in_C .
     * out_C and {@link #precMax} = max |out_C|.
     */
    private void preconditionColumns(double[] in, double[] out) {
        parts(part -> sweepColumns(in, out, part));
        reduceLanes();
    }

    /**
     * out = A_CC^-1 in on the columns of part {@code part}: the column chains' LDL' solve swept row by row, every column a
     * lane, so that no step waits on the one before it in the same loop; each column's in . out and max |out| into the
     * part's {@link #laneDot} and {@link #laneMax}. Each row's values pass through the part's small row buffers
     * ({@link #sweepRows}), all indexed alike, which lets the JIT vectorise the loops (with the previous row read from
     * the output array itself it cannot tell the load from the store; docs/irdrop-training-history.md).
     */
    private void sweepColumns(double[] in, double[] out, int part) {
        final double wg = wireG;
        final double[] inv = precInvD;
        final int nc = cols;
        final int h = n / 2;
        final int j0 = colStart(part);
        final int len = colStart(part + 1) - j0;
        final int lastRow = h + (rows - 1) * nc;
        final double[] y = sweepRows[part][0]; // the row just solved
        final double[] v = sweepRows[part][1]; // this row's input, then (backward) its forward result
        final double[] d = sweepRows[part][2]; // the pivot inverses of the row before (forward) or of this row
        final double[] r = sweepRows[part][3]; // this row's input (backward, for the dot product)
        System.arraycopy(in, h + j0, y, 0, len);
        System.arraycopy(y, 0, out, h + j0, len);
        for (int b = h + nc; b <= lastRow; b += nc) {
            System.arraycopy(in, b + j0, v, 0, len);
            System.arraycopy(inv, b - nc + j0, d, 0, len);
            for (int t = 0; t < len; t++) {
                y[t] = v[t] + wg * d[t] * y[t];
            }
            System.arraycopy(y, 0, out, b + j0, len);
        }
        final double[] dot = laneDot[part];
        final double[] max = laneMax[part];
        System.arraycopy(inv, lastRow + j0, d, 0, len);
        System.arraycopy(in, lastRow + j0, r, 0, len);
        for (int t = 0; t < len; t++) {
            final double w = y[t] * d[t];
            y[t] = w;
            dot[t] = r[t] * w;
            max[t] = Math.abs(w);
        }
        System.arraycopy(y, 0, out, lastRow + j0, len);
        for (int b = lastRow - nc; b >= h; b -= nc) {
            System.arraycopy(out, b + j0, v, 0, len);
            System.arraycopy(inv, b + j0, d, 0, len);
            System.arraycopy(in, b + j0, r, 0, len);
            for (int t = 0; t < len; t++) {
                final double w = v[t] * d[t] + wg * d[t] * y[t];
                y[t] = w;
                dot[t] += r[t] * w;
                max[t] = Math.max(max[t], Math.abs(w));
            }
            System.arraycopy(y, 0, out, b + j0, len);
        }
    }

    /** {@link #precDot} and {@link #precMax} from the parts' {@link #laneDot} and {@link #laneMax}, in column order. */
    private void reduceLanes() {
        double d = 0;
        double m = 0;
        for (int part = 0; part < 2; part++) {
            for (int t = 0, len = colStart(part + 1) - colStart(part); t < len; t++) {
                d += laneDot[part][t];
                m = Math.max(m, laneMax[part][t]);
            }
        }
        precDot = d;
        precMax = m;
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
     * out = Y in for r > 0, where every node has the same stencil: wire neighbours before and after it in its chain
     * (coupling 0 across chain ends) and one device partner, h away. Same values as the CSR form, summed in a fixed
     * order; returns in . out.
     */
    private double multiplyStructured(double[] in, double[] out) {
        final double wg = wireG;
        final double[] d = diagVal;
        final double[] gd = g;
        final int h = n / 2;
        double dot = 0;
        for (int b = 0; b < h; b += cols) {
            final int end = b + cols;
            for (int k = b; k < end; k++) {
                double s = d[k] * in[k] - gd[k] * in[k + h];
                if (k > b) {
                    s -= wg * in[k - 1];
                }
                if (k + 1 < end) {
                    s -= wg * in[k + 1];
                }
                out[k] = s;
                dot += in[k] * s;
            }
        }
        return dot + columnProduct(in, in, cols, 0, rows, out);
    }

    /**
     * out_C = A_CC in_C + A_CR partner_R on the column-half nodes of rows {@code [firstRow, firstRow + rowCount)}, the
     * partner of row {@code firstRow + c}'s node j at {@code c * partnerStride + j} of {@code partner}; returns their
     * part of in_C . out_C.
     */
    private double columnProduct(double[] in, double[] partner, int partnerStride, int firstRow, int rowCount,
            double[] out) {
        final double wg = wireG;
        final double[] d = diagVal;
        final double[] gd = g;
        final int nc = cols;
        final int h = n / 2;
        double dot0 = 0;
        double dot1 = 0;
        for (int c = 0; c < rowCount; c++) {
            final int b = h + (firstRow + c) * nc;
            final int shift = b - c * partnerStride; // from a node to its partner's index in partner
            final boolean above = b > h;
            final boolean below = b + nc < n;
            if (above && below) { // both wire segments: the loop without tests, two columns a step
                int j = 0;
                for (; j + 1 < nc; j += 2) {
                    final int k = b + j;
                    final double s0 = d[k] * in[k] - gd[k - h] * partner[k - shift] - wg * in[k - nc] - wg * in[k + nc];
                    final double s1 = d[k + 1] * in[k + 1] - gd[k + 1 - h] * partner[k + 1 - shift] - wg * in[k + 1 - nc]
                            - wg * in[k + 1 + nc];
                    out[k] = s0;
                    out[k + 1] = s1;
                    dot0 += in[k] * s0;
                    dot1 += in[k + 1] * s1;
                }
                if (j < nc) {
                    final int k = b + j;
                    final double s0 = d[k] * in[k] - gd[k - h] * partner[k - shift] - wg * in[k - nc] - wg * in[k + nc];
                    out[k] = s0;
                    dot0 += in[k] * s0;
                }
                continue;
            }
            for (int j = 0; j < nc; j++) {
                final int k = b + j;
                double s = d[k] * in[k] - gd[k - h] * partner[k - shift];
                if (above) {
                    s -= wg * in[k - nc];
                }
                if (below) {
                    s -= wg * in[k + nc];
                }
                out[k] = s;
                if ((j & 1) == 0) {
                    dot0 += in[k] * s;
                } else {
                    dot1 += in[k] * s;
                }
            }
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
        solvePasses(vscale);
    }

    /** The passes of {@link #solveBase}: solve, and with a TIA move the outputs that saturate or leave saturation. */
    private void solvePasses(double vscale) {
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
     * {@link #baseResidual()} with wires, by parts of the rows: every node has one device, to its partner h away, whose
     * current enters the two with opposite signs (the same numbers as the branch-by-branch scatter).
     */
    private void baseResidualStructured() {
        final int h = n / 2;
        final double[] gd = g;
        parts(part -> {
            for (int i = rowStart(part), k = i * cols; i < rowStart(part + 1); i++) {
                double vr = baseRow[i];
                for (int j = 0; j < cols; j++, k++) {
                    double cur = gd[k] * (baseCol[j] - vr); // current from C(i,j) into R(i,j)
                    rb[k] = 0.0 + cur;
                    rb[k + h] = 0.0 - cur;
                }
            }
        });
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
     * solved from the columns (and refined once on the true residual) before the true residual is taken. Every step
     * runs in two parts ({@link #parts}): the row chains and products by rows, the column chains by columns.
     */
    private int pcg(double vscale, int alreadyUsed) {
        final boolean reduced = structured;
        double[] norms = rightHandSideNorms();
        double bnorm = norms[0];
        double bb = norms[1];
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
                double rr = checkTrueResidual(reduced, target);
                if (precMax <= target) {
                    lastRelativeResidual = Math.sqrt(rr / bb);
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
            double beta = fresh ? 0 : rz / rzPrev;
            fresh = false;
            double pq;
            if (reduced) {
                pq = newDirectionAndSchur(beta);
            } else {
                for (int k = 0; k < n; k++) {
                    p[k] = z[k] + beta * p[k];
                }
                pq = multiply(p, q);
            }
            if (!(pq > 0)) {
                throw notConverged(it + alreadyUsed, zmax / vscale);
            }
            double alpha = rz / pq;
            it++;
            if (reduced) {
                stepAndPreconditionColumns(alpha);
            } else {
                for (int k = 0; k < n; k++) {
                    x[k] += alpha * p[k];
                    res[k] -= alpha * q[k];
                }
                precondition(res, z);
            }
            rzPrev = rz;
            rz = precDot;
            zmax = precMax;
        }
    }

    /** Runs {@code part} for parts 0 and 1: on the caller and the helper with two threads, one after the other with one. */
    private void parts(IntConsumer part) {
        if (pair != null) {
            pair.run(part);
        } else {
            part.accept(0);
            part.accept(1);
        }
    }

    /** First row of part {@code part} (0, 1) of the rows, or {@code rows} for part 2. */
    private int rowStart(int part) {
        return part == 0 ? 0 : part == 1 ? rows / 2 : rows;
    }

    /** First column of part {@code part} (0, 1) of the columns, or {@code cols} for part 2. */
    private int colStart(int part) {
        return part == 0 ? 0 : part == 1 ? cols / 2 : cols;
    }

    /** {max |rb|, rb . rb}; with wires summed by parts of the rows, in a fixed order. */
    private double[] rightHandSideNorms() {
        if (!structured) {
            double bnorm = 0;
            double bb = 0;
            for (int k = 0; k < n; k++) {
                bnorm = Math.max(bnorm, Math.abs(rb[k]));
                bb += rb[k] * rb[k];
            }
            return new double[] {bnorm, bb};
        }
        final int h = n / 2;
        parts(part -> {
            double max = 0;
            double sum = 0;
            for (int k = rowStart(part) * cols, end = rowStart(part + 1) * cols; k < end; k++) {
                max = Math.max(max, Math.max(Math.abs(rb[k]), Math.abs(rb[k + h])));
                sum += rb[k] * rb[k] + rb[k + h] * rb[k + h];
            }
            partMax[part] = max;
            partDot[part] = sum;
        });
        return new double[] {Math.max(partMax[0], partMax[1]), partDot[0] + partDot[1]};
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
        final int nc = cols;
        if (aux == null) {
            aux = new double[n];
            reducedRhs = new double[n];
        }
        final boolean warm = options.warmStart() && hasPrevious;
        parts(part -> {
            int first = rowStart(part);
            int end = rowStart(part + 1);
            solveRowChains(part, rb, aux); // A_RR^-1 b_R
            for (int k = h + first * nc; k < h + end * nc; k++) {
                reducedRhs[k] = rb[k] + g[k - h] * aux[k - h];
            }
            if (!warm) { // x_C = 0: the residual is the reduced right-hand side itself
                Arrays.fill(x, h + first * nc, h + end * nc, 0.0);
                System.arraycopy(reducedRhs, h + first * nc, res, h + first * nc, (end - first) * nc);
            }
        });
        if (warm) {
            double xq = multiply(x, q);
            double xb = dot(x, rb);
            double alpha = xq > 0 ? xb / xq : 0;
            for (int k = h; k < n; k++) {
                x[k] *= alpha;
            }
            reducedResidual();
        } else {
            preconditionColumns(res, z);
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
     * above {@code target}. Returns res . res.
     */
    private double checkTrueResidual(boolean reduced, double target) {
        if (!reduced) {
            trueResidual();
            precondition(res, z);
            return dot(res, res);
        }
        final int h = n / 2;
        final int nc = cols;
        final boolean refine = options.tolerance() < ROW_ROUNDING;
        parts(part -> {
            int first = rowStart(part);
            int end = rowStart(part + 1);
            for (int k = first * nc; k < end * nc; k++) { // x_R = A_RR^-1 (b_R - A_RC x_C)
                aux[k] = rb[k] + g[k] * x[k + h];
            }
            solveRowChains(part, aux, x);
            if (refine) {
                trueResidualRows(first, end, false);
                solveRowChains(part, res, z);
                for (int k = first * nc; k < end * nc; k++) {
                    x[k] += z[k];
                }
            }
        });
        double rr = residualAndPrecondition();
        if (precMax > target) {
            for (int k = 0; k < h; k++) {
                x[k] += z[k];
            }
            rr = residualAndPrecondition();
        }
        return rr;
    }

    /** With wires: the whole system's true residual and z = M^-1 res (with {@link #precDot}, {@link #precMax}); returns res . res. */
    private double residualAndPrecondition() {
        final int h = n / 2;
        final int nc = cols;
        parts(part -> {
            int first = rowStart(part);
            int end = rowStart(part + 1);
            trueResidualRows(first, end, true);
            preconditionRows(part, res, z);
            double rr = 0;
            for (int k = first * nc; k < end * nc; k++) {
                rr += res[k] * res[k] + res[k + h] * res[k + h];
            }
            partResidual[part] = rr;
        });
        double rowDot = partDot[0] + partDot[1];
        double rowMax = Math.max(partMax[0], partMax[1]);
        double rr = partResidual[0] + partResidual[1];
        preconditionColumns(res, z);
        precDot += rowDot;
        precMax = Math.max(precMax, rowMax);
        return rr;
    }

    /**
     * out_C = S in_C (the column half, see {@link #pcg}) for in_C = p_C after p_C = z_C + beta p_C; returns in_C . out_C.
     * Each part takes its rows in blocks of {@link #BLOCK_ROWS}: their row chains solved on A_RC in_C in a buffer that
     * stays in cache, then their column-half rows of S.
     */
    private double newDirectionAndSchur(double beta) {
        final int h = n / 2;
        final int nc = cols;
        parts(part -> {
            for (int k = h + rowStart(part) * nc, end = h + rowStart(part + 1) * nc; k < end; k++) {
                p[k] = z[k] + beta * p[k];
            }
        });
        return schur(p, q);
    }

    /** out_C = S in_C (see {@link #newDirectionAndSchur}); returns in_C . out_C, summed by parts of the rows. */
    private double schur(double[] in, double[] out) {
        final int h = n / 2;
        final int nc = cols;
        parts(part -> {
            final double[] gd = g;
            final double[] block = rowBlock[part];
            double dot = 0;
            for (int i0 = rowStart(part), end = rowStart(part + 1); i0 < end; i0 += BLOCK_ROWS) {
                final int count = Math.min(BLOCK_ROWS, end - i0);
                for (int l = 0; l < count; l++) {
                    for (int j = 0, k = (i0 + l) * nc, b = l * rowStride; j < nc; j++) {
                        block[b + j] = gd[k + j] * in[h + k + j];
                    }
                }
                sweepBlock(block, i0, count); // -A_RR^-1 A_RC in_C on the block's rows
                dot += columnProduct(in, block, rowStride, i0, count, out);
            }
            partDot[part] = dot;
        });
        return partDot[0] + partDot[1];
    }

    /** x_C += alpha p_C, res_C -= alpha q_C and z_C = A_CC^-1 res_C (with {@link #precDot}, {@link #precMax}), by parts of the columns. */
    private void stepAndPreconditionColumns(double alpha) {
        final int h = n / 2;
        final int nc = cols;
        parts(part -> {
            int j0 = colStart(part);
            int j1 = colStart(part + 1);
            for (int b = h; b < n; b += nc) {
                for (int k = b + j0; k < b + j1; k++) {
                    x[k] += alpha * p[k];
                    res[k] -= alpha * q[k];
                }
            }
            sweepColumns(res, z, part);
        });
        reduceLanes();
    }

    /** res_C = the reduced right-hand side minus S x_C, z_C = A_CC^-1 res_C (with {@link #precDot}, {@link #precMax}). */
    private void reducedResidual() {
        schur(x, q);
        for (int k = n / 2; k < n; k++) {
            res[k] = reducedRhs[k] - q[k];
        }
        preconditionColumns(res, z);
    }

    /**
     * The reduced residual from the whole system's true residual {@link #res} (summed as branch currents, so that the
     * rounding of the products in {@link #schur} does not set the floor): {@code res_C - A_CR A_RR^-1 res_R}, and
     * {@code z_C = A_CC^-1 res_C}.
     */
    private void reduceTrueResidual() {
        final int h = n / 2;
        final int nc = cols;
        parts(part -> {
            int first = rowStart(part);
            int end = rowStart(part + 1);
            solveRowChains(part, res, aux);
            for (int k = h + first * nc; k < h + end * nc; k++) {
                res[k] += g[k - h] * aux[k - h];
            }
        });
        preconditionColumns(res, z);
    }

    /**
     * res = rb - Y x (no wires), summed as branch currents (device, boundary) so that the small residual of a converged
     * solution is not swamped by the rounding of the large products of the CSR form.
     */
    private void trueResidual() {
        System.arraycopy(rb, 0, res, 0, n);
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
        boundaryCurrents(0, n);
    }

    /**
     * res = rb - Y x with wires on rows {@code [first, end)}: their row-half nodes, and with {@code columns} their
     * column-half nodes, summed as branch currents (wire, device, boundary) so that the small residual of a converged
     * solution is not swamped by the rounding of wire conductance times node voltage. A column node takes the currents
     * of its two wire segments itself (in the order the segments come), so that parts of the rows write only their
     * own nodes.
     */
    private void trueResidualRows(int first, int end, boolean columns) {
        final int h = n / 2;
        final int nc = cols;
        final double wg = wireG;
        final double[] gd = g;
        for (int b = first * nc; b < end * nc; b += nc) { // row chains
            System.arraycopy(rb, b, res, b, nc);
            for (int k = b + 1; k < b + nc; k++) {
                double cur = wg * (x[k - 1] - x[k]); // from k-1 to k
                res[k] += cur;
                res[k - 1] -= cur;
            }
            for (int k = b; k < b + nc; k++) {
                res[k] -= gd[k] * (x[k] - x[k + h]); // from R to C
            }
        }
        boundaryCurrents(first * nc, end * nc);
        if (!columns) {
            return;
        }
        for (int i = first; i < end; i++) {
            final int b = h + i * nc;
            if (i > 0 && i + 1 < rows) { // both wire segments: the loop without tests
                for (int k = b; k < b + nc; k++) {
                    res[k] = (rb[k] + wg * (x[k - nc] - x[k])) - wg * (x[k] - x[k + nc]) + gd[k - h] * (x[k - h] - x[k]);
                }
                continue;
            }
            for (int k = b; k < b + nc; k++) {
                double r = rb[k];
                if (i > 0) {
                    r += wg * (x[k - nc] - x[k]); // from the node above
                }
                if (i + 1 < rows) {
                    r -= wg * (x[k] - x[k + nc]); // to the node below
                }
                res[k] = r + gd[k - h] * (x[k - h] - x[k]);
            }
        }
        boundaryCurrents(h + first * nc, h + end * nc);
    }

    /** Subtracts the boundary currents (driven and sensed line ends) of the nodes in {@code [from, to)} from res. */
    private void boundaryCurrents(int from, int to) {
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
                + ": a wire resistance near the devices' own or above (a review's 512 x 512 at 1e6 ohm) leaves the system "
                + "too ill-conditioned for the iteration; lower the wire resistance, use a smaller array, or, from Java, "
                + "raise SolverOptions' maxIterations or tolerance");
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
        if (structured) {
            parts(part -> sensedInputCurrents(forward ? 0 : rowStart(part), forward ? rows : rowStart(part + 1),
                    forward ? colStart(part) : 0, forward ? colStart(part + 1) : cols));
            return;
        }
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

    /**
     * With wires, {@link #sensedInputCurrents()} of the devices in rows {@code [i0, i1)} and columns {@code [j0, j1)}:
     * all rows of a part of the columns (forward) or all columns of a part of the rows (backward), each line's devices
     * summed in the same order as on one thread.
     */
    private void sensedInputCurrents(int i0, int i1, int j0, int j1) {
        final int h = n / 2;
        if (forward) {
            Arrays.fill(senseIn, j0, j1, 0.0);
        } else {
            Arrays.fill(senseIn, i0, i1, 0.0);
        }
        for (int i = i0; i < i1; i++) {
            final double vr = baseRow[i];
            final int base = i * cols;
            for (int j = j0; j < j1; j++) {
                final int d = base + j;
                double cur = g[d] * ((vr - baseCol[j]) + (x[d] - x[d + h])); // from R(i,j) to C(i,j)
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
