package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistical quality of the ziggurat normal source on 2 million draws (seed 2024): mean, variance and fourth
 * moment within 5 standard errors of 0, 1 and 3; Kolmogorov-Smirnov distance below its 0.1 % critical value
 * 1.95 / sqrt(n); the mass beyond 0.5, 1, 2, 3, 3.654 (the tail start) and 4.5 within 5 binomial standard errors;
 * lag-1 correlation within 5 / sqrt(n); a fine histogram and the tail shape on 20 million more. Same seed, same
 * sequence.
 */
class ZigguratGaussianTest {
    private static final int N = 2_000_000;
    private static double[] draws;

    @BeforeAll
    static void draw() {
        ZigguratGaussian z = new ZigguratGaussian(2024);
        draws = new double[N];
        for (int k = 0; k < N; k++) {
            draws[k] = z.next();
        }
    }

    @Test
    void moments() {
        double m1 = 0;
        double m2 = 0;
        double m4 = 0;
        for (double x : draws) {
            m1 += x;
            m2 += x * x;
            m4 += x * x * x * x;
        }
        m1 /= N;
        m2 /= N;
        m4 /= N;
        assertEquals(0, m1, 5 / Math.sqrt(N), "mean");
        assertEquals(1, m2, 5 * Math.sqrt(2.0 / N), "variance"); // var(x^2) = 2
        assertEquals(3, m4, 5 * Math.sqrt(96.0 / N), "fourth moment"); // var(x^4) = 105 - 9
    }

    @Test
    void kolmogorovSmirnovDistance() {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double dMax = 0;
        for (int k = 0; k < N; k++) {
            double f = normal.cumulativeProbability(sorted[k]);
            dMax = Math.max(dMax, Math.max(f - (double) k / N, (double) (k + 1) / N - f));
        }
        assertTrue(dMax < 1.95 / Math.sqrt(N), "KS distance " + dMax + " exceeds the 0.1 % critical value");
    }

    @Test
    void tailMasses() {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (double t : new double[] {0.5, 1, 2, 3, 3.6541528853610088, 4.5}) {
            long count = Arrays.stream(draws).filter(x -> Math.abs(x) > t).count();
            double p = 2 * normal.cumulativeProbability(-t);
            double sigma = Math.sqrt(N * p * (1 - p));
            assertEquals(N * p, count, 5 * sigma + 1, "draws beyond |x| = " + t);
        }
    }

    /**
     * 20 million further draws: chi-square over 200 bins of width 0.05 in [-5, 5] plus the two outer bins below
     * its 0.1 % critical value (chi-square with 201 degrees of freedom: 273), which resolves the wedges of the
     * layers; and the Kolmogorov-Smirnov distance of the draws beyond the tail start R to the conditional tail
     * distribution 1 - Q(x) / Q(R) below 1.95 / sqrt(count).
     */
    @Test
    void fineHistogramAndTailShape() {
        final int n = 20_000_000;
        final double r = 3.6541528853610088;
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        long[] bins = new long[202];
        double[] tail = new double[16_000];
        int tails = 0;
        ZigguratGaussian z = new ZigguratGaussian(99);
        for (int k = 0; k < n; k++) {
            double x = z.next();
            int b = x < -5 ? 0 : x >= 5 ? 201 : 1 + Math.min(199, (int) ((x + 5) / 0.05));
            bins[b]++;
            if (Math.abs(x) > r) {
                tail[tails++] = Math.abs(x);
            }
        }
        double chi2 = 0;
        for (int b = 0; b < 202; b++) {
            double lo = b == 0 ? Double.NEGATIVE_INFINITY : -5 + (b - 1) * 0.05;
            double hi = b == 201 ? Double.POSITIVE_INFINITY : -5 + b * 0.05;
            double expected = n * (normal.cumulativeProbability(hi) - normal.cumulativeProbability(lo));
            chi2 += (bins[b] - expected) * (bins[b] - expected) / expected;
        }
        assertTrue(chi2 < 273, "chi-square " + chi2 + " over 202 bins exceeds the 0.1 % critical value 273");
        double[] sorted = Arrays.copyOf(tail, tails);
        Arrays.sort(sorted);
        double qr = normal.cumulativeProbability(-r);
        double dMax = 0;
        for (int k = 0; k < tails; k++) {
            double f = 1 - normal.cumulativeProbability(-sorted[k]) / qr;
            dMax = Math.max(dMax, Math.max(f - (double) k / tails, (double) (k + 1) / tails - f));
        }
        assertTrue(dMax < 1.95 / Math.sqrt(tails), "tail KS distance " + dMax + " over " + tails + " draws");
    }

    @Test
    void consecutiveDrawsAreUncorrelated() {
        double c = 0;
        for (int k = 1; k < N; k++) {
            c += draws[k] * draws[k - 1];
        }
        assertEquals(0, c / (N - 1), 5 / Math.sqrt(N), "lag-1 correlation");
    }

    /** Bulk draws continue the stream exactly where single draws left it, and the other way round. */
    @Test
    void fillAndNextTakeTheSameStream() {
        ZigguratGaussian single = new ZigguratGaussian(5);
        ZigguratGaussian mixed = new ZigguratGaussian(5);
        double[] expected = new double[3015];
        for (int k = 0; k < expected.length; k++) {
            expected[k] = single.next();
        }
        double[] got = new double[3015];
        for (int k = 0; k < 10; k++) {
            got[k] = mixed.next();
        }
        double[] bulk = new double[3000];
        mixed.fill(bulk, 3000);
        System.arraycopy(bulk, 0, got, 10, 3000);
        for (int k = 3010; k < 3015; k++) {
            got[k] = mixed.next();
        }
        assertArrayEquals(expected, got, 0.0);
    }

    @Test
    void sameSeedSameSequence() {
        ZigguratGaussian a = new ZigguratGaussian(7);
        ZigguratGaussian b = new ZigguratGaussian(7);
        ZigguratGaussian c = new ZigguratGaussian(8);
        boolean differs = false;
        for (int k = 0; k < 1000; k++) {
            double x = a.next();
            assertEquals(x, b.next(), 0.0);
            differs |= x != c.next();
        }
        assertTrue(differs, "another seed gives another sequence");
        assertNotEquals(new ZigguratGaussian(1).next(), new ZigguratGaussian(2).next());
    }
}
