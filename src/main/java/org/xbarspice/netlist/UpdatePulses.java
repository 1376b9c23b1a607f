package org.xbarspice.netlist;

import java.util.ArrayList;
import java.util.List;

/**
 * The stochastic pulse trains of one fully parallel update (PHYSICS.md section 2), drawn once and then
 * applied by every engine, so the SPICE and behavioral paths see the same coincidences.
 *
 * <p>To apply W_ij += lr x_i d_j, row i carries a train of BL slots with a pulse in each slot with
 * probability p_i = min(1, A |x_i|), column j with q_j = min(1, B |d_j|), A = B = sqrt(lr / (dw_min BL));
 * where pulses coincide the device takes one step in the direction sign(x_i d_j), so the expected change
 * is lr x_i d_j while the probabilities stay below 1. Update management rescales A by
 * sqrt(max|d| / max|x|) and B by the inverse, which leaves A B unchanged.
 *
 * <p>Electrically (V/2 scheme) a coincidence needs the row at +Vp/2 and the column at -Vp/2 (up) or the
 * reverse (down), so one slot can program a row in one direction only. The update therefore runs in
 * {@link Phase}s: up (x > 0 with d > 0, then x < 0 with d < 0), then down (x > 0 with d < 0, then x < 0 with
 * d > 0); phases without active rows or columns are skipped. Every row and column reuses its own train
 * in each phase it takes part in.
 *
 * @param rows      N
 * @param cols      M
 * @param bl        pulse slots per train, 1..64
 * @param rowMasks  bit s set = row i pulses in slot s
 * @param colMasks  bit s set = column j pulses in slot s
 * @param rowSign   sign of x_i: +1, -1 or 0 (no pulses)
 * @param colSign   sign of d_j: +1, -1 or 0
 * @param drawnSlots for trains drawn line by line with every slot's pulse independent ({@link PulseTrainDrawer#draw}):
 *                  the number of leading slots they were drawn over (BL, or BL' with BL management), so that two lines
 *                  with n_a and n_b pulses fire together in n_a n_b / drawnSlots slots in expectation; 0 for trains
 *                  set otherwise (fixed counts, by hand), whose coincidences follow no such law
 */
public record UpdatePulses(int rows, int cols, int bl, long[] rowMasks, long[] colMasks, byte[] rowSign, byte[] colSign,
                           int drawnSlots) {
    /** Longest train: one bit per slot in a long. */
    public static final int MAX_BL = 64;

    public UpdatePulses {
        if (drawnSlots < 0 || drawnSlots > bl) {
            throw new IllegalArgumentException("drawn slots " + drawnSlots + " outside 0.." + bl);
        }
    }

    /** Trains set slot by slot, not drawn ({@code drawnSlots} 0). */
    public UpdatePulses(int rows, int cols, int bl, long[] rowMasks, long[] colMasks, byte[] rowSign, byte[] colSign) {
        this(rows, cols, bl, rowMasks, colMasks, rowSign, colSign, 0);
    }

    /**
     * The slots the trains run over: {@code drawnSlots} for trains drawn over fewer than BL (BL' of BL management, whose
     * later slots are empty and not driven), else BL.
     */
    public int slotsRun() {
        return drawnSlots > 0 ? drawnSlots : bl;
    }

    /** The mask of slots 0 .. n-1 (n in 0..{@value #MAX_BL}). */
    public static long firstSlots(int n) {
        return n == MAX_BL ? -1L : (1L << n) - 1;
    }

    /**
     * One polarity phase: rows with sign {@code rowSign} and columns with sign {@code colSign} pulse; the
     * coincidences step up when {@code up}.
     */
    public record Phase(boolean up, int rowSign, int colSign) {
        /** Voltage of an active row during a pulse in this phase (V): +Vp/2 up, -Vp/2 down. */
        public double rowVolt(double vp) {
            return up ? vp / 2 : -vp / 2;
        }

        /** Voltage of an active column during a pulse in this phase (V): -Vp/2 up, +Vp/2 down. */
        public double colVolt(double vp) {
            return -rowVolt(vp);
        }
    }

    private static final List<Phase> ALL_PHASES = List.of(new Phase(true, 1, 1), new Phase(true, -1, -1),
            new Phase(false, 1, -1), new Phase(false, -1, 1));
    /** Bits 0 and 2 of a {@link #signs} mask: signs -1 and +1. */
    private static final int NONZERO = 0b101;

    /**
     * Draws the trains for inputs {@code x} (length N, rows) and errors {@code d} (length M, columns).
     *
     * @param lr    learning rate (weight units per unit x d)
     * @param dwMin nominal step of one coincidence (weight units)
     */
    public static UpdatePulses draw(double[] x, double[] d, double lr, double dwMin, int bl, boolean updateManagement,
                                    long seed) {
        return draw(x, d, lr, dwMin, bl, updateManagement, false, seed);
    }

    /**
     * As {@link #draw(double[], double[], double, double, int, boolean, long)}, with BL management when
     * {@code blManagement} (see {@link PulseTrainDrawer}).
     */
    public static UpdatePulses draw(double[] x, double[] d, double lr, double dwMin, int bl, boolean updateManagement,
                                    boolean blManagement, long seed) {
        PulseTrainDrawer drawer = new PulseTrainDrawer(x.length, d.length, bl);
        drawer.draw(x, d, lr, dwMin, updateManagement, blManagement, seed);
        return drawer.pulses();
    }

    /** Number of coincident pulses at crosspoint (i, j). */
    public int coincidences(int i, int j) {
        return Long.bitCount(rowMasks[i] & colMasks[j]);
    }

    /** +1 when crosspoint (i, j) steps up, -1 down, 0 when its row or column never pulses. */
    public int direction(int i, int j) {
        return rowSign[i] * colSign[j];
    }

    /** The phases that have at least one active row and one active column, in order. */
    public List<Phase> phases() {
        int rowSigns = signs(rowSign);
        int colSigns = signs(colSign);
        List<Phase> out = new ArrayList<>(4);
        for (Phase p : ALL_PHASES) {
            if ((rowSigns >> (p.rowSign() + 1) & 1) != 0 && (colSigns >> (p.colSign() + 1) & 1) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** The number of {@link #phases()}, without the list: every row sign present meets every column sign present. */
    public int phaseCount() {
        return Integer.bitCount(signs(rowSign) & NONZERO) * Integer.bitCount(signs(colSign) & NONZERO);
    }

    /** The signs present in {@code signs}, as a mask (bit s + 1 for sign s), in one pass that ends when both are found. */
    private static int signs(byte[] signs) {
        int present = 0;
        for (byte s : signs) {
            present |= 1 << (s + 1);
            if ((present & NONZERO) == NONZERO) {
                break;
            }
        }
        return present;
    }

    /** One pulse slot: slot {@code index} (0..BL-1) of {@code phase}. */
    public record Slot(Phase phase, int index) {
    }

    /** The slots, phase by phase, in which at least one crosspoint sees a coincidence. */
    public List<Slot> activeSlots() {
        return slots(this::activeSlotMask);
    }

    /**
     * The slots, phase by phase, in which any line fires: the active slots and those in which only rows or only
     * columns pulse (their half-selected devices dissipate power but do not move). What an update's energy counts.
     */
    public List<Slot> firingSlots() {
        return slots(this::firingSlotMask);
    }

    /**
     * The {@link #firingSlots()}, the active ones first in their order, then those in which nothing moves: an update that
     * counts its energy over them solves its active slots as one that does not (ngspice starts each point of a sweep
     * from the one before, and a transient's steps follow its sources).
     */
    public List<Slot> firingSlotsActiveFirst() {
        List<Slot> out = activeSlots();
        out.addAll(idleSlots());
        return out;
    }

    /**
     * The slots, phase by phase, in which lines fire but no crosspoint sees a coincidence (only rows or only columns
     * pulse): no device moves in them (Vp/2 stays below both thresholds), their half-selected devices only dissipate.
     */
    public List<Slot> idleSlots() {
        return slots(p -> firingSlotMask(p) & ~activeSlotMask(p));
    }

    /** The slots of each phase's {@code mask}, phase by phase. */
    private List<Slot> slots(java.util.function.ToLongFunction<Phase> mask) {
        List<Slot> out = new ArrayList<>();
        for (Phase p : phases()) {
            long bits = mask.applyAsLong(p);
            for (int s = 0; s < bl; s++) {
                if ((bits >>> s & 1) != 0) {
                    out.add(new Slot(p, s));
                }
            }
        }
        return out;
    }

    /**
     * The slots of {@code phase} in which at least one crosspoint sees a coincidence, as a mask (bit s = slot s): some
     * row of the phase's row sign and some column of its column sign pulse.
     */
    public long activeSlotMask(Phase phase) {
        return rowSlotMask(phase) & colSlotMask(phase);
    }

    /**
     * The slots of {@code phase} in which some line fires, as a mask (bit s = slot s): some row of the phase's row sign or
     * some column of its column sign pulses.
     */
    public long firingSlotMask(Phase phase) {
        return rowSlotMask(phase) | colSlotMask(phase);
    }

    /** The slots of {@code phase} in which some row of its row sign pulses (bit s = slot s). */
    private long rowSlotMask(Phase phase) {
        long rowsAny = 0;
        for (int i = 0; i < rows; i++) {
            if (rowSign[i] == phase.rowSign()) {
                rowsAny |= rowMasks[i];
            }
        }
        return rowsAny;
    }

    /** The slots of {@code phase} in which some column of its column sign pulses (bit s = slot s). */
    private long colSlotMask(Phase phase) {
        long colsAny = 0;
        for (int j = 0; j < cols; j++) {
            if (colSign[j] == phase.colSign()) {
                colsAny |= colMasks[j];
            }
        }
        return colsAny;
    }

    /** Source voltage of row i in a slot (V): the phase's row voltage while it pulses, else 0. */
    public double rowVolt(Slot slot, int i, double vp) {
        return rowPulses(slot.phase(), i, slot.index()) ? slot.phase().rowVolt(vp) : 0;
    }

    /** Source voltage of column j in a slot (V). */
    public double colVolt(Slot slot, int j, double vp) {
        return colPulses(slot.phase(), j, slot.index()) ? slot.phase().colVolt(vp) : 0;
    }

    /** Whether row i pulses in slot s of phase p. */
    public boolean rowPulses(Phase p, int i, int s) {
        return rowSign[i] == p.rowSign() && (rowMasks[i] >>> s & 1) != 0;
    }

    /** Whether column j pulses in slot s of phase p. */
    public boolean colPulses(Phase p, int j, int s) {
        return colSign[j] == p.colSign() && (colMasks[j] >>> s & 1) != 0;
    }
}
