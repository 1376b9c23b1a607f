package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

class DeviceArrayTest {
    private static final Variability SPREAD = new Variability(0.3, 0.1, 0.2, 0.3);

    @Test
    void sameSeedGivesIdenticalArraysAndAnotherSeedDiffers() {
        DeviceModel model = new SoftBoundsDevice(0.001, 1, 1, -1, 1, SPREAD);
        DeviceArray a = DeviceArray.sample(model, 16, 24, 42);
        DeviceArray b = DeviceArray.sample(model, 16, 24, 42);
        DeviceArray c = DeviceArray.sample(model, 16, 24, 43);
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.dwMin(i), b.dwMin(i), 0.0);
            assertEquals(a.upScale(i), b.upScale(i), 0.0);
            assertEquals(a.downScale(i), b.downScale(i), 0.0);
            assertEquals(a.wMin(i), b.wMin(i), 0.0);
            assertEquals(a.wMax(i), b.wMax(i), 0.0);
            differs |= a.dwMin(i) != c.dwMin(i) || a.wMax(i) != c.wMax(i);
        }
        assertTrue(differs, "seeds 42 and 43 gave identical devices");
        assertEquals(16 * 24, a.size());
        assertEquals(16, a.rows());
        assertEquals(24, a.cols());
    }

    @Test
    void deviceToDeviceSpreadMatchesTheConfiguredValues() {
        DeviceModel model = new LinearStepDevice(0.001, 1, 1, -0.8, 1.2, 0.1, 0.2, SPREAD);
        DeviceArray array = DeviceArray.sample(model, 200, 200, 7);
        int n = array.size();
        double[] dw = new double[n];
        double[] ratio = new double[n];
        double[] max = new double[n];
        double[] min = new double[n];
        for (int i = 0; i < n; i++) {
            dw[i] = array.dwMin(i);
            ratio[i] = array.upScale(i) / array.downScale(i);
            max[i] = array.wMax(i);
            min[i] = array.wMin(i);
            assertTrue(dw[i] >= 0 && max[i] > 0 && min[i] < 0);
        }
        assertEquals(0.001, mean(dw), 0.001 * 0.01);
        assertEquals(0.3, std(dw) / 0.001, 0.3 * 0.05);
        assertEquals(1.0, mean(ratio), 0.01);
        assertEquals(0.1, std(ratio), 0.1 * 0.1);
        assertEquals(1.2, mean(max), 1.2 * 0.01);
        assertEquals(0.2, std(max) / 1.2, 0.2 * 0.05);
        assertEquals(-0.8, mean(min), 0.8 * 0.01);
        assertEquals(0.2, std(min) / 0.8, 0.2 * 0.05);
    }

    @Test
    void zeroVariabilityGivesNominalDevices() {
        DeviceModel model = new LinearStepDevice(2.82e-4, 1.1, 0.9, -0.829, 1.171, 0.415, 0.734, Variability.NONE);
        DeviceArray array = DeviceArray.sample(model, 8, 8, 1);
        for (int i = 0; i < array.size(); i++) {
            assertEquals(2.82e-4, array.dwMin(i), 0.0);
            assertEquals(1.1, array.upScale(i), 0.0);
            assertEquals(0.9, array.downScale(i), 0.0);
            assertEquals(-0.829, array.wMin(i), 0.0);
            assertEquals(1.171, array.wMax(i), 0.0);
            assertEquals(0.0, array.weight(i), 0.0);
        }
    }

    @Test
    void pulseWithoutVariabilityEqualsTheModelsApplyPulse() {
        DeviceModel[] models = {
            new SoftBoundsDevice(0.05, 1.2, 0.8, -0.6, 1.0, Variability.NONE),
            new LinearStepDevice(0.05, 1, 1, -0.829, 1.171, 0.415, 0.734, Variability.NONE),
            new ConstantStepDevice(0.1, 1.02, 1, -1, 1, Variability.NONE)
        };
        for (DeviceModel model : models) {
            DeviceArray array = DeviceArray.sample(model, 3, 4, 99);
            SplittableRandom random = new SplittableRandom(5);
            for (int index = 0; index < array.size(); index++) {
                double expected = 0;
                for (int k = 0; k < 400; k++) {
                    boolean up = k < 60 || (k >= 120 && k < 200) ? index % 2 == 0 : random.nextBoolean();
                    expected = model.applyPulse(expected, up);
                    array.pulse(index, up, random.nextDouble() * 6 - 3);
                    assertEquals(expected, array.weight(index), 0.0, () -> model.type() + " diverged");
                }
            }
        }
    }

    @Test
    void cycleToCycleFactorScalesEachStep() {
        DeviceModel model = new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.5));
        DeviceArray array = DeviceArray.sample(model, 1, 3, 3);
        array.pulse(0, true, 2.0);      // factor 1 + 0.5 * 2 = 2
        assertEquals(0.02, array.weight(0), 1e-15);
        array.pulse(1, true, -4.0);     // factor -1 moves the weight against the pulse
        assertEquals(-0.01, array.weight(1), 1e-15);
        array.pulse(2, false, 0.0);
        assertEquals(-0.01, array.weight(2), 1e-15);
        assertEquals(0.02 + 0.01 * (1 - 0.02) * 0.5, pulsed(array, 0, true, -1.0), 1e-15);
    }

    @Test
    void eachDeviceSaturatesAtItsOwnBounds() {
        DeviceModel model = new ConstantStepDevice(0.05, 1, 1, -1, 1, new Variability(0.2, 0.05, 0.3, 0.3));
        DeviceArray array = DeviceArray.sample(model, 5, 5, 11);
        SplittableRandom random = new SplittableRandom(2);
        boolean boundsDiffer = false;
        for (int i = 0; i < array.size(); i++) {
            for (int k = 0; k < 400; k++) {
                array.pulse(i, true, random.nextGaussian());
            }
            assertEquals(array.wMax(i), array.weight(i), 0.0);
            for (int k = 0; k < 800; k++) {
                array.pulse(i, false, random.nextGaussian());
            }
            assertEquals(array.wMin(i), array.weight(i), 0.0);
            boundsDiffer |= array.wMax(i) != 1.0;
        }
        assertTrue(boundsDiffer);
    }

    /**
     * Each device steps with its own sampled scales and bounds; the soft-bounds shape follows its own bounds, the
     * linear-step gammas the nominal bounds 0.9 and -0.7 (aihwkit's {@code mean_bound_reference}, its default for
     * linear-step), so that a device's linear step at its own bound differs from {@code 1 - gamma}.
     */
    @Test
    void eachDeviceStepsWithItsOwnSampledParameters() {
        DeviceModel soft = new SoftBoundsDevice(0.01, 1, 1, -0.7, 0.9, SPREAD);
        DeviceModel linear = new LinearStepDevice(0.01, 1, 1, -0.7, 0.9, 0.4, 0.6, SPREAD);
        DeviceArray softArray = DeviceArray.sample(soft, 6, 6, 21);
        DeviceArray linearArray = DeviceArray.sample(linear, 6, 6, 21);
        for (int i = 0; i < softArray.size(); i++) {
            double w = Math.min(Math.max(0.2, softArray.wMin(i)), softArray.wMax(i));
            softArray.setWeight(i, w);
            double up = w + softArray.dwMin(i) * softArray.upScale(i) * (1 - w / softArray.wMax(i));
            assertEquals(Math.min(up, softArray.wMax(i)), pulsed(softArray, i, true, 0), 1e-15);
            double w2 = softArray.weight(i);
            double down = w2 - softArray.dwMin(i) * softArray.downScale(i) * (1 - w2 / softArray.wMin(i));
            assertEquals(Math.max(down, softArray.wMin(i)), pulsed(softArray, i, false, 0), 1e-15);

            double v = Math.min(Math.max(0.2, linearArray.wMin(i)), linearArray.wMax(i));
            linearArray.setWeight(i, v);
            double linearUp = v + linearArray.dwMin(i) * linearArray.upScale(i) * (1 - 0.4 * v / 0.9);
            assertEquals(Math.min(linearUp, linearArray.wMax(i)), pulsed(linearArray, i, true, 0), 1e-15);
            double v2 = linearArray.weight(i);
            double linearDown = v2 - linearArray.dwMin(i) * linearArray.downScale(i) * (1 - 0.6 * v2 / -0.7);
            assertEquals(Math.max(linearDown, linearArray.wMin(i)), pulsed(linearArray, i, false, 0), 1e-15);
        }
    }

    /**
     * A linear step whose slopes follow each device's own bounds is, with gammas of 1, the soft-bounds device device by
     * device (what {@code calibrate} writes for a soft-bounds device, its gammas near 1), and its gammas scale them.
     */
    @Test
    void slopesAtOwnBoundsFollowEachDevicesBounds() {
        DeviceArray soft = DeviceArray.sample(new SoftBoundsDevice(0.01, 1.1, 0.9, -0.7, 0.9, SPREAD), 6, 6, 21);
        DeviceArray own = DeviceArray.sample(new LinearStepDevice(0.01, 1.1, 0.9, -0.7, 0.9, 1, 1, SPREAD, true), 6, 6, 21);
        DeviceArray steeper = DeviceArray.sample(new LinearStepDevice(0.01, 1.1, 0.9, -0.7, 0.9, 1.5, 0.5, SPREAD, true),
                6, 6, 21);
        boolean boundsDiffer = false;
        for (int i = 0; i < soft.size(); i++) {
            double w = Math.min(Math.max(0.2, soft.wMin(i)), soft.wMax(i));
            soft.setWeight(i, w);
            own.setWeight(i, w);
            steeper.setWeight(i, w);
            assertEquals(pulsed(soft, i, true, 0), pulsed(own, i, true, 0), 1e-15);
            assertEquals(pulsed(soft, i, false, 0), pulsed(own, i, false, 0), 1e-15);
            double up = w + steeper.dwMin(i) * steeper.upScale(i) * Math.max(0, 1 - 1.5 * w / steeper.wMax(i));
            assertEquals(Math.min(up, steeper.wMax(i)), pulsed(steeper, i, true, 0), 1e-15);
            boundsDiffer |= steeper.wMax(i) != 0.9;
        }
        assertTrue(boundsDiffer);
    }

    @Test
    void largeBoundSpreadKeepsEveryBoundOnItsSide() {
        DeviceModel model = new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 1, 0));
        DeviceArray array = DeviceArray.sample(model, 100, 100, 8);
        for (int i = 0; i < array.size(); i++) {
            assertTrue(array.wMax(i) > 0 && array.wMin(i) < 0, "bounds of device " + i);
            array.pulse(i, true, 0);
            array.pulse(i, false, 0);
            assertTrue(Double.isFinite(array.weight(i)), "weight of device " + i);
        }
    }

    @Test
    void setWeightClipsToTheDeviceBoundsAndRejectsNonFiniteValues() {
        DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(0.001, 1, 1, -0.5, 0.7, Variability.NONE), 2, 2, 0);
        array.setWeight(0, 0.3);
        array.setWeight(1, 5);
        array.setWeight(2, -5);
        assertEquals(0.3, array.weight(0), 0.0);
        assertEquals(0.7, array.weight(1), 0.0);
        assertEquals(-0.5, array.weights()[2], 0.0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> array.setWeight(3, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void conductancesFollowTheMappingForEveryCrosspoint() {
        DeviceModel model = new LinearStepDevice(0.002, 1, 1, -0.828, 1.172, 0.115, 0.509, Variability.NONE);
        ConductanceRange range = new ConductanceRange(1e-6, 1e-5);
        DeviceArray array = DeviceArray.sample(model, 3, 5, 4);
        for (int i = 0; i < array.size(); i++) {
            array.setWeight(i, -0.8 + 0.13 * i);
        }
        for (String name : WeightMapping.NAMES) {
            WeightMapping mapping = WeightMapping.of(name, model);
            ConductanceArrays g = array.conductances(range, mapping);
            assertEquals(3, g.rows());
            assertEquals(5, g.cols());
            double[] back = new double[array.size()];
            mapping.toWeights(range, g.positive(), g.negative(), back);
            for (int i = 0; i < array.size(); i++) {
                assertEquals(mapping.positiveConductance(range, array.weight(i)), g.positive()[i], 0.0);
                assertEquals(mapping.negativeConductance(range, array.weight(i)), g.negative()[i], 0.0);
                assertEquals(array.weight(i), back[i], 1e-12);
            }
        }
    }

    @Test
    void badSizesAndMissingModelAreRejected() {
        DeviceModel model = new ConstantStepDevice(0.001, 1, 1, -1, 1, Variability.NONE);
        InvalidInputException rows = assertThrows(InvalidInputException.class, () -> DeviceArray.sample(model, 0, 4, 1));
        assertTrue(rows.getMessage().contains("rows = 0"), rows.getMessage());
        InvalidInputException total = assertThrows(InvalidInputException.class, () -> DeviceArray.sample(model, 8192, 8192, 1));
        assertTrue(total.getMessage().contains("8192 x 8192"), total.getMessage());
        assertThrows(InvalidInputException.class, () -> DeviceArray.sample(null, 2, 2, 1));
        assertEquals(1, DeviceArray.sample(model, 1, 1, 1).weights().length);
    }

    private static double pulsed(DeviceArray array, int index, boolean up, double gaussian) {
        array.pulse(index, up, gaussian);
        return array.weight(index);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double std(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
