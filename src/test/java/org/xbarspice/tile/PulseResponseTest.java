package org.xbarspice.tile;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.UpdateNetlist;
import org.xbarspice.spice.SharedEngine;

/** The compact SPICE device reproduces each preset's behavioral pulse response. */
@Tag("ngspice")
class PulseResponseTest {
    static java.util.List<String> presets() {
        return DevicePresets.ids();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void spiceMatchesBehavioralWithinHalfAPercentOfTheRangeAtEveryPulse(String id) {
        DevicePreset preset = DevicePresets.load(id);
        int count = (int) Math.min(600, preset.model().states() / 2);
        CompactDevice device = CompactDevice.of(preset.model(), preset.spice());
        double slot = 2 * preset.spice().pulse().durationSecond();
        Netlist<double[]> netlist = UpdateNetlist.pulseResponse(device, preset.conductance(), 0, preset.spice().pulse(), slot, count);
        double[] spice = netlist.decode(SharedEngine.get().run(netlist.text(), netlist.vectors()).vectors());
        double range = preset.model().wMax() - preset.model().wMin();
        double w = 0;
        double worst = 0;
        for (int g = 0; g < 2 * count; g++) {
            w = preset.model().applyPulse(w, g < count);
            worst = Math.max(worst, Math.abs(spice[g + 1] - w) / range);
        }
        System.out.printf("%s: %d up + %d down pulses, worst |w_spice - w_behavioral| = %.2e of the weight range%n", id, count, count, worst);
        assertTrue(worst <= 0.005, id + ": " + worst);
        assertTrue(Math.abs(spice[count] - spice[0]) > 10 * preset.model().dwMin(), "the curve must move");
    }
}
