package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.units.InvalidInputException;

/** The shaped step laws against their aihwkit definitions, sampled arrays, symmetry points and input checks. */
class ShapedLawTest {
    private static final Variability NONE = Variability.NONE;

    /** aihwkit's ExpStepDevice defaults (A_up 0.00081, A_down 0.36833, gammas 12.44625 / 12.78785, a 0.244, b 0.2425). */
    private static ExpStepDevice aihwkitExp(double wMin, double wMax) {
        return new ExpStepDevice(0.001, 1.1, 0.9, wMin, wMax, 0.00081, 0.36833, 12.44625, 12.78785, 0.244, 0.2425, NONE);
    }

    @Test
    void expStepIsAihwkitsFormula() {
        ExpStepDevice d = aihwkitExp(-0.8, 1.2);
        for (double w = -0.8; w <= 1.2; w += 0.01) {
            double z = 2 * w / 2.0 * 0.244 + 0.2425;
            assertEquals(0.001 * 1.1 * Math.max(1 - 0.00081 * Math.exp(12.44625 * z), 0), d.stepUp(w), 1e-18);
            assertEquals(0.001 * 0.9 * Math.max(1 - 0.36833 * Math.exp(-12.78785 * z), 0), d.stepDown(w), 1e-18);
        }
        // the reram-es preset: negative A, steps larger than dwMin near the bound they move away from
        ExpStepDevice reram = (ExpStepDevice) DevicePresets.load("reram-es").model();
        assertEquals(0.00135 * 0.740641 * (1 + 0.081404 * Math.exp(5 * 1.0)), reram.stepDown(1), 1e-15);
    }

    @Test
    void powStepIsAihwkitsFormulaWithItsUpDownBias() {
        PowStepDevice up = new PowStepDevice(0.002, 1, 1, -1, 1, 1.5, 0.2, NONE);
        PowStepDevice down = new PowStepDevice(0.002, 1, 1, -1, 1, 1.5, -0.2, NONE);
        // pow_up_down > 0 lowers the down exponent, < 0 the up exponent (aihwkit's simulator)
        assertEquals(1.5, up.gammaUp(), 0);
        assertEquals(1.2, up.gammaDown(), 1e-15);
        assertEquals(1.2, down.gammaUp(), 1e-15);
        assertEquals(1.5, down.gammaDown(), 0);
        for (double w = -1; w <= 1; w += 0.05) {
            assertEquals(0.002 * Math.pow((1 - w) / 2, 1.5), up.stepUp(w), 1e-18);
            assertEquals(0.002 * Math.pow((w + 1) / 2, 1.2), up.stepDown(w), 1e-18);
        }
        // gamma = 1: soft bounds with half the step at the centre
        PowStepDevice one = new PowStepDevice(0.002, 1, 1, -1, 1, 1, 0, NONE);
        SoftBoundsDevice soft = new SoftBoundsDevice(0.001, 1, 1, -1, 1, NONE);
        for (double w = -1; w <= 1; w += 0.05) {
            assertEquals(soft.stepUp(w), one.stepUp(w), 1e-18);
            assertEquals(soft.stepDown(w), one.stepDown(w), 1e-18);
        }
    }

    @Test
    void piecewiseStepInterpolatesBetweenEquallySpacedNodes() {
        PiecewiseStepDevice d = new PiecewiseStepDevice(0.002, 1, 0.5, -1, 1, new double[] {2, 1, 0}, new double[] {0, 1, 3}, NONE);
        assertEquals(0.004, d.stepUp(-1), 1e-18);
        assertEquals(0.003, d.stepUp(-0.5), 1e-18);
        assertEquals(0.002, d.stepUp(0), 1e-18);
        assertEquals(0.001, d.stepUp(0.5), 1e-18);
        assertEquals(0.0, d.stepUp(1), 1e-18);
        assertEquals(0.0, d.stepDown(-1), 1e-18);
        assertEquals(0.001 * 2, d.stepDown(0.5), 1e-18);
        assertEquals(0.001 * 3, d.stepDown(1), 1e-18);
        // outside the bounds the end nodes hold (aihwkit clips the position)
        assertEquals(0.004, d.stepUp(-1.5), 1e-18);
        assertEquals(0.003, d.stepDown(1.5), 1e-18);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reram-es", "pow-step", "piecewise-step"})
    void nominalArrayPulsesFollowTheLawAndSymmetryPointsBalanceTheSteps(String id) {
        DeviceModel model = DevicePresets.load(id).model();
        DeviceModel nominal = model.withVariability(NONE);
        DeviceArray array = DeviceArray.sample(nominal, 1, 1, 3);
        double w = 0;
        for (int g = 0; g < 800; g++) {
            boolean up = g < 400;
            array.pulse(0, up, 0);
            w = nominal.applyPulse(w, up);
            assertEquals(w, array.weight(0), 0.0, "pulse " + g);
        }
        // every sampled device: its up step equals its down step at its symmetry point
        DeviceArray spread = DeviceArray.sample(model.withVariability(new Variability(0.2, 0.2, 0.3, 0)), 8, 8, 5);
        double[] sp = spread.symmetryPoints();
        ShapedLaw law = (ShapedLaw) model;
        for (int k = 0; k < sp.length; k++) {
            double lo = spread.wMin(k);
            double hi = spread.wMax(k);
            double upStep = spread.upScale(k) * law.upShape(sp[k], lo, hi);
            double downStep = spread.downScale(k) * law.downShape(sp[k], lo, hi);
            if (sp[k] > lo && sp[k] < hi) {
                assertEquals(upStep, downStep, 1e-12, id + " device " + k + " at " + sp[k]);
            } else {
                assertTrue(sp[k] == hi ? upStep >= downStep : upStep <= downStep, id + " device " + k);
            }
        }
        double nominalPoint = nominal.symmetryPoint();
        assertEquals(nominal.stepUp(nominalPoint), nominal.stepDown(nominalPoint), 1e-15, id);
        assertEquals(nominalPoint, DeviceArray.sample(nominal, 1, 1, 1).symmetryPoints()[0], 0.0, id);
    }

    /** The bundled presets' symmetry points, solved by hand from their laws. */
    @Test
    void presetSymmetryPoints() {
        assertEquals(0.0, DevicePresets.load("piecewise-step").model().symmetryPoint(), 1e-15);
        // pow-step: (1 - x)^1.2 = x^1.5 at x = 0.538597..., w = 2 x - 1
        assertEquals(0.0771945, DevicePresets.load("pow-step").model().symmetryPoint(), 1e-6);
        // a device whose up step is larger everywhere drifts to wMax
        PiecewiseStepDevice upLarger = new PiecewiseStepDevice(0.002, 1, 1, -1, 1, new double[] {2, 1.5}, new double[] {1, 1}, NONE);
        assertEquals(1.0, upLarger.symmetryPoint(), 0.0);
        // a real crossing close to the bound: up (1 - x) = down x / 100 at x = 100 / 101
        PowStepDevice nearlyUpOnly = new PowStepDevice(0.002, 100, 1, -1, 1, 1, 0, NONE);
        assertEquals(2 * 100.0 / 101 - 1, nearlyUpOnly.symmetryPoint(), 1e-12);
    }

    /** A shaped law draws the same four numbers per device in the same order: its devices match a linear law's. */
    @Test
    void deviceToDeviceDrawsAreTheSameAsForTheLinearLaws() {
        Variability v = new Variability(0.3, 0.1, 0.2, 0.3);
        DeviceArray soft = DeviceArray.sample(new SoftBoundsDevice(0.002, 1, 1, -1, 1, v), 6, 7, 11);
        DeviceArray pow = DeviceArray.sample(new PowStepDevice(0.002, 1, 1, -1, 1, 1.5, 0, v), 6, 7, 11);
        for (int k = 0; k < soft.size(); k++) {
            assertEquals(soft.dwMin(k), pow.dwMin(k), 0.0);
            assertEquals(soft.upScale(k), pow.upScale(k), 0.0);
            assertEquals(soft.downScale(k), pow.downScale(k), 0.0);
            assertEquals(soft.wMin(k), pow.wMin(k), 0.0);
            assertEquals(soft.wMax(k), pow.wMax(k), 0.0);
        }
    }

    @Test
    void sameSeedSameResultWithCycleToCycleNoise() {
        DeviceModel model = DevicePresets.load("reram-es").model();
        DeviceArray a = DeviceArray.sample(model, 4, 4, 9);
        DeviceArray b = DeviceArray.sample(model, 4, 4, 9);
        Random ra = new Random(1);
        Random rb = new Random(1);
        for (int g = 0; g < 500; g++) {
            a.pulse(g % 16, g % 3 != 0, ra.nextGaussian());
            b.pulse(g % 16, g % 3 != 0, rb.nextGaussian());
        }
        assertArrayEquals(a.weights(), b.weights(), 0.0);
    }

    @Test
    void aCalibratedPositionModelIsRefusedForAShapedLaw() {
        DevicePreset preset = DevicePresets.load("pow-step");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> preset.withPosition(new PositionModel(0.01, 0, 4, 4, 5, 1, 1)));
        assertTrue(e.getMessage().contains("pow-step") && e.getMessage().contains("position"), e.getMessage());
    }

    @Test
    void badShapeParametersAreRejected() {
        assertThrows(InvalidInputException.class,
                () -> new PiecewiseStepDevice(0.001, 1, 1, -1, 1, new double[] {1, 1}, new double[] {1, 1, 1}, NONE));
        assertThrows(InvalidInputException.class,
                () -> new PiecewiseStepDevice(0.001, 1, 1, -1, 1, new double[] {1}, new double[] {1}, NONE));
        assertThrows(InvalidInputException.class,
                () -> new PiecewiseStepDevice(0.001, 1, 1, -1, 1, new double[] {1, -1}, new double[] {1, 1}, NONE));
        assertThrows(InvalidInputException.class, () -> new PowStepDevice(0.001, 1, 1, -1, 1, 0, 0, NONE));
        assertThrows(InvalidInputException.class, () -> new PowStepDevice(0.001, 1, 1, -1, 1, 1, 1, NONE));
        assertThrows(InvalidInputException.class,
                () -> new ExpStepDevice(0.001, 1, 1, -1, 1, 1, 1, 500, 1, 0.2, 0.2, NONE));
        assertThrows(InvalidInputException.class,
                () -> new ExpStepDevice(0.001, 1, 1, -1, 1, 1, 1, 1, 1, Double.NaN, 0.2, NONE));
    }
}
