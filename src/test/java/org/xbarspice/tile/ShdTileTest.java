package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.units.InvalidInputException;

class ShdTileTest {
    /** Asymmetric scales: every device of A has its own symmetry point, not 0. */
    private static final DeviceModel ASYMMETRIC = new SoftBoundsDevice(0.001, 1.3, 0.7, -1, 1, new Variability(0.2, 0.2, 0.2, 0));
    private static final DeviceModel IDEALIZED = DevicePresets.load("idealized").model();

    @Test
    void fastArrayStartsAtItsSymmetryPointsAndTheNetworkReadsC() {
        ShdTile tile = new ShdTile(6, 4, TileSpec.ideal(ASYMMETRIC), TileSpec.ideal(ASYMMETRIC), 0, 0.1, 1, 3);
        double[] sp = tile.fast().devices().symmetryPoints();
        assertTrue(Arrays.stream(sp).anyMatch(v -> Math.abs(v) > 0.1), "asymmetric devices: symmetry points away from 0");
        assertArrayEquals(sp, tile.fast().deviceWeights(), 0, "A starts at its symmetry points");
        assertArrayEquals(new double[28], tile.fastWeights(), 0, "and reads 0 against them");
        double[] c = new SplittableRandom(1).doubles(28, -0.4, 0.4).toArray();
        tile.slow().program(c);
        assertArrayEquals(c, tile.readWeights(), 0, "gamma = 0: W = C");
        double[] x = {0.3, -1, 0.5, 0.2, 0.9, -0.7};
        double[] y = new double[4];
        double[] expected = new double[4];
        tile.forward(x, y);
        tile.slow().forward(x, expected);
        assertArrayEquals(expected, y, 0);
        double[] delta = new double[6];
        double[] expectedDelta = new double[6];
        tile.backward(new double[] {1, -1, 0.5, 0.1}, delta);
        tile.slow().backward(new double[] {1, -1, 0.5, 0.1}, expectedDelta);
        assertArrayEquals(expectedDelta, delta, 0);
    }

    /**
     * PHYSICS.md section 3 transfers v = A e_k, k over the inputs: here crossbar row k (input k, the bias row last).
     * With exact reads and an idealized C, C's row k moves by lr_C v on average and no other row moves.
     */
    @Test
    void aTransferMovesRowKOfAOntoRowKOfC() {
        int n = 3;
        int m = 40;
        ShdTile tile = new ShdTile(n, m, TileSpec.ideal(ASYMMETRIC), new TileSpec(IDEALIZED, null, ReadOptions.ideal(), 64, true),
                0, 0.05, 1, 9); // lr_C small enough that no pulse probability is clipped at 1
        double[] a = new double[(n + 1) * m];
        SplittableRandom rng = new SplittableRandom(2);
        for (int k = 0; k < a.length; k++) {
            a[k] = 0.4 * (2 * rng.nextDouble() - 1);
        }
        tile.fast().program(a);
        assertArrayEquals(a, tile.fastWeights(), 1e-15);
        double[] start = tile.slowWeights();
        for (int k = 0; k <= n; k++) {
            assertEquals(k, tile.nextTransferRow());
            double[] before = tile.slowWeights();
            tile.transfer();
            double[] after = tile.slowWeights();
            for (int i = 0; i <= n; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != k) {
                        assertEquals(before[i * m + j], after[i * m + j], 0, "row " + i + " is not transferred now");
                    }
                }
            }
        }
        // all devices of row k share one row pulse train, so one transfer moves the row by lr_C v times a common
        // random factor; over 20 cycles the mean move is lr_C v within a few percent
        int cycles = 20;
        for (int c = 1; c < cycles; c++) {
            for (int k = 0; k <= n; k++) {
                tile.transfer();
            }
        }
        double[] end = tile.slowWeights();
        for (int i = 0; i <= n; i++) {
            double sxy = 0;
            double sxx = 0;
            for (int j = 0; j < m; j++) {
                double moved = end[i * m + j] - start[i * m + j];
                double requested = cycles * 0.05 * a[i * m + j];
                assertTrue(moved * requested >= 0, "moves with A");
                sxy += moved * requested;
                sxx += requested * requested;
            }
            // measured slopes 0.975-1.016 over the rows (2026-12-04); a regression bound
            assertEquals(1, sxy / sxx, 0.04, "row " + i + ": C moved by lr_C v per transfer");
        }
        assertEquals(0, tile.nextTransferRow(), "wraps around after the bias row");
        assertEquals(cycles * (n + 1), tile.transfers());
        assertArrayEquals(a, tile.fastWeights(), 1e-15, "a transfer does not change A");
    }

    @Test
    void transfersHappenEveryTransferEveryUpdates() {
        ShdTile tile = new ShdTile(4, 3, TileSpec.ideal(ASYMMETRIC), TileSpec.ideal(ASYMMETRIC), 0, 0.1, 3, 1);
        double[] x = {1, 0.5, -0.5, 0.2};
        double[] d = {0.3, -0.2, 0.1};
        for (int u = 1; u <= 10; u++) {
            double[] aBefore = tile.fastWeights();
            tile.update(x, d, 0.1);
            assertNotEquals(Arrays.toString(aBefore), Arrays.toString(tile.fastWeights()), "each update pulses A");
            assertEquals(u / 3, tile.transfers(), "after " + u + " updates");
            assertEquals(u % 3, tile.updatesSinceTransfer());
        }
        tile.setTransferState(2, 1, 7);
        assertEquals(2, tile.nextTransferRow());
        assertThrows(InvalidInputException.class, () -> tile.setTransferState(5, 0, 0));
        assertThrows(InvalidInputException.class, () -> tile.setTransferState(0, 3, 0));
    }

    /** Tiki-Taka: the network reads C + gamma (A - A_sp), in one read. */
    @Test
    void tikiTakaReadsTheWeightedSum() {
        ShdTile tile = new ShdTile(5, 3, TileSpec.ideal(ASYMMETRIC), TileSpec.ideal(ASYMMETRIC), 0.25, 0.1, 1, 4);
        SplittableRandom rng = new SplittableRandom(5);
        double[] a = rng.doubles(18, -0.3, 0.3).toArray();
        double[] c = rng.doubles(18, -0.3, 0.3).toArray();
        tile.fast().program(a);
        tile.slow().program(c);
        double[] w = tile.readWeights();
        for (int k = 0; k < w.length; k++) {
            assertEquals(c[k] + 0.25 * a[k], w[k], 1e-15);
        }
        double[] x = {0.1, 0.2, -0.3, 0.4, -0.5};
        double[] y = new double[3];
        tile.forward(x, y);
        for (int j = 0; j < 3; j++) {
            double e = w[15 + j];
            for (int i = 0; i < 5; i++) {
                e += w[i * 3 + j] * x[i];
            }
            assertEquals(e, y[j], 1e-14);
        }
        double[] d = {0.5, -1, 0.25};
        double[] delta = new double[5];
        tile.backward(d, delta);
        for (int i = 0; i < 5; i++) {
            double e = 0;
            for (int j = 0; j < 3; j++) {
                e += w[i * 3 + j] * d[j];
            }
            assertEquals(e, delta[i], 1e-14);
        }
    }

    @Test
    void badParametersAreRejected() {
        TileSpec spec = TileSpec.ideal(ASYMMETRIC);
        assertThrows(InvalidInputException.class, () -> new ShdTile(2, 2, spec, spec, -0.1, 0.1, 1, 1));
        assertThrows(InvalidInputException.class, () -> new ShdTile(2, 2, spec, spec, 0, 0, 1, 1));
        assertThrows(InvalidInputException.class, () -> new ShdTile(2, 2, spec, spec, 0, 0.1, 0, 1));
    }
}
