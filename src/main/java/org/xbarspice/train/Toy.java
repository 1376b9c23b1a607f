package org.xbarspice.train;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.ReadOptions;
import org.xbarspice.tile.Seeds;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.TileSpec;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * The one-weight problem of PHYSICS.md section 3, run through the same devices, pulse trains and tiles as the
 * networks: loss {@code E(w) = (w - 0.5)^2 / 2}, stochastic gradient {@code g = (w - 0.5) + sigma xi},
 * {@code xi ~ N(0, 1)}, soft-bounds devices with {@code wMax = -wMin = tau}, dwMin (default {@value #DW_MIN}), equal up and
 * down scales (symmetry point 0), no variability, exact reads.
 *
 * <ul>
 * <li><b>sgd:</b> a 1-input, 1-output {@link BehavioralTile}; every step one stochastic pulsed update
 *     {@code w += lr * 1 * (-g)} (row input 1, column input -g). The tile's bias device receives the same requested
 *     update and is not looked at. w is device (0, 0), read exactly.</li>
 * <li><b>shd:</b> a 1x1 {@link ShdTile} with {@code lr_A = lr_C = lr}, gamma 0: every step A is pulsed with
 *     {@code -g} (g taken at C), then one transfer of w's row ({@code C += lr * (A - A_sp)}, exact read). The tile
 *     transfers its rows in turn, w's row and the bias row, so each step calls {@link ShdTile#transfer()} twice: w's
 *     row is transferred after every step.</li>
 * </ul>
 * Both start at w = 0 (C = 0, A at its symmetry point). The statistics are over the second half of the steps,
 * one sample of w after every step. Deterministic in the seed.
 *
 * <p><b>SHD's residual offset.</b> C is an asymmetric soft-bounds device too: each transfer moves it by {@code lr (v -
 * |v| C / tau)} with {@code v = A - A_sp}, so a fluctuating A drifts C toward its symmetry point and, at stationarity,
 * {@code E[v] = E[C |v|] / tau}; A's balance then holds C at {@code 0.5 - C = E[v] E|g| / tau}, so {@code C = 0.5 / (1 +
 * E|v| E|g| / tau^2)} ({@link Result#asymmetryMean}). A's spread comes from pulse discreteness and the gradient noise,
 * {@code var(A) ~ tau (dwMin + lr sigma^2 / E|g|) / 2}: about 2 % below 0.5 at sigma = tau = 1, dwMin = lr = 0.001, a
 * floor of about 1.6 % as lr falls; a symmetric C (constant steps) removes it (0.5002 over 20,000,000 steps).
 */
public final class Toy {
    /** Default step of one pulse at w = 0 (weight units). */
    public static final double DW_MIN = 0.001;
    /** The minimum of the loss. */
    public static final double TARGET = 0.5;

    private Toy() {
    }

    /** Most steps of one run: about a minute on one core. */
    public static final long MAX_STEPS = 100_000_000L;

    /** Largest gradient noise std (weight units). */
    static final double MAX_SIGMA = 1e6;

    /**
     * One run.
     *
     * @param algorithm {@link Algorithm#SGD} or {@link Algorithm#SHD}
     * @param sigma     gradient noise (weight units), >= 0
     * @param tau       device bound and asymmetry scale (weight units), > 0.5 and finite
     * @param lr        learning rate (lr_A = lr_C for shd), > 0
     * @param bl        pulse slots per update, 1..64
     * @param steps     number of steps, 2..{@value Toy#MAX_STEPS}
     * @param seed      seed of the devices, pulses and gradient noise
     * @param dwMin     step of one pulse at w = 0 (weight units), > 0 and below tau
     */
    public record Settings(Algorithm algorithm, double sigma, double tau, double lr, int bl, long steps, long seed,
                           double dwMin) {
        /** Settings with the default pulse step {@value Toy#DW_MIN}. */
        public Settings(Algorithm algorithm, double sigma, double tau, double lr, int bl, long steps, long seed) {
            this(algorithm, sigma, tau, lr, bl, steps, seed, DW_MIN);
        }

        public Settings {
            if (algorithm != Algorithm.SGD && algorithm != Algorithm.SHD) {
                throw new InvalidInputException("toy algorithm = " + (algorithm == null ? "null" : algorithm.id())
                        + " is not allowed: use sgd or shd");
            }
            // beyond 1e6 every step saturates the device's range a million times over; 1e308 overflowed the gradient
            Checks.inRange("sigma", sigma, 0, MAX_SIGMA, "(weight units)");
            if (tau == Double.POSITIVE_INFINITY) { // the command's check alone: the run failed naming wMin = -Infinity
                throw new InvalidInputException("tau = Infinity is not allowed: the toy's soft-bounds device needs finite "
                        + "bounds; give a number > " + TARGET);
            }
            if (!(tau > TARGET)) {
                throw new InvalidInputException("tau = " + Checks.readable(tau) + " (weight units) is not allowed: it must be > "
                        + TARGET + " so that the minimum lies inside the device's range");
            }
            Checks.positive("lr", lr, "");
            Checks.inRange("bl", bl, 1, 64);
            if (!(dwMin > 0 && dwMin < tau)) { // one pulse from the symmetry point would overshoot the bound
                throw new InvalidInputException("dwMin = " + Checks.readable(dwMin) + " (weight units) is not allowed: give a "
                        + "step > 0 and below tau = " + Checks.readable(tau) + " (" + DW_MIN + " by default)");
            }
            if (steps < 2 || steps > MAX_STEPS) {
                throw new InvalidInputException("steps = " + steps + " is not allowed: give 2 to " + MAX_STEPS
                        + " (about a minute; the statistics settle within a few million steps)");
            }
        }
    }

    /**
     * @param stationaryMean  mean of w over the second half of the steps (weight units)
     * @param stationaryStd   standard deviation of w over the same steps (weight units)
     * @param predictedMean   sgd: the fixed point of PHYSICS.md section 3 ({@link #sgdFixedPoint}); shd: the minimum 0.5
     * @param meanAbsGradient {@code E|g|} over the same steps (weight units)
     * @param meanAbsFast     shd: {@code E|A - A_sp|} over the same steps, A after its update (weight units); sgd: NaN
     * @param asymmetryMean   shd: where C's own asymmetry holds it, {@code 0.5 / (1 + E|A - A_sp| E|g| / tau^2)} (see
     *                        the class comment); sgd: NaN
     * @param saturatedFraction share of the same steps whose update asked for more than BL pulses ({@code lr |g| > BL dwMin})
     */
    public record Result(double stationaryMean, double stationaryStd, double predictedMean, double meanAbsGradient,
                         double meanAbsFast, double asymmetryMean, double saturatedFraction) {
    }

    /**
     * Whether a step's gradient {@code g} asks for more pulses than the update has slots: {@code lr |g| / dwMin > BL}
     * (the row input is 1); the update then gives BL, and the small-lr fixed point no longer describes the run.
     */
    private static boolean saturates(Settings s, double g) {
        return s.lr() * Math.abs(g) > s.bl() * s.dwMin();
    }

    /**
     * The fewest steps for which the dropped first half (burn-in) holds five relaxation times of SGD's mean, {@code 1 /
     * lr} steps each (a step moves w by {@code lr g} on average): shorter runs average a mean that is still moving.
     * SHD's A and C settle more slowly (a run of 10,000 steps at sigma 0.1 and lr 0.001 still averaged 0.43).
     */
    public static long stationarySteps(double lr) {
        return (long) Math.min(Long.MAX_VALUE / 4, Math.ceil(2 * 5 / lr));
    }

    /** Runs the toy problem. */
    public static Result run(Settings s) {
        SoftBoundsDevice device = new SoftBoundsDevice(s.dwMin(), 1, 1, -s.tau(), s.tau(), Variability.NONE);
        TileSpec spec = new TileSpec(device, null, ReadOptions.ideal(), s.bl(), true);
        SplittableRandom noise = new SplittableRandom(Seeds.derive(s.seed(), 1));
        double[] x = {1};
        double[] d = new double[1];
        long half = s.steps() / 2;
        double sum = 0;
        double sumSquares = 0;
        double sumAbsGradient = 0;
        double sumAbsFast = 0;
        long saturated = 0;
        if (s.algorithm() == Algorithm.SGD) {
            BehavioralTile tile = new BehavioralTile(1, 1, spec, Seeds.derive(s.seed(), 2));
            for (long t = 0; t < s.steps(); t++) {
                double w = tile.devices().weight(0);
                d[0] = -((w - TARGET) + s.sigma() * noise.nextGaussian());
                tile.update(x, d, s.lr());
                if (t >= s.steps() - half) {
                    double v = tile.devices().weight(0) - TARGET;
                    sum += v;
                    sumSquares += v * v;
                    sumAbsGradient += Math.abs(d[0]);
                    saturated += saturates(s, d[0]) ? 1 : 0;
                }
            }
        } else {
            ShdTile tile = new ShdTile(1, 1, spec, spec, 0, s.lr(), Integer.MAX_VALUE, Seeds.derive(s.seed(), 2));
            for (long t = 0; t < s.steps(); t++) {
                double w = tile.slow().devices().weight(0);
                d[0] = -((w - TARGET) + s.sigma() * noise.nextGaussian());
                tile.update(x, d, s.lr());
                if (t >= s.steps() - half) {
                    sumAbsGradient += Math.abs(d[0]);
                    sumAbsFast += Math.abs(tile.fastWeights()[0]); // A - A_sp, what the transfer reads
                    saturated += saturates(s, d[0]) ? 1 : 0;
                }
                tile.transfer(); // w's row
                tile.transfer(); // the bias row
                if (t >= s.steps() - half) {
                    double v = tile.slow().devices().weight(0) - TARGET;
                    sum += v;
                    sumSquares += v * v;
                }
            }
        }
        double mean = sum / half;
        double variance = Math.max(0, sumSquares / half - mean * mean);
        boolean sgd = s.algorithm() == Algorithm.SGD;
        double predicted = sgd ? sgdFixedPoint(s.sigma(), s.tau()) : TARGET;
        double absGradient = sumAbsGradient / half;
        double absFast = sgd ? Double.NaN : sumAbsFast / half;
        double asymmetry = sgd ? Double.NaN : TARGET / (1 + absFast * absGradient / (s.tau() * s.tau()));
        return new Result(TARGET + mean, Math.sqrt(variance), predicted, absGradient, absFast, asymmetry,
                (double) saturated / half);
    }

    /**
     * {@code E|m + sigma xi|} for {@code xi ~ N(0, 1)}: {@code sigma sqrt(2/pi) exp(-m^2 / (2 sigma^2)) + m erf(m / (sigma sqrt 2))}
     * (the mean of a folded normal); {@code |m|} for sigma = 0.
     */
    public static double expectedAbs(double m, double sigma) {
        if (sigma == 0) {
            return Math.abs(m);
        }
        return sigma * Math.sqrt(2 / Math.PI) * Math.exp(-m * m / (2 * sigma * sigma)) + m * Erf.erf(m / (sigma * Math.sqrt(2)));
    }

    /**
     * The stationary mean of analog SGD on the toy problem with soft-bounds devices of bound tau and symmetry point 0
     * (PHYSICS.md section 3): the root of {@code (w - 0.5) + E|w - 0.5 + sigma xi| w / tau = 0} in [0, 0.5], by
     * bisection to 1e-14 (the left side rises from -0.5 at w = 0 to a positive value at w = 0.5).
     */
    public static double sgdFixedPoint(double sigma, double tau) {
        double lo = 0;
        double hi = TARGET;
        while (hi - lo > 1e-14) {
            double mid = 0.5 * (lo + hi);
            double h = (mid - TARGET) + expectedAbs(mid - TARGET, sigma) * mid / tau;
            if (h < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
