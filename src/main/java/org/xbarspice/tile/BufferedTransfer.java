package org.xbarspice.tile;

import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * The digital buffer between the fast array A and the weights C of Tiki-Taka version 2 and its chopped and dynamic
 * variants (Gokmen 2021; Rasch et al. 2023), as IBM aihwkit's {@code BufferedTransferCompound} (TTv2),
 * {@code ChoppedTransferCompound} (c-TTv2) and {@code DynamicTransferCompound} (AGAD). Each field is the aihwkit
 * parameter of the same name, camel-cased; {@link ShdTile} applies them (its class comment gives the algorithm). A
 * write fires exactly the buffer's pulse counts, so aihwkit's {@code step} (the probability scale of its stochastic
 * write) has no counterpart; above one slot, aihwkit's write gives fewer pulses than the count on average (README).
 *
 * @param bufferGranularity aihwkit {@code buffer_granularity} (TTv2: {@code thres_scale}): the buffer counts A's reads
 *                          in units of {@code bufferGranularity * dwMin_A}, so one unit of buffer is one pulse on C;
 *                          finite, > 0, default 1, as aihwkit's chopped and dynamic compounds count; its TTv2 counts
 *                          in units of {@code thres_scale * dwMin_C} (the same where A and C share their device)
 * @param momentum          aihwkit {@code momentum}: the share of a written buffer value that stays on the buffer; in
 *                          [0, 1], default 0.1 (TTv2) or 0 (c-TTv2, AGAD)
 * @param forgetBuffer      aihwkit {@code forget_buffer}: after a write, the buffer becomes {@code momentum} times
 *                          itself (true, default) instead of losing {@code (1 - momentum)} times what was written
 * @param bufferCap         aihwkit {@code buffer_cap} (AGAD; applies with {@code forgetBuffer} false): the buffer is
 *                          clipped to {@code +-bufferCap * transferBl}; 0 (default) for no cap; finite, >= 0
 * @param inChopProb        aihwkit {@code in_chop_prob}: probability (random choppers) or frequency (regular choppers:
 *                          period {@code max(ceil(1 / p), 2)} passes over the rows) of a sign flip of a row's input
 *                          chopper after its read; 0 for TTv2 (no choppers), default 0.1 for c-TTv2 and AGAD; in [0, 1]
 * @param inChopRandom      aihwkit {@code in_chop_random}: random (true, c-TTv2's default) or regular (false, AGAD's
 *                          default) chopper flips; AGAD flips regularly in any case and, when true, also at random
 * @param dynamic           AGAD: the reference of every read is the running mean of A's reads over the row's previous
 *                          chopper period, not A's fixed reference
 * @param tailWeightening   aihwkit {@code tail_weightening} (AGAD): the running mean weights each new read by
 *                          {@code min(tailWeightening / period, 1)}; finite, > 0, default 5
 * @param transferBl        aihwkit {@code transfer_update.desired_bl}: pulse slots of the write onto C, which is also
 *                          the most pulses one write gives a device; 1..{@value UpdatePulses#MAX_BL}, default 1
 */
public record BufferedTransfer(double bufferGranularity, double momentum, boolean forgetBuffer,
                               double bufferCap, double inChopProb, boolean inChopRandom, boolean dynamic,
                               double tailWeightening, int transferBl) {

    public BufferedTransfer {
        Checks.positive("bufferGranularity", bufferGranularity, "(units of dwMin of A)");
        Checks.inRange("momentum", momentum, 0, 1, "(dimensionless)");
        Checks.nonNegative("bufferCap", bufferCap, "(units of transferBl)");
        Checks.inRange("inChopProb", inChopProb, 0, 1, "(dimensionless)");
        Checks.positive("tailWeightening", tailWeightening, "(dimensionless)");
        Checks.inRange("transferBl", transferBl, 1, UpdatePulses.MAX_BL);
        if (dynamic && inChopProb == 0) {
            throw new InvalidInputException("inChopProb = 0 is not allowed with AGAD: its reference comes from the chopper "
                    + "periods; give inChopProb in (0, 1] (aihwkit's default 0.1)");
        }
    }

    /** TTv2 (aihwkit {@code BufferedTransferCompound} defaults): no choppers, momentum 0.1. */
    public static BufferedTransfer ttv2() {
        return new BufferedTransfer(1, 0.1, true, 0, 0, true, false, 5, 1);
    }

    /** Chopped TTv2 (aihwkit {@code ChoppedTransferCompound} defaults): random choppers with probability 0.1. */
    public static BufferedTransfer choppedTtv2() {
        return new BufferedTransfer(1, 0, true, 0, 0.1, true, false, 5, 1);
    }

    /** AGAD (aihwkit {@code DynamicTransferCompound} defaults): regular choppers every 10 passes, tail weighting 5. */
    public static BufferedTransfer agad() {
        return new BufferedTransfer(1, 0, true, 0, 0.1, false, true, 5, 1);
    }

    /** Whether A's inputs and reads are chopped ({@code inChopProb > 0}). */
    public boolean chopped() {
        return inChopProb > 0;
    }

    /** The regular chopper period in passes over the rows, {@code max(ceil(1 / inChopProb), 2)}; 2 without choppers. */
    public int chopperPeriod() {
        return inChopProb > 0 ? (int) Math.max(Math.ceil(1 / inChopProb), 2) : 2;
    }
}
