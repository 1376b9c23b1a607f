package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.units.InvalidInputException;

/** The compact device's exact pulse map and its analytic behavioral equivalent. */
class CompactDeviceTest {
    static java.util.List<String> presets() {
        return DevicePresets.ids();
    }

    /** The series of the pulse saturation against expm1, across its switch at 1/128 and beyond (measured: 1 ulp at most). */
    @Test
    void saturationSeriesAgreesWithExpm1ToAnUlp() {
        double worst = 0;
        for (double x = -0.2; x <= 0.2; x += 1.37e-4) {
            for (double scale : new double[] {1, 1e-3, 1e-7}) {
                double y = x * scale;
                double exact = -Math.expm1(-y) / y;
                worst = Math.max(worst, Math.abs(CompactDevice.saturationRatio(y) - exact) / Math.ulp(exact));
            }
        }
        assertTrue(worst <= 1, "largest difference " + worst + " ulp");
        assertEquals(1, CompactDevice.saturationRatio(0));
    }

    @ParameterizedTest
    @MethodSource("presets")
    void nominalPulseReproducesTheBehavioralStepExactly(String id) {
        DevicePreset p = DevicePresets.load(id);
        CompactDevice d = CompactDevice.of(p.model(), p.spice());
        double vp = p.spice().pulse().amplitudeVolt();
        for (double w = p.model().wMin(); w <= p.model().wMax(); w += 0.037) {
            assertEquals(p.model().applyPulse(w, true), d.pulse(w, vp, p.spice().pulse()), 1e-15, "up at " + w);
            assertEquals(p.model().applyPulse(w, false), d.pulse(w, -vp, p.spice().pulse()), 1e-15, "down at " + w);
        }
    }

    /**
     * A device whose nominal step reaches its bound (step 0.01, bounds +-0.008, as device-to-device spread of the bounds
     * can sample) still has a compact model: one nominal pulse takes it to its bound, as the behavioral model's clipped
     * step, to within 1e-12 of the step, up and down from w = 0 (the old rate threw for such a device).
     */
    @Test
    void aStepBeyondTheBoundSaturatesAtTheBound() {
        CompactSpec spec = DevicePresets.load("onen-softbounds").spice();
        CompactDevice d = CompactDevice.matching(0.01, 1 / 0.008, 0.01, 1 / 0.008, -0.008, 0.008, spec);
        double vp = spec.pulse().amplitudeVolt();
        assertEquals(0.008, d.pulse(0, vp, spec.pulse()), 1e-12 * 0.01);
        assertEquals(-0.008, d.pulse(0, -vp, spec.pulse()), 1e-12 * 0.01);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void equivalentModelAtTheNominalPulseIsThePresetModel(String id) {
        DevicePreset p = DevicePresets.load(id);
        DeviceModel eq = CompactDevice.of(p.model(), p.spice()).equivalentModel(p.spice().pulse(), p.model().variability());
        assertEquals(p.model().type(), eq.type());
        for (double w = p.model().wMin(); w <= p.model().wMax(); w += 0.05) {
            assertEquals(p.model().stepUp(w), eq.stepUp(w), 1e-15);
            assertEquals(p.model().stepDown(w), eq.stepDown(w), 1e-15);
        }
        assertEquals(p.model().symmetryPoint(), eq.symmetryPoint(), 1e-12);
    }

    @Test
    void softBoundsStepFollowsTheClosedFormAtOtherAmplitudes() {
        DevicePreset p = DevicePresets.load("onen-softbounds");
        CompactDevice d = CompactDevice.of(p.model(), p.spice());
        PulseShape nominal = p.spice().pulse();
        // dw_up(0) = wMax (1 - exp(-Ku U)) with U the drive integral; Ku fixed by the nominal pulse
        double u0 = nominal.drive(1.2, 0.8);
        double ku = -Math.log(1 - 0.001) / u0;
        for (double v : new double[] {0.9, 1.0, 1.1, 1.3}) {
            double expected = 1 - Math.exp(-ku * nominal.drive(v, 0.8));
            assertEquals(expected, d.pulse(0, v, nominal), 1e-15, "Vp = " + v);
        }
        assertEquals(0.3, d.pulse(0.3, 0.6, nominal), 0.0);
        assertEquals(0.3, d.pulse(0.3, -0.79, nominal), 0.0);
    }

    @Test
    void driveIntegralOfATrapezoid() {
        PulseShape s = new PulseShape(1.2, 10e-9, 1e-9);
        // flat top (1.2 - 0.8) * 10 ns + two ramps of (0.4)^2 / (2 * 1.2) * 1 ns
        assertEquals(0.4 * 10e-9 + 2 * 0.16 / 2.4 * 1e-9, s.drive(1.2, 0.8), 1e-22);
        assertEquals(0.0, s.drive(0.8, 0.8), 0.0);
        assertEquals(s.drive(1.2, 0.8), s.drive(-1.2, 0.8), 0.0);
    }

    @Test
    void vHalfSchemeIsChecked() {
        assertThrows(InvalidInputException.class, () -> new CompactSpec(0.8, 0.8, new PulseShape(0.7, 1e-8, 1e-9)));
        assertThrows(InvalidInputException.class, () -> new CompactSpec(0.8, 0.8, new PulseShape(1.7, 1e-8, 1e-9)));
        assertTrue(new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9)).pulse().amplitudeVolt() > 0);
    }

    /**
     * The packed devices' pulse maps are each device's own, bit for bit: every preset's law (linear and shaped), devices
     * sampled with device-to-device spread, both polarities, below and above threshold, near and at the bounds.
     */
    @ParameterizedTest
    @MethodSource("presets")
    void packedDevicesMoveAsTheirOwnMaps(String id) {
        DevicePreset preset = DevicePresets.load(id);
        DeviceArray array = DeviceArray.sample(preset.model().withVariability(new Variability(0.3, 0.1, 0.3, 0)), 3, 4, 7);
        CompactDevice[] devices = CompactDevice.of(array, preset.spice());
        int stride = CompactDevice.PACKED + 3; // records with room for a caller's own factors before the parameters
        double[] packed = new double[devices.length * stride];
        for (int d = 0; d < devices.length; d++) {
            CompactDevice.pack(devices[d], packed, d * stride + 2);
        }
        PulseShape shape = preset.spice().pulse();
        ShapedLaw law = devices[0].shaped();
        double amplitude = shape.amplitudeVolt();
        for (int d = 0; d < devices.length; d++) {
            CompactDevice device = devices[d];
            for (double v : new double[] {-1.3 * amplitude, -amplitude, -0.5 * amplitude, 0, 0.5 * amplitude, amplitude, 1.3 * amplitude}) {
                double f = device.pulseFactor(v, shape);
                assertEquals(f, CompactDevice.pulseFactor(packed, d * stride + 2, v, shape), 0, id + " device " + d + " at " + v + " V");
                for (double w : new double[] {device.wMin(), 0.9 * device.wMin(), 0, 0.9 * device.wMax(), device.wMax()}) {
                    double unclipped = CompactDevice.unclippedPulse(packed, d * stride + 2, w, f, law);
                    assertEquals(device.unclippedPulse(w, v, shape), unclipped, 0, id + " device " + d + " at " + v + " V from w = " + w);
                    assertEquals(device.applyPulse(w, f), CompactDevice.clip(packed, d * stride + 2, unclipped), 0,
                            id + " device " + d + " at " + v + " V from w = " + w);
                }
            }
        }
    }

    /**
     * A linear-step device with a gamma above 1 has a weight past wMax / gammaUp (wMin / gammaDown) where its behavioral
     * step stops at 0 (docs/DEVICES.md, "Device step laws"); the compact device's pulse map, plain and packed, stops
     * there too instead of moving the weight back against the pulse (before: an up pulse from 0.8 with gammaUp = 2 gave
     * 0.794).
     */
    @Test
    void stepPastTheSaturationOfAGammaAboveOneStopsAsTheBehavioralLaw() {
        CompactSpec spec = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
        LinearStepDevice law = new LinearStepDevice(0.01, 1, 1, -1, 1, 2, 2, Variability.NONE);
        DeviceArray array = DeviceArray.sample(law, 1, 1, 1);
        CompactDevice d = CompactDevice.of(array, 0, spec);
        double[] packed = new double[CompactDevice.PACKED];
        CompactDevice.pack(d, packed, 0);
        for (double w : new double[] {-0.9, -0.8, -0.5, -0.3, 0, 0.3, 0.5, 0.8, 0.9}) {
            for (boolean up : new boolean[] {true, false}) {
                array.setWeight(0, w);
                double behavioral = array.pulse(0, up, 0);
                double volt = up ? 1.2 : -1.2;
                assertEquals(behavioral, d.pulse(w, volt, spec.pulse()), 1e-15, (up ? "up" : "down") + " at " + w);
                double f = CompactDevice.pulseFactor(packed, 0, volt, spec.pulse());
                assertEquals(behavioral, CompactDevice.clip(packed, 0, CompactDevice.unclippedPulse(packed, 0, w, f, null)),
                        1e-15, "packed " + (up ? "up" : "down") + " at " + w);
                assertEquals(law.applyPulse(w, up), behavioral, 1e-15, "nominal law at " + w);
            }
        }
    }
}
