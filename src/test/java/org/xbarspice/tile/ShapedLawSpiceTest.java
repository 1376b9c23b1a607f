package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SharedEngine;

/** The shaped laws' compact SPICE device against their behavioral models: one device, and an array with wires. */
@Tag("ngspice")
class ShapedLawSpiceTest {
    /** max |w_spice - w_behavioral| / (wMax - wMin) over 400 up then 400 down pulses (regression bounds). */
    private static final Map<String, Double> RESPONSE_BOUND = Map.of(
            "reram-es", 7.0e-4,        // measured 4.35e-4 (6.25e-4 before its up/down bias moved to the down step)
            "pow-step", 8.0e-5,        // measured 4.70e-5
            "piecewise-step", 3.0e-4); // measured 1.70e-4

    /** Worst per-device change, IR-aware behavioral vs SPICE transient, relative to the SPICE change (regression bounds). */
    private static final Map<String, Double> ARRAY_BOUND = Map.of(
            "reram-es", 0.003,         // measured 0.157 % (0.145 % before its up/down bias moved to the down step)
            "pow-step", 0.001,         // measured 0.049 %
            "piecewise-step", 0.003);  // measured 0.148 %

    @ParameterizedTest
    @ValueSource(strings = {"reram-es", "pow-step", "piecewise-step"})
    void pulseResponseOfTheCompactDeviceFollowsTheBehavioralLaw(String id) {
        DevicePreset preset = DevicePresets.load(id);
        int count = 400;
        PulseResponse spice = PulseResponse.spice(SharedEngine.get(), preset, preset.spice().pulse(), count);
        PulseResponse behavioral = PulseResponse.behavioral(preset, preset.spice().pulse(), count);
        DeviceModel model = preset.model();
        double w = 0;
        for (int g = 0; g < 2 * count; g++) {
            w = model.applyPulse(w, g < count);
            // measured: bit-equal (the same law applied in the same order; 2026-12-02)
            assertEquals(w, behavioral.weights()[g + 1], 0, "the behavioral curve is the preset's law");
        }
        double worst = PulseResponse.maxAbsDiff(spice.weights(), behavioral.weights()) / (model.wMax() - model.wMin());
        System.out.printf("%s: %d up + %d down pulses, max |w_spice - w_behavioral| = %.2e of the weight range%n",
                id, count, count, worst);
        assertTrue(worst <= RESPONSE_BOUND.get(id), id + ": " + worst);
        assertTrue(Math.abs(spice.weights()[count]) > 50 * model.dwMin(), "the curve must move");
    }

    /**
     * A 4 x 32 array with 10 ohm wires, every device given 8 coincidences up then 8 down: SPICE (transient, and
     * quasi-static) against the IR-drop-aware behavioral update, which moves each device by the scaled step of its law at
     * the voltage it sees.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reram-es", "pow-step", "piecewise-step"})
    void arrayUpdateWithWiresMatchesSpice(String id) {
        DevicePreset nominal = DevicePresets.load(id);
        Variability v = nominal.model().variability();
        // SPICE devices have no cycle-to-cycle noise; keep the device-to-device spread
        DevicePreset preset = new DevicePreset(id, nominal.description(), nominal.source(),
                nominal.model().withVariability(new Variability(v.dwMinDtod(), v.upDownDtod(), v.boundsDtod(), 0)),
                nominal.conductance(), nominal.mapping(), nominal.spice());
        int rows = 4;
        int cols = 32;
        int bl = 8;
        UpdateCircuit circuit = new UpdateCircuit(rows, cols, 10, 0, preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
        double[] x = new double[rows];
        Arrays.fill(x, 1);
        double[] up = new double[cols];
        Arrays.fill(up, 1);
        double[] down = new double[cols];
        Arrays.fill(down, -1);
        double dw = preset.model().dwMin();
        UpdatePulses[] updates = {UpdatePulses.draw(x, up, dw * bl, dw, bl, false, 1), UpdatePulses.draw(x, down, dw * bl, dw, bl, false, 2)};
        DeviceArray inTransient = DeviceArray.sample(preset.model(), rows, cols, 1);
        DeviceArray quasiStatic = DeviceArray.sample(preset.model(), rows, cols, 1);
        DeviceArray behavioral = DeviceArray.sample(preset.model(), rows, cols, 1);
        SpiceUpdater spiceTransient = new SpiceUpdater(SharedEngine.get(), circuit, preset.conductance(), preset.spice(), null,
                SpiceUpdater.Mode.TRANSIENT);
        SpiceUpdater spiceQuasiStatic = new SpiceUpdater(SharedEngine.get(), circuit, preset.conductance(), preset.spice(), null,
                SpiceUpdater.Mode.QUASI_STATIC);
        BehavioralUpdater twin = BehavioralUpdater.of(circuit, preset, 1);
        assertTrue(twin.irAware());
        double worst = 0;
        double worstQuasiStatic = 0;
        for (UpdatePulses pulses : updates) {
            double[] start = inTransient.weights().clone();
            spiceTransient.update(inTransient, pulses);
            spiceQuasiStatic.update(quasiStatic, pulses);
            twin.update(behavioral, pulses);
            for (int k = 0; k < rows * cols; k++) {
                double change = inTransient.weight(k) - start[k];
                assertTrue(Math.abs(change) > 2 * dw, id + " device " + k + " must move");
                worst = Math.max(worst, Math.abs(behavioral.weight(k) - inTransient.weight(k)) / Math.abs(change));
                worstQuasiStatic = Math.max(worstQuasiStatic, Math.abs(quasiStatic.weight(k) - behavioral.weight(k)));
            }
        }
        System.out.printf("%s, 4x32, r = 10 ohm, 8 up then 8 down coincidences: IR-aware behavioral vs SPICE transient "
                + "worst %.3f %% of the change; vs quasi-static SPICE %.1e (weight units)%n", id, 100 * worst, worstQuasiStatic);
        assertTrue(worst <= ARRAY_BOUND.get(id), id + ": " + worst);
        // measured 2.0e-15 (piecewise-step), 1.2e-15 (reram-es), 8.5e-16 (pow-step) (2026-12-02); a regression bound
        assertTrue(worstQuasiStatic <= 1e-14, id + ": " + worstQuasiStatic);
    }
}
