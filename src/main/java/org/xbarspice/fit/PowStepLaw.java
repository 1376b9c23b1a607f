package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.PowStepDevice;
import org.xbarspice.device.Variability;

/**
 * {@link PowStepDevice}: parameters dwUp, dwDown (the steps at w = 0), the exponents gammaUp, gammaDown and the bounds
 * wMin, wMax (fitted, as for soft bounds: the steps vanish there, so a device with an exponent >= 1 approaches its
 * bounds and never reaches them, and the measured extremes are not the bounds):
 * <pre>
 *   stepUp(w)   = dwUp   ((wMax - w) / wMax)^gammaUp
 *   stepDown(w) = dwDown ((w - wMin) / -wMin)^gammaDown
 * </pre>
 * All six are identifiable. The model's own parameters follow: powGamma = max(gammaUp, gammaDown), powUpDown =
 * gammaUp / gammaDown - 1 if gammaUp is the smaller, else 1 - gammaDown / gammaUp (the fit works with the two exponents
 * because powUpDown has a kink at 0), dwMin upScale = dwUp (R / wMax)^gammaUp with R = wMax - wMin, and so on. The
 * model allows exponents in [0.1, 10] with a ratio of at least 0.1 (|powUpDown| <= 0.9).
 */
final class PowStepLaw implements FitLaw {
    /** Closest a fitted bound may come to 0 (weight units). */
    private static final double MIN_BOUND = 1e-9;
    /** Smallest and largest exponent (the model's range of powGamma). */
    private static final double MIN_GAMMA = 0.1;
    private static final double MAX_GAMMA = 10;
    /** Bins of the measured steps for the initial guess. */
    private static final int BINS = 24;
    /** Grid points of the initial guess per exponent and per bound. */
    private static final int GRID = 48;

    @Override
    public String name() {
        return PowStepDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.DW_UP, Parameter.DW_DOWN,
                new Parameter("gammaUp", "dimensionless", MIN_GAMMA, MAX_GAMMA),
                new Parameter("gammaDown", "dimensionless", MIN_GAMMA, MAX_GAMMA),
                new Parameter("wMin", "weight units", Double.NEGATIVE_INFINITY, -MIN_BOUND),
                new Parameter("wMax", "weight units", MIN_BOUND, Double.POSITIVE_INFINITY));
    }

    /**
     * Per direction, from the steps binned by state: on a grid of exponents (geometric over [0.1, 10]) and of bounds
     * beyond the measured extreme (geometric, 1e-3 to 3 measured ranges beyond it), the amplitude of step = A |bound -
     * w|^gamma by weighted least squares; the pair with the smallest residual.
     */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] up = guess(data, true);
        double[] down = guess(data, false);
        return new double[] {up[0], down[0], up[1], down[1], down[2], up[2]};
    }

    /** {dw at w = 0, gamma, bound} of one direction. */
    private static double[] guess(PulseData data, boolean direction) {
        StepBins bins = StepBins.equal(data, direction, BINS);
        double floor = DeviceFit.FLOOR * data.medianStep();
        double range = data.wHigh() - data.wLow();
        double extreme = direction ? data.wHigh() : data.wLow();
        double[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        double[] f = new double[bins.size()];
        for (int b = 0; b < GRID; b++) {
            double beyond = range * 1e-3 * Math.pow(3e3, b / (GRID - 1.0));
            double bound = direction ? extreme + beyond : extreme - beyond;
            for (int g = 0; g < GRID; g++) {
                double gamma = MIN_GAMMA * Math.pow(MAX_GAMMA / MIN_GAMMA, g / (GRID - 1.0));
                for (int i = 0; i < f.length; i++) {
                    f[i] = Math.pow(Math.abs(bound - bins.w()[i]) / Math.abs(bound), gamma);
                }
                double[] fit = bins.scaleFit(f, floor);
                if (fit[0] > 0 && fit[1] < bestSse) {
                    bestSse = fit[1];
                    best = new double[] {fit[0], gamma, bound};
                }
            }
        }
        return best != null ? best : new double[] {data.meanStep(direction), 1, 2 * extreme};
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double gammaUp = p[2];
        double gammaDown = p[3];
        double wMin = p[4];
        double wMax = p[5];
        double range = wMax - wMin;
        double powGamma = Math.max(gammaUp, gammaDown);
        double powUpDown = gammaUp < gammaDown ? gammaUp / gammaDown - 1 : 1 - gammaDown / gammaUp;
        double[] s = FitLaw.scales(p[0] * Math.pow(range / wMax, gammaUp), p[1] * Math.pow(range / -wMin, gammaDown));
        return new PowStepDevice(s[0], s[1], s[2], wMin, wMax, powGamma, powUpDown, variability);
    }
}
