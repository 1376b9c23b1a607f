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
     * The straight lines through the observed steps: step(w) = a + b w vanishes at -a / b; a line that falls towards a
     * bound it places inside the data starts that bound a hundredth of the span past the states' extreme ({@link
     * PulseData#boundHigh()}, where a device parked near its bound reads), one that does not fall at twice the extreme
     * state (a bound the data give no sign of). Until the seventieth session a bound inside the data started at twice
     * the extreme too: where read noise scattered the readings of a device parked at its bound past it, the fit started
     * its bounds at +-2 and left the law's valid region (onen-softbounds, 4 cycles of 10,000 pulses; a soft-bounds device
     * swept 600 pulses into saturation and read every 5th pulse with 0.003). On six draws of the second (a scratch run,
     * not committed) a thousandth of the span past the extreme left four in a basin with a bound inside the readings
     * (dwMinStd 4-30 for 0.2), a hundredth fitted all six (dwUp 0.0099-0.0102 for 0.01, dwMinStd 0.17-0.29) and a
     * twentieth put one bound inside again; {@code DeviceFitTest.softBoundsSweptIntoSaturationReadEveryFifthPulse} holds
     * a draw the thousandth failed.
     */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] up = data.stepLine(true);
        double[] down = data.stepLine(false);
        double margin = 1e-2 * (data.boundHigh() - data.boundLow());
        double wMax = up[1] < 0 ? Math.max(-up[0] / up[1], data.boundHigh() + margin) : 2 * data.wHigh();
        double wMin = down[1] > 0 ? Math.min(-down[0] / down[1], data.boundLow() - margin) : 2 * data.wLow();
        return new double[] {up[0], down[0], wMin, wMax};
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] s = FitLaw.scales(p[0], p[1]);
        return new SoftBoundsDevice(s[0], s[1], s[2], p[2], p[3], variability);
    }
}
