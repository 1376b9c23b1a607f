package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.Variability;

/**
 * SHD, Tiki-Taka v1 and c-TTv2 on a 1 x 1 tile, traced by hand through {@link ShdTile#update} (not by programming A):
 * symmetric constant-step devices (dwMin 0.01, bounds +-1, symmetry point 0), exact reads, one slot with update
 * management, and rates with {@code lr max|x| max|d| = dwMin}, so that both pulse probabilities are 1 and every step is
 * exactly one pulse (PHYSICS.md section 3: A accumulates {@code lr_A x d}, d = -gradient; a transfer adds
 * {@code lr_C (A - A_sp)} of the row to C).
 */
class TrainingRulesHandTraceTest {
    private static final double DW = 0.01;
    private static final DeviceModel CONSTANT = new ConstantStepDevice(DW, 1, 1, -1, 1, Variability.NONE);
    private static final TileSpec ONE_SLOT_UM = new TileSpec(CONSTANT, null, ReadOptions.ideal(), 1, true);

    @Test
    void shdMovesCWithTheSignOfAOneRowPerTransfer() {
        // lr_A = 0.01 with x = 1 (and the bias row's 1), |d| = 1: one pulse on A's row 0 and bias row per update.
        // lr_C = 1 with a read of 0.01: one pulse on C; a transfer every update, rows 0, bias, 0, bias, 0.
        ShdTile tile = new ShdTile(1, 1, ONE_SLOT_UM, ONE_SLOT_UM, 0, 1.0, 1, 7);
        double[] d = {1, 1, -1, -1, -1};
        double[] a = {0.01, 0.02, 0.01, 0, -0.01};
        double[] c0 = {0.01, 0.01, 0.02, 0.02, 0.01}; // row 0 transferred after updates 1, 3, 5
        double[] cBias = {0, 0.01, 0.01, 0.01, 0.01}; // the bias row after update 2 (A read 0.02: one pulse, the most
                                                       // one slot gives), after update 4 (A read 0: none)
        for (int t = 0; t < d.length; t++) {
            tile.update(new double[] {1}, new double[] {d[t]}, DW);
            assertArrayEquals(new double[] {a[t], a[t]}, tile.fastWeights(), 1e-12, "A after update " + (t + 1));
            assertArrayEquals(new double[] {c0[t], cBias[t]}, tile.slowWeights(), 1e-12, "C after update " + (t + 1));
            double[] y = new double[1];
            tile.forward(new double[] {1}, y);
            assertEquals(c0[t] + cBias[t], y[0], 1e-12, "SHD's network reads W = C (x = 1, bias 1)");
        }
    }

    @Test
    void tikiTakaReadsCPlusGammaAAndTransfersAsShd() {
        ShdTile tile = new ShdTile(1, 1, ONE_SLOT_UM, ONE_SLOT_UM, 0.5, 1.0, 1, 7);
        tile.update(new double[] {1}, new double[] {-1}, DW); // A = -0.01 (both rows); row 0 -> C = -0.01
        assertArrayEquals(new double[] {-0.01, 0}, tile.slowWeights(), 1e-12);
        double[] y = new double[1];
        tile.forward(new double[] {2}, y); // 2 (C_0 + A_0 / 2) + (C_b + A_b / 2)
        assertEquals(2 * (-0.01 - 0.005) + (0 - 0.005), y[0], 1e-12);
        double[] delta = new double[1];
        tile.backward(new double[] {3}, delta); // 3 (C_0 + A_0 / 2)
        assertEquals(3 * (-0.015), delta[0], 1e-12);
    }

    @Test
    void choppedTtv2FlipsTheSignOfAsUpdatesAndOfItsReadsTogether() {
        // regular choppers (in_chop_prob 1: period 2 passes, flip after a row's read in odd passes); scale = lr_C /
        // dwMin_A = 0.5 / 0.01 = 50 pulses of C per unit read, 0.5 per read of 0.01
        BufferedTransfer chopped = new BufferedTransfer(1, 0, true, 0, 1, false, false, 5, 1);
        ShdTile tile = new ShdTile(1, 1, ONE_SLOT_UM, ONE_SLOT_UM, 0, 0.5, 1, 0, chopped, 7, BehavioralTile::new);
        // pass 0: update (c = +1): A = +0.01; row 0 read 0.01 -> H = 0.5; update: A = 0.02 (bias 0.02); bias read -> H_b = 1
        // -> one pulse on C's bias row, H_b = 0
        tile.update(new double[] {1}, new double[] {1}, DW);
        tile.update(new double[] {1}, new double[] {1}, DW);
        assertEquals(0.5, tile.bufferState()[0], 1e-12);
        assertArrayEquals(new double[] {0, DW}, tile.slowWeights(), 1e-12);
        // pass 1: update: A = 0.03; row 0 read -> H = 0.5 + 1.5 = 2 -> one pulse (transferBl 1), H = 0; flip row 0
        tile.update(new double[] {1}, new double[] {1}, DW);
        assertEquals(DW, tile.slowWeights()[0], 1e-12);
        assertEquals(-1, tile.chopper(0), 0);
        // update 4 (c_0 = -1, c_b still +1): A_0 0.03 -> 0.02, A_b 0.03 -> 0.04; bias read of pass 1 -> H_b = 2 -> one
        // pulse, and c_b flips. Update 5 (both -1): the same gradient (d = +1) now pulses A down: A_0 = 0.01, A_b = 0.03;
        // row 0 read in pass 2: c_0 v = -0.01 -> H_0 = -0.5, no pulse
        tile.update(new double[] {1}, new double[] {1}, DW);
        assertEquals(-1, tile.chopper(1), 0);
        assertArrayEquals(new double[] {DW, 2 * DW}, tile.slowWeights(), 1e-12);
        tile.update(new double[] {1}, new double[] {1}, DW);
        assertArrayEquals(new double[] {0.01, 0.03}, tile.fastWeights(), 1e-12);
        assertEquals(-0.5, tile.bufferState()[0], 1e-12, "the chopped read is multiplied back by c_0 = -1");
        assertArrayEquals(new double[] {DW, 2 * DW}, tile.slowWeights(), 1e-12);
    }

    @Test
    void aTwoByTwoShdTileAccumulatesXdTransposeOnAAndMovesRowKOfAOntoRowKOfC() {
        // 2 inputs, 2 outputs: crossbar rows 0, 1 and the bias row 2, columns 0 and 1, row-major [3][2]
        ShdTile tile = new ShdTile(2, 2, ONE_SLOT_UM, ONE_SLOT_UM, 0, 1.0, Integer.MAX_VALUE, 7);
        // x = (1, 0), d = (1, -1), lr 0.01: A_ij += lr x_i d_j; the bias row (input 1) gets d too
        tile.update(new double[] {1, 0}, new double[] {1, -1}, DW);
        assertArrayEquals(new double[] {DW, -DW, 0, 0, DW, -DW}, tile.fastWeights(), 1e-12);
        // x = (0, -1), d = (0, 1): A_11 -= lr, the bias row's column 1 += lr
        tile.update(new double[] {0, -1}, new double[] {0, 1}, DW);
        assertArrayEquals(new double[] {DW, -DW, 0, -DW, DW, 0}, tile.fastWeights(), 1e-12);
        tile.transfer(); // row 0: v = (0.01, -0.01), lr_C = 1 -> C_00 += 0.01, C_01 -= 0.01
        assertArrayEquals(new double[] {DW, -DW, 0, 0, 0, 0}, tile.slowWeights(), 1e-12);
        tile.transfer(); // row 1: v = (0, -0.01)
        assertArrayEquals(new double[] {DW, -DW, 0, -DW, 0, 0}, tile.slowWeights(), 1e-12);
        tile.transfer(); // bias row: v = (0.01, 0)
        assertArrayEquals(new double[] {DW, -DW, 0, -DW, DW, 0}, tile.slowWeights(), 1e-12);
        assertEquals(0, tile.nextTransferRow(), "k <- (k + 1) mod (N + 1)");
        double[] y = new double[2];
        tile.forward(new double[] {2, 3}, y); // y_j = sum_i x_i C_ij + C_bias,j
        assertArrayEquals(new double[] {2 * DW + DW, -2 * DW - 3 * DW}, y, 1e-12);
        double[] delta = new double[2];
        tile.backward(new double[] {5, 7}, delta); // delta_i = sum_j C_ij d_j (no bias)
        assertArrayEquals(new double[] {5 * DW - 7 * DW, -7 * DW}, delta, 1e-12);
    }
}
