package org.xbarspice.netlist;

import java.util.Arrays;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Draws the stochastic pulse trains of one fully parallel update ({@link UpdatePulses}, PHYSICS.md section 2) into
 * buffers owned by this object, so that a tile can draw one per sample without allocating: probabilities
 * {@code p_i = min(1, A |x_i|)}, {@code q_j = min(1, B |d_j|)}, {@code A = B = sqrt(lr / (dwMin BL))}, update
 * management, and the uniform stream of {@code new SplittableRandom(seed)} consumed with one {@code nextDouble()}
 * per slot, rows first, then columns (checked bit for bit against SplittableRandom by {@code PulseTrainDrawerTest}).
 * The stream is SplitMix64, written out here so that the {@code BL} draws of a line whose probability is 0 or 1 (no
 * pulse, or a pulse in every slot, whatever the draws) are skipped by advancing the state by {@code BL} increments
 * instead of being computed. MNIST inputs are mostly 0, so this removes most of the work.
 *
 * <p><b>BL management</b> (aihwkit's {@code update_bl_management}, optional): the draw uses only the first
 * {@code BL' = min(BL, max(1, ceil(lr max|x| max|d| / dwMin)))} slots, with {@code A = B = sqrt(lr / (dwMin BL'))}
 * (before update management), and {@code max|x|}, {@code max|d|} floored at {@code dwMin^2} as aihwkit does. The
 * expected change is unchanged; small updates take fewer, fuller slots (less pulse-count noise, less work). The
 * record's {@code bl} stays the maximum; the slots at or above BL' are empty. It needs update management ({@link
 * #requireUpdateManagement}).
 *
 * <p>{@link #pulses()} returns a record over buffers that the next draw overwrites. Not thread-safe.
 */
public final class PulseTrainDrawer {
    /** The SplitMix64 increment of {@link java.util.SplittableRandom} (2^64 / golden ratio). */
    public static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    /** The record of the last fill: {@link #fixed} after {@link #fixedCounts}, else {@link #drawn}. */
    private UpdatePulses pulses;
    /** Records over the same buffers: drawn trains (over {@link #slots} slots) and fixed counts. */
    private UpdatePulses drawn;
    private final UpdatePulses fixed;
    private final long[] rowMasks;
    private final long[] colMasks;
    private final byte[] rowSign;
    private final byte[] colSign;
    private final int bl;
    private long state;
    private int slots;
    /**
     * The {@link #saturation} beyond which a draw counts as saturated ({@link #saturatedDraws}): its largest step falls
     * short of {@code lr x d'} by more than this factor. At 1 the aihwkit configuration's SHD runs counted most of
     * their updates (71 % of layer 2's A on 8x8 digits), as aihwkit's own clips them; lr 100 makes every update exceed
     * 10.
     */
    public static final double SATURATED = 10;
    /** Draws so far, and those whose largest lines were clipped far below their step ({@link #SATURATED}). */
    private long draws;
    private long saturatedDraws;

    /** Buffers for {@code rows} x {@code cols} trains of {@code bl} slots (1..64). */
    public PulseTrainDrawer(int rows, int cols, int bl) {
        Checks.inRange("BL (pulse slots)", bl, 1, UpdatePulses.MAX_BL);
        this.bl = bl;
        this.slots = bl;
        this.rowMasks = new long[rows];
        this.colMasks = new long[cols];
        this.rowSign = new byte[rows];
        this.colSign = new byte[cols];
        this.fixed = new UpdatePulses(rows, cols, bl, rowMasks, colMasks, rowSign, colSign);
        this.drawn = new UpdatePulses(rows, cols, bl, rowMasks, colMasks, rowSign, colSign, bl);
        this.pulses = drawn;
    }

    /** The record the last draw filled (live buffers). */
    public UpdatePulses pulses() {
        return pulses;
    }

    /**
     * Draws the trains for row inputs {@code x} (length rows) and column inputs {@code d} (length cols), all BL slots
     * (no BL management).
     *
     * @param lr    learning rate (weight units per unit x d), finite and > 0
     * @param dwMin nominal step of one coincidence (weight units), > 0
     * @param seed  seed of the uniform stream
     * @return whether any row and any column pulse (false: nothing to apply)
     */
    public boolean draw(double[] x, double[] d, double lr, double dwMin, boolean updateManagement, long seed) {
        return draw(x, d, lr, dwMin, updateManagement, false, seed);
    }

    /**
     * Refuses BL management without update management, which aihwkit turns on with it ({@code
     * PulsedUpdateMetaParameter::initialize}): the shortened trains alone make {@code A max|x| = sqrt(max|x| / max|d|)},
     * above 1 wherever the inputs outrun the errors, and the largest lines, clipped at probability 1, fall short of their
     * update (a row with x = 1 against errors up to 0.3, lr 0.01, dwMin 0.001: 45 % short on average).
     */
    public static void requireUpdateManagement(boolean updateManagement, boolean blManagement) {
        if (blManagement && !updateManagement) {
            throw new InvalidInputException("BL management (key updateBlManagement, --bl-management) needs update management "
                    + "(key updateManagement true), as aihwkit turns it on with BL management: without it the shortened "
                    + "trains clip the pulse probabilities of the largest lines at 1 and their updates fall short; set "
                    + "updateManagement true or updateBlManagement false");
        }
    }

    /**
     * As {@link #draw(double[], double[], double, double, boolean, long)}; with {@code blManagement} the trains use
     * only the first {@link #slots()} slots (see the class comment).
     */
    public boolean draw(double[] x, double[] d, double lr, double dwMin, boolean updateManagement, boolean blManagement,
                        long seed) {
        requireUpdateManagement(updateManagement, blManagement);
        Checks.positive("learning rate", lr, "");
        Checks.positive("dw_min", dwMin, "(weight units)");
        if (x.length < rowMasks.length || d.length < colMasks.length) {
            throw new IllegalArgumentException(x.length + " row and " + d.length + " column inputs for trains of "
                    + rowMasks.length + " x " + colMasks.length);
        }
        double xMax = maxAbs(x, rowMasks.length);
        double dMax = maxAbs(d, colMasks.length);
        slots = bl;
        if (blManagement) {
            double floor = dwMin * dwMin;
            xMax = Math.max(xMax, floor);
            dMax = Math.max(dMax, floor);
            slots = (int) Math.max(1, Math.min(bl, Math.ceil(lr * xMax * dMax / dwMin)));
        }
        double scale = Math.sqrt(lr / (dwMin * slots));
        double a = scale;
        double b = scale;
        if (updateManagement) {
            if (xMax > 0 && dMax > 0) {
                a *= Math.sqrt(dMax / xMax);
                b *= Math.sqrt(xMax / dMax);
            }
        }
        draws++;
        if (a * xMax * b * dMax > SATURATED) { // the largest lines fire in every slot: their steps fall far short
            saturatedDraws++;
        }
        if (drawn.drawnSlots() != slots) {
            drawn = new UpdatePulses(drawn.rows(), drawn.cols(), bl, rowMasks, colMasks, rowSign, colSign, slots);
        }
        pulses = drawn;
        state = seed;
        boolean rowsPulse = train(x, a, rowMasks, rowSign, "x");
        boolean colsPulse = train(d, b, colMasks, colSign, "d");
        return rowsPulse && colsPulse;
    }

    /**
     * Fills deterministic trains instead of drawing: row {@code row} fires in the first {@code max_j |counts[j]|} slots
     * and column j in its first {@code |counts[j]|} slots, with the sign of {@code counts[j]}, so device
     * {@code (row, j)} gets exactly {@code |counts[j]|} coincident pulses and no other device gets any: the write of a
     * digital controller that knows the pulse counts (a buffered transfer). Consumes no random draws.
     *
     * @param counts whole numbers with {@code |counts[j]| <= BL}, length at least cols
     * @return whether any pulse fires
     */
    public boolean fixedCounts(int row, double[] counts) {
        if (row < 0 || row >= rowMasks.length || counts.length < colMasks.length) {
            throw new IllegalArgumentException("row " + row + " of " + rowMasks.length + ", " + counts.length + " counts for "
                    + colMasks.length + " columns");
        }
        int most = 0;
        for (int j = 0; j < colMasks.length; j++) {
            double c = counts[j];
            int n = (int) Math.abs(c);
            if (n != Math.abs(c) || n > bl) {
                throw new IllegalArgumentException("pulse count " + c + " of column " + j + " is not a whole number in [-" + bl
                        + ", " + bl + "]");
            }
            colMasks[j] = UpdatePulses.firstSlots(n);
            colSign[j] = n == 0 ? 0 : (byte) (c > 0 ? 1 : -1);
            most = Math.max(most, n);
        }
        Arrays.fill(rowMasks, 0);
        Arrays.fill(rowSign, (byte) 0);
        rowMasks[row] = UpdatePulses.firstSlots(most);
        rowSign[row] = (byte) (most == 0 ? 0 : 1);
        slots = bl;
        pulses = fixed;
        return most > 0;
    }

    /** The draws ({@link #draw}) so far. */
    public long draws() {
        return draws;
    }

    /**
     * The draws so far whose largest step asked was more than {@link #SATURATED} times the most an update gives: their
     * largest lines fire in every slot, and the steps fall far short of {@code lr x d'}.
     */
    public long saturatedDraws() {
        return saturatedDraws;
    }

    /** Slots the last draw used (BL, or BL' with BL management), 1..BL. */
    public int slots() {
        return slots;
    }

    private boolean train(double[] values, double scale, long[] masks, byte[] signs, String name) {
        boolean any = false;
        final int n = masks.length;
        final int bl = slots;
        final long allSlots = UpdatePulses.firstSlots(bl);
        final long skip = bl * GAMMA;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(name + "[" + i + "] = " + v + " is not a finite number");
            }
            double p = Math.min(1, scale * Math.abs(v));
            long mask;
            if (p == 0) {
                mask = 0;
                state += skip;
            } else if (p >= 1) {
                mask = allSlots;
                state += skip;
            } else {
                // nextDouble() < p  <=>  k = bits >>> 11 < p 2^53  <=>  k < ceil(p 2^53) (k an integer < 2^53);
                // k - t < 0 exactly then, and its sign bit is the slot's bit (no branch)
                long t = (long) Math.ceil(p / DOUBLE_UNIT);
                long st = state;
                mask = 0;
                for (int s = 0; s < bl; s++) {
                    st += GAMMA;
                    mask |= (((mix64(st) >>> 11) - t) >>> 63) << s;
                }
                state = st;
            }
            masks[i] = mask;
            signs[i] = mask == 0 ? 0 : (byte) (v > 0 ? 1 : -1);
            any |= mask != 0;
        }
        return any;
    }

    /** SplitMix64's output function (variant 13 mixer, as in {@link java.util.SplittableRandom}): a bijection of longs. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * How far the largest step asked, {@code lr max|x| max|d|}, exceeds the most an update with update management gives,
     * {@code BL dwMin} (both in weight units): above 1, the largest lines' pulse probabilities ({@link #draw}) are clipped
     * at 1 (they fire in every slot) and the steps fall short of {@code lr x d}, by that factor at the largest.
     */
    public static double saturation(double[] x, double[] d, double lr, double dwMin, int bl) {
        return lr * maxAbs(x, x.length) * maxAbs(d, d.length) / (bl * dwMin);
    }

    private static double maxAbs(double[] v, int n) {
        double m = 0;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, Math.abs(v[k]));
        }
        return m;
    }
}
