package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The IR-drop-aware update: equal to the plain update without wire and driver resistance, only coincidences move,
 * far-end devices get smaller steps, and every step equals a brute-force reference (dense MNA of the programming
 * network, slot by slot, the compact device map).
 */
class IrDropUpdaterTest {
    /** Thresholds 0.8 V, Vp = 1.2 V, 10 ns flat top, 1 ns edges (the presets' pulse). */
    static final CompactSpec SPEC = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
    /** 1 to 10 uS. */
    static final ConductanceRange RANGE = new ConductanceRange(1e-6, 1e-5);

    static UpdateCircuit circuit(int rows, int cols, double wireOhm, double driverOhm) {
        return new UpdateCircuit(rows, cols, wireOhm, driverOhm, SPEC.pulse(), 2 * SPEC.pulse().durationSecond());
    }

    /** Weights uniform in [-0.5, 0.5] (weight units), so that the conductances differ. */
    static void spread(DeviceArray array, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < array.size(); k++) {
            array.setWeight(k, -0.5 + rng.nextDouble());
        }
    }

    /**
     * r = 0 and driver 0: every coincident device sees exactly Vp, so three successive IR-aware updates of a
     * soft-bounds array with device-to-device spread give the plain update's weights (nominal pulses, no
     * cycle-to-cycle noise), to rounding (1e-13 weight units, 1e-10 of a step).
     */
    @Test
    void withoutResistanceEqualsPlainUpdate() {
        int rows = 10;
        int cols = 13;
        DeviceArray plain = PulseUpdaterTest.softBounds(rows, cols, 0, 21);
        DeviceArray ir = PulseUpdaterTest.softBounds(rows, cols, 0, 21);
        spread(plain, 4);
        spread(ir, 4);
        double[] start = plain.weights().clone();
        PulseUpdater plainUpdater = new PulseUpdater(plain, 0);
        IrDropUpdater irUpdater = new IrDropUpdater(ir, circuit(rows, cols, 0, 0), RANGE, SPEC,
                SolverOptions.defaults(), 0);
        SplittableRandom rng = new SplittableRandom(6);
        for (int u = 0; u < 3; u++) {
            UpdatePulses pulses = UpdatePulses.draw(PulseUpdaterTest.uniform(rng, rows),
                    PulseUpdaterTest.uniform(rng, cols), 0.05, 0.001, 24, true, 60 + u);
            plainUpdater.apply(pulses);
            irUpdater.apply(pulses);
        }
        assertArrayEquals(plain.weights(), ir.weights(), 1e-13);
        double moved = 0;
        for (int k = 0; k < start.length; k++) {
            moved = Math.max(moved, Math.abs(plain.weight(k) - start[k]));
        }
        assertTrue(moved > 0.005, "the updates moved the weights by up to " + moved);
    }

    /** With r = 2 ohm and 100 ohm drivers, half-selected and unselected devices still keep their weights exactly. */
    @Test
    void onlyCoincidencesChangeTheWeights() {
        UpdatePulses pulses = SelectionPattern.pulses();
        DeviceArray array = PulseUpdaterTest.softBounds(pulses.rows(), pulses.cols(), 0, 3);
        spread(array, 5);
        double[] before = array.weights().clone();
        new IrDropUpdater(array, circuit(pulses.rows(), pulses.cols(), 2, 100), RANGE, SPEC, SolverOptions.defaults(), 0)
                .apply(pulses);
        SelectionPattern.assertOnlyCoincidencesMoved(pulses, array, before);
    }

    /**
     * 8 x 64, r = 10 ohm, ideal drivers, every row and column pulsing up in one slot: rows are driven at column 0,
     * columns at row 7, so the step shrinks strictly along every row (j up) and grows strictly down every column
     * (i up); the far corner (0, 63) gets at most 90 % of the near corner's (7, 0) step, the far end of a column at
     * least 1e-3 relatively less than its near end (measured: 68 % and 0.5 %).
     */
    @Test
    void farEndDevicesGetSmallerSteps() {
        int rows = 8;
        int cols = 64;
        long[] rowMasks = new long[rows];
        byte[] rowSign = new byte[rows];
        long[] colMasks = new long[cols];
        byte[] colSign = new byte[cols];
        Arrays.fill(rowMasks, 1);
        Arrays.fill(rowSign, (byte) 1);
        Arrays.fill(colMasks, 1);
        Arrays.fill(colSign, (byte) 1);
        UpdatePulses pulses = new UpdatePulses(rows, cols, 1, rowMasks, colMasks, rowSign, colSign);
        DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(0.001, 1, 1, -1, 1, Variability.NONE), rows, cols, 1);
        new IrDropUpdater(array, circuit(rows, cols, 10, 0), RANGE, SPEC, SolverOptions.defaults(), 0).apply(pulses);
        double[] step = array.weights();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = step[i * cols + j];
                assertTrue(s > 0 && s < 0.001 * (1 + 1e-12), "step of (" + i + ", " + j + ") = " + s);
                if (j > 0) {
                    assertTrue(s < step[i * cols + j - 1], "step shrinks along row " + i + " at column " + j);
                }
                if (i > 0) {
                    assertTrue(s > step[(i - 1) * cols + j], "step grows down column " + j + " at row " + i);
                }
            }
        }
        double near = step[(rows - 1) * cols];
        double far = step[cols - 1];
        assertTrue(far < 0.9 * near, "far corner " + far + " vs near corner " + near);
        for (int j = 0; j < cols; j++) {
            assertTrue(step[j] < (1 - 1e-3) * step[(rows - 1) * cols + j], "column " + j + " far vs near end");
        }
    }

    /**
     * Two successive updates (BL 6, lr 0.3, update management, x and d of both signs, so all four phases occur)
     * of a 4 x 6 soft-bounds array with device-to-device spread and weights spread over [-0.5, 0.5]: every
     * device's change equals the brute force within 1e-9 relative (exactly 0 where the brute force has 0). The
     * brute force solves the programming network of every phase and slot densely (Commons Math LU with exact
     * residual refinement) at the conductances of the update's start, taken as the reads take them (the array's
     * nominal mapping, not each device's own bounds), finds the active lines with UpdatePulses.rowPulses / colPulses
     * and applies the compact device map to every device. The IR drop changes some steps by more than 1e-3 relatively.
     */
    @ParameterizedTest(name = "r = {0} ohm, driver = {1} ohm")
    @CsvSource({"20, 0", "0, 400", "10, 200"})
    void matchesBruteForce(double wireOhm, double driverOhm) {
        int rows = 4;
        int cols = 6;
        DeviceArray array = PulseUpdaterTest.softBounds(rows, cols, 0, 31);
        DeviceArray reference = PulseUpdaterTest.softBounds(rows, cols, 0, 31);
        spread(array, 8);
        spread(reference, 8);
        IrDropUpdater updater = new IrDropUpdater(array, circuit(rows, cols, wireOhm, driverOhm), RANGE, SPEC,
                SolverOptions.defaults(), 0);
        SplittableRandom rng = new SplittableRandom(10);
        double largestIrEffect = 0;
        int phasesSeen = 0;
        for (int u = 0; u < 2; u++) {
            UpdatePulses pulses = UpdatePulses.draw(PulseUpdaterTest.uniform(rng, rows),
                    PulseUpdaterTest.uniform(rng, cols), 0.3, 0.001, 6, true, 90 + u);
            phasesSeen = Math.max(phasesSeen, pulses.phases().size());
            double[] before = array.weights().clone();
            updater.apply(pulses);
            bruteForce(reference, pulses, wireOhm, driverOhm);
            for (int d = 0; d < array.size(); d++) {
                double got = array.weight(d) - before[d];
                double want = reference.weight(d) - before[d];
                // measured at most 1.6e-13 relative (2026-12-04); a regression bound
                assertEquals(want, got, 5e-13 * Math.abs(want), "change of device " + d + " in update " + u);
                int count = pulses.coincidences(d / cols, d % cols);
                if (count > 0) {
                    double nominal = nominalChange(reference, d, before[d], count, pulses.direction(d / cols, d % cols));
                    largestIrEffect = Math.max(largestIrEffect, Math.abs(want / nominal - 1));
                }
            }
        }
        assertEquals(4, phasesSeen, "all four phases occur");
        assertTrue(largestIrEffect > 1e-3, "the IR drop changes some step by " + largestIrEffect);
    }

    /** The change of {@code count} nominal pulses (amplitude Vp) from weight w of device d. */
    private static double nominalChange(DeviceArray array, int d, double w, int count, int direction) {
        CompactDevice device = CompactDevice.of(array, d, SPEC);
        double v = direction * SPEC.pulse().amplitudeVolt();
        double next = w;
        for (int k = 0; k < count; k++) {
            next = device.pulse(next, v, SPEC.pulse());
        }
        return next - w;
    }

    private static void bruteForce(DeviceArray array, UpdatePulses pulses, double wireOhm, double driverOhm) {
        int rows = array.rows();
        int cols = array.cols();
        double[] g = new double[array.size()];
        for (int d = 0; d < g.length; d++) {
            g[d] = UpdateEnergyMeterTest.readConductance(array, RANGE, d);
        }
        double vp = SPEC.pulse().amplitudeVolt();
        for (UpdatePulses.Phase phase : pulses.phases()) {
            for (int s = 0; s < pulses.bl(); s++) {
                double[] rowVolt = new double[rows];
                double[] colVolt = new double[cols];
                boolean anyRow = false;
                boolean anyCol = false;
                for (int i = 0; i < rows; i++) {
                    if (pulses.rowPulses(phase, i, s)) {
                        rowVolt[i] = phase.rowVolt(vp);
                        anyRow = true;
                    }
                }
                for (int j = 0; j < cols; j++) {
                    if (pulses.colPulses(phase, j, s)) {
                        colVolt[j] = phase.colVolt(vp);
                        anyCol = true;
                    }
                }
                if (!anyRow || !anyCol) {
                    continue;
                }
                double[] dv = ProgrammingReference.deviceVoltages(rows, cols, wireOhm, driverOhm, g, rowVolt, colVolt);
                for (int d = 0; d < array.size(); d++) {
                    array.setWeight(d, CompactDevice.of(array, d, SPEC).pulse(array.weight(d), dv[d], SPEC.pulse()));
                }
            }
        }
    }

    /** With cycle-to-cycle noise: same seed same weights, another seed other weights, noise-free ones differ. */
    @Test
    void sameSeedSameResultWithCycleToCycleNoise() {
        int rows = 6;
        int cols = 9;
        UpdateCircuit c = circuit(rows, cols, 1, 50);
        DeviceArray a = PulseUpdaterTest.softBounds(rows, cols, 0.3, 12);
        DeviceArray b = PulseUpdaterTest.softBounds(rows, cols, 0.3, 12);
        DeviceArray other = PulseUpdaterTest.softBounds(rows, cols, 0.3, 12);
        DeviceArray quiet = PulseUpdaterTest.softBounds(rows, cols, 0, 12);
        IrDropUpdater ua = new IrDropUpdater(a, c, RANGE, SPEC, SolverOptions.defaults(), 55);
        IrDropUpdater ub = new IrDropUpdater(b, c, RANGE, SPEC, SolverOptions.defaults(), 55);
        IrDropUpdater uo = new IrDropUpdater(other, c, RANGE, SPEC, SolverOptions.defaults(), 56);
        IrDropUpdater uq = new IrDropUpdater(quiet, c, RANGE, SPEC, SolverOptions.defaults(), 55);
        SplittableRandom rng = new SplittableRandom(13);
        for (int u = 0; u < 2; u++) {
            UpdatePulses pulses = UpdatePulses.draw(PulseUpdaterTest.uniform(rng, rows),
                    PulseUpdaterTest.uniform(rng, cols), 0.05, 0.001, 12, true, 70 + u);
            ua.apply(pulses);
            ub.apply(pulses);
            uo.apply(pulses);
            uq.apply(pulses);
        }
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertFalse(Arrays.equals(a.weights(), other.weights()), "another seed gives other weights");
        assertFalse(Arrays.equals(a.weights(), quiet.weights()), "the noise changes the weights");
        assertTrue(ua.solverStatistics().vectors() > 0, "slots were solved");
    }

    /**
     * The spot checks' reference solves ({@link SolverOptions#spotCheck()}, tolerance 1e-10) give the weights of the
     * default solves (1e-13) to far below any step error a check reports, in fewer PCG iterations: one update of a 193 x 128
     * array with 1 ohm wires, inputs as MNIST's (a fifth non-zero). Measured: largest difference 9.6e-14 on steps up to
     * 6.5e-2, 186 PCG iterations against 248; bound 2e-13.
     */
    @Test
    void spotCheckSolvesGiveTheDefaultWeights() {
        int rows = 193;
        int cols = 128;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = rng.nextDouble() < 0.2 ? rng.nextDouble() : 0;
        }
        UpdatePulses pulses = UpdatePulses.draw(x, PulseUpdaterTest.uniform(rng, cols), 0.1, 0.001, 31, true, 7);
        DeviceArray reference = PulseUpdaterTest.softBounds(rows, cols, 0, 3);
        DeviceArray checked = PulseUpdaterTest.softBounds(rows, cols, 0, 3);
        spread(reference, 5);
        spread(checked, 5);
        double[] start = reference.weights().clone();
        IrDropUpdater defaults = new IrDropUpdater(reference, circuit(rows, cols, 1, 0), RANGE, SPEC, SolverOptions.defaults(), 0);
        IrDropUpdater spotCheck = new IrDropUpdater(checked, circuit(rows, cols, 1, 0), RANGE, SPEC, SolverOptions.spotCheck(), 0);
        defaults.apply(pulses);
        spotCheck.apply(pulses);
        double largestStep = 0;
        double largestDifference = 0;
        for (int k = 0; k < start.length; k++) {
            largestStep = Math.max(largestStep, Math.abs(reference.weight(k) - start[k]));
            largestDifference = Math.max(largestDifference, Math.abs(checked.weight(k) - reference.weight(k)));
        }
        System.out.printf("spot-check solves: largest difference %.2e, largest step %.2e, PCG iterations %d against %d%n",
                largestDifference, largestStep, spotCheck.solverStatistics().pcgIterations(),
                defaults.solverStatistics().pcgIterations());
        assertTrue(largestStep > 0.01, "the update moved the weights by " + largestStep);
        assertTrue(largestDifference < 2e-13, "the spot-check solves differ by " + largestDifference);
        assertTrue(spotCheck.solverStatistics().pcgIterations() < defaults.solverStatistics().pcgIterations(),
                "fewer iterations: " + spotCheck.solverStatistics() + " against " + defaults.solverStatistics());
    }
}
