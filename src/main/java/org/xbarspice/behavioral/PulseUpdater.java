package org.xbarspice.behavioral;

import java.util.Objects;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * Behavioral fully parallel stochastic update (PHYSICS.md section 2) with ideal wires: applies the pulse trains
 * of an {@link UpdatePulses} to a {@link DeviceArray} as the hardware does. Crosspoint (i, j) receives
 * {@code coincidences(i, j)} pulses in direction {@code direction(i, j)}, each through
 * {@link DeviceArray#pulse(int, boolean, double)}: that device's own step law at its current weight, times the
 * cycle-to-cycle factor (1 + dwMinStd * xi), clipped to its own bounds.
 *
 * <p><b>Kernel.</b> Once per update the columns are sorted into two groups by the sign of d_j (their masks
 * gathered next to each other), so that the direction is constant within a group. For each row with a
 * non-empty mask and each group, the row mask is ANDed with every column mask of the group and the popcount is
 * the number of coincidences; the crosspoints with at least one are listed (branch-free) and then pulsed in
 * rounds: round k gives one pulse to every listed crosspoint with more than k coincidences, and keeps those that
 * have more. The rounds keep the loops free of data-dependent branches and let the pulses of different devices
 * overlap in the processor. Nothing is allocated per update. With an {@link UpdateEnergyMeter}
 * ({@link #apply(UpdatePulses, UpdateEnergyMeter)}) the same pass also counts the update's energy: the first round
 * pulses every listed crosspoint once and takes its conductance before and after that pulse on the way, and the
 * crosspoints of more coincidences add their further change after the last round, into the meter's row and column sums
 * (the pulses, their order and noise are unchanged).
 *
 * <p><b>Order</b>, fixed: rows in ascending i; within a row the columns with d_j > 0, then those with
 * d_j &lt; 0; within a group round by round, and within a round in ascending j. Every pulse of a crosspoint has
 * the same direction (its row and column each carry one sign) and the devices do not interact with ideal wires,
 * so any order gives the same nominal weights, among them applying the pulses slot by slot, phase by phase as the
 * SPICE path does ({@link UpdatePulses#phases()}): a device's weight after n equal pulses does not depend on
 * when they come. The order only decides which noise draw lands on which pulse.
 *
 * <p><b>Noise.</b> xi ~ N(0, 1) from a {@code ZigguratGaussian} seeded at construction (SplitMix64 bits,
 * 256-layer ziggurat, exactly normal to the 2^-52 resolution), one draw per pulse in the order above (drawn in
 * bulk for each row and column group, then used in that order); the stream continues from update to update, so
 * the same seed and the same sequence of updates give the same weights. When the array's dwMinStd is 0 no draw
 * is made at all.
 *
 * <p>Not thread-safe: one updater per array and thread.
 */
public final class PulseUpdater {
    private final DeviceArray array;
    private final boolean noisy;
    private ZigguratGaussian gaussian;
    /** Columns grouped by sign: first those with d_j > 0, then those with d_j &lt; 0. */
    private final int[] groupCols;
    /** Masks of {@link #groupCols}, gathered. */
    private final long[] groupMasks;
    /** Crosspoint indices still to pulse in the current round. */
    private final int[] listed;
    /** Their remaining coincidences. */
    private final int[] remaining;
    /** The coincidences {@link #list} listed in all. */
    private int listedPulses;
    /** Noise draws of one row and column group, in the order of its pulses (empty without noise). */
    private final double[] noise;
    /** With energy counted: the crosspoints of one row and column group and their conductances before the update (S). */
    private final int[] touched;
    private final double[] conductanceBefore;
    /** With energy counted: the update's sum of c_ij G_ij over its coincidences (S). */
    private double cross;

    /**
     * An updater of {@code array} (updated in place) whose cycle-to-cycle noise comes from a generator seeded with
     * {@code seed}.
     */
    public PulseUpdater(DeviceArray array, long seed) {
        this.array = Objects.requireNonNull(array, "device array");
        this.noisy = array.model().variability().dwMinStd() != 0;
        this.gaussian = new ZigguratGaussian(seed);
        int cols = array.cols();
        this.groupCols = new int[cols];
        this.groupMasks = new long[cols];
        this.listed = new int[cols];
        this.remaining = new int[cols];
        this.noise = new double[noisy ? cols * UpdatePulses.MAX_BL : 0];
        this.touched = new int[cols];
        this.conductanceBefore = new double[cols];
    }

    /** Restarts the cycle-to-cycle noise from {@code seed}. */
    public void reseed(long seed) {
        this.gaussian = new ZigguratGaussian(seed);
    }

    /** The array this updater changes. */
    public DeviceArray array() {
        return array;
    }

    /**
     * Applies every coincidence of {@code pulses} (trains of the same rows x cols as the array) to the array's
     * weights (weight units).
     */
    public void apply(UpdatePulses pulses) {
        checkPulses(pulses, array);
        final long[] rowMasks = pulses.rowMasks();
        final byte[] rowSign = pulses.rowSign();
        final int rows = array.rows();
        final int cols = array.cols();
        final int positiveEnd = group(pulses.colMasks(), pulses.colSign(), 1, 0);
        final int negativeEnd = group(pulses.colMasks(), pulses.colSign(), -1, positiveEnd);
        for (int i = 0; i < rows; i++) {
            final long mask = rowMasks[i];
            if (mask == 0) {
                continue;
            }
            final boolean rowUp = rowSign[i] > 0;
            pulseGroup(mask, i * cols, 0, positiveEnd, rowUp);
            pulseGroup(mask, i * cols, positiveEnd, negativeEnd, !rowUp);
        }
    }

    /**
     * As {@link #apply(UpdatePulses)} (the same pulses, noise draws and weights), and counts the update's array energy
     * on the way for {@code meter} (ideal wires and drivers, {@link UpdateEnergyMeter}'s closed form): each row's
     * share of the closed form from the row sums before the update, each coincident device's {@code c_ij G_ij} from its
     * conductance before its pulses, and then its change of conductance into its row and column sums, all in the one
     * pass that applies the pulses.
     *
     * @return the energy of the update (J)
     */
    public ArrayEnergy apply(UpdatePulses pulses, UpdateEnergyMeter meter) {
        checkPulses(pulses, array);
        final long[] rowMasks = pulses.rowMasks();
        final byte[] rowSign = pulses.rowSign();
        final int rows = array.rows();
        final int cols = array.cols();
        final int positiveEnd = group(pulses.colMasks(), pulses.colSign(), 1, 0);
        final int negativeEnd = group(pulses.colMasks(), pulses.colSign(), -1, positiveEnd);
        meter.startIdeal(pulses);
        final DeviceConductance conductance = meter.conductance();
        final double[] rowSum = meter.rowSum();
        final double[] colSum = meter.colSum();
        double rowTerm = 0;
        boolean positiveRows = false;
        boolean negativeRows = false;
        cross = 0;
        for (int i = 0; i < rows; i++) {
            final long mask = rowMasks[i];
            if (mask == 0) {
                continue;
            }
            final boolean rowUp = rowSign[i] > 0;
            positiveRows |= rowUp;
            negativeRows |= !rowUp;
            rowTerm += Long.bitCount(mask) * rowSum[i];
            double change = pulseGroup(mask, i * cols, 0, positiveEnd, rowUp, conductance, colSum)
                    + pulseGroup(mask, i * cols, positiveEnd, negativeEnd, !rowUp, conductance, colSum);
            rowSum[i] += change;
        }
        // a line takes part in one phase per sign present on the other side (UpdatePulses#phases)
        int columnSigns = (positiveEnd > 0 ? 1 : 0) + (negativeEnd > positiveEnd ? 1 : 0);
        int rowSigns = (positiveRows ? 1 : 0) + (negativeRows ? 1 : 0);
        return meter.finishIdeal(columnSigns * rowTerm, rowSigns, cross);
    }

    /**
     * Appends the columns of sign {@code sign} to the groups from position {@code from}; returns the position after
     * the last one.
     */
    private int group(long[] colMasks, byte[] colSign, int sign, int from) {
        int t = from;
        for (int j = 0; j < colSign.length; j++) {
            if (colSign[j] == sign) {
                groupCols[t] = j;
                groupMasks[t] = colMasks[j];
                t++;
            }
        }
        return t;
    }

    /** Pulses the crosspoints of row mask {@code mask} (first index {@code base}) with group columns [from, to). */
    private void pulseGroup(long mask, int base, int from, int to, boolean up) {
        int n = list(mask, base, from, to);
        if (noisy) {
            gaussian.fill(noise, listedPulses);
        }
        pulseRounds(n, up, 0);
    }

    /**
     * Lists the crosspoints of row mask {@code mask} (first index {@code base}) that coincide with group columns
     * [from, to) in {@link #listed}, their coincidences in {@link #remaining} and their sum in {@link #listedPulses};
     * returns how many are listed.
     */
    private int list(long mask, int base, int from, int to) {
        int n = 0;
        int total = 0;
        for (int t = from; t < to; t++) {
            int count = Long.bitCount(mask & groupMasks[t]);
            listed[n] = base + groupCols[t];
            remaining[n] = count;
            total += count;
            n += count > 0 ? 1 : 0;
        }
        listedPulses = total;
        return n;
    }

    /**
     * Pulses the first {@code n} listed crosspoints round by round, one pulse each per round, until their remaining
     * coincidences are used up; the noise draws start at {@code drawn}.
     */
    private void pulseRounds(int n, boolean up, int drawn) {
        final int[] idx = listed;
        final int[] left = remaining;
        while (n > 0) {
            int kept = 0;
            for (int q = 0; q < n; q++) {
                int index = idx[q];
                array.pulse(index, up, noisy ? noise[drawn++] : 0.0);
                int count = left[q] - 1;
                idx[kept] = index;
                left[kept] = count;
                kept += count > 0 ? 1 : 0;
            }
            n = kept;
        }
    }

    /**
     * {@link #pulseGroup(long, int, int, int, boolean)} that also counts energy: adds the listed crosspoints'
     * {@code sum c_ij G_ij} before their pulses to {@link #cross}, and their changes of conductance to their column sums;
     * returns the row's change of conductance (S). The first round pulses every listed crosspoint once: it takes the
     * conductance before the update from the weight it loads anyway and the one after its pulse from the weight the
     * pulse returns, so a crosspoint of one coincidence (most of them) is counted within that round; those of more are
     * kept with their conductance after the first pulse and counted again after the last round, from their weights
     * still in cache. Counting adds no memory traffic beyond the kernel's own.
     */
    private double pulseGroup(long mask, int base, int from, int to, boolean up, DeviceConductance conductance,
                              double[] colSum) {
        final int[] idx = listed;
        final int[] left = remaining;
        final double[] w = array.weights();
        final DeviceArray devices = array;
        final int count = list(mask, base, from, to);
        if (noisy) {
            gaussian.fill(noise, listedPulses);
        }
        double sum = 0;
        double change = 0;
        int drawn = 0;
        int kept = 0;
        for (int q = 0; q < count; q++) {
            int index = idx[q];
            double before = conductance.at(w[index]);
            int c = left[q];
            sum += c * before;
            double after = conductance.at(devices.pulse(index, up, noisy ? noise[drawn++] : 0.0));
            double dg = after - before;
            colSum[index - base] += dg;
            change += dg;
            c--;
            idx[kept] = index;
            left[kept] = c;
            touched[kept] = index;
            conductanceBefore[kept] = after;
            kept += c > 0 ? 1 : 0;
        }
        cross += sum;
        pulseRounds(kept, up, drawn);
        for (int q = 0; q < kept; q++) {
            int d = touched[q];
            double dg = conductance.at(w[d]) - conductanceBefore[q];
            colSum[d - base] += dg;
            change += dg;
        }
        return change;
    }

    /**
     * Checks that {@code pulses} fits {@code array} and is consistent: mask and sign arrays of the array's
     * dimensions, no mask bit at or above BL, and a sign of +1 or -1 exactly on the lines whose mask is not empty.
     */
    static void checkPulses(UpdatePulses pulses, DeviceArray array) {
        Objects.requireNonNull(pulses, "update pulses");
        if (pulses.rows() != array.rows() || pulses.cols() != array.cols()) {
            throw new InvalidInputException("update pulses for a " + pulses.rows() + " x " + pulses.cols()
                    + " array cannot update the " + array.rows() + " x " + array.cols() + " device array; draw them "
                    + "from x of length " + array.rows() + " and d of length " + array.cols());
        }
        int bl = pulses.bl();
        if (bl < 1 || bl > UpdatePulses.MAX_BL) {
            throw new InvalidInputException("BL = " + bl + " pulse slots is not allowed: use 1.." + UpdatePulses.MAX_BL);
        }
        checkLines("row", pulses.rowMasks(), pulses.rowSign(), array.rows(), bl);
        checkLines("column", pulses.colMasks(), pulses.colSign(), array.cols(), bl);
    }

    private static void checkLines(String what, long[] masks, byte[] signs, int count, int bl) {
        if (masks == null || signs == null || masks.length != count || signs.length != count) {
            throw new InvalidInputException("update pulses need " + count + " " + what + " masks and signs, got "
                    + (masks == null ? "none" : masks.length) + " masks and " + (signs == null ? "none" : signs.length)
                    + " signs");
        }
        long allowed = UpdatePulses.firstSlots(bl);
        for (int k = 0; k < count; k++) {
            if ((masks[k] & ~allowed) != 0) {
                throw new InvalidInputException(what + " " + k + " pulses in a slot at or above BL = " + bl
                        + " (mask 0x" + Long.toHexString(masks[k]) + "): use slots 0.." + (bl - 1));
            }
            boolean pulsing = masks[k] != 0;
            boolean signed = signs[k] == 1 || signs[k] == -1;
            if (pulsing != signed || (!signed && signs[k] != 0)) {
                throw new InvalidInputException(what + " " + k + " has sign " + signs[k] + " and mask 0x"
                        + Long.toHexString(masks[k]) + ": the sign must be +1 or -1 when the line pulses and 0 when not");
            }
        }
    }
}
