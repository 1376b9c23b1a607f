package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/** The plain (ideal-wire) stochastic update kernel. */
class PulseUpdaterTest {

    static double[] uniform(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = -1 + 2 * rng.nextDouble();
        }
        return v;
    }

    /** A soft-bounds array with device-to-device spread and the given cycle-to-cycle spread. */
    static DeviceArray softBounds(int rows, int cols, double dwMinStd, long seed) {
        return DeviceArray.sample(new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.1, 0.1, dwMinStd)),
                rows, cols, seed);
    }

    /**
     * Idealized symmetric constant-step device (dwMin 0.001, bounds +-1, no noise), 8 x 8, BL 31, lr 0.01, x and d
     * uniform in [-1, 1] (both signs, every probability below 1), 2000 updates from seeds 0..1999 each on a fresh
     * zero weight: the mean change of every crosspoint equals lr x_i d_j within 4 standard errors, the error from
     * the binomial variance dwMin^2 BL p_i q_j (1 - p_i q_j) of its coincidence count; and the 64 squared
     * z-scores add up to at most 64 + 5 sqrt(128).
     */
    @Test
    void meanUpdateIsLrTimesOuterProduct() {
        int rows = 8;
        int cols = 8;
        int bl = 31;
        double lr = 0.01;
        double dwMin = 0.001;
        int repetitions = 2000;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = uniform(rng, rows);
        double[] d = uniform(rng, cols);
        DeviceArray array = DeviceArray.sample(new ConstantStepDevice(dwMin, 1, 1, -1, 1, Variability.NONE), rows, cols, 1);
        PulseUpdater updater = new PulseUpdater(array, 3);
        double[] sum = new double[rows * cols];
        for (int rep = 0; rep < repetitions; rep++) {
            for (int k = 0; k < rows * cols; k++) {
                array.setWeight(k, 0);
            }
            updater.apply(UpdatePulses.draw(x, d, lr, dwMin, bl, false, rep));
            for (int k = 0; k < rows * cols; k++) {
                sum[k] += array.weight(k);
            }
        }
        double scale = Math.sqrt(lr / (dwMin * bl));
        double chi2 = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double p = scale * Math.abs(x[i]);
                double q = scale * Math.abs(d[j]);
                assertTrue(p < 1 && q < 1, "no probability is clipped");
                double mean = sum[i * cols + j] / repetitions;
                double expected = lr * x[i] * d[j];
                double stdError = dwMin * Math.sqrt(bl * p * q * (1 - p * q) / repetitions);
                assertEquals(expected, mean, 4 * stdError, "mean change of crosspoint (" + i + ", " + j + ")");
                double z = (mean - expected) / stdError;
                chi2 += z * z;
            }
        }
        assertTrue(chi2 < 64 + 5 * Math.sqrt(128), "sum of squared z-scores " + chi2);
    }

    /**
     * The documented order (rows ascending; in a row the columns with d > 0, then d &lt; 0; round by round, columns
     * ascending within a round), one draw of a ziggurat seeded like the updater per pulse, reproduced by hand with
     * DeviceArray.pulse; same seed same weights, another seed other weights, and the noise does change them.
     */
    @Test
    void sameSeedSameResultWithCycleToCycleNoise() {
        int rows = 12;
        int cols = 9;
        SplittableRandom rng = new SplittableRandom(8);
        UpdatePulses[] updates = new UpdatePulses[3];
        for (int u = 0; u < updates.length; u++) {
            updates[u] = UpdatePulses.draw(uniform(rng, rows), uniform(rng, cols), 0.05, 0.001, 20, true, 40 + u);
        }
        DeviceArray a = softBounds(rows, cols, 0.3, 77);
        DeviceArray b = softBounds(rows, cols, 0.3, 77);
        DeviceArray c = softBounds(rows, cols, 0.3, 77);
        DeviceArray quiet = softBounds(rows, cols, 0, 77);
        DeviceArray byHand = softBounds(rows, cols, 0.3, 77);
        PulseUpdater ua = new PulseUpdater(a, 1234);
        PulseUpdater ub = new PulseUpdater(b, 1234);
        PulseUpdater uc = new PulseUpdater(c, 1235);
        PulseUpdater uq = new PulseUpdater(quiet, 1234);
        ZigguratGaussian gaussian = new ZigguratGaussian(1234);
        for (UpdatePulses pulses : updates) {
            ua.apply(pulses);
            ub.apply(pulses);
            uc.apply(pulses);
            uq.apply(pulses);
            for (int i = 0; i < rows; i++) {
                for (int sign : new int[] {1, -1}) {
                    for (int round = 0; round < pulses.bl(); round++) {
                        for (int j = 0; j < cols; j++) {
                            if (pulses.colSign()[j] == sign && pulses.coincidences(i, j) > round) {
                                byHand.pulse(i * cols + j, pulses.direction(i, j) > 0, gaussian.next());
                            }
                        }
                    }
                }
            }
        }
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertArrayEquals(byHand.weights(), a.weights(), 0.0);
        assertFalse(Arrays.equals(a.weights(), c.weights()), "another seed gives other weights");
        assertFalse(Arrays.equals(a.weights(), quiet.weights()), "the noise changes the weights");
    }

    /** Without noise the result does not depend on the seed (no draws are made). */
    @Test
    void noNoiseNoSeedDependence() {
        SplittableRandom rng = new SplittableRandom(9);
        UpdatePulses pulses = UpdatePulses.draw(uniform(rng, 6), uniform(rng, 7), 0.05, 0.001, 16, false, 2);
        DeviceArray a = softBounds(6, 7, 0, 5);
        DeviceArray b = softBounds(6, 7, 0, 5);
        new PulseUpdater(a, 1).apply(pulses);
        new PulseUpdater(b, 2).apply(pulses);
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertNotEquals(0, Arrays.stream(a.weights()).map(Math::abs).sum(), "something was updated");
    }

    /**
     * Crosspoints without coincidences (half-selected: their row or column pulses in other slots; unselected:
     * neither pulses) keep their weight exactly; every crosspoint with a coincidence moves, by exactly its count of
     * nominal steps in its direction.
     */
    @Test
    void onlyCoincidencesChangeTheWeights() {
        UpdatePulses pulses = SelectionPattern.pulses();
        DeviceArray array = DeviceArray.sample(new ConstantStepDevice(0.001, 1, 1, -1, 1, Variability.NONE),
                pulses.rows(), pulses.cols(), 1);
        new PulseUpdater(array, 0).apply(pulses);
        SelectionPattern.assertOnlyCoincidencesMoved(pulses, array, new double[array.size()]);
        for (int i = 0; i < pulses.rows(); i++) {
            for (int j = 0; j < pulses.cols(); j++) {
                double expected = 0.001 * pulses.coincidences(i, j) * pulses.direction(i, j);
                assertEquals(expected, array.weight(i * pulses.cols() + j), 1e-15, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void rejectsPulsesThatDoNotFit() {
        DeviceArray array = softBounds(3, 4, 0, 1);
        PulseUpdater updater = new PulseUpdater(array, 0);
        assertThrows(InvalidInputException.class, () -> updater.apply(
                UpdatePulses.draw(new double[4], new double[4], 0.01, 0.001, 8, false, 1)));
        byte[] rowSign = {1, 0, 0};
        byte[] colSign = {1, 0, 0, 0};
        assertThrows(InvalidInputException.class, () -> updater.apply(new UpdatePulses(3, 4, 8,
                new long[] {1, 0, 0}, new long[] {1L << 8, 0, 0, 0}, rowSign, colSign)), "bit above BL");
        assertThrows(InvalidInputException.class, () -> updater.apply(new UpdatePulses(3, 4, 8,
                new long[] {1, 1, 0}, new long[] {1, 0, 0, 0}, rowSign, colSign)), "pulsing row without sign");
    }
}
