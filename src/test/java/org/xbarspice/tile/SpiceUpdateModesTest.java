package org.xbarspice.tile;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SharedEngine;

/** The quasi-static SPICE update agrees with the full transient. */
@Tag("ngspice")
class SpiceUpdateModesTest {

    static double[] uniform(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 2 * rng.nextDouble() - 1;
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void quasiStaticMatchesTransientWithinOnePercentOfTheLargestChange(int n) {
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        UpdateCircuit circuit = new UpdateCircuit(n, n, 1, 0, preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
        SplittableRandom rng = new SplittableRandom(n);
        UpdatePulses pulses = UpdatePulses.draw(uniform(n, rng), uniform(n, rng), 0.01, preset.model().dwMin(), 10, true, 5);
        double[] start = uniform(n * n, rng);
        double[][] deltas = new double[2][];
        int m = 0;
        for (SpiceUpdater.Mode mode : SpiceUpdater.Mode.values()) {
            DeviceArray array = DeviceArray.sample(preset.model(), n, n, 1);
            for (int k = 0; k < start.length; k++) {
                array.setWeight(k, 0.8 * start[k]);
            }
            double[] before = array.weights().clone();
            long t0 = System.nanoTime();
            new SpiceUpdater(SharedEngine.get(), circuit, preset.conductance(), preset.spice(), null, mode).update(array, pulses);
            System.out.printf("%dx%d %s update: %.3f s%n", n, n, mode.label(), (System.nanoTime() - t0) * 1e-9);
            deltas[m] = new double[before.length];
            for (int k = 0; k < before.length; k++) {
                deltas[m][k] = array.weight(k) - before[k];
            }
            m++;
        }
        double range = preset.model().wMax() - preset.model().wMin();
        for (double[] delta : deltas) {
            for (int k = 0; k < delta.length; k++) {
                if (pulses.coincidences(k / n, k % n) == 0) {
                    // measured 5.6e-17 of the range (one rounding of the weight; 2026-12-02); a regression bound
                    assertTrue(Math.abs(delta[k]) < 3e-16 * range, "half-selected device " + k + " moved by " + delta[k]);
                }
            }
        }
        double largest = 0;
        double worst = 0;
        for (int k = 0; k < deltas[0].length; k++) {
            largest = Math.max(largest, Math.abs(deltas[0][k]));
            worst = Math.max(worst, Math.abs(deltas[0][k] - deltas[1][k]));
        }
        System.out.printf("%dx%d: largest change %.3e, worst transient - quasi-static difference %.3e (%.3f %%)%n", n, n,
                largest, worst, 100 * worst / largest);
        assertTrue(largest > 0, "the update must change something");
        // measured 0.047 % (16 x 16) and 0.026 % (32 x 32) of the largest change (2026-12-04); a regression bound
        assertTrue(worst <= 7e-4 * largest, "difference " + worst + " vs largest change " + largest);
    }
}
