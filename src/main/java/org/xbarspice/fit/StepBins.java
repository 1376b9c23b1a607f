package org.xbarspice.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * The measured steps of one direction binned by the state before them: per non-empty bin the mean state (weight units),
 * the mean step per pulse (weight units, positive in the pulses' direction) and the pulses in it. The laws with a shape
 * start their fit from these (an initial guess only: the fit itself uses every increment).
 *
 * @param w     mean state before the steps of each bin (weight units)
 * @param step  mean observed step per pulse of each bin (weight units)
 * @param count pulses in each bin
 */
record StepBins(double[] w, double[] step, double[] count) {
    /**
     * The steps of {@code direction} in the bins [edges[j], edges[j + 1]) (the last bin closed), each increment
     * weighted by its pulses; states outside the edges are left out and empty bins dropped.
     */
    static StepBins of(PulseData data, boolean direction, double[] edges) {
        int bins = edges.length - 1;
        double[] sw = new double[bins];
        double[] ss = new double[bins];
        double[] n = new double[bins];
        for (int k = 0; k < data.increments(); k++) {
            double x = data.before(k);
            if (data.up(k) != direction || x < edges[0] || x > edges[bins]) {
                continue;
            }
            int j = bin(edges, x);
            sw[j] += data.count(k) * x;
            ss[j] += data.count(k) * data.step(k);
            n[j] += data.count(k);
        }
        List<Integer> used = new ArrayList<>();
        for (int j = 0; j < bins; j++) {
            if (n[j] > 0) {
                used.add(j);
            }
        }
        double[] w = new double[used.size()];
        double[] step = new double[used.size()];
        double[] count = new double[used.size()];
        for (int i = 0; i < w.length; i++) {
            int j = used.get(i);
            w[i] = sw[j] / n[j];
            step[i] = ss[j] / n[j];
            count[i] = n[j];
        }
        return new StepBins(w, step, count);
    }

    /** {@code bins} equal bins over [data.wLow(), data.wHigh()]. */
    static StepBins equal(PulseData data, boolean direction, int bins) {
        double[] edges = new double[bins + 1];
        for (int j = 0; j <= bins; j++) {
            edges[j] = data.wLow() + (data.wHigh() - data.wLow()) * j / bins;
        }
        return of(data, direction, edges);
    }

    private static int bin(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (x >= edges[mid]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Number of non-empty bins. */
    int size() {
        return w.length;
    }

    /**
     * Weight of bin i in a relative least-squares fit of the binned steps: pulses over the squared step (the noise is
     * relative), the step floored at {@code floor} (weight units).
     */
    double weight(int i, double floor) {
        double s = Math.max(Math.abs(step[i]), floor);
        return count[i] / (s * s);
    }

    /**
     * The amplitude A of step = A f (weighted least squares, weights {@link #weight}) and its weighted sum of squared
     * residuals: {A, sse}.
     */
    double[] scaleFit(double[] f, double floor) {
        double sff = 0;
        double sfy = 0;
        for (int i = 0; i < w.length; i++) {
            double q = weight(i, floor);
            sff += q * f[i] * f[i];
            sfy += q * f[i] * step[i];
        }
        double amplitude = sff > 0 ? sfy / sff : 0;
        double sse = 0;
        for (int i = 0; i < w.length; i++) {
            double r = step[i] - amplitude * f[i];
            sse += weight(i, floor) * r * r;
        }
        return new double[] {amplitude, sse};
    }

    /**
     * The line step = alpha + beta f (weighted least squares) and its weighted sum of squared residuals:
     * {alpha, beta, sse}; NaNs when f does not vary over the bins.
     */
    double[] lineFit(double[] f, double floor) {
        double sq = 0;
        double sf = 0;
        double sy = 0;
        for (int i = 0; i < w.length; i++) {
            double q = weight(i, floor);
            sq += q;
            sf += q * f[i];
            sy += q * step[i];
        }
        double mf = sf / sq;
        double my = sy / sq;
        double sff = 0;
        double sfy = 0;
        for (int i = 0; i < w.length; i++) {
            double q = weight(i, floor);
            sff += q * (f[i] - mf) * (f[i] - mf);
            sfy += q * (f[i] - mf) * (step[i] - my);
        }
        if (!(sff > 0) || !Double.isFinite(sff)) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double beta = sfy / sff;
        double alpha = my - beta * mf;
        double sse = 0;
        for (int i = 0; i < w.length; i++) {
            double r = step[i] - alpha - beta * f[i];
            sse += weight(i, floor) * r * r;
        }
        return new double[] {alpha, beta, sse};
    }
}
