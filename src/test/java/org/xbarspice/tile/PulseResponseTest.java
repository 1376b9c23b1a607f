package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.UpdateNetlist;
import org.xbarspice.spice.SharedEngine;
import org.xbarspice.units.InvalidInputException;

/** The compact SPICE device reproduces each preset's behavioral pulse response. */
@Tag("ngspice")
class PulseResponseTest {
    static java.util.List<String> presets() {
        return DevicePresets.ids();
    }

    /**
     * The largest |w_spice - w_behavioral| over each preset's curve, as a fraction of its weight range (2026-12-04;
     * reram-es 2026-12-05, 1.10e-3 before its up/down bias moved to the down step): the compact device's rates are matched
     * to its law to first order only, so each law leaves its own error.
     */
    private static final Map<String, Double> MEASURED = Map.of("idealized", 2.70e-4, "onen-softbounds", 1.48e-4,
            "gokmen-vlasov", 2.70e-4, "ecram-mo", 7.18e-5, "li-ecram", 4.10e-4, "reram-es", 8.65e-4, "pow-step", 5.32e-5,
            "piecewise-step", 2.09e-4);

    @ParameterizedTest
    @MethodSource("presets")
    void spiceMatchesBehavioralToItsMeasuredErrorAtEveryPulse(String id) {
        DevicePreset preset = DevicePresets.load(id);
        int count = (int) Math.min(600, preset.model().states() / 2);
        CompactDevice device = CompactDevice.of(preset.model(), preset.spice());
        double slot = 2 * preset.spice().pulse().durationSecond();
        Netlist<double[]> netlist = UpdateNetlist.pulseResponse(device, DeviceConductance.of(preset.model(),
                preset.conductance()), 0, preset.spice().pulse(), slot, count);
        double[] spice = netlist.decode(SharedEngine.get().run(netlist.text(), netlist.vectors()).vectors());
        double range = preset.model().wMax() - preset.model().wMin();
        double w = 0;
        double worst = 0;
        for (int g = 0; g < 2 * count; g++) {
            w = preset.model().applyPulse(w, g < count);
            worst = Math.max(worst, Math.abs(spice[g + 1] - w) / range);
        }
        System.out.printf("%s: %d up + %d down pulses, worst |w_spice - w_behavioral| = %.2e of the weight range%n", id, count, count, worst);
        assertTrue(MEASURED.containsKey(id), id + ": a new preset; measure its curve's error and add it to MEASURED");
        assertTrue(worst <= 1.5 * MEASURED.get(id), id + ": " + worst + " of the range, measured " + MEASURED.get(id)); // regression bound
        assertTrue(Math.abs(spice[count] - spice[0]) > 10 * preset.model().dwMin(), "the curve must move");
    }

    /** A pulse below threshold is refused as such by the library call (it said "dwMin = 0.0 is not allowed"). */
    @Test
    void aPulseBelowThresholdIsRefusedAsSuch() {
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        PulseShape weak = new PulseShape(0.1, 1e-8, 1e-9);
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> PulseResponse.behavioral(preset, weak, 5));
        assertTrue(e.getMessage().contains("is not above the device threshold"), e.getMessage());
        assertTrue(assertThrows(InvalidInputException.class,
                () -> PulseResponse.spice(SharedEngine.get(), preset, weak, 5)).getMessage().contains("threshold"));
    }

    /**
     * A long transient reports its progress while it runs: 1,000 pulses each way (about 2 s in ngspice) send
     * fractions that never fall and end at 1, several of them (ngspice reports at most every 150 ms), and the curve is
     * the one the run without a listener gives.
     */
    @Test
    void aLongTransientReportsItsProgress() {
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        List<Double> fractions = new ArrayList<>();
        PulseResponse watched = PulseResponse.spice(SharedEngine.get(), preset, preset.spice().pulse(), 1000, fractions::add);
        PulseResponse plain = PulseResponse.spice(SharedEngine.get(), preset, preset.spice().pulse(), 1000);
        assertArrayEquals(plain.weights(), watched.weights());
        assertTrue(fractions.size() >= 3, "reports: " + fractions);
        for (int k = 1; k < fractions.size(); k++) {
            assertTrue(fractions.get(k) >= fractions.get(k - 1), "reports: " + fractions);
        }
        assertEquals(1, fractions.get(fractions.size() - 1), "reports: " + fractions);
    }
}
