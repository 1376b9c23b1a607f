package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.units.InvalidInputException;

/**
 * TTv2, c-TTv2 and AGAD on hand-traced cases: one input and one output (crossbar rows 0 and the bias row 1),
 * symmetric constant-step devices (symmetry point 0, so A's reference is 0 and A reads its device weights), exact
 * reads, and updates of one slot with no update management, so that every pulse probability is 0 or 1: every step
 * below is deterministic and exact.
 */
class BufferedTransferTest {
    private static final double DW = 0.01;
    private static final DeviceModel CONSTANT = new ConstantStepDevice(DW, 1, 1, -1, 1, Variability.NONE);
    private static final TileSpec ONE_SLOT = new TileSpec(CONSTANT, null, ReadOptions.ideal(), 1, false);
    /** No automatic transfer: each test calls {@link ShdTile#transfer()} itself. */
    private static final int NEVER = Integer.MAX_VALUE;

    private static ShdTile tile(BufferedTransfer buffer, double transferLr) {
        return new ShdTile(1, 1, ONE_SLOT, ONE_SLOT, 0, transferLr, NEVER, 0, buffer, 5, BehavioralTile::new);
    }

    /** Reads row 0 of A as {@code v} (bias row 0) at the next transfer. */
    private static void setA(ShdTile tile, double v) {
        tile.fast().setDeviceWeights(new double[] {v, 0});
    }

    @Test
    void ttv2BuffersTheReadsAndWritesOnePulseWhenTheBufferReachesOne() {
        // scale = lr_C / (bufferGranularity dwMin_A) = 0.005 / 0.01 = 0.5 pulses of C per unit read
        ShdTile tile = tile(BufferedTransfer.ttv2(), 0.005);
        setA(tile, 0.8);
        tile.transfer(); // row 0: H = 0.4
        tile.transfer(); // bias row: reads 0
        assertEquals(0.4, tile.bufferState()[0], 1e-15);
        tile.transfer(); // row 0: H = 0.8
        tile.transfer();
        assertEquals(0, tile.slowWeights()[0], 0, "below the threshold nothing is written");
        tile.transfer(); // row 0: H = 1.2 -> one pulse, H = momentum 0.1 * 1.2
        assertEquals(DW, tile.slowWeights()[0], 1e-15, "one pulse of C");
        assertEquals(0.12, tile.bufferState()[0], 1e-15, "forget_buffer: the momentum share of the buffer stays");
        assertEquals(0, tile.slowWeights()[1], 0, "the bias row read 0: no pulse");
    }

    /**
     * A scale that overflows the buffer is refused (transferLearningRate 1e300 with bufferGranularity 1e-300 ran and left
     * NaN in the buffer, whose devices then never wrote again); the largest allowed one still counts finitely.
     */
    @Test
    void aBufferScaleThatOverflowsIsRefused() {
        BufferedTransfer fine = new BufferedTransfer(1e-300, 0.1, true, 0, 0, true, false, 5, 1);
        String msg = assertThrows(InvalidInputException.class, () -> tile(fine, 1e300)).getMessage();
        assertTrue(msg.startsWith("transferLearningRate / (bufferGranularity x dwMin of A) = 1.00e+300 / (1.00e-300 x 0.0100)")
                && msg.contains("raise bufferGranularity or lower transferLearningRate"), msg);
        ShdTile largest = tile(BufferedTransfer.ttv2(), ShdTile.MAX_BUFFER_SCALE * DW); // 1e300 pulses per unit read
        setA(largest, 0.8);
        largest.transfer();
        assertTrue(Double.isFinite(largest.bufferState()[0]), "8e299 pulses: " + largest.bufferState()[0]);
    }

    @Test
    void withoutForgettingTheBufferLosesWhatWasWrittenAndAWriteIsClippedAtTransferBl() {
        BufferedTransfer keep = new BufferedTransfer(1, 0, false, 0, 0, true, false, 5, 2);
        ShdTile tile = tile(keep, 0.035); // scale 3.5
        setA(tile, 1);
        tile.transfer(); // H = 3.5 -> trunc 3, clipped to transferBl = 2 pulses; H = 3.5 - 2 = 1.5
        assertEquals(1.5, tile.bufferState()[0], 1e-15);
        assertEquals(2 * DW, tile.slowWeights()[0], 1e-15, "exactly two pulses");
        assertEquals(0, tile.slowWeights()[1], 0, "on the transferred row only");
    }

    @Test
    void regularChoppersFlipAtTheEndOfEachPeriodAndSignBothTheUpdateAndTheRead() {
        // in_chop_prob 1, regular: period max(ceil(1 / 1), 2) = 2 passes; the flip comes after the read of pass 1
        BufferedTransfer chopped = new BufferedTransfer(1, 0, true, 0, 1, false, false, 5, 1);
        ShdTile tile = tile(chopped, DW); // scale 1
        tile.transfer();
        tile.transfer(); // pass 0 done: no flip
        assertEquals(1, tile.chopper(0), 0);
        tile.transfer();
        tile.transfer(); // pass 1 done: both rows flip
        assertEquals(-1, tile.chopper(0), 0);
        assertEquals(-1, tile.chopper(1), 0);
        tile.update(new double[] {1}, new double[] {1}, DW); // chopped input -1: one pulse down
        assertArrayEquals(new double[] {-DW, -DW}, tile.fast().deviceWeights(), 1e-15, "the bias row's input is chopped too");
        tile.transfer(); // pass 2, row 0: v = -0.01, signal c v = +0.01
        assertEquals(0.01, tile.bufferState()[0], 1e-15, "the read is multiplied by the same sign: the gradient's sign is recovered");
        assertEquals(-1, tile.chopper(0), 0, "(2 mod 2) + 1 != 2: no flip in pass 2");
    }

    @Test
    void randomChoppersFlipAboutInChopProbOfTheReadsAndFollowTheSeed() {
        BufferedTransfer chopped = BufferedTransfer.choppedTtv2(); // random, p = 0.1
        ShdTile tile = tile(chopped, DW);
        int flips = 0;
        double last = 1;
        int reads = 20000;
        for (int k = 0; k < reads; k++) {
            tile.transfer();
            if (tile.chopper(0) != last) {
                flips++;
                last = tile.chopper(0);
            }
        }
        // row 0 is read every other transfer: 10000 reads, 1000 expected flips, binomial std 30
        assertEquals(1000, flips, 100);
        ShdTile again = tile(chopped, DW);
        for (int k = 0; k < reads; k++) {
            again.transfer();
        }
        assertArrayEquals(tile.bufferState(), again.bufferState(), 0, "same seed, same choppers");
    }

    @Test
    void agadReadsAgainstThePreviousPeriodsMeanAndWritesOnlyAfterTheWarmUp() {
        // period 2 (regular, in_chop_prob 1), tail_weightening 5: s = min(5 / 2, 1) = 1, so M is the latest read
        BufferedTransfer agad = new BufferedTransfer(1, 0, true, 0, 1, false, true, 5, 1);
        ShdTile tile = tile(agad, DW); // scale 1
        double[] reads = {0.3, 0.5, 0.2, 0.1, 0.9};
        double[] buffer = {0.3, 0.8, 0, 0.4, 0};
        double[] c = {0, 0, 0, 0, DW};
        double[] chopper = {1, -1, -1, 1, 1};
        for (int pass = 0; pass < reads.length; pass++) {
            setA(tile, reads[pass]);
            tile.transfer();
            tile.transfer();
            // pass 0: H = 0.3; pass 1: H = 0.8, flip; pass 2: P = 0.5, H = 0.8 - (0.2 - 0.5) = 1.1 -> 1 pulse held
            // back (warm-up: pass 2 is not > period 2), H = 0; pass 3: H = -(0.1 - 0.5) = 0.4, flip; pass 4: P = 0.1,
            // H = 0.4 + (0.9 - 0.1) = 1.2 -> one pulse written, H = 0
            assertEquals(buffer[pass], tile.bufferState()[0], 1e-12, "buffer after pass " + pass);
            assertEquals(c[pass], tile.slowWeights()[0], 1e-15, "C after pass " + pass);
            assertEquals(chopper[pass], tile.chopper(0), 0, "chopper after pass " + pass);
        }
    }

    @Test
    void theBufferStateRestoresExactlyAndBadStatesAreRefused() {
        ShdTile tile = tile(BufferedTransfer.agad(), 0.003);
        for (int k = 0; k < 50; k++) {
            setA(tile, 0.01 * (k % 7) - 0.02);
            tile.update(new double[] {k % 3 - 1}, new double[] {1}, DW);
            tile.transfer();
        }
        double[] state = tile.bufferState();
        ShdTile other = tile(BufferedTransfer.agad(), 0.003);
        other.setBufferState(state);
        assertArrayEquals(state, other.bufferState(), 0);
        double[] bad = state.clone();
        bad[2] = 0.5; // a chopper of 0.5
        assertThrows(InvalidInputException.class, () -> other.setBufferState(bad));
        assertThrows(InvalidInputException.class, () -> other.setBufferState(new double[3]));
        assertEquals(null, tile(null, 0.1).bufferState(), "direct transfers have no buffer");
    }

    @Test
    void aReferenceOffsetMakesTheFastArrayReadMinusTheOffsetAtItsSymmetryPoint() {
        DeviceModel soft = new SoftBoundsDevice(0.001, 1, 1, -1, 1, Variability.NONE);
        TileSpec spec = TileSpec.ideal(soft);
        ShdTile exact = new ShdTile(30, 40, spec, spec, 0, 0.1, 1, 0, null, 8, BehavioralTile::new);
        assertArrayEquals(new double[31 * 40], exact.fastWeights(), 0, "no offset: A reads 0");
        ShdTile offset = new ShdTile(30, 40, spec, spec, 0, 0.1, 1, 0.2, null, 8, BehavioralTile::new);
        assertArrayEquals(exact.fast().deviceWeights(), offset.fast().deviceWeights(), 0, "the devices sit at their symmetry points");
        double[] reads = offset.fastWeights();
        double sum = 0;
        double squares = 0;
        for (double r : reads) {
            sum += r;
            squares += r * r;
        }
        double mean = sum / reads.length;
        double std = Math.sqrt(squares / reads.length - mean * mean);
        assertEquals(0, mean, 0.02, "1240 draws: the mean's std is 0.2 / sqrt(1240) = 0.006");
        assertEquals(0.2, std, 0.015, "the drawn offsets have the asked spread");
        ShdTile otherSeed = new ShdTile(30, 40, spec, spec, 0, 0.1, 1, 0.2, null, 9, BehavioralTile::new);
        assertNotEquals(reads[0], otherSeed.fastWeights()[0], "offsets follow the seed");
    }

    @Test
    void badSettingsAreRefusedNamingTheParameter() {
        String message = assertThrows(InvalidInputException.class,
                () -> new BufferedTransfer(1, 1.5, true, 0, 0.1, true, false, 5, 1)).getMessage();
        assertTrue(message.contains("momentum"), message);
        message = assertThrows(InvalidInputException.class,
                () -> new BufferedTransfer(1, 0, true, 0, 0, false, true, 5, 1)).getMessage();
        assertTrue(message.contains("inChopProb"), message);
        message = assertThrows(InvalidInputException.class,
                () -> new ShdTile(1, 1, ONE_SLOT, ONE_SLOT, 0.1, 0.1, 1, 0, BufferedTransfer.ttv2(), 1, BehavioralTile::new))
                .getMessage();
        assertTrue(message.contains("gamma"), message);
    }
}
