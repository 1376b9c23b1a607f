package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;

/**
 * {@link SoftBoundsDevice}: parameters dwUp, dwDown and the bounds wMin, wMax where the steps vanish (fitted: the
 * device approaches them and never reaches them).
 */
final class SoftBoundsLaw implements FitLaw {
    /** Closest a fitted bound may come to 0 (weight units). */
    private static final double MIN_BOUND = 1e-9;

    @Override
    public String name() {
        return SoftBoundsDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.DW_UP, Parameter.DW_DOWN,
                new Parameter("wMin", "weight units", Double.NEGATIVE_INFINITY, -MIN_BOUND),
                new Parameter("wMax", "weight units", MIN_BOUND, Double.POSITIVE_INFINITY));
    }

    /**
     * The straight lines through the observed steps: step(w) = a + b w vanishes at -a / b; a bound inside the data
     * (or a line that does not fall towards it) starts at twice the extreme state instead.
     */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] up = data.stepLine(true);
        double[] down = data.stepLine(false);
        double wMax = up[1] < 0 ? -up[0] / up[1] : Double.NaN;
        double wMin = down[1] > 0 ? -down[0] / down[1] : Double.NaN;
        return new double[] {up[0], down[0], wMin < data.wLow() ? wMin : 2 * data.wLow(),
            wMax > data.wHigh() ? wMax : 2 * data.wHigh()};
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] s = FitLaw.scales(p[0], p[1]);
        return new SoftBoundsDevice(s[0], s[1], s[2], p[2], p[3], variability);
    }
}
