package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.ExpStepDevice;
import org.xbarspice.device.Variability;

/**
 * {@link ExpStepDevice}: parameters dwUp, dwDown (the steps at w = 0), aUp, aDown, gammaUp, gammaDown, with a = 1,
 * b = 0 and hard bounds at the lowest and highest measured state (R their span; {@link PulseData#boundLow()}), so that
 * <pre>
 *   stepUp(w)   = dwUp   (1 - aUp   exp( gammaUp   z)) / (1 - aUp),    z = 2 w / R
 *   stepDown(w) = dwDown (1 - aDown exp(-gammaDown z)) / (1 - aDown)
 * </pre>
 * <b>What the data fix.</b> The model's a and b enter only through z = 2 a w / R + b, so a law (aUp, gammaUp, aDown,
 * gammaDown, a, b) has the same steps as (aUp exp(gammaUp b), gammaUp a, aDown exp(-gammaDown b), gammaDown a, 1, 0):
 * a and b are not identifiable separately, and this law fits the second form. Of dwMin, upScale and downScale only the
 * products dwMin upScale and dwMin downScale are (as for every law); the preset splits them as {@link FitLaw#scales}
 * does. The six parameters fitted are identifiable when the steps curve over the measured range; as a step tends to a
 * straight line (gamma towards 0) its a and gamma trade off (a gamma stays fixed) and their uncertainties grow.
 * aUp and aDown stay below 1: the steps at w = 0 are positive.
 */
final class ExpStepLaw implements FitLaw {
    /** The model's a of the fitted parametrisation (z = 2 w / R). */
    static final double A = 1;
    /** The model's b of the fitted parametrisation. */
    static final double B = 0;
    /** Largest aUp, aDown (dimensionless): the step at w = 0 stays positive. */
    private static final double MAX_A = 1 - 1e-9;
    /** Largest |gamma| (the model's range, dimensionless). */
    private static final double MAX_GAMMA = 50;
    /** Largest |aUp|, |aDown| (the model's range, dimensionless). */
    private static final double MAX_ABS_A = 1e6;
    /** Bins of the measured steps for the initial guess. */
    private static final int BINS = 24;
    /** Grid of gamma for the initial guess: gamma = +-GRID_STEP k up to {@value #GRID_MAX}. */
    private static final double GRID_STEP = 0.05;
    private static final double GRID_MAX = 20;

    @Override
    public String name() {
        return ExpStepDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.DW_UP, Parameter.DW_DOWN,
                new Parameter("aUp", "dimensionless", -MAX_ABS_A, MAX_A),
                new Parameter("aDown", "dimensionless", -MAX_ABS_A, MAX_A),
                new Parameter("gammaUp", "dimensionless", -MAX_GAMMA, MAX_GAMMA),
                new Parameter("gammaDown", "dimensionless", -MAX_GAMMA, MAX_GAMMA));
    }

    /**
     * Per direction, from the steps binned by state: for each gamma of a grid the best line step = alpha + beta
     * exp(+-gamma z) (weighted least squares, linear in alpha and beta), the gamma with the smallest residual and
     * alpha, beta > 0 at w = 0 (a = -beta / alpha < 1, dw = alpha + beta); the mean step and a = 0 when no gamma fits so.
     */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] up = guess(data, true);
        double[] down = guess(data, false);
        return new double[] {up[0], down[0], up[1], down[1], up[2], down[2]};
    }

    /** {dw at w = 0, a, gamma} of one direction. */
    private static double[] guess(PulseData data, boolean direction) {
        StepBins bins = StepBins.equal(data, direction, BINS);
        double floor = DeviceFit.FLOOR * data.medianStep();
        double range = data.boundHigh() - data.boundLow();
        double[] best = {data.meanStep(direction), 0, 1};
        double bestSse = Double.POSITIVE_INFINITY;
        double[] f = new double[bins.size()];
        int steps = (int) Math.round(GRID_MAX / GRID_STEP);
        for (int g = -steps; g <= steps; g++) {
            double gamma = g * GRID_STEP;
            if (g == 0) {
                continue;
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = Math.exp((direction ? gamma : -gamma) * 2 * bins.w()[i] / range);
            }
            double[] line = bins.lineFit(f, floor);
            double alpha = line[0];
            double beta = line[1];
            double a = -beta / alpha;
            if (alpha > 0 && alpha + beta > 0 && Math.abs(a) < MAX_ABS_A && line[2] < bestSse) {
                bestSse = line[2];
                best = new double[] {alpha + beta, a, gamma};
            }
        }
        return best;
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] s = FitLaw.scales(p[0] / (1 - p[2]), p[1] / (1 - p[3]));
        return new ExpStepDevice(s[0], s[1], s[2], data.boundLow(), data.boundHigh(), p[2], p[3], p[4], p[5], A, B, variability);
    }
}
