package org.xbarspice.behavioral;

import java.util.Arrays;
import java.util.Objects;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The array energy of the pulse updates of one device array (J), behaviorally: every
 * {@link UpdatePulses#firingSlots() firing slot} of an update (also those in which only rows or only columns pulse:
 * their half-selected devices dissipate), its DC state on the conductances at the start of the update (as the
 * quasi-static updates), its power over the pulse's {@link org.xbarspice.device.PulseShape#energySecond()}.
 *
 * <p>With wires or drivers every firing slot is a programming-network solve ({@link CrossbarSolver#programming}, one
 * factorisation per update), but for a slot driven as the slot solved just before it (the same lines at the same
 * voltages, e.g. one row alone in several slots), which takes that slot's power. With ideal wires and drivers every
 * device sees its row's minus its column's source voltage, and the whole update has the closed form
 * {@code t (Vp/2)^2 [sum_i n_i S_i + sum_j m_j T_j + 2 sum_ij c_ij G_ij]}: {@code S_i}, {@code T_j} the row and column
 * sums of G, {@code n_i}, {@code m_j} the firing slots of row i and column j, {@code c_ij} the coincidences of device
 * (i, j) (a coincident pair sees Vp, a half-selected device Vp/2).
 *
 * <p>The conductances and their sums are kept between updates: a pulse update changes only its coincident devices (a
 * half-selected device stays below its threshold), so after one only those are summed again (with wires: the rows that
 * fire); any other change of the weights ({@link DeviceArray#version()}) sums everything again.
 *
 * <p><b>Fused with the pulse kernel</b> (ideal wires, nominal pulses: {@link PulseUpdater#apply(UpdatePulses,
 * UpdateEnergyMeter)}): the kernel takes each row's share of the closed form as it reaches the row, each coincident
 * device's {@code c_ij G_ij} in its first pulse round and its change of conductance after its last, into the sums this
 * meter keeps ({@code startIdeal}, {@code finishIdeal}, which after missed updates sums the whole array anew); no
 * second pass over the coincidences; equal to {@link #begin}/{@link #end} to rounding. Every device's conductance is
 * that of its weight ({@link DeviceConductance}), as in the reads. Not thread-safe.
 */
public final class UpdateEnergyMeter {
    private final UpdateCircuit circuit;
    private final DeviceArray array;
    private final boolean ideal;
    private final int rows;
    private final int cols;
    /** Every device's conductance at its weight. */
    private final DeviceConductance conductanceOf;
    private final double[] g;
    private final double[] rowSum;
    private final double[] colSum;
    /** A row's changes of conductance in {@link #refresh}, or its conductances in {@link #sumWhole} (S), by column. */
    private final double[] rowChange;
    /** The rows pulsed since the conductances were last summed (their conductances are stale). */
    private final boolean[] pulsedRows;
    /** How many of {@link #pulsedRows} are set. */
    private int pulsedCount;
    /** Whether updates were applied without the meter since it last summed the conductances ({@link #missed}). */
    private boolean missedUpdates;
    /** Work list of the columns that fire in an update. */
    private final int[] firedCols;
    /** The coincident devices of the last update (ideal wires), to be summed again after it. */
    private final int[] coincident;
    private int coincidentCount;
    /** The coincidences' sum of c_ij G_ij of the update begun (S). */
    private double cross;
    private long seenVersion = -1;
    /** Whether {@link #g} holds the conductances the sums were kept with (the fused path keeps the sums only). */
    private boolean gCurrent = true;
    /** The fused path's column term of the update begun, {@code sum_j m_j T_j} (S). */
    private double columnTerm;
    /** Whether the updater reports the power of the active slots ({@link #observe}). */
    private boolean observing;
    /** The energy of the active slots the updater reported in the update begun (J). */
    private ArrayEnergy observed = ArrayEnergy.ZERO;
    private final double[] rowVolt;
    private final double[] colVolt;
    private final double[] deviceVolt;
    /** The programming-network solver of the slots: the observed updater's ({@link #observe}), else built at need. */
    private CrossbarSolver solver;
    private final SolverOptions options;
    /** The drive of the slot solved last in an update (V), and its power (W); null before the update's first solve. */
    private final double[] solvedRowVolt;
    private final double[] solvedColVolt;
    private ArrayPower solvedPower;

    /**
     * A meter of the updates of {@code array} on {@code circuit}, each device's conductance that of its weight over
     * {@code range} ({@link DeviceConductance}).
     */
    public UpdateEnergyMeter(UpdateCircuit circuit, DeviceArray array, ConductanceRange range) {
        this(circuit, array, range, SolverOptions.defaults());
    }

    /**
     * As {@link #UpdateEnergyMeter(UpdateCircuit, DeviceArray, ConductanceRange)}, its solves to {@code options} (a spot
     * check's reference: {@link SolverOptions#energyCheck()}).
     */
    public UpdateEnergyMeter(UpdateCircuit circuit, DeviceArray array, ConductanceRange range, SolverOptions options) {
        this.options = Objects.requireNonNull(options, "solver options");
        this.circuit = Objects.requireNonNull(circuit, "update circuit");
        this.array = Objects.requireNonNull(array, "device array");
        this.ideal = circuit.wireOhm() == 0 && circuit.driverOhm() == 0;
        this.rows = array.rows();
        this.cols = array.cols();
        int size = array.size();
        conductanceOf = DeviceConductance.of(array.model(), Objects.requireNonNull(range, "conductance range"));
        g = new double[size];
        rowSum = new double[rows];
        colSum = new double[cols];
        rowChange = new double[cols];
        pulsedRows = new boolean[rows];
        firedCols = new int[cols];
        coincident = new int[size];
        rowVolt = new double[rows];
        colVolt = new double[cols];
        deviceVolt = new double[size];
        solvedRowVolt = new double[rows];
        solvedColVolt = new double[cols];
    }

    /**
     * Starts the update of {@code pulses}: brings the conductances to the weights before it and lists its coincident
     * devices. Then the update is applied, and {@link #end} returns its energy.
     */
    public void begin(UpdatePulses pulses) {
        refresh();
        observed = ArrayEnergy.ZERO; // what the observed updater reported outside an update of this meter
        coincidentCount = 0;
        cross = 0;
        if (ideal) {
            scanCoincidences(pulses);
        }
    }

    /**
     * From now on the updater reports the power of every active slot it solves (with wires: the exact IR-drop updater,
     * {@link IrDropUpdater#observeSlots}): the meter then solves only the slots in which only rows or only columns fire,
     * on the updater's solver (at the meter's own tolerance, the solver's restored after), not on one of its own.
     */
    public void observe(IrDropUpdater updater) {
        observing = true;
        solver = updater.solver();
        updater.observeSlots(power -> observed = observed.plus(power.over(circuit.pulse().energySecond())));
    }

    /** Lists every coincident device of {@code pulses} and sums its share of the closed form. */
    private void scanCoincidences(UpdatePulses pulses) {
        long[] rowMasks = pulses.rowMasks();
        long[] colMasks = pulses.colMasks();
        int fired = 0;
        for (int j = 0; j < cols; j++) {
            if (colMasks[j] != 0) {
                firedCols[fired++] = j;
            }
        }
        for (int i = 0; i < rows; i++) {
            long mask = rowMasks[i];
            if (mask == 0) {
                continue;
            }
            int base = i * cols;
            for (int f = 0; f < fired; f++) {
                long both = mask & colMasks[firedCols[f]];
                if (both != 0) {
                    int d = base + firedCols[f];
                    cross += g[d] * Long.bitCount(both);
                    coincident[coincidentCount++] = d;
                }
            }
        }
    }

    /**
     * The energy of the update of {@code pulses} just applied (J), on the conductances before it; then keeps the sums
     * for the next one: only the coincident devices may have changed (with wires: the rows that fire).
     */
    public ArrayEnergy end(UpdatePulses pulses) {
        ArrayEnergy energy = ideal ? closedForm(pulses) : solved(pulses).plus(observed);
        observed = ArrayEnergy.ZERO;
        if (ideal) {
            double[] w = array.weights();
            for (int k = 0; k < coincidentCount; k++) {
                int d = coincident[k];
                double now = conductanceOf.at(w[d]);
                double change = now - g[d];
                g[d] = now;
                rowSum[d / cols] += change;
                colSum[d % cols] += change;
            }
        } else {
            markPulsed(pulses);
        }
        seenVersion = array.version();
        return energy;
    }

    /**
     * Notes an update of {@code pulses} that was applied without this meter ({@link #begin}/{@link #end}), so that the
     * next one it counts can sum again only the rows the missed updates fired (a pulse update changes no other row), not
     * the whole array, when they are few ({@link #separatePassCheaper}): {@code versionBefore} is the array's {@link
     * DeviceArray#version()} before that update. When the weights changed otherwise since the meter's last update, or the
     * fused path left its conductances behind, the next update sums everything again, as before.
     */
    public void missed(UpdatePulses pulses, long versionBefore) {
        missedUpdates = true;
        if (!separatePassCheaper()) { // the next counted update sums the whole array anew, whichever pass counts it
            gCurrent = false;
            return;
        }
        markPulsed(pulses); // also with stale conductances: how many rows fired decides the next counted update's pass
        if (versionBefore == seenVersion && gCurrent) {
            seenVersion = array.version(); // the conductances stay those of the weights but for the marked rows
        }
    }

    /** Marks the rows that {@code pulses} fires in {@link #pulsedRows}. */
    private void markPulsed(UpdatePulses pulses) {
        long[] masks = pulses.rowMasks();
        for (int i = 0; i < rows; i++) {
            boolean fresh = masks[i] != 0 && !pulsedRows[i];
            pulsedRows[i] |= fresh;
            pulsedCount += fresh ? 1 : 0;
        }
    }

    /**
     * Whether the next update is counted at less cost in the separate pass ({@link #begin}/{@link #end}) than in the
     * fused kernel ({@link PulseUpdater#apply(UpdatePulses, UpdateEnergyMeter)}): updates went by without the meter
     * ({@link #missed}) and fired fewer than half the rows, which the separate pass sums again alone and keeps the
     * conductances for, so that the rows of the next missed updates can be noted too (after the fused kernel, which keeps
     * only the sums, it sums every row once). Else the fused kernel: it needs no second pass over the coincidences, and
     * after missed updates its start sums the whole array without the conductances (a dense layer fires nearly every row
     * within a few updates).
     */
    public boolean separatePassCheaper() {
        return missedUpdates && pulsedCount < rows / 2;
    }

    /**
     * Brings the conductances and their sums to the current weights, each row in loops that touch one index of every
     * array (which the JIT can vectorise) and its sum on four accumulators.
     */
    private void refresh() {
        double[] w = array.weights();
        boolean whole = array.version() != seenVersion || !gCurrent;
        if (whole) {
            java.util.Arrays.fill(colSum, 0);
            java.util.Arrays.fill(g, 0);
            gCurrent = true;
        }
        for (int i = 0; i < rows; i++) {
            if (!whole && !pulsedRows[i]) {
                continue;
            }
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                double now = conductanceOf.at(w[base + j]);
                rowChange[j] = now - g[base + j];
                g[base + j] = now;
            }
            for (int j = 0; j < cols; j++) {
                colSum[j] += rowChange[j];
            }
            rowSum[i] = sum(g, base, cols);
        }
        summedNow();
    }

    /** Notes that the sums (and the conductances, where kept) are those of the current weights: no row pulsed since. */
    private void summedNow() {
        java.util.Arrays.fill(pulsedRows, false);
        pulsedCount = 0;
        missedUpdates = false;
        seenVersion = array.version();
    }

    /**
     * The row and column sums of the current weights, from scratch and without keeping the conductances, for the fused
     * kernel (which keeps only the sums): three loads a device, where {@link #refresh} also reads and writes them.
     */
    private void sumWhole() {
        double[] w = array.weights();
        java.util.Arrays.fill(colSum, 0);
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                rowChange[j] = conductanceOf.at(w[base + j]);
            }
            for (int j = 0; j < cols; j++) {
                colSum[j] += rowChange[j];
            }
            rowSum[i] = sum(rowChange, 0, cols);
        }
        gCurrent = false;
        summedNow();
    }

    /** {@code values[from .. from + count)} summed on four accumulators. */
    private static double sum(double[] values, int from, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        int end = from + count;
        for (; k + 3 < end; k += 4) {
            s0 += values[k];
            s1 += values[k + 1];
            s2 += values[k + 2];
            s3 += values[k + 3];
        }
        for (; k < end; k++) {
            s0 += values[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The fused path of ideal wires ({@link PulseUpdater#apply(UpdatePulses, UpdateEnergyMeter)}), begun: brings the
     * sums to the weights before the update and takes the columns' share of the closed form, {@code sum_j m_j T_j}.
     */
    void startIdeal(UpdatePulses pulses) {
        if (!ideal) {
            throw new IllegalStateException("the fused energy count needs ideal wires and drivers");
        }
        if (array.version() != seenVersion || missedUpdates) {
            sumWhole();
        }
        long[] colMasks = pulses.colMasks();
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            sum += Long.bitCount(colMasks[j]) * colSum[j];
        }
        columnTerm = sum;
    }

    /**
     * The fused path, ended (the pulses applied, the sums kept by the kernel): the energy of the update (J) from the
     * rows' share {@code rowTerm} (with their phases), the number of row signs that pulsed (the phases of every column)
     * and the coincidences' {@code sum c_ij G_ij} over the conductances before the update (S).
     */
    ArrayEnergy finishIdeal(double rowTerm, int rowSigns, double coincident) {
        seenVersion = array.version();
        gCurrent = false;
        double sum = 2 * coincident + rowSigns * columnTerm + rowTerm;
        double half = circuit.pulse().amplitudeVolt() / 2;
        double joule = sum * half * half * circuit.pulse().energySecond();
        return new ArrayEnergy(joule, 0, 0, 0, joule);
    }

    /** Every device's conductance at its weight, for the fused kernel. */
    DeviceConductance conductance() {
        return conductanceOf;
    }

    /** The row and column sums of G that the fused path keeps (S); live. */
    double[] rowSum() {
        return rowSum;
    }

    double[] colSum() {
        return colSum;
    }

    /**
     * The energy of the firing slots of {@code pulses} that no observed updater reports, each solved on the conductances
     * at the start of the update to this meter's tolerance.
     */
    private ArrayEnergy solved(UpdatePulses pulses) {
        if (solver == null) {
            solver = CrossbarSolver.programming(new CrossbarCircuit(rows, cols, circuit.wireOhm(), circuit.driverOhm(),
                    new Sense.Ideal(), Direction.FORWARD), g, options);
        } else {
            solver.setConductances(g);
        }
        double solverTolerance = solver.options().tolerance(); // an observed updater's, given back after
        solver.setTolerance(options.tolerance());
        try {
            return solvedSlots(pulses);
        } finally {
            solver.setTolerance(solverTolerance);
        }
    }

    /** The energy of the firing slots of {@code pulses} that {@link #solved} solves, on {@link #solver} as set. */
    private ArrayEnergy solvedSlots(UpdatePulses pulses) {
        solvedPower = null;
        double vp = circuit.pulse().amplitudeVolt();
        double seconds = circuit.pulse().energySecond();
        ArrayEnergy total = ArrayEnergy.ZERO;
        for (UpdatePulses.Phase phase : pulses.phases()) {
            for (int s = 0; s < pulses.bl(); s++) {
                boolean anyRow = IrDropUpdater.drive(pulses.rowMasks(), pulses.rowSign(), phase.rowSign(), s,
                        phase.rowVolt(vp), rowVolt);
                boolean anyCol = IrDropUpdater.drive(pulses.colMasks(), pulses.colSign(), phase.colSign(), s,
                        phase.colVolt(vp), colVolt);
                if (anyRow && anyCol ? !observing : anyRow || anyCol) {
                    if (solvedPower == null || !Arrays.equals(rowVolt, solvedRowVolt)
                            || !Arrays.equals(colVolt, solvedColVolt)) {
                        solver.deviceVoltages(rowVolt, colVolt, deviceVolt);
                        solvedPower = solver.power();
                        System.arraycopy(rowVolt, 0, solvedRowVolt, 0, rows);
                        System.arraycopy(colVolt, 0, solvedColVolt, 0, cols);
                    }
                    total = total.plus(solvedPower.over(seconds));
                }
            }
        }
        return total;
    }

    /** The closed form of ideal wires: the row and column terms, and the coincidences' as {@link #begin} summed them. */
    private ArrayEnergy closedForm(UpdatePulses pulses) {
        long[] rowMasks = pulses.rowMasks();
        long[] colMasks = pulses.colMasks();
        int[] rowPhases = new int[3]; // phases run per line sign, indexed by sign + 1
        int[] colPhases = new int[3];
        for (UpdatePulses.Phase p : pulses.phases()) {
            rowPhases[p.rowSign() + 1]++;
            colPhases[p.colSign() + 1]++;
        }
        double sum = 2 * cross;
        for (int j = 0; j < cols; j++) {
            if (colMasks[j] != 0) {
                sum += Long.bitCount(colMasks[j]) * colPhases[pulses.colSign()[j] + 1] * colSum[j];
            }
        }
        for (int i = 0; i < rows; i++) {
            if (rowMasks[i] != 0) {
                sum += Long.bitCount(rowMasks[i]) * rowPhases[pulses.rowSign()[i] + 1] * rowSum[i];
            }
        }
        double half = circuit.pulse().amplitudeVolt() / 2;
        double joule = sum * half * half * circuit.pulse().energySecond();
        return new ArrayEnergy(joule, 0, 0, 0, joule);
    }
}
