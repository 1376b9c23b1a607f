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
    private final double[] shunt;
    private final double[] chainOut;
    private final double[] lineSource;
    private final double[] lineDivider;
    /** Conductance of each device as an affine function of its weight (S, S per weight unit). */
    private final double[] conductanceOffset;
    private final double[] conductanceSlope;
    /** Conductances at the start of the update (S): every line of one update sees them (quasi-static). */
    private final double[] conductance;
    /** The row lines (u_i(j) at [i * cols + j]) and the column lines (w_j(i) at [j * rows + i]). */
    private final Lines rowLines;
    private final Lines colLines;
    /** The update being applied (a line is prepared at most once per update). */
    private long stamp;
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
        this.rowLines = new Lines(rows, cols, true);
        this.colLines = new Lines(cols, rows, false);
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
            long active = pulses.activeSlotMask(phase);
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
                    rowLines.prepare(i);
                }
            }
            int q = 0;
            for (int j = 0; j < cols; j++) {
                int count = colSign[j] == phase.colSign() ? Long.bitCount(colMasks[j] & active) : 0;
                colFraction[j] = count / slots;
                if (count > 0) {
                    activeCols[q++] = j;
                    colLines.prepare(j);
                }
            }
            double vr = phase.rowVolt(amplitudeVolt);
            double vc = phase.colVolt(amplitudeVolt);
            // with one active row (column) there are no cross currents in the columns (rows): each line's own share is
            // in its unit response, so the chain solves are skipped (a transfer of SHD pulses one row)
            boolean crossInColumns = p > 1;
            boolean crossInRows = q > 1;
            for (int b = 0; crossInColumns && b < q; b++) {
                int j = activeCols[b];
                // the rise of column j's nodes from the currents the active rows drive into it, less each row's own
                java.util.Arrays.fill(lineSource, 0, rows, 0.0);
                for (int a = 0; a < p; a++) {
                    int l = activeRows[a];
                    int d = l * cols + j;
                    lineSource[l] = conductance[d] * vr * rowFraction[l] * rowLines.response[d];
                }
                boolean held = !colLines.solve(j, lineSource, chainOut);
                for (int a = 0; a < p; a++) {
                    int i = activeRows[a];
                    crossCol[i * cols + j] = held ? 0 : chainOut[i] - colLines.inverseDiagonal(j, i) * lineSource[i];
                }
            }
            for (int a = 0; a < p; a++) {
                int i = activeRows[a];
                long rowMask = rowMasks[i] & active;
                double columnPath = driverOhm + wireOhm * (rows - i);
                // the drop of row i's nodes from the currents the active columns draw from it, less each column's own
                int off = i * cols;
                boolean held = true;
                if (crossInRows) {
                    java.util.Arrays.fill(lineSource, 0, cols, 0.0);
                    for (int b = 0; b < q; b++) {
                        int k = activeCols[b];
                        lineSource[k] = conductance[off + k] * -vc * colFraction[k] * colLines.response[k * rows + i];
                    }
                    held = !rowLines.solve(i, lineSource, chainOut);
                }
                for (int b = 0; b < q; b++) {
                    int j = activeCols[b];
                    int c = Long.bitCount(rowMask & colMasks[j]);
                    if (c == 0) {
                        continue;
                    }
                    int d = off + j;
                    double crossRow = held ? 0 : chainOut[j] - rowLines.inverseDiagonal(i, j) * lineSource[j];
                    double g = conductance[d];
                    double v = vr * rowLines.response[d] - vc * colLines.response[j * rows + i] - crossRow / (1 + g * columnPath);
                    if (crossInColumns) {
                        v -= crossCol[d] / (1 + g * (driverOhm + wireOhm * (j + 1)));
                    }
                    pulse(d, c, v, w);
                }
            }
        }
    }

    /** Applies {@code count} pulses at {@code volt} to device d. */
    private void pulse(int d, int count, double volt, double[] w) {
        CompactDevice device = devices[d];
        double factor = device.pulseFactor(volt, shape);
        if (factor == 0) {
            return;
        }
        double weight = w[d];
        for (int n = 0; n < count; n++) {
            weight = noise.apply(weight, device.applyPulse(weight, factor));
        }
        array.setWeight(d, weight);
    }

    /**
     * The rows (or the columns) of the array as lines for the line-by-line model: line k is a chain of {@code length}
     * nodes, wire segments r between neighbours, the driver (Rd plus one segment) at node 0 (a row) or at node
     * length-1 (a column), far end open, and every device of the line as a shunt to 0 V in series with its partner
     * line's path to that line's driver. For each line it keeps the nodal matrix (diagonal; off-diagonal -1/r), the
     * inverse pivots of its elimination from node 0 and the pivots of its elimination from the other end, so that a
     * solve and a diagonal entry of the inverse cost O(length), and its unit response (the device voltages per volt on
     * its own driver). A line is set again only when its conductances have drifted by more than {@value #LINE_DRIFT}.
     */
    private final class Lines {
        private final int length;
        private final boolean rowsOfArray;
        private final double[] diagonal;
        private final double[] forward;
        private final double[] backward;
        /** The conductances each line was set with (line-major) and their sums. */
        private final double[] reference;
        private final double[] referenceSum;
        /** {@link #HELD}, the conductance to 0 V of a lumped line (r = 0), or 0 for a chain. */
        private final double[] lumped;
        private final long[] preparedFor;
        /** The unit response of every prepared line, line-major: u_i(j) for rows, w_j(i) for columns. */
        final double[] response;

        Lines(int count, int length, boolean rowsOfArray) {
            this.length = length;
            this.rowsOfArray = rowsOfArray;
            this.diagonal = new double[count * length];
            this.forward = new double[count * length];
            this.backward = new double[count * length];
            this.reference = new double[count * length];
            this.referenceSum = new double[count];
            this.lumped = new double[count];
            this.preparedFor = new long[count];
            this.response = new double[count * length];
        }

        /** Device index of node t of line k (row-major in the array). */
        private int device(int k, int t) {
            return rowsOfArray ? k * cols + t : t * cols + k;
        }

        /** Resistance (ohm) from a device of line k to the driver of its partner line (the same for every device of k). */
        private double partnerPath(int k) {
            return driverOhm + wireOhm * (rowsOfArray ? rows - k : k + 1);
        }

        /** Sets line k and its unit response, at most once per update, only when its conductances have drifted. */
        void prepare(int k) {
            if (preparedFor[k] == stamp) {
                return;
            }
            preparedFor[k] = stamp;
            int off = k * length;
            double drift = 0;
            for (int t = 0; t < length; t++) {
                drift += Math.abs(conductance[device(k, t)] - reference[off + t]);
            }
            if (referenceSum[k] > 0 && drift <= LINE_DRIFT * referenceSum[k]) {
                return;
            }
            double sum = 0;
            double path = partnerPath(k);
            for (int t = 0; t < length; t++) {
                double g = conductance[device(k, t)];
                reference[off + t] = g;
                sum += g;
                double divider = 1 / (1 + g * path);
                lineDivider[t] = divider;
                shunt[t] = g * divider;
            }
            referenceSum[k] = sum;
            lumped[k] = set(off);
            if (lumped[k] == HELD) {
                java.util.Arrays.fill(chainOut, 0, length, 1.0);
            } else {
                java.util.Arrays.fill(lineSource, 0, length, 0.0);
                lineSource[rowsOfArray ? 0 : length - 1] = lumped[k] > 0 ? 1 / driverOhm : 1 / (driverOhm + wireOhm);
                solve(k, lineSource, chainOut);
            }
            for (int t = 0; t < length; t++) {
                response[off + t] = chainOut[t] * lineDivider[t];
            }
        }

        /** Sets the matrix of the line at {@code off} from {@link #shunt}; returns what {@link #lumped} keeps. */
        private double set(int off) {
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
            int driven = rowsOfArray ? 0 : length - 1;
            for (int t = 0; t < length; t++) {
                double d = shunt[t] + (t > 0 ? gw : 0) + (t < length - 1 ? gw : 0);
                diagonal[off + t] = t == driven ? d + gb : d;
            }
            double gw2 = gw * gw;
            // the two eliminations are independent recurrences: one loop runs both, so that their divisions overlap
            int last = off + length - 1;
            forward[off] = 1 / diagonal[off];
            backward[last] = diagonal[last];
            for (int s = 1; s < length; s++) {
                int f = off + s;
                int b = last - s;
                forward[f] = 1 / (diagonal[f] - gw2 * forward[f - 1]);
                backward[b] = diagonal[b] - gw2 / backward[b + 1];
            }
            return 0;
        }

        /**
         * Node voltages {@code out} (V) of line k for node currents {@code in} (A, injected); returns false (and writes
         * nothing) when the line is held at its source.
         */
        boolean solve(int k, double[] in, double[] out) {
            double held = lumped[k];
            if (held == HELD) {
                return false;
            }
            if (held > 0) {
                double sum = 0;
                for (int t = 0; t < length; t++) {
                    sum += in[t];
                }
                java.util.Arrays.fill(out, 0, length, sum / held);
                return true;
            }
            int off = k * length;
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
            return true;
        }

        /** Diagonal entry t of the inverse of line k's matrix (ohm): the voltage at node t per ampere injected there. */
        double inverseDiagonal(int k, int t) {
            double held = lumped[k];
            if (held > 0) {
                return 1 / held;
            }
            int at = k * length + t;
            return 1 / (1 / forward[at] + backward[at] - diagonal[at]);
        }
    }
}
