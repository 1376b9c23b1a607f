package org.xbarspice.fit;

import java.util.Arrays;
import org.xbarspice.device.DeviceModel;

/**
 * The read noise of pulse-response data, told apart from the cycle-to-cycle noise by how each enters the increments.
 * A reading is the state plus noise e of variance {@code variance}, independent from reading to reading; a step's noise
 * eps stays in the state. So two increments that share a reading carry its noise with opposite signs and are
 * anticorrelated, while the steps' noise leaves them uncorrelated.
 *
 * <p><b>Whether.</b> The data decide, for every law alike ({@link PulseData#readNoise()}: a law-free estimate from
 * three consecutive increments, detected above {@value #DETECTED} standard errors, or the spread of states read more
 * than once, {@link RepeatedReadings}, where that test misses it); where the data's test misses it and a
 * law's own residuals show it ({@link #of}, above {@value #DETECTED} standard errors as well), that law's fit models it
 * too, its AIC counting the read noise as a parameter.
 *
 * <p><b>How much.</b> Where modelled, each law's fit estimates it from its own residuals ({@link #of}): the residual of
 * increment k from the state its prediction starts at is {@code eps_k + f_k eps_(k-1) + e_(k+1) - g_k e_k + h_k
 * e_(k-1)} ({@link Terms}), so that the pairs that share a reading have covariance {@code f_(k+1) a_k c - variance
 * (g_(k+1) + g_k h_(k+1))}: the read noise is their anticorrelation, its standard error from the products' spread. The
 * fit then weights each increment by its whole variance instead of taking the read noise for step noise (dwMinStd^2 = c
 * solves {@code sum min(r_k^2 / var_k, 25) = n - k}), starts each prediction from the state the reading before
 * predicts ({@link #starts}), as the reading's own noise, in the increment with the opposite sign, pulled the steps
 * fitted from it towards the mean state, and takes the parameters' covariance from every noise's share in the
 * residuals ({@link Terms#covariance}). What this was checked on, and what it gives: "Read noise" in docs/FITTING.md.
 *
 * @param variance      the read noise's variance (weight units squared; at or below 0 when the data show none)
 * @param varianceSigma its standard error (weight units squared; NaN where the data allow no estimate)
 * @param detected      whether the fit models read noise (the data's test or the law's residuals show it)
 * @param ratio         the variance over dwMinStd^2 that the fit weights with (weight units squared): 0 unless detected,
 *                      and where the residuals show none
 */
public record ReadNoise(double variance, double varianceSigma, boolean detected, double ratio) {
    /** No read noise, nor any estimate of it. */
    static final ReadNoise NONE = new ReadNoise(0, Double.NaN, false, 0);
    /** Standard errors above 0 at which the read noise counts as detected. */
    static final double DETECTED = 3;
    /** Smallest dwMinStd^2 the weights divide by: where the read noise leaves no step noise, dwMinStd is 1e-4. */
    static final double LEAST_STEP_VARIANCE = 1e-8;
    /** Largest dwMinStd^2 the solve looks for (dwMinStd 100, far beyond any a device model takes). */
    private static final double LARGEST_STEP_VARIANCE = 1e4;
    /** Relative change of the state for the map's slope (central difference, times the states' span). */
    private static final double SLOPE_STEP = 1e-6;
    /**
     * The largest share of one increment in dwMinStd's estimate, in units of its expected square (a residual of five
     * standard deviations); a Gaussian increment passes it once in 1.7 million.
     */
    static final double CLIPPED = 25;
    /** The largest share of one pair's product in the read noise's estimate, in units of the median product's size. */
    private static final double CLIPPED_PRODUCT = 50;
    /** Rounds of the read noise's and the step noise's estimates, each given the other ({@link #of}). */
    private static final int ROUNDS = 20;

    /** The read noise's standard deviation (weight units): 0 unless detected. */
    public double std() {
        return detected ? Math.sqrt(Math.max(variance, 0)) : 0;
    }

    /** The relative change of the weighting ratio from {@code before} to {@code after} (0 when both are 0). */
    static double ratioChange(ReadNoise before, ReadNoise after) {
        double larger = Math.max(before.ratio, after.ratio);
        return larger > 0 ? Math.abs(after.ratio - before.ratio) / larger : 0;
    }

    /**
     * The standard uncertainty of {@link #std()} (weight units), one standard error of the variance up from it (finite
     * where the variance is 0): NaN unless detected.
     */
    public double stdSigma() {
        double v = Math.max(variance, 0);
        return detected ? Math.sqrt(v + varianceSigma) - Math.sqrt(v) : Double.NaN;
    }

    /** The smallest read noise the data would have shown (weight units): its standard deviation at detection. */
    public double limit() {
        return Math.sqrt(DETECTED * varianceSigma);
    }

    /**
     * The read noise of the residuals {@code terms} holds, and the ratio to weight the next pass with: detected where the
     * data show read noise ({@code shown}, {@link PulseData#readNoise()}) or the residuals do, above {@value #DETECTED}
     * standard errors.
     *
     * @param parameters the law's parameter count k
     */
    static ReadNoise of(Terms terms, int parameters, boolean shown) {
        int n = terms.residual.length;
        int pairs = 0;
        double[] products = new double[n];
        int[] at = new int[n]; // the increment each product starts at
        double readWeight = 0;
        double stepWeight = 0;
        for (int k = 0; k + 1 < n; k++) {
            if (terms.paired[k]) {
                at[pairs] = k;
                products[pairs++] = terms.residual[k] * terms.residual[k + 1];
                readWeight += terms.pairRead[k];
                stepWeight += terms.pairStep[k];
            }
        }
        if (pairs < 2 || !(readWeight > 0)) {
            return NONE;
        }
        // each product at most CLIPPED_PRODUCT times the median one, so that a misread reading (its two increments far
        // off) does not set the estimate; a bound no usual product reaches, so that the passes' estimates move smoothly
        double[] magnitude = new double[pairs];
        for (int t = 0; t < pairs; t++) {
            magnitude[t] = Math.abs(products[t]);
        }
        Arrays.sort(magnitude);
        double bound = magnitude[pairs / 2] > 0 ? CLIPPED_PRODUCT * magnitude[pairs / 2] : Double.POSITIVE_INFINITY;
        double mean = 0;
        for (int t = 0; t < pairs; t++) {
            products[t] = Math.max(-bound, Math.min(bound, products[t]));
            mean += products[t];
        }
        mean /= pairs;
        // the products' spread, and that of neighbouring products, which share a residual
        double spread = 0;
        double neighbours = 0;
        for (int t = 0; t < pairs; t++) {
            double d = products[t] - mean;
            spread += d * d;
            if (t + 1 < pairs && at[t + 1] == at[t] + 1) {
                neighbours += d * (products[t + 1] - mean);
            }
        }
        // per pair: the read noise enters a product with weight readWeight / pairs, the steps' noise with stepWeight / pairs
        readWeight /= pairs;
        stepWeight /= pairs;
        double sigma = Math.sqrt(Math.max(spread + 2 * neighbours, spread) / (pairs - 1) / pairs) / readWeight;
        double variance = -mean / readWeight;
        if (!shown && !(variance > DETECTED * sigma)) {
            return new ReadNoise(variance, sigma, false, 0);
        }
        // the steps' share of the pairs' covariance is small (the map's change of slope times a step's variance): each
        // estimate given the other, from the read noise without it
        double stepVariance = terms.stepNoiseVariance(variance, parameters);
        for (int round = 0; round < ROUNDS && variance > 0; round++) {
            variance = (stepVariance * stepWeight - mean) / readWeight;
            if (!(variance > 0)) { // these residuals show none: weighted as without
                break;
            }
            double next = terms.stepNoiseVariance(variance, parameters);
            if (next == stepVariance) {
                break;
            }
            stepVariance = next;
        }
        return new ReadNoise(variance, sigma, true, variance > 0 ? variance / stepVariance : 0);
    }

    /**
     * The root c of {@code sum min(r_k^2 / s_k^2, CLIPPED c) = dof c}: the weighted residuals' mean square,
     * each at most {@value #CLIPPED} times it (a misread reading's two increments, far beyond any noise, do not
     * set it; Gaussian residuals pass that bound once in 1.7 million), by fixed-point iteration from the unclipped mean
     * square, which falls to the root.
     */
    static double clippedMeanSquare(double[] residual, double[] scale, int dof) {
        double c = 0;
        for (int i = 0; i < residual.length; i++) {
            c += residual[i] * residual[i] / (scale[i] * scale[i]);
        }
        c /= dof;
        for (int iteration = 0; iteration < 100; iteration++) {
            double sum = 0;
            for (int i = 0; i < residual.length; i++) {
                sum += Math.min(residual[i] * residual[i] / (scale[i] * scale[i]), CLIPPED * c);
            }
            double next = sum / dof;
            if (!(next < c * (1 - 1e-12))) {
                return next;
            }
            c = next;
        }
        return c;
    }

    /**
     * The read noise of {@code variance} (weight units squared, the data's: {@link PulseData#readNoise()}) with the ratio
     * to weight a fit's first pass with, dwMinStd^2 from the residuals {@code terms} holds.
     */
    static ReadNoise start(Terms terms, int parameters, double variance) {
        return new ReadNoise(variance, Double.NaN, true, variance / terms.stepNoiseVariance(variance, parameters));
    }

    /**
     * The states each increment's prediction starts from: the readings before them, or with {@code predicted} (the data
     * show read noise) the nominal map of {@code model} over the increment before from the reading before it, where
     * the two share a reading (independent of the reading the increment starts at, whose noise it carries with the
     * opposite sign), and the reading itself at a run's first.
     */
    static double[] starts(DeviceModel model, PulseData data, boolean predicted) {
        int n = data.increments();
        double[] start = new double[n];
        for (int k = 0; k < n; k++) {
            start[k] = predicted && k > 0 && data.sharesReading(k - 1)
                    ? data.before(k - 1) + data.nominalChange(model, k - 1, data.before(k - 1)) : data.before(k);
        }
        return start;
    }

    /**
     * How the residuals of a model with its predictions from given states take up the two noises. Increment k's
     * residual is {@code eps_k + e_(k+1) - g_k e_k} from a reading ({@code g_k = j_k}); from a predicted state ({@link
     * #starts}, made with slope j'_(k-1) from the reading before) {@code eps_k + f_k eps_(k-1) + e_(k+1) - e_k - f_k
     * j'_(k-1) e_(k-1)}, {@code f_k = j_k - 1} the map's change of slope, as the state's error goes into the predicted
     * change. So its variance is {@code c (a_k + f_k^2 a_(k-1)) + variance (1 + g_k^2 + h_k^2)} (c = dwMinStd^2, a_k the
     * steps' variance per c: the nominal step at the state it starts from, at least the floor, squared, times its
     * pulses), and a pair that shares a reading has covariance {@code f_(k+1) a_k c
     * - variance (g_(k+1) + g_k h_(k+1))}, h the coefficient of e_(k-1).
     */
    static final class Terms {
        /** Measured change minus the predicted one per increment (weight units). */
        final double[] residual;
        /** Each increment's steps' standard deviation per dwMinStd (weight units): the scale without read noise. */
        final double[] stepScale;
        /** The steps' variance in each residual per c (weight units squared). */
        final double[] stepPart;
        /** The readings' variance in each residual per unit read variance (dimensionless). */
        final double[] readPart;
        /** Whether increments k and k + 1 share a reading. */
        final boolean[] paired;
        /** A pair's covariance per unit read variance, negated (dimensionless). */
        final double[] pairRead;
        /** A pair's covariance per c (weight units squared). */
        final double[] pairStep;
        /** Per increment: a_k, and the coefficients f_k, g_k, h_k of its residual (see the class comment). */
        private final double[] a;
        private final double[] f;
        private final double[] g;
        private final double[] h;

        /**
         * @param predicted  whether the predictions start from the states the readings before predict ({@link #starts})
         * @param medianStep the data's median step per pulse (weight units): {@link DeviceFit#FLOOR} times it is the
         *                   least nominal step the scales take
         */
        Terms(DeviceModel model, PulseData data, boolean predicted, double medianStep) {
            double floor = DeviceFit.FLOOR * medianStep;
            int n = data.increments();
            double[] start = starts(model, data, predicted);
            residual = new double[n];
            stepScale = new double[n];
            stepPart = new double[n];
            readPart = new double[n];
            paired = new boolean[n];
            pairRead = new double[n];
            pairStep = new double[n];
            a = new double[n];
            g = new double[n];
            h = new double[n];
            f = new double[n];
            for (int k = 0; k < n; k++) {
                double change = data.nominalChange(model, k, start[k]);
                residual[k] = data.after(k) - data.before(k) - change;
                double step = Math.max(data.up(k) ? model.stepUp(start[k]) : model.stepDown(start[k]), floor);
                stepScale[k] = step * Math.sqrt(data.count(k));
                // a clip at a bound takes the steps' noise in the measure it cuts the nominal move short (continuous in
                // the parameters, so that no pass turns an increment's scale on or off)
                double end = start[k] + change;
                double taken = end == model.wMin() || end == model.wMax()
                        ? Math.min(Math.abs(end - start[k]) / (step * data.count(k)), 1) : 1;
                a[k] = taken * taken * stepScale[k] * stepScale[k];
                double j = slope(model, data, k, start[k]);
                boolean fromPrediction = predicted && k > 0 && data.sharesReading(k - 1);
                f[k] = fromPrediction ? j - 1 : 0;
                g[k] = fromPrediction ? 1 : j;
                h[k] = fromPrediction ? -f[k] * slope(model, data, k - 1, data.before(k - 1)) : 0;
                stepPart[k] = a[k] + (fromPrediction ? f[k] * f[k] * a[k - 1] : 0);
                readPart[k] = 1 + g[k] * g[k] + h[k] * h[k];
            }
            for (int k = 0; k + 1 < n; k++) {
                paired[k] = data.sharesReading(k);
                pairRead[k] = g[k + 1] + g[k] * h[k + 1];
                pairStep[k] = f[k + 1] * a[k];
            }
        }

        /**
         * dwMinStd^2 given the read noise's variance: the root c of {@code sum min(r_k^2 / (stepPart_k c + readPart_k
         * variance), }{@value #CLIPPED}{@code ) = n - k}, each term clipped so that a misread reading's two increments,
         * far beyond any noise, do not set it (one reading 20 steps off in 2,400 read with noise of half a step: 1.03 for
         * 0.2 unclipped, 0.22 clipped), found by Newton's method kept within a bracket (the sum falls as c grows); at
         * least {@value #LEAST_STEP_VARIANCE}. Without read noise, {@link #clippedMeanSquare} of the residuals over their
         * steps' scales.
         */
        double stepNoiseVariance(double variance, int parameters) {
            int n = residual.length;
            if (variance <= 0) {
                return clippedMeanSquare(residual, stepScale, n - parameters);
            }
            double target = n - parameters;
            if (clippedSum(0, variance)[0] <= target) { // the read noise leaves no step noise to measure
                return LEAST_STEP_VARIANCE;
            }
            double low = 0;
            double high = LEAST_STEP_VARIANCE;
            while (high < LARGEST_STEP_VARIANCE && clippedSum(high, variance)[0] > target) {
                low = high;
                high *= 4;
            }
            double c = low;
            for (int iteration = 0; iteration < 100 && high - low > 1e-12 * high; iteration++) {
                double[] sum = clippedSum(c, variance);
                if (sum[0] > target) {
                    low = c;
                } else {
                    high = c;
                }
                double next = sum[1] < 0 ? c - (sum[0] - target) / sum[1] : Double.NaN;
                c = next > low && next < high ? next : (low + high) / 2;
            }
            return Math.max(c, LEAST_STEP_VARIANCE);
        }

        /** {@code sum min(r_k^2 / var_k, CLIPPED)} at dwMinStd^2 = c, and its derivative in c. */
        private double[] clippedSum(double c, double variance) {
            double value = 0;
            double derivative = 0;
            for (int k = 0; k < residual.length; k++) {
                double v = stepPart[k] * c + readPart[k] * variance;
                double term = residual[k] * residual[k] / v;
                if (term < CLIPPED) {
                    value += term;
                    derivative -= term * stepPart[k] / v;
                } else {
                    value += CLIPPED;
                }
            }
            return new double[] {value, derivative};
        }

        /**
         * The standard uncertainty of dwMinStd^2 = c with read noise of the given variance and standard error: from the
         * Fisher information of the Gaussian increments, {@code 2 / sum (a_k / var_k)^2} with {@code var_k = a_k c + b_k
         * variance}, and the read noise's own uncertainty times {@code dc/dvariance = -sum b_k / var_k / sum a_k / var_k}
         * (without read noise {@code c sqrt(2 / n)}; where the read noise outweighs the steps' noise, far more).
         */
        double stepNoiseVarianceSigma(double c, double variance, double varianceSigma) {
            double information = 0;
            double byStep = 0;
            double byRead = 0;
            for (int k = 0; k < residual.length; k++) {
                double v = stepPart[k] * c + readPart[k] * variance;
                if (!(v > 0)) { // a clipped step without read noise: no noise of either
                    continue;
                }
                information += stepPart[k] * stepPart[k] / (v * v) / 2;
                byStep += stepPart[k] / v;
                byRead += readPart[k] / v;
            }
            double slope = byRead / byStep;
            return Math.sqrt(1 / information + slope * slope * varianceSigma * varianceSigma);
        }

        /**
         * The parameters' covariance per c = dwMinStd^2 when the residuals share readings: {@code A^-1 V A^-1}, A = J' J
         * of the weighted Jacobian J (row k: the derivatives of residual k over its scale s_k), V the variance of {@code
         * J' r / s}, summed over the noises that make it: each step's noise eps_k (variance a_k c) enters residual k
         * and, through the state the next prediction starts from, residual k + 1 (times f); each reading's noise
         * (variance {@code variance}) the increment it ends (+1), the one it starts (-g) and the one after (h). As a sum
         * of squares V is positive semi-definite; taking the residuals as independent instead ({@code A^-1} alone)
         * misjudged the uncertainties by 2-5x: consecutive residuals of read noise cancel in the sums a smooth parameter
         * depends on. Without read noise and prediction it is {@code A^-1}.
         *
         * @param inverse  A^-1 (finite)
         * @param jacobian J, one row per increment
         * @param scale    the residuals' scales s_k (weight units)
         */
        double[][] covariance(double[][] inverse, double[][] jacobian, double[] scale, double c, double variance) {
            int p = inverse.length;
            int n = residual.length;
            double[][] v = new double[p][p];
            double[] source = new double[p];
            for (int k = 0; k < n; k++) {
                // the step noise of increment k, in it and in the next if that one starts from its predicted state
                for (int x = 0; x < p; x++) {
                    source[x] = jacobian[k][x] / scale[k] + (k + 1 < n && paired[k] ? f[k + 1] * jacobian[k + 1][x] / scale[k + 1] : 0);
                }
                addOuter(v, source, a[k] * c);
                // the noise of the reading increment k starts at, unless the increment before ended there (counted there)
                if (k == 0 || !paired[k - 1]) {
                    for (int x = 0; x < p; x++) {
                        source[x] = -g[k] * jacobian[k][x] / scale[k]
                                + (k + 1 < n && paired[k] ? h[k + 1] * jacobian[k + 1][x] / scale[k + 1] : 0);
                    }
                    addOuter(v, source, variance);
                }
                // the noise of the reading increment k ends at: in it, in the next (-g) and in the one after (h)
                for (int x = 0; x < p; x++) {
                    source[x] = jacobian[k][x] / scale[k];
                    if (k + 1 < n && paired[k]) {
                        source[x] -= g[k + 1] * jacobian[k + 1][x] / scale[k + 1];
                        if (k + 2 < n && paired[k + 1]) {
                            source[x] += h[k + 2] * jacobian[k + 2][x] / scale[k + 2];
                        }
                    }
                }
                addOuter(v, source, variance);
            }
            double[][] covariance = new double[p][p];
            for (int x = 0; x < p; x++) {
                for (int y = 0; y < p; y++) {
                    double sum = 0;
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            sum += inverse[x][i] * v[i][j] * inverse[j][y];
                        }
                    }
                    covariance[x][y] = sum / c;
                }
            }
            return covariance;
        }

        /** {@code m += weight u u'}. */
        private static void addOuter(double[][] m, double[] u, double weight) {
            for (int x = 0; x < u.length; x++) {
                for (int y = 0; y < u.length; y++) {
                    m[x][y] += weight * u[x] * u[y];
                }
            }
        }

        /** Each increment's standard deviation over dwMinStd (weight units) at the read noise's {@code ratio}. */
        double[] scales(double ratio) {
            double[] s = new double[residual.length];
            for (int k = 0; k < s.length; k++) {
                s[k] = ratio == 0 ? stepScale[k] : Math.sqrt(stepPart[k] + readPart[k] * ratio);
            }
            return s;
        }
    }

    /** The slope of the nominal map over increment k at the state w (dimensionless). */
    private static double slope(DeviceModel model, PulseData data, int k, double w) {
        double h = SLOPE_STEP * (data.wHigh() - data.wLow());
        return (data.nominalChange(model, k, w + h) - data.nominalChange(model, k, w - h)) / (2 * h) + 1;
    }
}
