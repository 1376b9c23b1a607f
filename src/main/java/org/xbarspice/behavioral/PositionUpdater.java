package org.xbarspice.behavioral;

import java.util.Arrays;
import java.util.Objects;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The calibrated IR-drop update: every coincident device moves by its compact model at the fraction of the pulse
 * amplitude that a calibrated {@link PositionModel} gives its position, {@code V(i, j) = Vp fraction(i, j)}; no
 * circuit solve, so it costs what the plain update costs. The fractions depend on the position only (not on the
 * array's state or on which lines pulse), which is its approximation; its error against {@link IrDropUpdater} is
 * what a training run's spot checks report.
 *
 * <p><b>Order and noise</b> as {@link LineUpdater}: rows ascending, columns ascending, each device's coincidences
 * in a row, each change times {@code (1 + dwMinStd xi)}. Not thread-safe.
 */
public final class PositionUpdater extends CompactUpdater {
    private final CompactDevice[] devices;
    private final PulseShape shape;
    private final double[] volt;

    /**
     * @param devices  the compact device of every crosspoint, row-major (with the position model's full-pulse gains)
     * @param position the calibrated position model
     * @param wireOhm  wire segment resistance of this array (ohm), for the model's scaling to its size
     * @param shape    the nominal update pulse (its amplitude is Vp)
     */
    public PositionUpdater(DeviceArray array, CompactDevice[] devices, PositionModel position, double wireOhm, PulseShape shape,
                           long seed) {
        this(array, devices, shape, position.fractions(array.rows(), array.cols(), wireOhm,
                largestThreshold(devices) / shape.amplitudeVolt()), seed);
    }

    private PositionUpdater(DeviceArray array, CompactDevice[] devices, PulseShape shape, double[] fractions, long seed) {
        super(Objects.requireNonNull(array, "device array"), seed);
        this.devices = Objects.requireNonNull(devices, "compact devices");
        this.shape = Objects.requireNonNull(shape, "pulse shape");
        this.volt = fractions;
        for (int d = 0; d < volt.length; d++) {
            volt[d] *= shape.amplitudeVolt();
        }
    }

    /**
     * The update with ideal wires and drivers, noise-free: every coincident device at the full amplitude of {@code shape},
     * the step a circuit without IR drop gives (a fast mode's spot checks measure its error on that scale). Allocates
     * one double per device, where a {@link LineUpdater} of a zero-ohm circuit takes some thirty (which took 8-40 ms of a
     * spot check of a 393 x 256 array in training, up to 0.24 s of its first).
     */
    public static PositionUpdater nominal(DeviceArray array, CompactDevice[] devices, PulseShape shape) {
        double[] full = new double[array.size()];
        Arrays.fill(full, 1);
        PositionUpdater nominal = new PositionUpdater(array, devices, shape, full, 0);
        nominal.setNoise(false);
        return nominal;
    }

    private static double largestThreshold(CompactDevice[] devices) {
        double threshold = 0;
        for (CompactDevice device : devices) {
            threshold = Math.max(threshold, device.thresholdVolt());
        }
        return threshold;
    }

    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    @Override
    public void apply(UpdatePulses pulses) {
        PulseUpdater.checkPulses(pulses, array);
        long[] rowMasks = pulses.rowMasks();
        long[] colMasks = pulses.colMasks();
        byte[] rowSign = pulses.rowSign();
        byte[] colSign = pulses.colSign();
        double[] w = array.weights();
        int cols = array.cols();
        for (int i = 0; i < array.rows(); i++) {
            long mask = rowMasks[i];
            if (mask == 0) {
                continue;
            }
            for (int j = 0; j < cols; j++) {
                int c = Long.bitCount(mask & colMasks[j]);
                if (c == 0) {
                    continue;
                }
                int d = i * cols + j;
                double v = rowSign[i] == colSign[j] ? volt[d] : -volt[d];
                CompactDevice device = devices[d];
                double weight = w[d];
                for (int n = 0; n < c; n++) {
                    weight = device.clip(noise.apply(weight, device.unclippedPulse(weight, v, shape)));
                }
                array.setWeight(d, weight);
            }
        }
    }
}
