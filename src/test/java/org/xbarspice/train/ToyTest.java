package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

/**
 * The toy problem of PHYSICS.md section 3 (later validation case (a)): sigma = 1, tau = 1, lr = 0.001, BL 31,
 * 2,000,000 steps, seed 1 (about 0.5 s for sgd, 1.1 s for shd). Over seeds 1-6 sgd's stationary mean was within
 * 0.31 % of the fixed point 0.27503 and shd's within 1.6-2.4 % of 0.5, so the tolerances (2 % and 5 %) hold with
 * margin, while sgd's mean is 45 % below the minimum. SHD's offset is C's own asymmetry ({@link Toy}): seed 1 settles
 * at 0.48965 against the 0.48896 its measured fluctuations predict (over seeds 1-3 the runs sat 0.35 % below the
 * prediction on average, 0.04 % over 20,000,000 steps).
 */
class ToyTest {
    private static final double SIGMA = 1;
    private static final double TAU = 1;
    private static final double LR = 0.001;
    private static final long STEPS = 2_000_000;

    @Test
    void sgdSettlesAtThePredictedFixedPointShdAtTheMinimum() {
        Toy.Result sgd = Toy.run(new Toy.Settings(Algorithm.SGD, SIGMA, TAU, LR, 31, STEPS, 1));
        assertEquals(0.27503, sgd.predictedMean(), 1e-5);
        assertEquals(sgd.predictedMean(), sgd.stationaryMean(), 0.02 * sgd.predictedMean(), "sgd: " + sgd);
        assertTrue(sgd.stationaryStd() > 0.005 && sgd.stationaryStd() < 0.1, "sgd fluctuates: " + sgd);
        Toy.Result shd = Toy.run(new Toy.Settings(Algorithm.SHD, SIGMA, TAU, LR, 31, STEPS, 1));
        assertEquals(0.5, shd.predictedMean(), 0);
        assertEquals(0.5, shd.stationaryMean(), 0.05 * 0.5, "shd: " + shd);
        // measured 6.9e-4 apart (seed 1); the optimum 0.5 is 1.0e-2 away
        assertEquals(shd.asymmetryMean(), shd.stationaryMean(), 1.5e-3, "shd: " + shd);
        // measured 0.7992
        assertEquals(Math.sqrt(2 / Math.PI), shd.meanAbsGradient(), 3e-3, "E|g| = sigma sqrt(2 / pi) near the minimum: " + shd);
        assertTrue(shd.stationaryStd() > 0.005 && shd.stationaryStd() < 0.1, "shd fluctuates: " + shd);
    }

    /** A noise std of 1e308 overflowed the gradient inside the run, with a message naming no flag. */
    @Test
    void aGradientNoiseThatWouldOverflowIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Toy.Settings(Algorithm.SGD, 1e308, TAU, LR, 31, STEPS, 1));
        assertTrue(e.getMessage().startsWith("sigma = 1e308 (weight units) is out of range: allowed [0, 1e6]"), e.getMessage());
        assertEquals(Toy.MAX_SIGMA, new Toy.Settings(Algorithm.SGD, Toy.MAX_SIGMA, TAU, LR, 31, STEPS, 1).sigma());
    }

    /**
     * A learning rate whose updates ask for more than BL pulses gave the same run at 100 and at 1e9, beside a fixed
     * point that no longer applies: the share of such steps is counted (the CLI warns of it).
     */
    @Test
    void saturatedUpdatesAreCounted() {
        Toy.Result small = Toy.run(new Toy.Settings(Algorithm.SGD, 1, 1, 0.001, 31, 20000, 1));
        Toy.Result large = Toy.run(new Toy.Settings(Algorithm.SGD, 1, 1, 100, 31, 20000, 1));
        assertEquals(0, small.saturatedFraction(), "lr |g| = 0.001 |g| against BL dwMin = 0.031");
        assertEquals(1, large.saturatedFraction(), 0); // measured 1.0: lr |g| > 0.031 unless |g| < 3.1e-4
        assertEquals(10000, Toy.stationarySteps(0.001)); // five relaxation times of 1 / lr in the dropped half
    }

    /** The pulse step reaches the devices and the saturation count (toy had no --dw-min; 0.001 was fixed). */
    @Test
    void thePulseStepIsASetting() {
        Toy.Result fine = Toy.run(new Toy.Settings(Algorithm.SGD, 1, 1, 0.03, 31, 40000, 1));
        Toy.Result coarse = Toy.run(new Toy.Settings(Algorithm.SGD, 1, 1, 0.03, 31, 40000, 1, 0.01));
        assertEquals(fine, Toy.run(new Toy.Settings(Algorithm.SGD, 1, 1, 0.03, 31, 40000, 1, Toy.DW_MIN)));
        // lr |g| against BL dwMin = 0.031 and 0.31: measured 0.3126 and 0 of the steps saturate
        assertTrue(fine.saturatedFraction() > 0.3 && coarse.saturatedFraction() == 0,
                fine.saturatedFraction() + " / " + coarse.saturatedFraction());
        // ten times coarser pulses, a wider spread: measured std 0.0751 against 0.0983 (1.31x)
        assertTrue(coarse.stationaryStd() > 1.25 * fine.stationaryStd(), fine.stationaryStd() + " / " + coarse.stationaryStd());
        assertTrue(assertThrows(InvalidInputException.class, () -> new Toy.Settings(Algorithm.SGD, 1, 1, 0.01, 31, 10, 1,
                1.5)).getMessage().startsWith("dwMin = 1.5 (weight units) is not allowed"));
        assertThrows(InvalidInputException.class, () -> new Toy.Settings(Algorithm.SGD, 1, 1, 0.01, 31, 10, 1, 0));
    }

    @Test
    void sameSeedSameRun() {
        Toy.Settings s = new Toy.Settings(Algorithm.SHD, SIGMA, TAU, 0.01, 31, 20_000, 7);
        assertEquals(Toy.run(s), Toy.run(s));
    }

    /** The closed form of E|m + sigma xi| against a midpoint-rule integral, and the fixed point against its equation. */
    @Test
    void expectedAbsoluteValueAndFixedPoint() {
        for (double m : new double[] {-1.3, -0.2, 0, 0.4, 2}) {
            for (double sigma : new double[] {0.3, 1, 2}) {
                double sum = 0;
                double h = 1e-4;
                for (double z = -12; z < 12; z += h) {
                    double mid = z + h / 2;
                    sum += Math.abs(m + sigma * mid) * Math.exp(-mid * mid / 2) / Math.sqrt(2 * Math.PI) * h;
                }
                assertEquals(sum, Toy.expectedAbs(m, sigma), 1e-7, "m = " + m + ", sigma = " + sigma);
            }
        }
        assertEquals(0.7, Toy.expectedAbs(-0.7, 0), 0);
        double w = Toy.sgdFixedPoint(1, 1);
        assertEquals(0, (w - 0.5) + Toy.expectedAbs(w - 0.5, 1) * w, 1e-12);
        assertEquals(0.5, Toy.sgdFixedPoint(0, 1), 1e-12, "no noise, no bias: E|g| vanishes at the minimum");
        assertThrows(InvalidInputException.class, () -> new Toy.Settings(Algorithm.FP, 1, 1, 0.01, 31, 10, 1));
        assertThrows(InvalidInputException.class, () -> new Toy.Settings(Algorithm.SGD, 1, 0.4, 0.01, 31, 10, 1));
        // the settings refuse them themselves (the run failed naming wMin = -Infinity; null was a NullPointerException)
        assertTrue(assertThrows(InvalidInputException.class, () -> new Toy.Settings(Algorithm.SGD, 1,
                Double.POSITIVE_INFINITY, 0.01, 31, 10, 1)).getMessage().startsWith("tau = Infinity is not allowed"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new Toy.Settings(null, 1, 1, 0.01, 31, 10, 1))
                .getMessage().contains("use sgd or shd"));
    }
}
