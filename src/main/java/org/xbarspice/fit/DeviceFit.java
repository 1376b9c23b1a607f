package org.xbarspice.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.Variability;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * Fits a {@link FitLaw} to pulse-response data (Commons Math Levenberg-Marquardt) and makes a device preset of it.
 *
 * <p><b>Which residuals.</b> Cycle-to-cycle noise is process noise: each pulse's step is the law's step times
 * (1 + dwMinStd xi), and the device goes on from wherever that left it. The measured states are therefore a Markov
 * chain, and given the measured state before an increment, the increment is independent of all earlier ones with mean
 * the law's nominal change and standard deviation dwMinStd times the step. So the fit is one step ahead: every measured
 * increment is compared with the nominal pulse map ({@link DeviceModel#applyPulse}) applied from the measured state
 * before it. Chaining the map along a whole sequence instead would compare against a path whose deviations accumulate
 * (a random walk for a constant step): its residuals are strongly correlated, so least squares on them is inefficient,
 * weights the early pulses of a sweep more than the late ones, and its covariance understates the uncertainties. Where
 * the data show read noise ({@link ReadNoise}), each prediction starts instead from the state the reading before
 * predicts, and the weights, dwMinStd and the covariance take the read noise apart from the steps' noise.
 *
 * <p><b>Weights.</b> The noise is relative, so each residual is divided by its own scale s_k = (nominal step at the
 * state before it, at least {@value #FLOOR} of the median measured step) times sqrt(pulses in the increment). The scales
 * come from the previous estimate and are held fixed within a Levenberg-Marquardt run (iteratively reweighted least
 * squares, up to {@value #PASSES} runs until the parameters stop moving): letting them follow the parameters inside one
 * run would bias every step up by about dwMinStd^2.
 *
 * <p><b>Outputs.</b> dwMinStd = sqrt(sum r_k^2 / (n - k)) over the n weighted residuals and k parameters, each
 * residual's share clipped at {@value ReadNoise#CLIPPED} times it (a misread reading does not set it); the parameters'
 * covariance is (J' J)^-1 dwMinStd^2 (with read noise, {@link ReadNoise.Terms#covariance}); the AIC is that of the
 * Gaussian likelihood of the increments with those scales (so laws compare on the same increments): n ln(2 pi sigma^2)
 * + sum ln s_k^2 + n + 2 (k + 1), sigma^2 = sum r_k^2 / n, and 2 more where the read noise is modelled (a law whose own
 * residuals show read noise the data's test missed models it alone).
 */
public final class DeviceFit {
    /** AIC difference within which two laws are equally supported. */
    public static final double AIC_TIE = 2;
    /** Smallest residual scale, relative to the median measured step. */
    static final double FLOOR = 1e-3;
    /** Most reweighting passes. */
    static final int PASSES = 8;
    /** Iteration and evaluation limit of one Levenberg-Marquardt run. */
    private static final int MAX_ITERATIONS = 2000;
    /** Relative parameter change below which the reweighting has converged. */
    private static final double CONVERGED = 1e-9;
    /**
     * Relative parameter change between the last two reweighting passes above which a fit has not settled and is not
     * taken (between passes that settle it falls below {@link #CONVERGED} or to rounding; one that did not, a linear-step
     * fit whose gammas sat at their limit 0, still moved by 2e-3 after 8 passes and by 1.9e-4 after 30, its dwUp 1.9 %
     * off where it would settle).
     */
    private static final double SETTLED = 1e-6;
    /**
     * ... unless the change stays below {@link #SETTLED_LOOSE}, no parameter sits at its limit and every parameter moved
     * by less than this fraction of its standard uncertainty: with read noise, a linear step that reaches its bounds
     * swung by 4e-6 between two passes in 1 of 30 draws, a thousandth of its uncertainties.
     */
    private static final double SETTLED_SIGMA = 1e-2;
    /** The largest relative change between the last two passes that {@link #SETTLED_SIGMA} may excuse. */
    private static final double SETTLED_LOOSE = 1e-4;
    /**
     * The cycle-to-cycle noise (relative) below which a fit without read noise leaves no residual but rounding: noise-free
     * data fit by their own law (a millionth of a percent of a step, far below any device's noise; the rounding of the
     * test file {@code noise-free-every-5th.csv} leaves 1.8e-16 with linear-step and 7.2e-16 with piecewise-step). Until
     * the seventieth session only a residual of exactly 0 was told apart, and fits whose increments left rounding ranked
     * the laws by it.
     */
    static final double ROUNDING_STD = 1e-8;

    /**
     * A fit that leaves no residual beyond rounding ({@link #ROUNDING_STD}): the data are noise-free and no law can be
     * ranked against another on them, so {@link #fitAll} stops at it rather than leave the law out.
     */
    public static final class ExactFitException extends InvalidInputException {
        ExactFitException(String message) {
            super(message);
        }
    }

    /** Relative finite-difference step of the Jacobian. */
    private static final double DIFF_STEP = 1e-6;
    /** Conductance range (S) of the preset's fitted bounds when the data came as weights without a range. */
    public static final ConductanceRange DEFAULT_RANGE = new ConductanceRange(1e-6, 1e-5);

    private DeviceFit() {
    }

    /**
     * Fits every law of {@code laws}; the results best first, then by AIC. The best is the smallest AIC, except that laws
     * within {@value #AIC_TIE} of it count as equally supported and among those the one with fewer parameters, then
     * one whose bounds the data support ({@link #unreachedBound}: no hard bound at a measured extreme that the device
     * was not driven to), then the one whose chained nominal map follows the measured states best (smallest trajectory
     * RMS), wins. Soft-bounds and linear-step are the same straight line of step against state inside the measured
     * range and differ only at the bounds, whose clipped increments the AIC leaves out: there they tie, and where the
     * data reach the bounds the chained map tells whether the device stops at a hard bound; where they stop short of
     * them (4 cycles of 300 pulses of a pow-step device of bounds -1 and 1 reach [-0.04, 0.22]) linear-step won by a
     * trajectory RMS 1e-6 smaller and clipped the device's weights at the states where the measurement turned back,
     * while soft-bounds puts its bounds where the steps' decline ends.
     */
    public static List<FitResult> fitAll(PulseData data, List<FitLaw> laws) {
        return fitAll(data, laws, new LinkedHashMap<>());
    }

    /**
     * As {@link #fitAll(PulseData, List)}, but a law whose fit fails (does not converge, leaves the law's valid region, or
     * puts the lower bound below 0 S under the data's conductances, so that it makes no preset) is left out when another
     * succeeds: its name and the reason go into {@code notFitted}. A law that contains
     * another as a limit (exp-step tends to linear-step as gamma tends to 0) may run away towards it on data of that
     * other law; the others still compare.
     *
     * @throws XbarspiceException if no law could be fitted (each law's failure, or the one law's)
     */
    public static List<FitResult> fitAll(PulseData data, List<FitLaw> laws, Map<String, String> notFitted) {
        List<FitResult> results = new ArrayList<>();
        XbarspiceException first = null;
        for (FitLaw law : laws) {
            try {
                FitResult result = fit(data, law);
                // a law whose bounds lie below 0 S makes no preset: not a candidate; the table gets the reason without the
                // advice to fit other laws, which it shows (the advice named laws that failed too)
                String below = belowZero(result, data);
                if (below != null) {
                    first = first == null ? new XbarspiceException(below + otherLaws(law.name())) : first;
                    notFitted.put(law.name(), below);
                    continue;
                }
                results.add(result);
            } catch (ExactFitException e) {
                throw e;
            } catch (XbarspiceException e) {
                first = first == null ? e : first;
                notFitted.put(law.name(), e.getMessage());
            }
        }
        if (results.isEmpty() && notFitted.size() > 1) { // each law's reason: the first alone hid those of the others
            throw new XbarspiceException("no law could be fitted to " + data.label() + ":" + notFitted.entrySet().stream()
                    .map(e -> "\n  " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining()), first);
        }
        if (results.isEmpty()) {
            throw first;
        }
        double smallest = results.stream().mapToDouble(FitResult::aic).min().orElseThrow();
        FitResult best = results.stream().filter(r -> r.aic() <= smallest + AIC_TIE)
                .min(Comparator.comparingInt((FitResult r) -> r.parameters().size())
                        .thenComparing((FitResult r) -> unreachedBound(r.model(), data) != null)
                        .thenComparingDouble(FitResult::trajectoryRms)).orElseThrow();
        results.sort(Comparator.comparingDouble(FitResult::aic));
        results.remove(best);
        results.add(0, best);
        return results;
    }

    /**
     * Fits one law.
     *
     * @throws InvalidInputException if the data have too few increments for the law's parameters, or states so large that
     *                               the fit overflows
     * @throws XbarspiceException    if the fit does not converge
     */
    public static FitResult fit(PulseData data, FitLaw law) {
        List<FitLaw.Parameter> parameters = law.parameters();
        int k = parameters.size();
        int n = data.increments();
        requireEnoughIncrements(data, law, n, k);
        double medianStep = data.medianStep();
        double[] p = clamp(law.initialGuess(data), parameters);
        // with read noise (where the data show it, for every law alike), the predictions start from the states the
        // readings before them predict and each increment is weighted by its whole variance, from the first pass on
        boolean predicted = data.readNoise().detected();
        ReadNoise.Terms terms = new ReadNoise.Terms(model(law, p, data, Variability.NONE), data, predicted, medianStep);
        ReadNoise readNoise = predicted ? ReadNoise.start(terms, k, data.readNoise().variance()) : ReadNoise.NONE;
        double[] scale = terms.scales(readNoise.ratio());
        double[] weighted = scale; // the scales the last Levenberg-Marquardt run divided by
        LeastSquaresOptimizer.Optimum optimum = null;
        int iterations = 0;
        int evaluations = 0;
        double lastChange = Double.POSITIVE_INFINITY;
        double[] moved = new double[k];
        for (int pass = 0; pass < PASSES && lastChange >= CONVERGED; pass++) {
            weighted = scale;
            optimum = optimize(data, law, p, predicted, weighted);
            iterations += optimum.getIterations();
            evaluations += optimum.getEvaluations();
            double[] next = optimum.getPoint().toArray();
            terms = new ReadNoise.Terms(model(law, next, data, Variability.NONE), data, predicted, medianStep);
            ReadNoise nextNoise = predicted || pass == 0 ? ReadNoise.of(terms, k, predicted) : ReadNoise.NONE;
            double[] nextScale = terms.scales(nextNoise.ratio());
            lastChange = Math.max(change(p, next), ReadNoise.ratioChange(readNoise, nextNoise));
            for (int a = 0; a < k; a++) {
                moved[a] = Math.abs(next[a] - p[a]);
            }
            p = next;
            if (!predicted && nextNoise.detected()) {
                // this law's residuals show read noise the data's own test missed (they see every increment): its
                // passes model it from here (plateaus still left out, as for the other laws), again from the law's guess,
                // as the first pass took the readings for the states (from the readings, a soft bound settled in a basin
                // of its own at the noisy readings' plateau, 0.947 +- 0.003 for 1, in 3 of 30 draws)
                predicted = true;
                p = clamp(law.initialGuess(data), parameters);
                terms = new ReadNoise.Terms(model(law, p, data, Variability.NONE), data, true, medianStep);
                nextScale = terms.scales(nextNoise.ratio());
            }
            readNoise = nextNoise;
            scale = nextScale;
        }
        DeviceModel nominal = model(law, p, data, Variability.NONE);
        double sumSquares = 0;
        double sumLogScale = 0;
        double sumIncrement = 0;
        for (int i = 0; i < n; i++) {
            double residual = terms.residual[i];
            sumIncrement += residual * residual;
            sumSquares += residual * residual / (weighted[i] * weighted[i]);
            sumLogScale += 2 * Math.log(weighted[i]);
        }
        double readVariance = Math.max(readNoise.variance(), 0);
        // each increment's share clipped at five deviations, so that a misread reading does not set dwMinStd
        double dwMinStd = Math.sqrt(predicted ? terms.stepNoiseVariance(readVariance, k)
                : ReadNoise.clippedMeanSquare(terms.residual, weighted, n - k));
        // with read noise, one standard uncertainty up from dwMinStd^2, as a deviation: finite where the read noise leaves
        // dwMinStd at 0
        double dwMinStdSigma = predicted ? Math.sqrt(dwMinStd * dwMinStd + terms.stepNoiseVarianceSigma(
                dwMinStd * dwMinStd, readVariance, readNoise.varianceSigma())) - dwMinStd : dwMinStd / Math.sqrt(2.0 * (n - k));
        double[][] covariance = covariance(optimum, k);
        if (predicted && Double.isFinite(covariance[0][0])) {
            covariance = terms.covariance(covariance, optimum.getJacobian().getData(), weighted, dwMinStd * dwMinStd,
                    readVariance);
        }
        if (lastChange > SETTLED && !(lastChange <= SETTLED_LOOSE && atLimits(p, parameters).isEmpty()
                && movedWithinUncertainty(moved, covariance, dwMinStd))) {
            throw new XbarspiceException("the " + law.name() + " fit to " + data.label() + " did not settle: after " + PASSES
                    + " reweighting passes its parameters still moved by " + String.format(Locale.ROOT, "%.2g", lastChange)
                    + " (relative) from one pass to the next" + atLimits(p, parameters)
                    + ": the data do not follow this law; try another --law");
        }
        for (int a = 0; a < k; a++) { // a step at its floor is no step the data show
            FitLaw.Parameter parameter = parameters.get(a);
            if ((parameter == FitLaw.Parameter.DW_UP || parameter == FitLaw.Parameter.DW_DOWN) && p[a] <= parameter.lo()) {
                String direction = parameter == FitLaw.Parameter.DW_UP ? "up" : "down";
                throw new XbarspiceException(String.format(Locale.ROOT, "the %s fit to %s finds no %s step: %s at its "
                        + "floor of %.3g weight units, the increments scattering by %.4g (RMS)%s: the %s pulses move the "
                        + "state by less than the readings can tell; measure more pulses, or with quieter (averaged) "
                        + "readings", law.name(), data.label(), direction, parameter.name(), parameter.lo(),
                        Math.sqrt(sumIncrement / n), readNoise.detected() ? String.format(Locale.ROOT, ", read noise %.4g "
                        + "of each state", readNoise.std()) : "", direction));
            }
        }
        List<FitResult.Estimate> estimates = new ArrayList<>();
        double[][] correlation = new double[k][k];
        for (int a = 0; a < k; a++) {
            FitLaw.Parameter parameter = parameters.get(a);
            boolean atLimit = p[a] <= parameter.lo() || p[a] >= parameter.hi();
            double sigma = dwMinStd * Math.sqrt(covariance[a][a]);
            if (!atLimit && !Double.isFinite(sigma)) {
                throw new XbarspiceException("the " + law.name() + " fit to " + data.label() + " leaves " + parameter.name()
                        + " = " + p[a] + " undetermined (" + (Double.isNaN(sigma)
                        ? "the data do not fix it: no uncertainty" : "its uncertainty is " + sigma)
                        + "): the data do not follow this law; try another --law");
            }
            estimates.add(new FitResult.Estimate(parameter.name(), p[a], atLimit ? Double.NaN : sigma, parameter.unit(),
                    atLimit));
            for (int b = 0; b < k; b++) {
                correlation[a][b] = covariance[a][b] / Math.sqrt(covariance[a][a] * covariance[b][b]);
            }
        }
        // the read noise, where modelled, one parameter more
        double aic = n * Math.log(2 * Math.PI * sumSquares / n) + sumLogScale + n + 2 * (k + 1 + (predicted ? 1 : 0));
        if (!predicted && dwMinStd < ROUNDING_STD) {
            throw new ExactFitException(String.format(Locale.ROOT, "%s: the %s fit leaves no residual beyond rounding "
                    + "(dwMinStd = %.3g): the data follow the law exactly, as noise-free synthetic data do, and the AIC "
                    + "cannot rank laws on them: fit measured data, or add cycle-to-cycle noise (fit-device --simulate "
                    + "PRESET --dw-min-std)", data.label(), law.name(), dwMinStd));
        }
        requireFinite(data, law, p, dwMinStd, aic);
        DeviceModel model = model(law, p, data, new Variability(0, 0, 0, Math.min(dwMinStd, Variability.MAX_STD)));
        double[] chained = data.chained(nominal);
        double trajectory = 0;
        for (int r = 0; r < data.rows(); r++) {
            trajectory += (data.weight(r) - chained[r]) * (data.weight(r) - chained[r]);
        }
        return new FitResult(law.name(), estimates, dwMinStd, dwMinStdSigma, predicted ? readNoise : data.readNoise(), model,
                n, data.cycles(), Math.sqrt(sumIncrement / n), Math.sqrt(trajectory / data.rows()), aic, correlation, iterations,
                evaluations);
    }

    /**
     * The device preset of a fit: its model, the conductances of its bounds (under the data's unit range, else
     * {@link #DEFAULT_RANGE} spread over [wMin, wMax]), the reference-column mapping (which reproduces the data's
     * conductances exactly) and the compact SPICE device's thresholds and pulse from {@code spice}.
     *
     * @param source citation of the measurement
     * @throws XbarspiceException if a fitted bound lies at a conductance {@code <= 0}
     */
    public static DevicePreset preset(FitResult fit, PulseData data, String id, String source, CompactSpec spice) {
        DeviceModel model = fit.model();
        ConductanceRange range = range(fit, data);
        StringBuilder values = new StringBuilder();
        for (FitResult.Estimate e : fit.parameters()) {
            values.append(e.atLimit() ? String.format(Locale.ROOT, "%s = %.6g (at its limit), ", e.name(), e.value())
                    : String.format(Locale.ROOT, "%s = %.6g +- %.2g, ", e.name(), e.value(), e.sigma()));
        }
        RepeatedReadings repeats = data.repeatedReadings();
        String readNoise = !fit.readNoise().detected() ? "" : repeats.present() && repeats.variance() > 0
                ? String.format(Locale.ROOT, ", told apart from the read noise of each state, the mean of its readings, of "
                + "%.3g +- %.2g weight units (of one reading %.3g +- %.2g, from the states read more than once; not part "
                + "of the model)", fit.readNoise().std(), fit.readNoise().stdSigma(), repeats.std(), repeats.stdSigma())
                : String.format(Locale.ROOT, ", told apart from the readings' own noise of %.3g +- %.2g weight units (not "
                + "part of the model)", fit.readNoise().std(), fit.readNoise().stdSigma());
        String stepNoise = fit.dwMinStdUnmeasured() ? String.format(Locale.ROOT, "%.4g (none measurable beside the read "
                + "noise; at most about %.2g)", fit.dwMinStd(), fit.dwMinStdSigma())
                : String.format(Locale.ROOT, "%.4g +- %.2g", fit.dwMinStd(), fit.dwMinStdSigma());
        String description = String.format(Locale.ROOT, "Fitted by xbarspice fit-device to %s: %s law, %s"
                + "cycle-to-cycle noise dwMinStd = %s%s (from the residuals of %d increments in %d cycles, one-step-ahead "
                + "least squares%s); bounds [%.6g, %.6g] weight units at %.6g .. %.6g S. Device-to-device spreads are 0: one device "
                + "cannot show them.", data.label(), fit.law(), values, stepNoise,
                fit.dwMinStdClamped() ? ", clamped to " + model.variability().dwMinStd() + " in the model" : "", fit.increments(),
                fit.cycles(), readNoise, model.wMin(), model.wMax(), range.gMinSiemens(), range.gMaxSiemens());
        return new DevicePreset(id, description, source, model, range, WeightMapping.REFERENCE_COLUMN, spice);
    }

    /**
     * The conductances of a fit's bounds: under the data's unit range, else {@link #DEFAULT_RANGE}.
     *
     * @throws XbarspiceException if the fitted lower bound lies at a conductance {@code <= 0}
     */
    private static ConductanceRange range(FitResult fit, PulseData data) {
        String below = belowZero(fit, data);
        if (below != null) {
            throw new XbarspiceException(below + otherLaws(fit.law()));
        }
        return data.unitRange() == null ? DEFAULT_RANGE : new ConductanceRange(
                PulseData.conductance(data.unitRange(), fit.model().wMin()),
                PulseData.conductance(data.unitRange(), fit.model().wMax()));
    }

    /** The advice to fit the laws other than {@code law}. */
    private static String otherLaws(String law) {
        return "; fit another law (--law " + FitLaws.names().replace(law + ", ", "").replace(", " + law, "") + ")";
    }

    /**
     * Where {@code model} puts a hard bound at a measured extreme that the data do not reach ({@link
     * PulseData.Approach#reached}): that side's approach (the upper one first), else null. Such a bound is where the
     * measurement turned back: training would clip the device's weights there.
     */
    public static PulseData.Approach unreachedBound(DeviceModel model, PulseData data) {
        for (boolean high : new boolean[] {true, false}) {
            PulseData.Approach approach = data.approach(high);
            if ((high ? model.wMax() : model.wMin()) == approach.extreme() && !approach.reached()) {
                return approach;
            }
        }
        return null;
    }

    /** Why a fit's lower bound is no conductance under the data's unit range (at or below 0 S), or null. */
    private static String belowZero(FitResult fit, PulseData data) {
        if (data.unitRange() == null) {
            return null;
        }
        double wMin = fit.model().wMin();
        double gMin = PulseData.conductance(data.unitRange(), wMin);
        return gMin > 0 ? null : "the fitted lower bound wMin = " + wMin + " (weight units) of the " + fit.law() + " law lies "
                + "at G = " + gMin + " S, not a conductance: the law extrapolates below 0 S";
    }

    /** Requires more increments n than parameters k (the residual variance divides by n - k), naming what to change. */
    private static void requireEnoughIncrements(PulseData data, FitLaw law, int n, int k) {
        if (n > k) {
            return;
        }
        String what = data.label() + " has " + n + " increments, too few for the " + k + " parameters of the " + law.name()
                + " law";
        if (law instanceof PiecewiseStepLaw piecewise) {
            int most = (n - 1) / 2;
            throw new InvalidInputException(what + " with --nodes " + piecewise.nodes() + " (2 parameters per node): "
                    + (most >= PiecewiseStepLaw.MIN_NODES ? "give --nodes at most " + most : "fit a law with fewer parameters")
                    + ", or give more data");
        }
        throw new InvalidInputException(what + ": give more data");
    }

    /**
     * Requires finite fitted values: states so large that their squares overflow (|w| around 1e154 and above) leave NaN or
     * infinite residual sums (a fit without residual is refused before, {@link ExactFitException}).
     */
    private static void requireFinite(PulseData data, FitLaw law, double[] p, double dwMinStd, double aic) {
        boolean finite = Double.isFinite(dwMinStd) && Double.isFinite(aic);
        for (double value : p) {
            finite &= Double.isFinite(value);
        }
        if (!finite) {
            throw new InvalidInputException(data.label() + ": the " + law.name() + " fit overflowed (dwMinStd = " + dwMinStd
                    + ", AIC = " + aic + ") on states in [" + data.wLow() + ", " + data.wHigh() + "]: give the states as weights "
                    + "(weight units, about -1 to 1) or as conductances in siemens with --g-range");
        }
    }

    /**
     * One Levenberg-Marquardt run from the parameters {@code initial}, each residual divided by its {@code scale}; the
     * predictions from the states before the increments, or with {@code predicted} from those the readings before them
     * predict ({@link ReadNoise#starts}).
     */
    private static LeastSquaresOptimizer.Optimum optimize(PulseData data, FitLaw law, double[] initial, boolean predicted,
                                                          double[] scale) {
        List<FitLaw.Parameter> parameters = law.parameters();
        int n = data.increments();
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = (data.after(i) - data.before(i)) / scale[i];
        }
        try {
            return new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().start(initial).target(target)
                    .model(point -> jacobianPair(data, law, point.toArray(), predicted, scale))
                    .parameterValidator(point -> new ArrayRealVector(clamp(point.toArray(), parameters), false))
                    .maxIterations(MAX_ITERATIONS).maxEvaluations(MAX_ITERATIONS).build());
        } catch (MathIllegalStateException e) {
            throw new XbarspiceException("the " + law.name() + " fit to " + data.label() + " did not converge within "
                    + MAX_ITERATIONS + " iterations (" + e.getMessage() + "): the data may not follow this law; try another --law", e);
        }
    }

    /** The weighted predictions and their Jacobian (central differences, one-sided at a parameter's limit). */
    private static Pair<RealVector, RealMatrix> jacobianPair(PulseData data, FitLaw law, double[] p, boolean predicted,
                                                             double[] scale) {
        int n = data.increments();
        int k = p.length;
        double[] value = weighted(law, p, data, predicted, scale);
        double[][] jacobian = new double[n][k];
        for (int j = 0; j < k; j++) {
            FitLaw.Parameter parameter = law.parameters().get(j);
            double h = DIFF_STEP * (Math.abs(p[j]) + 1e-3);
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[j] = Math.min(p[j] + h, parameter.hi());
            minus[j] = Math.max(p[j] - h, parameter.lo());
            double[] up = weighted(law, plus, data, predicted, scale);
            double[] down = weighted(law, minus, data, predicted, scale);
            for (int i = 0; i < n; i++) {
                jacobian[i][j] = (up[i] - down[i]) / (plus[j] - minus[j]);
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private static double[] weighted(FitLaw law, double[] p, PulseData data, boolean predicted, double[] scale) {
        DeviceModel model = model(law, p, data, Variability.NONE);
        double[] start = ReadNoise.starts(model, data, predicted);
        double[] value = new double[data.increments()];
        for (int i = 0; i < value.length; i++) {
            value[i] = data.nominalChange(model, i, start[i]) / scale[i];
        }
        return value;
    }

    /**
     * The law's model of parameter vector p.
     *
     * @throws XbarspiceException (not an input error: the data are valid) if p lies outside the law's valid region
     */
    private static DeviceModel model(FitLaw law, double[] p, PulseData data, Variability variability) {
        try {
            return law.model(p, data, variability);
        } catch (InvalidInputException e) {
            throw new XbarspiceException("the " + law.name() + " fit to " + data.label() + " left the law's valid region ("
                    + e.getMessage() + "): " + remedy(law, data), e);
        }
    }

    /**
     * What to change after a fit left its law's valid region: for a piecewise-step law whose sections are shorter than
     * the data's median move between readings (noise-free readings every 5th pulse of a soft-bounds device: 4 to 16 nodes
     * fitted to rounding, 20 left the region), the nodes between two readings are told apart only by their sum, so fewer
     * nodes; otherwise another law.
     */
    private static String remedy(FitLaw law, PulseData data) {
        if (law instanceof PiecewiseStepLaw piecewise) {
            double move = data.medianMove();
            double section = (data.boundHigh() - data.boundLow()) / (piecewise.nodes() - 1);
            if (move > section) {
                int most = (int) Math.floor((data.boundHigh() - data.boundLow()) / move) + 1;
                return String.format(Locale.ROOT, "the readings move the state by %.3g weight units (median), more than one "
                        + "section of --nodes %d (%.3g), so the nodes between two readings are not told apart; %s",
                        move, piecewise.nodes(), section, most >= PiecewiseStepLaw.MIN_NODES
                                ? "give --nodes at most " + most : "fit a law with fewer parameters");
            }
        }
        return "the data may not follow this law; try another --law";
    }

    /** ", with X at its limit L, ..." for the parameters of {@code p} at a limit, else "". */
    private static String atLimits(double[] p, List<FitLaw.Parameter> parameters) {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < p.length; j++) {
            FitLaw.Parameter parameter = parameters.get(j);
            if (p[j] <= parameter.lo() || p[j] >= parameter.hi()) {
                s.append(s.length() == 0 ? ", with " : " and ").append(parameter.name()).append(" at its limit ").append(p[j]);
            }
        }
        return s.toString();
    }

    private static double[] clamp(double[] p, List<FitLaw.Parameter> parameters) {
        double[] c = p.clone();
        for (int j = 0; j < c.length; j++) {
            c[j] = Math.min(Math.max(c[j], parameters.get(j).lo()), parameters.get(j).hi());
        }
        return c;
    }

    /** The largest relative change from {@code a} to {@code b}, element by element. */
    private static double change(double[] a, double[] b) {
        double worst = 0;
        for (int j = 0; j < a.length; j++) {
            worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(Math.abs(b[j]), 1e-300));
        }
        return worst;
    }

    /**
     * Whether every parameter moved in the last pass by at most {@value #SETTLED_SIGMA} of its standard uncertainty
     * ({@code dwMinStd sqrt(covariance[a][a])}; false where one has none).
     */
    private static boolean movedWithinUncertainty(double[] moved, double[][] covariance, double dwMinStd) {
        for (int a = 0; a < moved.length; a++) {
            if (!(moved[a] <= SETTLED_SIGMA * dwMinStd * Math.sqrt(covariance[a][a]))) {
                return false;
            }
        }
        return true;
    }

    /** (J' J)^-1 of the last run; NaN everywhere when it is singular (a parameter the data cannot fix). */
    private static double[][] covariance(LeastSquaresOptimizer.Optimum optimum, int k) {
        try {
            return optimum.getCovariances(1e-14).getData();
        } catch (SingularMatrixException e) {
            double[][] nan = new double[k][k];
            for (double[] row : nan) {
                Arrays.fill(row, Double.NaN);
            }
            return nan;
        }
    }
}
