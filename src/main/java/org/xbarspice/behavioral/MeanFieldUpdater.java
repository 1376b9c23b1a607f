package org.xbarspice.behavioral;

import java.util.Objects;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * The fast IR-drop-aware pulse update: the same circuit as {@link IrDropUpdater} (V/2 scheme, wires, drivers,
 * conductances of the start of the update, every coincident device moved by its compact model at the voltage it
 * sees), with one nodal solve per polarity phase instead of one per pulse slot.
 *
 * <p><b>Model.</b> With the conductances fixed, the network is linear, so the voltage across device (i, j) in a slot
 * is a linear function of the line source voltages. Device (i, j) moves only in slots where row i and column j both
 * pulse; the expected voltage over those slots, with the other lines pulsing independently, is therefore the
 * exact solve with the mean source voltages ({@code Vr f_l} on row l, {@code Vc g_k} on column k, f and g the
 * fractions of the phase's active slots in which each line pulses) plus the responses to the two lines it is
 * conditioned on: {@code V_ij = Vbar_ij + Vr (1 - f_i) U_i(j) - Vc (1 - g_j) W_j(i)}. {@code U_i} is the device
 * voltage along row i per volt on row i alone: the row chain solved exactly with every device in series with its
 * column's path to its driver as the shunt ({@code G / (1 + G (Rd + r (N - i)))}); {@code W_j} likewise for column j.
 * Neglected: the response of other lines to a single driven line (second order in r G) and the slot-to-slot spread of
 * the load around its mean, which averages out because the compact device's step is nearly linear in the voltage
 * above threshold. With r = 0 and no driver resistance every coincidence sees exactly Vp and the result equals the
 * nominal update. The error against {@link IrDropUpdater} is measured, not assumed (MeanFieldUpdaterTest and the
 * spot checks of the fast tiles).
 *
 * <p><b>Noise</b> as {@link IrDropUpdater}: each change multiplied by {@code (1 + dwMinStd xi)}, one draw per pulse,
 * rows then columns of each phase in ascending order. Not thread-safe: one updater per array and thread.
 */
public final class MeanFieldUpdater {
    /**
     * Accuracy of the mean solve: relative voltage error 1e-6 of Vp, a step error of about 3e-6 (the step grows as
     * Vp / (Vp - threshold) times the voltage), far below the model's own error.
     */
    static final SolverOptions MEAN_SOLVE = new SolverOptions(1e-6, 2000, false, 0);

    private final DeviceArray array;
    private final CompactDevice[] devices;
    private final ConductanceRange range;
    private final PulseShape shape;
    private final double amplitudeVolt;
    private final double wireOhm;
    private final double driverOhm;
    private final double dwMinStd;
    private final CrossbarSolver solver;
    private final double[] conductances;
    private final double[] rowVolt;
    private final double[] colVolt;
    private final double[] meanVolt;
    private final double[] rowFraction;
    private final double[] colFraction;
    private final double[] rowResponse;
    private final double[] colResponse;
    private final double[] shunt;
    private final double[] chainScratch;
    private final double[] elimination;
    private ZigguratGaussian gaussian;
    private boolean noise = true;

    /**
     * An updater of {@code array} (updated in place); arguments as {@link IrDropUpdater}.
     *
     * @param seed seed of the cycle-to-cycle noise (unused when the array's dwMinStd is 0)
     */
    public MeanFieldUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, long seed) {
        this.array = Objects.requireNonNull(array, "device array");
        Objects.requireNonNull(circuit, "circuit");
        this.range = Objects.requireNonNull(range, "conductance range");
        if (circuit.rows() != array.rows() || circuit.cols() != array.cols()) {
            throw new InvalidInputException("the circuit is " + circuit.rows() + " x " + circuit.cols()
                    + " but the device array is " + array.rows() + " x " + array.cols() + ": they must match");
        }
        this.devices = CompactDevice.of(array, Objects.requireNonNull(spec, "compact device spec"));
        this.shape = circuit.pulse();
        this.amplitudeVolt = shape.amplitudeVolt();
        this.wireOhm = circuit.wireOhm();
        this.driverOhm = circuit.driverOhm();
        this.dwMinStd = array.model().variability().dwMinStd();
        this.gaussian = new ZigguratGaussian(seed);
        int rows = array.rows();
        int cols = array.cols();
        this.conductances = new double[rows * cols];
        this.rowVolt = new double[rows];
        this.colVolt = new double[cols];
        this.meanVolt = new double[rows * cols];
        this.rowFraction = new double[rows];
        this.colFraction = new double[cols];
        this.rowResponse = new double[cols];
        this.colResponse = new double[rows * cols];
        this.shunt = new double[Math.max(rows, cols)];
        this.chainScratch = new double[Math.max(rows, cols)];
        this.elimination = new double[Math.max(rows, cols)];
        fillConductances();
        this.solver = CrossbarSolver.programming(new CrossbarCircuit(rows, cols, wireOhm, driverOhm, new Sense.Ideal(),
                Direction.FORWARD), conductances, MEAN_SOLVE);
    }

    /** The array this updater changes. */
    public DeviceArray array() {
        return array;
    }

    /** Restarts the cycle-to-cycle noise from {@code seed}. */
    public void reseed(long seed) {
        this.gaussian = new ZigguratGaussian(seed);
    }

    /** Switches the cycle-to-cycle noise off (false) or back on (for comparisons with other updaters). */
    public void setNoise(boolean on) {
        this.noise = on;
    }

    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    public void apply(UpdatePulses pulses) {
        PulseUpdater.checkPulses(pulses, array);
        fillConductances();
        solver.setConductances(conductances);
        final int rows = array.rows();
        final int cols = array.cols();
        final long[] rowMasks = pulses.rowMasks();
        final long[] colMasks = pulses.colMasks();
        final byte[] rowSign = pulses.rowSign();
        final byte[] colSign = pulses.colSign();
        final double[] w = array.weights();
        final boolean noisy = noise && dwMinStd != 0;
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
            double vr = phase.rowVolt(amplitudeVolt);
            double vc = phase.colVolt(amplitudeVolt);
            for (int i = 0; i < rows; i++) {
                rowFraction[i] = rowSign[i] == phase.rowSign() ? Long.bitCount(rowMasks[i] & active) / slots : 0;
                rowVolt[i] = vr * rowFraction[i];
            }
            for (int j = 0; j < cols; j++) {
                colFraction[j] = colSign[j] == phase.colSign() ? Long.bitCount(colMasks[j] & active) / slots : 0;
                colVolt[j] = vc * colFraction[j];
            }
            solver.deviceVoltages(rowVolt, colVolt, meanVolt);
            for (int j = 0; j < cols; j++) {
                if (colFraction[j] > 0) {
                    columnResponse(j, rows, cols);
                }
            }
            for (int i = 0; i < rows; i++) {
                long rowMask = rowMasks[i] & active;
                if (rowFraction[i] == 0 || rowMask == 0) {
                    continue;
                }
                rowResponse(i, rows, cols);
                double rowDeficit = vr * (1 - rowFraction[i]);
                int base = i * cols;
                for (int j = 0; j < cols; j++) {
                    int c = colFraction[j] == 0 ? 0 : Long.bitCount(rowMask & colMasks[j]);
                    if (c == 0) {
                        continue;
                    }
                    int d = base + j;
                    double v = meanVolt[d] + rowDeficit * rowResponse[j] - vc * (1 - colFraction[j]) * colResponse[j * rows + i];
                    CompactDevice device = devices[d];
                    double weight = w[d];
                    for (int p = 0; p < c; p++) {
                        double after = device.pulse(weight, v, shape);
                        if (noisy && after != weight) {
                            after = weight + (after - weight) * (1 + dwMinStd * gaussian.next());
                        }
                        weight = after;
                    }
                    array.setWeight(d, weight);
                }
            }
        }
    }

    /** rowResponse[j] = voltage across device (i, j) per volt on row i's source alone, all other sources at 0 V. */
    private void rowResponse(int i, int rows, int cols) {
        double columnPath = driverOhm + wireOhm * (rows - i);
        for (int j = 0; j < cols; j++) {
            double g = conductances[i * cols + j];
            shunt[j] = g / (1 + g * columnPath);
        }
        chain(cols, true, rowResponse);
        for (int j = 0; j < cols; j++) {
            rowResponse[j] /= 1 + conductances[i * cols + j] * columnPath;
        }
    }

    /** colResponse[j * rows + i] = minus the voltage across device (i, j) per volt on column j's source alone. */
    private void columnResponse(int j, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            double g = conductances[i * cols + j];
            shunt[i] = g / (1 + g * (driverOhm + wireOhm * (j + 1)));
        }
        chain(rows, false, chainScratch);
        for (int i = 0; i < rows; i++) {
            double g = conductances[i * cols + j];
            colResponse[j * rows + i] = chainScratch[i] / (1 + g * (driverOhm + wireOhm * (j + 1)));
        }
    }

    /**
     * Node voltages of a line of {@code length} nodes with shunts {@link #shunt} to 0 V, driven at 1 V through the
     * driver and one wire segment at node 0 ({@code drivenAtStart}, a row) or at node length-1 (a column), wire
     * segments between neighbours, far end open: the tridiagonal system solved exactly (Thomas algorithm).
     */
    private void chain(int length, boolean drivenAtStart, double[] out) {
        double boundary = driverOhm + wireOhm;
        if (boundary == 0) {
            for (int t = 0; t < length; t++) {
                out[t] = 1;
            }
            return;
        }
        if (wireOhm == 0) {
            double sum = 0;
            for (int t = 0; t < length; t++) {
                sum += shunt[t];
            }
            double v = 1 / (1 + driverOhm * sum);
            for (int t = 0; t < length; t++) {
                out[t] = v;
            }
            return;
        }
        double gw = 1 / wireOhm;
        double gb = 1 / boundary;
        // eliminate from the far (open) end towards the driven node: v_far-side = c * v_next-closer
        double[] c = elimination;
        double previous = 0;
        for (int s = 0; s < length; s++) {
            int t = drivenAtStart ? length - 1 - s : s;
            double diag = shunt[t] + (s == 0 ? 0 : gw) + (s == length - 1 ? gb : gw);
            double ratio = gw / (diag - gw * previous);
            c[s] = ratio;
            previous = ratio;
        }
        // the driven node: diag v = gb * 1 + gw * v_far-side(= c * v) -> v (diag - gw c_prev) = gb
        double diagDriven = shunt[drivenAtStart ? 0 : length - 1] + gb + (length > 1 ? gw : 0);
        double v = gb / (diagDriven - (length > 1 ? gw * c[length - 2] : 0));
        int driven = drivenAtStart ? 0 : length - 1;
        out[driven] = v;
        for (int s = length - 2; s >= 0; s--) {
            v *= c[s];
            out[drivenAtStart ? length - 1 - s : s] = v;
        }
    }

    /** Read conductance (S) of every device at its current weight. */
    private void fillConductances() {
        double[] w = array.weights();
        for (int d = 0; d < w.length; d++) {
            conductances[d] = range.conductance(devices[d].state(w[d]));
        }
    }
}
