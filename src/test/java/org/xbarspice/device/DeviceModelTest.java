package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

class DeviceModelTest {
    private static final double EPS = 1e-15;

    @Test
    void softBoundsStepsAndSymmetryPointMatchHandValues() {
        SoftBoundsDevice device = new SoftBoundsDevice(0.01, 1.2, 0.8, -0.5, 1.0, Variability.NONE);
        assertEquals(0.009, device.stepUp(0.25), EPS);          // 0.01 * 1.2 * (1 - 0.25 / 1)
        assertEquals(0.012, device.stepDown(0.25), EPS);        // 0.01 * 0.8 * (1 - 0.25 / -0.5)
        assertEquals(0.0, device.stepUp(1.0), EPS);
        assertEquals(0.0, device.stepDown(-0.5), EPS);
        assertEquals(1.0 / 7, device.symmetryPoint(), 1e-15);   // 0.4 / (1.2 / 1 + 0.8 / 0.5)
        assertEquals(device.stepUp(1.0 / 7), device.stepDown(1.0 / 7), 1e-15);
        assertEquals(150.0, device.states(), 1e-12);
        assertEquals("soft-bounds", device.type());
    }

    @Test
    void softBoundsSymmetryPointIsZeroForSymmetricBoundsAndScales() {
        SoftBoundsDevice device = new SoftBoundsDevice(0.001, 1, 1, -0.6, 0.6, Variability.NONE);
        assertEquals(0.0, device.symmetryPoint(), 0.0);
        assertEquals(device.stepUp(0), device.stepDown(0), 0.0);
        // PHYSICS.md 1: dw_up = dw_min (1 - w/tau), dw_down = dw_min (1 + w/tau)
        assertEquals(0.001 * (1 - 0.3 / 0.6), device.stepUp(0.3), EPS);
        assertEquals(0.001 * (1 + 0.3 / 0.6), device.stepDown(0.3), EPS);
    }

    @Test
    void softBoundsApplyPulseFollowsTheStepsAndStaysInBounds() {
        SoftBoundsDevice device = new SoftBoundsDevice(0.01, 1.2, 0.8, -0.5, 1.0, Variability.NONE);
        assertEquals(0.259, device.applyPulse(0.25, true), EPS);
        assertEquals(0.238, device.applyPulse(0.25, false), EPS);
        assertEquals(1.0, device.applyPulse(1.0, true), 0.0);
        SoftBoundsDevice coarse = new SoftBoundsDevice(1.5, 1, 1, -1, 1, Variability.NONE);
        assertEquals(1.0, coarse.applyPulse(-0.9, true), 0.0);  // one step would overshoot wMax
    }

    @Test
    void linearStepStepsAndSymmetryPointMatchHandValues() {
        LinearStepDevice symmetric = new LinearStepDevice(0.002, 1, 1, -1, 1, 0.115, 0.509, Variability.NONE);
        assertEquals(0.001885, symmetric.stepUp(0.5), EPS);     // 0.002 * (1 - 0.115 * 0.5)
        assertEquals(0.002509, symmetric.stepDown(0.5), EPS);   // 0.002 * (1 + 0.509 * 0.5)
        assertEquals(0.0, symmetric.symmetryPoint(), 0.0);

        LinearStepDevice scaled = new LinearStepDevice(0.002, 1.1, 0.9, -1, 1, 0.115, 0.509, Variability.NONE);
        assertEquals(0.3421142661648991, scaled.symmetryPoint(), 1e-15); // 0.2 / (1.1 * 0.115 + 0.9 * 0.509)
        assertEquals(0.0021134450906602808, scaled.stepUp(scaled.symmetryPoint()), 1e-15);
        assertEquals(scaled.stepUp(scaled.symmetryPoint()), scaled.stepDown(scaled.symmetryPoint()), 1e-15);
        assertEquals("linear-step", scaled.type());
    }

    @Test
    void linearStepClipsStepsAtZeroAndWeightsAtHardBounds() {
        LinearStepDevice steep = new LinearStepDevice(0.01, 1, 1, -1, 1, 2, 2, Variability.NONE);
        assertEquals(0.0, steep.stepUp(0.8), 0.0);              // 1 - 2 * 0.8 / 1 < 0
        assertEquals(0.0, steep.stepDown(-0.8), 0.0);
        LinearStepDevice device = new LinearStepDevice(0.002, 1, 1, -0.829, 1.171, 0.415, 0.734, Variability.NONE);
        assertEquals(1.171, device.applyPulse(1.1705, true), 0.0);
        assertEquals(-0.829, device.applyPulse(-0.8285, false), 0.0);
        assertEquals(0.5 + 0.002 * (1 - 0.415 * 0.5 / 1.171), device.applyPulse(0.5, true), EPS); // gamma relative to wMax
        assertEquals(0.5 - 0.002 * (1 + 0.734 * 0.5 / 0.829), device.applyPulse(0.5, false), EPS);
    }

    @Test
    void linearStepSymmetryPointOutsideTheBoundsIsTheBound() {
        LinearStepDevice upHeavy = new LinearStepDevice(0.001, 2, 1, -1, 1, 0.1, 0.1, Variability.NONE);
        assertEquals(1.0, upHeavy.symmetryPoint(), 0.0);        // 1 / (0.2 + 0.1) > wMax
        LinearStepDevice downHeavy = new LinearStepDevice(0.001, 1, 2, -1, 1, 0.1, 0.1, Variability.NONE);
        assertEquals(-1.0, downHeavy.symmetryPoint(), 0.0);
    }

    @Test
    void constantStepHasConstantStepsAndConventionalSymmetryPoint() {
        ConstantStepDevice symmetric = new ConstantStepDevice(0.001, 1, 1, -1, 1, Variability.NONE);
        assertEquals(0.001, symmetric.stepUp(-0.9), 0.0);
        assertEquals(0.001, symmetric.stepUp(0.9), 0.0);
        assertEquals(0.001, symmetric.stepDown(0.3), 0.0);
        assertEquals(0.0, symmetric.symmetryPoint(), 0.0);
        assertEquals(2000.0, symmetric.states(), 1e-9);
        assertEquals(1.0, symmetric.applyPulse(0.9995, true), 0.0);
        assertEquals("constant-step", symmetric.type());

        ConstantStepDevice imbalanced = new ConstantStepDevice(0.001, 1.02, 1, -1, 1, Variability.NONE);
        assertEquals(0.00102, imbalanced.stepUp(0.4), EPS);
        assertEquals(1.0, imbalanced.symmetryPoint(), 0.0);
        assertEquals(-1.0, new ConstantStepDevice(0.001, 1, 1.02, -1, 1, Variability.NONE).symmetryPoint(), 0.0);
    }

    @Test
    void invalidParametersAreRejectedWithNameAndValue() {
        assertMessage(() -> new SoftBoundsDevice(0, 1, 1, -1, 1, Variability.NONE), "dwMin = 0 (weight units)");
        assertMessage(() -> new SoftBoundsDevice(-0.001, 1, 1, -1, 1, Variability.NONE), "dwMin = -0.001");
        assertMessage(() -> new SoftBoundsDevice(0.001, 0, 1, -1, 1, Variability.NONE), "upScale = 0 (relative)");
        assertMessage(() -> new ConstantStepDevice(0.001, 1, -1, -1, 1, Variability.NONE), "downScale = -1 (relative)");
        assertMessage(() -> new ConstantStepDevice(0.001, 1, 1, 0, 1, Variability.NONE), "wMin = 0 (weight units)");
        assertMessage(() -> new ConstantStepDevice(0.001, 1, 1, -1, -0.5, Variability.NONE), "wMax = -0.5");
        assertMessage(() -> new ConstantStepDevice(3, 1, 1, -1, 1, Variability.NONE), "dwMin = 3 (weight units)");
        // the bound is wMax - wMin = 0.2 + 0.1, 0.30000000000000004 in doubles
        assertMessage(() -> new ConstantStepDevice(0.5, 1, 1, -0.1, 0.2, Variability.NONE), "dwMin = 0.5 (weight units) is not "
                + "allowed: it must be at most wMax - wMin = 0.3 (one step across the whole range)");
        assertMessage(() -> new LinearStepDevice(0.001, 1, 1, -1, 1, -0.1, 0, Variability.NONE), "gammaUp = -0.1");
        assertMessage(() -> new LinearStepDevice(0.001, 1, 1, -1, 1, 0, Double.NaN, Variability.NONE), "gammaDown = NaN");
        assertMessage(() -> new SoftBoundsDevice(0.001, 1, 1, -1, 1, null), "variability is missing");
        assertMessage(() -> new Variability(1.2, 0, 0, 0), "dwMinDtod = 1.2");
        assertMessage(() -> new Variability(0, -0.1, 0, 0), "upDownDtod = -0.1");
        assertMessage(() -> new Variability(0, 0, 2, 0), "boundsDtod = 2 (relative)");
        assertMessage(() -> new Variability(0, 0, 0, 11), "dwMinStd = 11 (relative)");
    }

    private static void assertMessage(Runnable construction, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, construction::run);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
