package org.xbarspice.behavioral;

import java.util.Objects;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * The fast IR-drop-aware pulse update: the same circuit as {@link IrDropUpdater} (V/2 scheme, wires of r per segment,
 * drivers of Rd, the conductances of the start of the update, every coincident device moved by its compact model at
 * the voltage it sees), computed line by line instead of by a nodal solve per pulse slot: the work is proportional to
 * the active lines, {@code O(p M + q N)} for p active rows and q active columns of an N x M array.
 *
 * <p><b>Model.</b> With the conductances fixed the network is linear, so the voltage across device (i, j) in a slot is
 * linear in the line source voltages. Device (i, j) moves only in the slots where row i and column j both pulse; over
 * those slots the other lines pulse independently, so its expected voltage is the response to row i at its full
 * voltage Vr, column j at Vc, and every other row l at {@code Vr f_l}, every other column k at {@code Vc g_k} (f and
 * g: the fraction of the phase's active slots in which the line pulses). That response is taken as
 * <pre>
 *   V_ij = Vr u_i(j) - Vc w_j(i) - X_col / (1 + G_ij (Rd + r (j + 1))) - X_row / (1 + G_ij (Rd + r (N - i)))
 * </pre>
 * <ul>
 * <li>{@code u_i(j)}: the voltage across device (i, j) per volt on row i alone, from the row chain solved exactly
 *     (Thomas algorithm) with every device of the row in series with its column's path to its driver as the shunt;
 *     {@code w_j(i)} likewise for column j. They hold each line's own load, half-selected devices included.</li>
 * <li>{@code X_col}: the rise of node C(i, j) caused by the currents {@code G_lj Vr f_l u_l(j)} that the other active
 *     rows l drive into column j, found by solving column j's chain (the same tridiagonal system as {@code w_j}) for
 *     those injected currents and removing row i's own share ({@code Z_ii I_i}, from the diagonal of the chain's
 *     inverse); {@code X_row}: likewise the drop of node R(i, j) caused by the currents
 *     {@code G_ik (-Vc g_k w_k(i))} the other active columns draw from row i, on row i's chain. Each is divided by the
 *     device's divider against its own line.</li>
 * </ul>
 * Neglected: the cross currents are taken at each line's own response (u, w), not corrected for the drops the other
 * lines cause (third order in r G), and the slot-to-slot spread of the load around its mean, which averages out
 * because the compact device's step is nearly linear in the voltage above threshold. With r = 0 and no driver
 * resistance every coincidence sees exactly Vp and the result equals the nominal update. The error against
 * {@link IrDropUpdater} is measured (MeanFieldUpdaterTest, and the spot checks of the fast tiles): small while the IR
 * drop stays below about 15 % of full scale, large beyond (see the README).
 *
 * <p><b>Noise</b> as {@link IrDropUpdater}: each change multiplied by {@code (1 + dwMinStd xi)}, one draw per pulse,
 * rows in ascending order, columns ascending within a row, phase by phase. Allocates nothing per update. Not
 * thread-safe: one updater per array and thread.
 */
public final class MeanFieldUpdater extends CompactUpdater {
    /** Marks a line that is one node held at its source voltage (no wire, no driver resistance). */
    private static final double HELD = -1;
    /**
     * A line's factorisation and unit response are kept from update to update until its conductances have drifted by
     * this fraction, {@code sum |G - G_ref| / sum G_ref} over the line: the response then errs by about that fraction of
     * the line's IR drop, far below the model's own error.
     */
    static final double LINE_DRIFT = 1e-3;
    private final CompactDevice[] devices;
    private final PulseShape shape;
    private final double amplitudeVolt;
    private final double wireOhm;
    private final double driverOhm;
    private final int rows;
    private final int cols;
    private final double[] rowFraction;
    private final double[] colFraction;
    private final int[] activeRows;
    private final int[] activeCols;
    /** u_i(j) at [i * cols + j], filled for the active rows of the phase. */
    private final double[] rowResponse;
    /** w_j(i) at [j * rows + i], filled for the active columns of the phase. */
    private final double[] colResponse;
    private final double[] shunt;
    private final double[] chainOut;
    private final double[] lineSource;
    private final double[] lineDivider;
    /** Conductance of each device as an affine function of its weight (S, S per weight unit). */
    private final double[] conductanceOffset;
    private final double[] conductanceSlope;
    /** Conductances at the start of the update (S): every line of one update sees them (quasi-static). */
    private final double[] conductance;
    /** Nodal matrices of the row lines (diagonal, pivots from both ends) at [i * cols + t]; of the columns at [j * rows + t]. */
    private final double[] rowDiagonal;
    private final double[] rowForward;
    private final double[] rowBackward;
    private final double[] colDiagonal;
    private final double[] colForward;
    private final double[] colBackward;
    private final double[] rowLumped;
    private final double[] colLumped;
    /** The update for which each line was prepared. */
    private final long[] rowStamp;
    private final long[] colStamp;
    private long stamp;
    /** The conductances each row's (row-major) and column's (column-major) factorisation was made with, and their sums. */
    private final double[] rowReference;
    private final double[] colReference;
    private final double[] rowReferenceSum;
    private final double[] colReferenceSum;
    private final double[] crossCol;

    /**
     * An updater of {@code array} (updated in place); arguments as {@link IrDropUpdater}.
     *
     * @param seed seed of the cycle-to-cycle noise (unused when the array's dwMinStd is 0)
     */
    public MeanFieldUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, long seed) {
        this(array, circuit, range, CompactDevice.of(array, Objects.requireNonNull(spec, "compact device spec")), seed);
    }

    /** As {@link #MeanFieldUpdater(DeviceArray, UpdateCircuit, ConductanceRange, CompactSpec, long)} with the compact
     * device of every crosspoint given (row-major). */
    public MeanFieldUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactDevice[] devices, long seed) {
        super(Objects.requireNonNull(array, "device array"), seed);
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(range, "conductance range");
        if (circuit.rows() != array.rows() || circuit.cols() != array.cols()) {
            throw new InvalidInputException("the circuit is " + circuit.rows() + " x " + circuit.cols()
                    + " but the device array is " + array.rows() + " x " + array.cols() + ": they must match");
        }
        this.devices = Objects.requireNonNull(devices, "compact devices");
        if (devices.length != array.size()) {
            throw new InvalidInputException(devices.length + " compact devices for an array of " + array.size());
        }
        double gMin = range.conductance(0);
        double gSpan = range.conductance(1) - gMin;
        this.shape = circuit.pulse();
        this.amplitudeVolt = shape.amplitudeVolt();
        this.wireOhm = circuit.wireOhm();
        this.driverOhm = circuit.driverOhm();
        this.rows = array.rows();
        this.cols = array.cols();
        this.rowFraction = new double[rows];
        this.colFraction = new double[cols];
        this.activeRows = new int[rows];
        this.activeCols = new int[cols];
        this.rowResponse = new double[rows * cols];
        this.colResponse = new double[rows * cols];
        int longest = Math.max(rows, cols);
        this.shunt = new double[longest];
        this.chainOut = new double[longest];
        this.lineSource = new double[longest];
        this.lineDivider = new double[longest];
        this.conductance = new double[rows * cols];
        this.conductanceOffset = new double[rows * cols];
        this.conductanceSlope = new double[rows * cols];
        for (int d = 0; d < devices.length; d++) {
            // G = gMin + gSpan (w - wMin) / (wMax - wMin)
            double slope = gSpan / (devices[d].wMax() - devices[d].wMin());
            conductanceSlope[d] = slope;
            conductanceOffset[d] = gMin - slope * devices[d].wMin();
        }
        this.rowDiagonal = new double[rows * cols];
        this.rowForward = new double[rows * cols];
        this.rowBackward = new double[rows * cols];
        this.colDiagonal = new double[rows * cols];
        this.colForward = new double[rows * cols];
        this.colBackward = new double[rows * cols];
        this.rowLumped = new double[rows];
        this.colLumped = new double[cols];
        this.rowStamp = new long[rows];
        this.colStamp = new long[cols];
        this.rowReference = new double[rows * cols];
        this.colReference = new double[rows * cols];
        this.rowReferenceSum = new double[rows];
        this.colReferenceSum = new double[cols];
        this.crossCol = new double[rows * cols];
    }




    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    @Override
    public void apply(UpdatePulses pulses) {
        PulseUpdater.checkPulses(pulses, array);
        final long[] rowMasks = pulses.rowMasks();
        final long[] colMasks = pulses.colMasks();
        final byte[] rowSign = pulses.rowSign();
        final byte[] colSign = pulses.colSign();
        final double[] w = array.weights();
        for (int d = 0; d < w.length; d++) {
            conductance[d] = conductanceOffset[d] + conductanceSlope[d] * w[d];
        }
        stamp++;
        for (UpdatePulses.Phase phase : pulses.phases()) {
            long rowUnion = 0;
            long colUnion = 0;
            for (int i = 0; i < rows; i++) {
                if (rowSign[i] == phase.rowSign()) {
                    rowUnion |= rowMasks[i];
                }
            }
            for (int j = 0; j < cols; j++) {
                if (colSign[j] == phase.colSign()) {
                    colUnion |= colMasks[j];
                }
            }
            long active = rowUnion & colUnion;
            if (active == 0) {
                continue;
            }
            double slots = Long.bitCount(active);
            int p = 0;
            for (int i = 0; i < rows; i++) {
                int count = rowSign[i] == phase.rowSign() ? Long.bitCount(rowMasks[i] & active) : 0;
                rowFraction[i] = count / slots;
                if (count > 0) {
                    activeRows[p++] = i;
                    prepareRow(i);
                }
            }
            int q = 0;
            for (int j = 0; j < cols; j++) {
                int count = colSign[j] == phase.colSign() ? Long.bitCount(colMasks[j] & active) : 0;
                colFraction[j] = count / slots;
                if (count > 0) {
                    activeCols[q++] = j;
                    prepareColumn(j);
                }
            }
            double vr = phase.rowVolt(amplitudeVolt);
            double vc = phase.colVolt(amplitudeVolt);
            for (int b = 0; b < q; b++) {
                int j = activeCols[b];
                // the rise of column j's nodes from the currents the active rows drive into it, less each row's own
                java.util.Arrays.fill(lineSource, 0, rows, 0.0);
                for (int a = 0; a < p; a++) {
                    int l = activeRows[a];
                    int d = l * cols + j;
                    lineSource[l] = conductance[d] * vr * rowFraction[l] * rowResponse[d];
                }
                int off = j * rows;
                double held = colLumped[j];
                if (held == HELD) {
                    for (int a = 0; a < p; a++) {
                        crossCol[activeRows[a] * cols + j] = 0;
                    }
                    continue;
                }
                solveLine(colDiagonal, colForward, off, rows, held, lineSource, chainOut);
                for (int a = 0; a < p; a++) {
                    int i = activeRows[a];
                    crossCol[i * cols + j] = chainOut[i] - inverseDiagonal(colDiagonal, colForward, colBackward, off, i, held)
                            * lineSource[i];
                }
            }
            for (int a = 0; a < p; a++) {
                int i = activeRows[a];
                long rowMask = rowMasks[i] & active;
                double columnPath = driverOhm + wireOhm * (rows - i);
                // the drop of row i's nodes from the currents the active columns draw from it, less each column's own
                int off = i * cols;
                double held = rowLumped[i];
                if (held != HELD) {
                    java.util.Arrays.fill(lineSource, 0, cols, 0.0);
                    for (int b = 0; b < q; b++) {
                        int k = activeCols[b];
                        lineSource[k] = conductance[off + k] * -vc * colFraction[k] * colResponse[k * rows + i];
                    }
                    solveLine(rowDiagonal, rowForward, off, cols, held, lineSource, chainOut);
                }
                for (int b = 0; b < q; b++) {
                    int j = activeCols[b];
                    int c = Long.bitCount(rowMask & colMasks[j]);
                    if (c == 0) {
                        continue;
                    }
                    int d = off + j;
                    double crossRow = held == HELD ? 0
                            : chainOut[j] - inverseDiagonal(rowDiagonal, rowForward, rowBackward, off, j, held) * lineSource[j];
                    double g = conductance[d];
                    double v = vr * rowResponse[d] - vc * colResponse[j * rows + i]
                            - crossCol[d] / (1 + g * (driverOhm + wireOhm * (j + 1))) - crossRow / (1 + g * columnPath);
                    pulse(d, c, v, w);
                }
            }
        }
    }

    /**
     * Sets row i's line and its unit response u_i: once per update at most, and only when the row's conductances have
     * drifted by more than {@value #LINE_DRIFT} since it was last set.
     */
    private void prepareRow(int i) {
        if (rowStamp[i] == stamp) {
            return;
        }
        rowStamp[i] = stamp;
        int off = i * cols;
        double drift = 0;
        for (int j = 0; j < cols; j++) {
            drift += Math.abs(conductance[off + j] - rowReference[off + j]);
        }
        if (rowReferenceSum[i] > 0 && drift <= LINE_DRIFT * rowReferenceSum[i]) {
            return;
        }
        double sum = 0;
        double columnPath = driverOhm + wireOhm * (rows - i);
        for (int j = 0; j < cols; j++) {
            double g = conductance[off + j];
            rowReference[off + j] = g;
            sum += g;
            double divider = 1 / (1 + g * columnPath);
            lineDivider[j] = divider;
            shunt[j] = g * divider;
        }
        rowReferenceSum[i] = sum;
        double held = setLine(cols, true, rowDiagonal, rowForward, rowBackward, off);
        rowLumped[i] = held;
        unitDrive(rowDiagonal, rowForward, off, cols, 0, held);
        for (int j = 0; j < cols; j++) {
            rowResponse[off + j] = chainOut[j] * lineDivider[j];
        }
    }

    /** Sets column j's line and its unit response w_j, as {@link #prepareRow}. */
    private void prepareColumn(int j) {
        if (colStamp[j] == stamp) {
            return;
        }
        colStamp[j] = stamp;
        int off = j * rows;
        double drift = 0;
        for (int i = 0; i < rows; i++) {
            drift += Math.abs(conductance[i * cols + j] - colReference[off + i]);
        }
        if (colReferenceSum[j] > 0 && drift <= LINE_DRIFT * colReferenceSum[j]) {
            return;
        }
        double sum = 0;
        double rowPath = driverOhm + wireOhm * (j + 1);
        for (int i = 0; i < rows; i++) {
            double g = conductance[i * cols + j];
            colReference[off + i] = g;
            sum += g;
            double divider = 1 / (1 + g * rowPath);
            lineDivider[i] = divider;
            shunt[i] = g * divider;
        }
        colReferenceSum[j] = sum;
        double held = setLine(rows, false, colDiagonal, colForward, colBackward, off);
        colLumped[j] = held;
        unitDrive(colDiagonal, colForward, off, rows, rows - 1, held);
        for (int i = 0; i < rows; i++) {
            colResponse[off + i] = chainOut[i] * lineDivider[i];
        }
    }

    /** Applies {@code count} pulses at {@code volt} to device d. */
    private void pulse(int d, int count, double volt, double[] w) {
        CompactDevice device = devices[d];
        double weight = w[d];
        for (int n = 0; n < count; n++) {
            weight = noise.apply(weight, device.pulse(weight, volt, shape));
        }
        array.setWeight(d, weight);
    }

    /**
     * Node voltages ({@link #chainOut}) of a line driven at 1 V at {@code drivenNode} through its driver and first
     * segment, every other source at 0 V.
     */
    private void unitDrive(double[] diag, double[] forward, int off, int length, int drivenNode, double held) {
        if (held == HELD) {
            java.util.Arrays.fill(chainOut, 0, length, 1.0);
            return;
        }
        java.util.Arrays.fill(lineSource, 0, length, 0.0);
        lineSource[drivenNode] = held > 0 ? 1 / driverOhm : 1 / (driverOhm + wireOhm);
        solveLine(diag, forward, off, length, held, lineSource, chainOut);
    }

    /**
     * The line of {@code length} nodes with shunts {@link #shunt} to 0 V, wire segments r between neighbours, the driver
     * (Rd plus one segment) at node 0 ({@code drivenAtStart}, a row) or at node length-1 (a column), far end open:
     * stores its nodal matrix (diagonal; off-diagonal -1/r), the inverse pivots of its elimination from the open end
     * and the pivots of its elimination from the other end at
     * {@code off}, so that {@link #solveLine} and {@link #inverseDiagonal} cost O(length). Returns {@link #HELD} when the
     * line is one node held at its source (r = 0 and Rd = 0), its total conductance to 0 V when it is one node behind
     * the driver (r = 0), and 0 for a chain.
     */
    private double setLine(int length, boolean drivenAtStart, double[] diag, double[] forward, double[] backward, int off) {
        if (driverOhm + wireOhm == 0) {
            return HELD;
        }
        if (wireOhm == 0) {
            double sum = 1 / driverOhm;
            for (int t = 0; t < length; t++) {
                sum += shunt[t];
            }
            return sum;
        }
        double gw = 1 / wireOhm;
        double gb = 1 / (driverOhm + wireOhm);
        int driven = drivenAtStart ? 0 : length - 1;
        for (int t = 0; t < length; t++) {
            double d = shunt[t] + (t > 0 ? gw : 0) + (t < length - 1 ? gw : 0);
            diag[off + t] = t == driven ? d + gb : d;
        }
        double gw2 = gw * gw;
        // the two eliminations are independent recurrences: one loop runs both, so that their divisions overlap
        int last = off + length - 1;
        forward[off] = 1 / diag[off];
        backward[last] = diag[last];
        for (int s = 1; s < length; s++) {
            int f = off + s;
            int b = last - s;
            forward[f] = 1 / (diag[f] - gw2 * forward[f - 1]);
            backward[b] = diag[b] - gw2 / backward[b + 1];
        }
        return 0;
    }

    /** Solves a line of {@link #setLine} for node currents {@code in} (A, injected) into node voltages {@code out} (V). */
    private void solveLine(double[] diag, double[] forward, int off, int length, double held, double[] in, double[] out) {
        if (held > 0) {
            double sum = 0;
            for (int t = 0; t < length; t++) {
                sum += in[t];
            }
            java.util.Arrays.fill(out, 0, length, sum / held);
            return;
        }
        double gw = 1 / wireOhm;
        double carry = 0;
        for (int t = 0; t < length; t++) {
            carry = in[t] + (t > 0 ? gw * carry * forward[off + t - 1] : 0);
            out[t] = carry;
        }
        double v = 0;
        for (int t = length - 1; t >= 0; t--) {
            v = (out[t] + (t < length - 1 ? gw * v : 0)) * forward[off + t];
            out[t] = v;
        }
    }

    /** Diagonal entry t of the inverse of a line's matrix (ohm): the voltage at node t per ampere injected there. */
    private static double inverseDiagonal(double[] diag, double[] forward, double[] backward, int off, int t, double held) {
        if (held > 0) {
            return 1 / held;
        }
        return 1 / (1 / forward[off + t] + backward[off + t] - diag[off + t]);
    }
}
