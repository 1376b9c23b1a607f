package org.xbarspice.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.LinearLaw;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.units.InvalidInputException;

/**
 * Fits a {@link StepModel} to calibration data (Commons Math Levenberg-Marquardt), in two stages.
 *
 * <p><b>Stage 1</b>, one least-squares problem over all pulse responses and all fit updates: the steps du, dd under the
 * full pulse, the slopes su, sd (not for a constant-step preset, whose slopes stay 0), the position coefficients c1, c2
 * and, per pulse-response device, the fraction of Vp it sees when it alone is selected (a single selected device
 * draws less current through the wires than a stochastic update, so it sees a smaller drop than the map, which
 * describes updates). Residuals, in fractions of the nominal weight range: the recorded weights of each pulse response
 * against the model run from the same start, and each device's weight after each fit update against the model run
 * from its weight before that update (devices without coincidences are left out). Parameters are
 * scaled by their nominal values; the Jacobian is a forward difference. Uncertainties: the covariance
 * (J'J)^-1 times the residual variance RSS / (m - n), propagated linearly to derived values. They are statistical:
 * the position model's misfit is not random, so read them beside the residual table.
 *
 * <p><b>Stage 2</b>, per device: with the stage-1 model fixed, one factor on both of its steps (Gauss-Newton on its fit
 * updates). The stages alternate ({@value #PASSES} stage-1 fits): the first stage-1 fit takes every device as the mean
 * device; each later one holds the stage-2 factors fixed after dividing out their position trend (log factor regressed
 * on 1 and the position model's basis, u + v and u^2 + v^2 on a square array), so the position model keeps what is
 * common to a position and the factors what is random.
 * The dw_min spread is the detrended factors' relative standard deviation ({@link #spread}); it also absorbs what the
 * position model misses.
 *
 * <p>A fit that hits the iteration limit, whose covariance is singular or whose values are unphysical (a step <= 0, a
 * negative slope, a device voltage below threshold or above the pulse) throws {@link CalibrationException}.
 */
public final class Calibrator {
    /** Residual-table row of the accumulated change over the held-out updates: the acceptance figure. */
    public static final String HELD_OUT_ACCUMULATED = "held-out updates, accumulated change";
    /** Residual-table row of the held-out updates, each predicted from SPICE's weights before it. */
    public static final String HELD_OUT_STEP = "held-out updates, one update ahead";
    /**
     * Residual-table row of the held-out updates' accumulated change on the array sampled with the preset's
     * device-to-device spread, when it is apart from the nominal devices' ({@link #fit(CalibrationData, CalibrationData,
     * DevicePreset, int)}).
     */
    public static final String SAMPLED_HELD_OUT_ACCUMULATED = "sampled devices: held-out, accumulated";
    /** Residual-table row of the fit updates. */
    public static final String FIT_STEP = "fit updates, one update ahead";

    private static final int DU = 0;
    private static final int DD = 1;
    private static final int SU = 2;
    private static final int SD = 3;
    private static final int C1 = 4;
    private static final int C2 = 5;
    private static final int FIRST_FRACTION = 6;
    private static final double JACOBIAN_STEP = 1e-7;
    private static final int MIN_DEVICE_PULSES = 8;
    /** Stage-1 fits: the first with every device at the mean, then with the detrended stage-2 factors fixed. */
    private static final int PASSES = 3;

    private final CalibrationData data;
    /** The experiments on the array sampled with the preset's device-to-device spread, or null ({@link #fit}). */
    private final CalibrationData sampled;
    private final DevicePreset nominalPreset;
    private final CompactSpec spec;
    private final boolean softBounds;
    /**
     * Whether the nominal devices' slopes follow each device's own bounds (soft bounds, or a linear step so marked): the
     * calibrated preset's do too.
     */
    private final boolean slopesAtOwnBounds;
    private final int[] free;
    private final double[] scale;
    private final double[] nominalTheta;
    private final double range;
    private final int rows;
    private final int cols;
    private final double[] up;
    private final double[] down;
    /** Per-device step factors held fixed in stage 1 (null: all 1). */
    private double[] deviceScale;

    private Calibrator(CalibrationData data, CalibrationData sampled, DevicePreset nominalPreset) {
        this.data = data;
        this.sampled = sampled;
        this.nominalPreset = nominalPreset;
        this.spec = nominalPreset.spice();
        this.rows = data.rows();
        this.cols = data.cols();
        CalibrationSetup.requireLinearLaw(nominalPreset.model());
        LinearLaw model = (LinearLaw) nominalPreset.model();
        this.softBounds = model instanceof SoftBoundsDevice;
        this.slopesAtOwnBounds = softBounds || model instanceof LinearStepDevice linear && linear.slopesAtOwnBounds();
        this.range = model.wMax() - model.wMin();
        int positions = data.curves().size();
        nominalTheta = new double[FIRST_FRACTION + positions];
        nominalTheta[DU] = model.dwMin() * model.upScale();
        nominalTheta[DD] = model.dwMin() * model.downScale();
        nominalTheta[SU] = model.upSlope(model.wMax());
        nominalTheta[SD] = model.downSlope(model.wMin());
        for (int p = 0; p < positions; p++) {
            nominalTheta[FIRST_FRACTION + p] = 1;
        }
        boolean slopes = !(model instanceof ConstantStepDevice);
        List<Integer> freeList = new ArrayList<>();
        for (int k = 0; k < nominalTheta.length; k++) {
            if (slopes || (k != SU && k != SD)) {
                freeList.add(k);
            }
        }
        free = freeList.stream().mapToInt(Integer::intValue).toArray();
        scale = new double[nominalTheta.length];
        for (int k = 0; k < scale.length; k++) {
            scale[k] = k == C1 || k == C2 ? 0.1 : nominalTheta[k] != 0 ? nominalTheta[k] : 1;
        }
        up = new double[rows * cols];
        down = new double[rows * cols];
    }

    /**
     * Calibrates the behavioral model of {@code nominalPreset}'s devices to {@code data}.
     *
     * @param maxIterations iteration limit of the Levenberg-Marquardt fit
     * @throws CalibrationException when the fit does not converge or its result is unphysical
     */
    public static Calibration fit(CalibrationData data, DevicePreset nominalPreset, int maxIterations) {
        return fit(data, null, nominalPreset, maxIterations);
    }

    /**
     * Calibrates as {@link #fit(CalibrationData, DevicePreset, int)} with the step law and the position model fitted to
     * {@code nominalDevices}, the experiments on the preset's devices without their spread ({@link
     * CalibrationSetup#withoutDeviceSpread}), and the device-to-device spread to {@code sampled}, the same experiments on
     * the array sampled with it, with that model held: on one array the spread's own pattern over the array passes for
     * IR drop (a 30 % dw_min spread on 16 x 16 at 20 ohm fitted c1 = 0.134, c2 = -0.116, a centre that saw less of the
     * pulse than the far corner, against 0.018, -0.008 without the spread). The residual table holds the nominal
     * devices' rows and the sampled array's accumulated held-out change ({@link #SAMPLED_HELD_OUT_ACCUMULATED}).
     *
     * @param sampled the experiments on the sampled array, or null when the preset has no spread (then {@code
     *                nominalDevices} are the sampled array's, and the spread is fitted on them)
     */
    public static Calibration fit(CalibrationData nominalDevices, CalibrationData sampled, DevicePreset nominalPreset,
                                  int maxIterations) {
        return new Calibrator(nominalDevices, sampled, nominalPreset).run(maxIterations);
    }

    private Calibration run(int maxIterations) {
        int m = residualCount();
        double[] q = new double[free.length];
        for (int f = 0; f < free.length; f++) {
            q[f] = nominalTheta[free[f]] / scale[free[f]];
        }
        LeastSquaresOptimizer.Optimum optimum = null;
        StepModel fitted = null;
        double[] factors = null;
        int iterations = 0;
        int evaluations = 0;
        int scaleFactors = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            deviceScale = pass == 0 ? null : withOnes(detrended(factors, rows, cols));
            scaleFactors = pass == 0 ? 0 : freeFactors(factors);
            optimum = optimize(q, m, maxIterations);
            iterations += optimum.getIterations();
            evaluations += optimum.getEvaluations();
            q = optimum.getPoint().toArray();
            fitted = model(theta(q));
            checkPhysical(theta(q), fitted);
            factors = deviceFactors(fitted, data);
        }
        double[] theta = theta(q);
        double[][] covariance = covariance(optimum, m - scaleFactors);
        double[] sampledFactors = sampled == null ? factors : deviceFactors(fitted, sampled);
        double[] spread = spread(sampledFactors, rows, cols);
        StepModel nominal = model(nominalTheta);
        StepModel average = arrayAverage(fitted);
        double[] fractions = new double[data.curves().size()];
        System.arraycopy(theta, FIRST_FRACTION, fractions, 0, fractions.length);
        double[] responseFactors = new double[fractions.length];
        for (int p = 0; p < fractions.length; p++) {
            responseFactors[p] = heldFactor(data.curves().get(p));
        }
        DevicePreset preset = preset(average, spread[0], fitted);

        List<Calibration.Estimate> estimates = estimates(theta, covariance, spread);
        List<Calibration.ResidualRow> residuals = residualTable(nominal, fitted, fractions, responseFactors, average,
                factors);
        if (sampled != null) {
            residuals.add(accumulatedRow(SAMPLED_HELD_OUT_ACCUMULATED, sampled, nominal, fitted, average, sampledFactors));
        }
        double[][] attenuation = new double[rows][cols];
        double[][] measured = new double[rows][cols];
        fitted.steps(rows, cols, spec, null, up, down);
        for (int k = 0; k < up.length; k++) {
            attenuation[k / cols][k % cols] = up[k] / fitted.du();
            measured[k / cols][k % cols] = up[k] / fitted.du() * (Double.isNaN(sampledFactors[k]) ? 1 : sampledFactors[k]);
        }
        return new Calibration(preset, nominal, fitted, average, fractions, responseFactors, sampledFactors,
                List.copyOf(estimates), List.copyOf(residuals), attenuation, measured, iterations, evaluations);
    }

    private LeastSquaresOptimizer.Optimum optimize(double[] start, int m, int maxIterations) {
        MultivariateJacobianFunction function = point -> valueAndJacobian(point.toArray(), m);
        try {
            return new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().start(start).model(function)
                    .target(new double[m]).maxIterations(maxIterations).maxEvaluations(20 * maxIterations + 20).build());
        } catch (MathIllegalStateException e) {
            throw new CalibrationException("the calibration fit did not converge within " + maxIterations
                    + " Levenberg-Marquardt iterations (" + free.length + " parameters, " + m + " residuals): " + e.getMessage()
                    + "; nothing was written; raise --max-iterations, or check that the wires leave every device above its"
                    + " threshold", e);
        }
    }

    /**
     * The factors without their position trend: log f regressed on 1, U and P (the position model's basis,
     * {@link PositionModel#basis}; u + v and u^2 + v^2 on a square array) over the devices that have a factor, the fit
     * divided out. NaN stays NaN. Refused when no device has one (none moved).
     */
    static double[] detrended(double[] factors, int rows, int cols) {
        double[][] normal = new double[3][3];
        double[] rhs = new double[3];
        double[] basis = new double[3];
        int usable = 0;
        for (int k = 0; k < factors.length; k++) {
            if (Double.isNaN(factors[k]) || factors[k] <= 0) {
                continue;
            }
            usable++;
            basis(k, rows, cols, basis);
            for (int a = 0; a < 3; a++) {
                rhs[a] += basis[a] * Math.log(factors[k]);
                for (int b = 0; b < 3; b++) {
                    normal[a][b] += basis[a] * basis[b];
                }
            }
        }
        if (usable == 0) { // more fit updates would not help: "use more fit updates" sent users round in circles
            throw new CalibrationException("no device moved in the fit updates, so there is no step to fit: nothing was "
                    + "written; the wires leave every device below its threshold, or the learning rate fires no pulse: "
                    + "lower --wire-r or raise --lr");
        }
        double[] coefficients;
        try {
            coefficients = new LUDecomposition(new Array2DRowRealMatrix(normal))
                    .getSolver().solve(new ArrayRealVector(rhs)).toArray();
        } catch (SingularMatrixException e) {
            throw new CalibrationException("too few devices with enough pulses to separate the device-to-device spread"
                    + " from the position model: nothing was written; use more fit updates (--fit-updates) or a larger array", e);
        }
        double[] out = factors.clone();
        for (int k = 0; k < out.length; k++) {
            basis(k, rows, cols, basis);
            out[k] /= Math.exp(coefficients[0] + coefficients[1] * basis[1] + coefficients[2] * basis[2]);
        }
        return out;
    }

    private static void basis(int k, int rows, int cols, double[] out) {
        double[] position = new double[2];
        PositionModel.basis(k / cols, k % cols, rows, cols, position);
        out[0] = 1;
        out[1] = position[0];
        out[2] = position[1];
    }

    /** Full parameter vector from the scaled free ones. */
    private double[] theta(double[] q) {
        double[] theta = nominalTheta.clone();
        for (int f = 0; f < free.length; f++) {
            theta[free[f]] = q[f] * scale[free[f]];
        }
        return theta;
    }

    /**
     * The step model of parameters theta, clipped at the nominal bounds: SPICE's devices hold their state within them
     * exactly, whatever slope the IR drop gives their steps (a soft-bounds device's fitted slope is not its bound: with
     * its bounds at 1 / slope, 8 x 8 at 20 ohm, SPICE weights beyond the fitted 0.9978 were clipped to it before their
     * step, and 1,000 held-out updates one update ahead erred by 0.0517 % of the range against the nominal model's
     * 0.0019 %).
     */
    private StepModel model(double[] theta) {
        DeviceModel nominal = nominalPreset.model();
        return new StepModel(theta[DU], theta[DD], theta[SU], theta[SD], nominal.wMin(), nominal.wMax(), theta[C1],
                theta[C2]);
    }

    private int residualCount() {
        int m = 0;
        for (CalibrationData.ResponseCurve curve : data.curves()) {
            m += curve.weights().length - 1;
        }
        for (CalibrationData.UpdateRecord update : data.fit()) {
            for (int s : update.steps()) {
                m += s != 0 ? 1 : 0;
            }
        }
        return m;
    }

    /** Stage-1 residuals at the full parameter vector theta (fractions of the weight range). */
    private void residuals(double[] theta, double[] out) {
        StepModel model = model(theta);
        int r = 0;
        for (int p = 0; p < data.curves().size(); p++) {
            CalibrationData.ResponseCurve curve = data.curves().get(p);
            double[] predicted = response(curve, model, theta[FIRST_FRACTION + p], heldFactor(curve), spec);
            for (int c = 1; c < predicted.length; c++) {
                out[r++] = (predicted[c] - curve.weights()[c]) / range;
            }
        }
        model.steps(rows, cols, spec, deviceScale, up, down);
        for (CalibrationData.UpdateRecord update : data.fit()) {
            int[] steps = update.steps();
            for (int k = 0; k < steps.length; k++) {
                if (steps[k] != 0) {
                    out[r++] = (model.apply(update.start()[k], steps[k], up[k], down[k]) - update.end()[k]) / range;
                }
            }
        }
    }

    /** The step factor stage 1 holds for {@code curve}'s device (1 in the first pass). */
    private double heldFactor(CalibrationData.ResponseCurve curve) {
        return deviceScale == null ? 1 : deviceScale[curve.row() * cols + curve.col()];
    }

    /**
     * The recorded weights of {@code curve}'s experiment predicted by {@code model} for a device that sees {@code
     * fraction} of Vp and whose steps are {@code factor} times the model's: what stage 1 fits to a pulse response, and
     * with the fitted fraction and the factor the fit held ({@link Calibration#fittedResponse}) the calibrated model's
     * prediction of it. The fraction was fitted beside that factor, so without it the curve is none the fit made.
     */
    public static double[] response(CalibrationData.ResponseCurve curve, StepModel model, double fraction, double factor,
                                     CompactSpec spec) {
        return curve(curve, model, model.upStep(fraction, spec) * factor, model.downStep(fraction, spec) * factor);
    }

    /** The recorded weights of {@code curve}'s experiment under {@code model} with steps {@code du}, {@code dd} at w = 0 (weight units). */
    public static double[] curve(CalibrationData.ResponseCurve curve, StepModel model, double du, double dd) {
        int[] chunks = curve.chunkSteps();
        double[] w = new double[chunks.length + 1];
        w[0] = curve.weights()[0];
        for (int c = 0; c < chunks.length; c++) {
            w[c + 1] = model.apply(w[c], chunks[c], du, dd);
        }
        return w;
    }

    private Pair<RealVector, RealMatrix> valueAndJacobian(double[] q, int m) {
        double[] theta = theta(q);
        double[] value = new double[m];
        residuals(theta, value);
        double[][] jacobian = new double[m][free.length];
        double[] shifted = new double[m];
        for (int f = 0; f < free.length; f++) {
            double[] t = theta.clone();
            double h = JACOBIAN_STEP * Math.max(1, Math.abs(q[f]));
            t[free[f]] = (q[f] + h) * scale[free[f]];
            residuals(t, shifted);
            for (int r = 0; r < m; r++) {
                jacobian[r][f] = (shifted[r] - value[r]) / h;
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private void checkPhysical(double[] theta, StepModel fitted) {
        for (int f : free) {
            if (!Double.isFinite(theta[f])) {
                throw new CalibrationException("the calibration fit diverged (a parameter is " + theta[f]
                        + "): nothing was written; check the experiment (wire resistance, pulse) and raise --max-iterations");
            }
        }
        require(theta[DU] > 0, "up step dw_up = " + theta[DU] + " (weight units)");
        require(theta[DD] > 0, "down step dw_down = " + theta[DD] + " (weight units)");
        require(theta[SU] >= 0 && theta[SU] * theta[DU] < 1, "up slope = " + theta[SU] + " (1/weight units)");
        require(theta[SD] >= 0 && theta[SD] * theta[DD] < 1, "down slope = " + theta[SD] + " (1/weight units)");
        double vp = spec.pulse().amplitudeVolt();
        double vt = Math.max(spec.thresholdUpVolt(), spec.thresholdDownVolt());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = fitted.voltageFraction(i, j, rows, cols) * vp;
                // the wires neither raise the pulse nor take it below threshold (rounding allowed at no IR drop)
                require(v > vt && v <= vp * (1 + 1e-9), String.format(Locale.ROOT,
                        "device voltage %.4g V at crosspoint (%d, %d) (threshold %.4g V, pulse %.4g V)", v, i, j, vt, vp));
            }
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new CalibrationException("the calibration fit converged to an unphysical value, " + what
                    + ": nothing was written; lower the wire resistance or use more pulses (--pulses, --fit-updates)");
        }
    }

    /**
     * The degrees of freedom the stage-2 factors that scale a stage-1 fit took from its residuals: one per device with a
     * factor, less the three of the trend taken out of them ({@link #detrended}), which the model's own terms hold.
     */
    static int freeFactors(double[] factors) {
        int n = 0;
        for (double f : factors) {
            n += Double.isNaN(f) || f <= 0 ? 0 : 1;
        }
        return Math.max(0, n - 3);
    }

    /**
     * Covariance of the full parameter vector (zero rows and columns for fixed parameters), the residuals' variance over
     * {@code m} degrees of freedom before the fit's own parameters (the residuals less what the stage-2 factors took).
     */
    private double[][] covariance(LeastSquaresOptimizer.Optimum optimum, int m) {
        RealMatrix scaled;
        try {
            scaled = optimum.getCovariances(1e-14);
        } catch (SingularMatrixException e) {
            throw new CalibrationException("the calibration fit cannot tell its parameters apart (singular covariance): "
                    + "nothing was written; use more pulses (--pulses) or more fit updates (--fit-updates)", e);
        }
        double rss = optimum.getCost() * optimum.getCost();
        double variance = m > free.length ? rss / (m - free.length) : 0;
        double[][] cov = new double[nominalTheta.length][nominalTheta.length];
        for (int a = 0; a < free.length; a++) {
            for (int b = 0; b < free.length; b++) {
                cov[free[a]][free[b]] = scaled.getEntry(a, b) * variance * scale[free[a]] * scale[free[b]];
            }
        }
        return cov;
    }

    /** One-sigma uncertainty of g(theta), linear propagation through the covariance. */
    private double propagate(double[] theta, double[][] cov, ToDoubleFunction<double[]> g) {
        double g0 = g.applyAsDouble(theta);
        double[] gradient = new double[theta.length];
        for (int f : free) {
            double h = JACOBIAN_STEP * scale[f] * Math.max(1, Math.abs(theta[f] / scale[f]));
            double[] t = theta.clone();
            t[f] += h;
            gradient[f] = (g.applyAsDouble(t) - g0) / h;
        }
        double variance = 0;
        for (int a : free) {
            for (int b : free) {
                variance += gradient[a] * cov[a][b] * gradient[b];
            }
        }
        return Math.sqrt(Math.max(0, variance));
    }

    /**
     * Stage 2: each device's factor on both steps in the fit updates of {@code source} (NaN for devices with fewer than
     * MIN_DEVICE_PULSES pulses).
     */
    private double[] deviceFactors(StepModel fitted, CalibrationData source) {
        fitted.steps(rows, cols, spec, null, up, down);
        OwnDevices own = own(fitted, source);
        double[] factors = new double[rows * cols];
        for (int k = 0; k < factors.length; k++) {
            int pulses = 0;
            for (CalibrationData.UpdateRecord update : source.fit()) {
                pulses += Math.abs(update.steps()[k]);
            }
            factors[k] = pulses < MIN_DEVICE_PULSES ? Double.NaN : factor(own, k, source);
        }
        return factors;
    }

    /**
     * The devices of an experiment as the fit takes them one by one: the fitted law with each device's sampled bounds
     * and, where the slopes follow each device's bounds ({@link #slopesAtOwnBounds}: soft bounds, and the linear step the
     * preset is then written as), the fitted slopes times the nominal bound over the device's, and its sampled up and down
     * scales over the nominal ones. The preset fixes all of these; a device's factor is left its dw_min alone (it took
     * up a bounds or up/down spread too: onen-softbounds with a bounds spread of 0.2 alone, 8 x 8 at 20 ohm, fitted a
     * dw_min spread of 0.041 and per-device predictions worse than the nominal model's). The nominal devices' are the
     * fitted law itself to the bit.
     *
     * @param laws      per device, the fitted law at its bounds
     * @param upRatio   per device, its up scale over the nominal one
     * @param downRatio per device, its down scale over the nominal one
     */
    private record OwnDevices(StepModel[] laws, double[] upRatio, double[] downRatio) {
    }

    private OwnDevices own(StepModel fitted, CalibrationData source) {
        DeviceModel law = nominalPreset.model();
        DeviceArray devices = source.devices();
        int n = rows * cols;
        StepModel[] laws = new StepModel[n];
        double[] upRatio = new double[n];
        double[] downRatio = new double[n];
        for (int k = 0; k < n; k++) {
            // the calibrated preset's slopes are its gammas over each device's bounds or over the nominal ones
            double su = fitted.su() * (slopesAtOwnBounds ? law.wMax() / devices.wMax(k) : 1);
            double sd = fitted.sd() * (slopesAtOwnBounds ? law.wMin() / devices.wMin(k) : 1);
            laws[k] = new StepModel(fitted.du(), fitted.dd(), su, sd, devices.wMin(k), devices.wMax(k), fitted.c1(),
                    fitted.c2());
            upRatio[k] = devices.upScale(k) / law.upScale();
            downRatio[k] = devices.downScale(k) / law.downScale();
        }
        return new OwnDevices(laws, upRatio, downRatio);
    }

    private double factor(OwnDevices own, int k, CalibrationData source) {
        StepModel law = own.laws()[k];
        double u = up[k] * own.upRatio()[k];
        double d = down[k] * own.downRatio()[k];
        double m = 1;
        for (int iteration = 0; iteration < 30; iteration++) {
            double jr = 0;
            double jj = 0;
            for (CalibrationData.UpdateRecord update : source.fit()) {
                int steps = update.steps()[k];
                if (steps == 0) {
                    continue;
                }
                double r = law.apply(update.start()[k], steps, u * m, d * m) - update.end()[k];
                double h = 1e-7 * m;
                double j = (law.apply(update.start()[k], steps, u * (m + h), d * (m + h))
                        - update.end()[k] - r) / h;
                jr += j * r;
                jj += j * j;
            }
            if (jj == 0) {
                return Double.NaN;
            }
            double delta = -jr / jj;
            m += delta;
            if (Math.abs(delta) < 1e-12 * Math.abs(m)) {
                break;
            }
        }
        return m;
    }

    /**
     * {relative spread, its uncertainty} of per-device factors (NaN entries skipped): std / mean of the factors with
     * their position trend divided out ({@link #detrended}), n - 3 degrees of freedom for n devices (the trend's three
     * coefficients come from the same devices); uncertainty spread / sqrt(2 (n - 3)). A pattern of the devices that
     * happens to follow the position basis cannot be told from IR drop, so it is not counted as spread.
     */
    static double[] spread(double[] factors, int rows, int cols) {
        double[] flat = detrended(factors, rows, cols);
        double sum = 0;
        int n = 0;
        for (double f : flat) {
            if (!Double.isNaN(f)) {
                sum += f;
                n++;
            }
        }
        if (n < 5) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double squares = 0;
        for (double f : flat) {
            if (!Double.isNaN(f)) {
                squares += (f - mean) * (f - mean);
            }
        }
        double spread = Math.sqrt(squares / (n - 3)) / mean;
        return new double[] {spread, spread / Math.sqrt(2.0 * (n - 3))};
    }

    /** The fitted law with the steps averaged over the array and no position dependence. */
    private StepModel arrayAverage(StepModel fitted) {
        double[] means = meanSteps(fitted);
        return new StepModel(means[0], means[1], fitted.su(), fitted.sd(), fitted.wMin(), fitted.wMax(), 0, 0);
    }

    private double[] meanSteps(StepModel model) {
        double[] u = new double[rows * cols];
        double[] d = new double[rows * cols];
        model.steps(rows, cols, spec, null, u, d);
        double su = 0;
        double sd = 0;
        for (int k = 0; k < u.length; k++) {
            su += u[k];
            sd += d[k];
        }
        return new double[] {su / u.length, sd / d.length};
    }

    private DevicePreset preset(StepModel average, double spread, StepModel fitted) {
        DeviceModel nominal = nominalPreset.model();
        Variability v = nominal.variability();
        // devices without a dw_min spread of their own (whatever other spread they have, which their factors no longer
        // take up): what their factors vary by is what the position model misses (the demo's 16 x 16 at 20 ohm:
        // 0.00175), not a spread to sample in training
        boolean noSpread = v.dwMinDtod() == 0;
        double dtod = noSpread || Double.isNaN(spread) ? v.dwMinDtod() : Math.min(spread, Variability.MAX_DTOD);
        try {
            DeviceModel model = CompactDevice.matching(average.du(), average.su(), average.dd(), average.sd(), average.wMin(),
                    average.wMax(), spec).equivalentModel(spec.pulse(), new Variability(dtod, v.upDownDtod(), v.boundsDtod(),
                    v.dwMinStd()));
            if (model instanceof LinearStepDevice linear && slopesAtOwnBounds) {
                model = linear.withSlopesAtOwnBounds(true);
            }
            String description = String.format(Locale.ROOT, "%s calibrated by xbarspice against quasi-static SPICE updates of a"
                    + " %d x %d array (wire segments as in the calibration report, ideal drivers): the step law fitted with the"
                    + " steps averaged over the array (dw_up(0) = %.5g, dw_down(0) = %.5g; under the full pulse %.5g and %.5g),"
                    + " %s. The position dependence of the step, V(i, j) / Vp = 1 - c1"
                    + " U - c2 P with U = sM u + sN v, P = (sM u)^2 + (sN v)^2 + 2 ((1 - sM) sM u + (1 - sN) sN v), u ="
                    + " (j + 1) / M, v = (N - i) / N, sM = M / sqrt(N M), sN = N / sqrt(N M) (on a square array 1 - c1 (u +"
                    + " v) - c2 (u^2 + v^2)), c1 = %.5g, c2 = %.5g, is the preset's"
                    + " position key where the calibrated array had wires (without, it is 0 to rounding and left out):"
                    + " train --ir-drop --ir-drop-mode calibrated updates with it. Wherever wires or drivers"
                    + " drop the pulse, every engine (SPICE and behavioral) takes the full-pulse steps (the position key's"
                    + " gains) and the circuit's own IR drop; runs without them see the array-average steps, which hold the"
                    + " calibrated array's mean IR drop. Up/down-ratio and bounds spreads and cycle-to-cycle noise are the"
                    + " nominal preset's (the fit took each sampled device's up and down scales and bounds as known; SPICE"
                    + " devices have no cycle-to-cycle noise).", nominalPreset.id(), rows, cols, average.du(),
                    average.dd(), fitted.du(), fitted.dd(), noSpread ? String.format(Locale.ROOT, "no dw_min device-to-device "
                    + "spread, as the nominal preset (the devices' fitted factors vary by %.4g, what the position model "
                    + "misses)", spread)
                    : String.format(Locale.ROOT, "dw_min device-to-device spread %.4g fitted", dtod), fitted.c1(), fitted.c2());
            return new DevicePreset(nominalPreset.id() + "-calibrated-" + rows + "x" + cols, description,
                    "Fitted by xbarspice calibrate (Levenberg-Marquardt, Apache Commons Math 3.6.1) to ngspice simulations of"
                    + " the nominal preset, whose source is: " + nominalPreset.source(), model, nominalPreset.conductance(),
                    nominalPreset.mapping(), spec);
        } catch (InvalidInputException e) {
            throw new CalibrationException("the fitted values do not make a valid device preset (" + e.getMessage()
                    + "): nothing was written; use more pulses (--pulses) or more fit updates (--fit-updates)", e);
        }
    }

    private List<Calibration.Estimate> estimates(double[] theta, double[][] cov, double[] spread) {
        DeviceModel nominal = nominalPreset.model();
        List<Calibration.Estimate> out = new ArrayList<>();
        out.add(estimate("dwUpFullPulse", theta, cov, t -> t[DU], nominalTheta[DU], "weight units"));
        out.add(estimate("dwDownFullPulse", theta, cov, t -> t[DD], nominalTheta[DD], "weight units"));
        out.add(estimate("upSlope", theta, cov, t -> t[SU], nominalTheta[SU], "1/weight units"));
        out.add(estimate("downSlope", theta, cov, t -> t[SD], nominalTheta[SD], "1/weight units"));
        if (softBounds) {
            out.add(estimate("upSaturationPoint", theta, cov, t -> 1 / t[SU], nominal.wMax(), "weight units"));
            out.add(estimate("downSaturationPoint", theta, cov, t -> -1 / t[SD], nominal.wMin(), "weight units"));
        }
        out.add(estimate("symmetryPoint", theta, cov, t -> model(t).symmetryPoint(), nominal.symmetryPoint(),
                "weight units"));
        out.add(estimate("c1", theta, cov, t -> t[C1], 0, "(dimensionless)"));
        out.add(estimate("c2", theta, cov, t -> t[C2], 0, "(dimensionless)"));
        out.add(estimate("arrayMeanDwUp", theta, cov, t -> meanSteps(model(t))[0], nominalTheta[DU], "weight units"));
        out.add(estimate("arrayMeanDwDown", theta, cov, t -> meanSteps(model(t))[1], nominalTheta[DD], "weight units"));
        out.add(estimate("presetDwMin", theta, cov, t -> {
            double[] means = meanSteps(model(t));
            return (means[0] + means[1]) / 2;
        }, nominal.dwMin(), "weight units"));
        out.add(estimate("worstStepAttenuation", theta, cov, t -> {
            StepModel model = model(t);
            double worst = Double.POSITIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    worst = Math.min(worst, model.upStep(model.voltageFraction(i, j, rows, cols), spec) / t[DU]);
                }
            }
            return worst;
        }, 1, "(step / step under the full pulse)"));
        out.add(new Calibration.Estimate("dwMinDtod", spread[0], spread[1], nominal.variability().dwMinDtod(), "(relative)"));
        for (int p = 0; p < data.curves().size(); p++) {
            CalibrationData.ResponseCurve c = data.curves().get(p);
            int index = FIRST_FRACTION + p;
            out.add(estimate("singleDeviceVoltageFraction_" + c.row() + "_" + c.col(), theta, cov, t -> t[index], 1,
                    "(fraction of Vp)"));
        }
        return out;
    }

    private Calibration.Estimate estimate(String name, double[] theta, double[][] cov, ToDoubleFunction<double[]> g,
                                          double nominal, String unit) {
        return new Calibration.Estimate(name, g.applyAsDouble(theta), propagate(theta, cov, g), nominal, unit);
    }

    private List<Calibration.ResidualRow> residualTable(StepModel nominal, StepModel fitted, double[] fractions,
                                                        double[] responseFactors, StepModel average, double[] factors) {
        List<Calibration.ResidualRow> rows = new ArrayList<>();
        for (int p = 0; p < data.curves().size(); p++) {
            CalibrationData.ResponseCurve c = data.curves().get(p);
            double[] spice = c.weights();
            double[] a = curve(c, nominal, nominal.du(), nominal.dd());
            // calibrated: the fit's own curve, the device's fraction with the factor held beside it in stage 1
            double[] b = response(c, fitted, fractions[p], responseFactors[p], spec);
            double[] e = curve(c, average, average.du(), average.dd());
            double[] d = response(c, fitted, fractions[p], withOnes(factors)[c.row() * cols + c.col()], spec);
            rows.add(new Calibration.ResidualRow("pulse response (" + c.row() + ", " + c.col() + ")", spice.length - 1,
                    rms(a, spice), rms(b, spice), rms(e, spice), rms(d, spice), rmsChange(spice)));
        }
        OwnDevices own = own(fitted, data);
        rows.add(stepRow(FIT_STEP, data.fit(), nominal, fitted, average, factors, own));
        rows.add(stepRow(HELD_OUT_STEP, data.heldOut(), nominal, fitted, average, factors, own));
        rows.add(accumulatedRow(HELD_OUT_ACCUMULATED, data, nominal, fitted, average, factors));
        return rows;
    }

    /**
     * The steps at w = 0 (weight units) of every device under {@code models[s]} into {@code ups[s]}, {@code downs[s]}:
     * the last, the per-device prediction, with the devices' factors and their own up and down scales ({@link
     * OwnDevices}).
     */
    private void steps(StepModel[] models, double[] factors, OwnDevices own, double[][] ups, double[][] downs) {
        for (int s = 0; s < models.length; s++) {
            boolean perDevice = s == models.length - 1;
            models[s].steps(rows, cols, spec, perDevice ? withOnes(factors) : null, ups[s], downs[s]);
            if (perDevice) {
                for (int k = 0; k < ups[s].length; k++) {
                    ups[s][k] *= own.upRatio()[k];
                    downs[s][k] *= own.downRatio()[k];
                }
            }
        }
    }

    /** The law of device k under {@code models[s]}: the per-device prediction (the last) at the device's own bounds. */
    private static StepModel law(StepModel[] models, int s, OwnDevices own, int k) {
        return s == models.length - 1 ? own.laws()[k] : models[s];
    }

    private Calibration.ResidualRow stepRow(String name, List<CalibrationData.UpdateRecord> updates, StepModel nominal,
                                            StepModel fitted, StepModel average, double[] factors, OwnDevices own) {
        StepModel[] models = {nominal, fitted, average, fitted};
        double[][] ups = new double[models.length][rows * cols];
        double[][] downs = new double[models.length][rows * cols];
        steps(models, factors, own, ups, downs);
        double[] error = new double[models.length];
        double change = 0;
        int n = 0;
        for (CalibrationData.UpdateRecord update : updates) {
            for (int k = 0; k < update.steps().length; k++) {
                if (update.steps()[k] == 0) {
                    continue;
                }
                n++;
                double truth = update.end()[k];
                change += sq(truth - update.start()[k]);
                for (int s = 0; s < models.length; s++) {
                    error[s] += sq(law(models, s, own, k).apply(update.start()[k], update.steps()[k], ups[s][k],
                            downs[s][k]) - truth);
                }
            }
        }
        return new Calibration.ResidualRow(name, n, root(error[0], n), root(error[1], n), root(error[2], n),
                root(error[3], n), root(change, n));
    }

    /**
     * Free-running prediction of the whole held-out sequence of {@code source}: per-device total change, RMS over moved
     * devices.
     */
    private Calibration.ResidualRow accumulatedRow(String name, CalibrationData source, StepModel nominal, StepModel fitted,
                                                   StepModel average, double[] factors) {
        List<CalibrationData.UpdateRecord> updates = source.heldOut();
        double[] first = updates.get(0).start();
        double[] last = updates.get(updates.size() - 1).end();
        StepModel[] models = {nominal, fitted, average, fitted};
        OwnDevices own = own(fitted, source);
        double[][] ups = new double[models.length][rows * cols];
        double[][] downs = new double[models.length][rows * cols];
        steps(models, factors, own, ups, downs);
        double[] error = new double[4];
        double change = 0;
        int n = 0;
        double[][] predicted = new double[4][];
        for (int s = 0; s < 4; s++) {
            double[] w = first.clone();
            for (CalibrationData.UpdateRecord update : updates) {
                for (int k = 0; k < w.length; k++) {
                    w[k] = law(models, s, own, k).apply(w[k], update.steps()[k], ups[s][k], downs[s][k]);
                }
            }
            predicted[s] = w;
        }
        for (int k = 0; k < first.length; k++) {
            boolean moved = false;
            for (CalibrationData.UpdateRecord update : updates) {
                moved |= update.steps()[k] != 0;
            }
            if (!moved) {
                continue;
            }
            n++;
            change += sq(last[k] - first[k]);
            for (int s = 0; s < 4; s++) {
                error[s] += sq(predicted[s][k] - last[k]);
            }
        }
        return new Calibration.ResidualRow(name, n, root(error[0], n), root(error[1], n),
                root(error[2], n), root(error[3], n), root(change, n));
    }

    private static double[] withOnes(double[] factors) {
        double[] out = factors.clone();
        for (int k = 0; k < out.length; k++) {
            if (Double.isNaN(out[k])) {
                out[k] = 1;
            }
        }
        return out;
    }

    private double rms(double[] a, double[] b) {
        double sum = 0;
        for (int c = 1; c < a.length; c++) {
            sum += sq(a[c] - b[c]);
        }
        return root(sum, a.length - 1);
    }

    private double rmsChange(double[] w) {
        double sum = 0;
        for (int c = 1; c < w.length; c++) {
            sum += sq(w[c] - w[0]);
        }
        return root(sum, w.length - 1);
    }

    private double root(double sumOfSquares, int n) {
        return n == 0 ? Double.NaN : Math.sqrt(sumOfSquares / n) / range;
    }

    private static double sq(double x) {
        return x * x;
    }
}
