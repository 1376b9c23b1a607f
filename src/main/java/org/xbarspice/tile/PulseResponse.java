package org.xbarspice.tile;

import java.util.function.DoubleConsumer;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.UpdateNetlist;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceTimeoutException;

/**
 * The potentiation/depression curve of one device: {@code count} up pulses then {@code count} down
 * pulses from w = 0, in SPICE (transient of the compact device) or behaviorally (the per-pulse map of
 * the model equivalent to the compact device at that pulse, {@link CompactDevice#equivalentModel}).
 *
 * @param weights the weight before the first pulse and after each pulse (2 count + 1 values)
 * @param seconds wall time (s)
 */
public record PulseResponse(double[] weights, double seconds) {

    /** The curve in SPICE; slots twice as long as the pulse. */
    public static PulseResponse spice(SpiceEngine engine, DevicePreset preset, PulseShape pulse, int count) {
        return spice(engine, preset, pulse, count, null);
    }

    /**
     * As {@link #spice(SpiceEngine, DevicePreset, PulseShape, int)}, sending the transient's completed fraction (0..1) to
     * {@code progress} as the engine reports it (null: nowhere; {@link SpiceEngine#run(String, java.util.List,
     * DoubleConsumer)}): ngspice takes about 2.4 s for 1,000 pulses each way and 52 s for 10,000.
     */
    public static PulseResponse spice(SpiceEngine engine, DevicePreset preset, PulseShape pulse, int count,
                                      DoubleConsumer progress) {
        long start = System.nanoTime();
        requireAboveThresholds(preset, pulse);
        CompactDevice device = CompactDevice.of(preset.model(), preset.spice());
        Netlist<double[]> netlist = UpdateNetlist.pulseResponse(device, DeviceConductance.of(preset.model(),
                preset.conductance()), 0, pulse, 2 * pulse.durationSecond(), count);
        double[] w;
        try {
            w = netlist.decode(engine.run(netlist.text(), netlist.vectors(), progress).vectors());
        } catch (SpiceTimeoutException e) {
            throw e.because("its transient of " + count + " pulses each way; ngspice takes about 2.4 s for 1,000 each way "
                    + "and 52 s for 10,000");
        }
        return new PulseResponse(w, (System.nanoTime() - start) * 1e-9);
    }

    /** The curve of the behavioral model equivalent to the preset's compact device at {@code pulse}. */
    public static PulseResponse behavioral(DevicePreset preset, PulseShape pulse, int count) {
        long start = System.nanoTime();
        DeviceModel model = equivalentModel(preset, pulse);
        double[] w = new double[2 * count + 1];
        for (int g = 0; g < 2 * count; g++) {
            w[g + 1] = model.applyPulse(w[g], g < count);
        }
        return new PulseResponse(w, (System.nanoTime() - start) * 1e-9);
    }

    /** The behavioral model equivalent to the preset's compact device at {@code pulse}. */
    public static DeviceModel equivalentModel(DevicePreset preset, PulseShape pulse) {
        requireAboveThresholds(preset, pulse);
        return CompactDevice.of(preset.model(), preset.spice()).equivalentModel(pulse, preset.model().variability());
    }

    /**
     * Refuses a pulse that does not move the device (a below-threshold pulse made "dwMin = 0.0 is not allowed"); one
     * device alone has no half-selected neighbours, so no V/2 bound.
     */
    private static void requireAboveThresholds(DevicePreset preset, PulseShape pulse) {
        CompactSpec.requireAboveThresholds(pulse.amplitudeVolt(), preset.spice().thresholdUpVolt(),
                preset.spice().thresholdDownVolt());
    }

    /** max |a - b| over two curves of the same length (weight units). */
    public static double maxAbsDiff(double[] a, double[] b) {
        double worst = 0;
        for (int g = 0; g < a.length; g++) {
            worst = Math.max(worst, Math.abs(a[g] - b[g]));
        }
        return worst;
    }
}
