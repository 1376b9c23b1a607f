package org.xbarspice.behavioral;

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
        super(Objects.requireNonNull(array, "device array"), seed);
        this.devices = Objects.requireNonNull(devices, "compact devices");
        this.shape = Objects.requireNonNull(shape, "pulse shape");
        double threshold = 0;
        for (CompactDevice device : devices) {
            threshold = Math.max(threshold, device.thresholdVolt());
        }
        this.volt = position.fractions(array.rows(), array.cols(), wireOhm, threshold / shape.amplitudeVolt());
        for (int d = 0; d < volt.length; d++) {
            volt[d] *= shape.amplitudeVolt();
        }
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
