package org.xbarspice.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * A calibrated position model of the IR drop during V/2 updates ({@code xbarspice calibrate}): the fraction of the
 * pulse amplitude that reaches crosspoint (i, j) of the calibrated {@code rows x cols} array with {@code wireOhm}
 * segments, and the devices' own steps under the full pulse, as gains over the preset's array-average steps (the
 * preset's {@code model} carries the steps averaged over the calibrated array, for runs without wires).
 *
 * <p>The drop along a line is the sum of two: that of the device's own current, which grows with the segments it
 * crosses, {@code a u} with {@code a = c1 + 2 c2}, and that of the line's load, the currents of all its devices, which
 * a line driven from one end drops as {@code b u (2 - u)} with {@code b = -c2} (together {@code 1 - c1 u - c2 u^2}).
 * Rows and columns have the same segments and devices, so both terms are the same per segment: along a row they scale
 * with its length M (a with M, b with M^2, as its load grows with M too), along a column with N. With the lengths
 * taken relative to {@code L = sqrt(N M)} of the array, {@code s_M = M / L}, {@code s_N = N / L},
 * <pre>
 *   V(i, j) / Vp = 1 - a (s_M u + s_N v) - b (s_M^2 u (2 - u) + s_N^2 v (2 - v)),   u = (j + 1) / M,  v = (N - i) / N,
 * </pre>
 * written in c1, c2 as {@code 1 - c1 U - c2 P} ({@link #basis}; the form {@code calibrate} fits, {@link
 * #fraction(double, double, int, int, int, int)}), on a square array {@code 1 - c1 (u + v) - c2 (u^2 + v^2)}. On another array (N', M', r') the model is carried over as the IR drop of a
 * line scales to first order: the same formula with {@code s_M = M' / L}, {@code s_N = N' / L} of the calibrated
 * {@code L} and the drop times {@code r' / r}. That is an extrapolation; a training run that updates with it compares
 * it with the exact IR-drop update of the same pulses (spot checks). Measured against the exact update (mean / worst
 * step error of six updates, a 16 x 16 calibration at 20 ohm): see docs/IR-DROP-TRAINING.md.
 *
 * @param c1       linear coefficient (dimensionless)
 * @param c2       quadratic coefficient (dimensionless)
 * @param rows     rows of the calibrated array, 2..{@value #MAX_CALIBRATED_LINES} (not 2 x 2, as calibrate)
 * @param cols     columns of the calibrated array, 2..{@value #MAX_CALIBRATED_LINES}
 * @param wireOhm  wire segment resistance of the calibrated array (ohm), > 0
 * @param upGain   the up step under the full pulse over the preset's up step, > 0
 * @param downGain the down step under the full pulse over the preset's down step, > 0
 */
public record PositionModel(double c1, double c2, int rows, int cols, double wireOhm, double upGain, double downGain) {
    /**
     * The form of the fit, written with every model ({@link #fit()}, key {@code fit}): the rows' and columns' terms scaled
     * by their lengths relative to sqrt(N M). A model without the key was written before (2026-12-04) by a fit that
     * took rows and columns alike; on a square array that is the same model, on any other it is not, and loading it is
     * refused ({@link DevicePresets}).
     */
    public static final String FIT = "per-segment";

    /** Largest array side {@code xbarspice calibrate} fits a model on (SPICE runs one DC solve of the array per active slot). */
    public static final int MAX_CALIBRATED_LINES = 128;

    /**
     * Largest full-pulse gain: the ratio of a device's step under the full pulse to its array's average step, 1.04 in
     * the demo's 16 x 16 calibration at 20 ohm; 100 would be an array whose average device takes a hundredth of its
     * step, and 1e6 (accepted before) moved a device by 1.5 weight units in one update.
     */
    static final double MAX_GAIN = 100;

    public PositionModel {
        Checks.inRange("position.c1", c1, -1, 1, "(dimensionless)");
        Checks.inRange("position.c2", c2, -1, 1, "(dimensionless)");
        // the sizes calibrate fits on (a hand-edited 1 or 1e6 was accepted and carried over as if calibrated)
        Checks.inRange("position.rows", rows, 2, MAX_CALIBRATED_LINES);
        Checks.inRange("position.cols", cols, 2, MAX_CALIBRATED_LINES);
        if (rows == 2 && cols == 2) {
            throw new InvalidInputException("position: a 2 x 2 array is none calibrate fits on (its centre is a corner, so "
                    + "c1 and c2 are not determined): recalibrate on at least 3 lines a side");
        }
        Checks.positive("position.wireOhm", wireOhm, "ohm");
        Checks.positiveAtMost("position.upGain", upGain, MAX_GAIN, "(dimensionless)");
        Checks.positiveAtMost("position.downGain", downGain, MAX_GAIN, "(dimensionless)");
        // on its own array the model must stay in (0, 1] (a passive network neither raises nor reverses the pulse); the
        // fraction is a sum of a row term and a column term, so its extremes are those of each along one line
        double[] extremes = ownExtremes(c1, c2, rows, cols);
        if (!(extremes[0] > 0)) {
            throw new InvalidInputException("position: c1 = " + Checks.readable(c1) + ", c2 = " + Checks.readable(c2)
                    + " leave no voltage somewhere on the " + rows + " x " + cols + " array (V / Vp down to "
                    + Checks.readable(extremes[0]) + ", must be > 0): recalibrate");
        }
        if (!(extremes[1] <= 1)) {
            throw new InvalidInputException("position: c1 = " + Checks.readable(c1) + ", c2 = " + Checks.readable(c2)
                    + " raise the pulse somewhere on the " + rows + " x " + cols + " array (V / Vp up to "
                    + Checks.readable(extremes[1]) + ", must be <= 1): recalibrate");
        }
    }

    /**
     * The least and the largest {@link #fraction(double, double, int, int, int, int)} over an {@code n x m} array, in
     * O(n + m): the fraction is a row term plus a column term ({@link #basis} is so), each extreme the sum of theirs.
     */
    private static double[] ownExtremes(double c1, double c2, int n, int m) {
        double corner = fraction(c1, c2, n - 1, 0, n, m);
        double lowRow = Double.POSITIVE_INFINITY;
        double highRow = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            double f = fraction(c1, c2, n - 1, j, n, m) - corner;
            lowRow = Math.min(lowRow, f);
            highRow = Math.max(highRow, f);
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double f = fraction(c1, c2, i, 0, n, m);
            low = Math.min(low, f + lowRow);
            high = Math.max(high, f + highRow);
        }
        return new double[] {low, high};
    }

    /** {@link #FIT}, written as the key {@code fit} beside the components. */
    @JsonProperty("fit")
    public String fit() {
        return FIT;
    }

    /** Fraction of Vp (dimensionless) at crosspoint (i, j) of an {@code n x m} array with wires of {@code ohm} per segment. */
    public double fraction(int i, int j, int n, int m, double ohm) {
        double length = Math.sqrt((double) rows * cols);
        double[] basis = new double[2];
        basis(i, j, n, m, m / length, n / length, basis);
        return 1 - ohm / wireOhm * (c1 * basis[0] + c2 * basis[1]);
    }

    /**
     * {@link #fraction} of every crosspoint of an {@code n x m} array with wires of {@code ohm} per segment, row-major;
     * refused, as bad input, where the carried-over model leaves (floor, 1] anywhere: a passive network neither raises
     * nor reverses the pulse, and below {@code floor}, the devices' threshold over the pulse amplitude, a device would not
     * move at all (calibrate refuses such a fit on its own array: the model's first order does not hold there; carried
     * from 16 x 16 at 20 ohm to 65 x 16 at 60 ohm it froze 459 of the 858 devices that the exact update moves). So the
     * array is too far from the calibrated one for the model.
     *
     * @param floor the devices' larger threshold over the pulse amplitude, Vth / Vp (0 for none)
     */
    public double[] fractions(int n, int m, double ohm, double floor) {
        double[] out = new double[n * m];
        int worst = -1; // the crosspoint farthest outside (floor, 1], named by the refusal
        double worstBy = 0;
        for (int k = 0; k < out.length; k++) {
            double f = fraction(k / m, k % m, n, m, ohm);
            out[k] = f;
            double outside = Double.isNaN(f) ? Double.POSITIVE_INFINITY : Math.max(f - 1, floor - f);
            if ((outside > 0 || f == floor) && (worst < 0 || outside > worstBy)) {
                worst = k;
                worstBy = outside;
            }
        }
        if (worst >= 0) {
            double f = out[worst];
            String calibrate = n <= MAX_CALIBRATED_LINES && m <= MAX_CALIBRATED_LINES
                    ? String.format(java.util.Locale.ROOT, ", or calibrate on this array (xbarspice calibrate --rows "
                            + "%d --cols %d --wire-r %s), which refuses where the IR drop itself takes devices below "
                            + "their threshold", n, m, ohm)
                    : " (calibrate runs arrays of at most " + MAX_CALIBRATED_LINES + " lines a side)";
            String range = floor > 0 ? String.format(java.util.Locale.ROOT, "outside (%.4g, 1], the devices' "
                    + "threshold over the pulse below", floor) : "outside (0, 1]";
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "the position model calibrated on %d x %d "
                    + "with %s ohm wires gives V / Vp = %s at crosspoint (%d, %d) of a %d x %d array with %s ohm wires (the "
                    + "farthest outside), %s: it does not carry over that far; use --ir-drop-mode (key irDropMode) fast or "
                    + "exact, which solve the IR drop%s",
                    rows, cols, wireOhm, f > 1 ? String.format(java.util.Locale.ROOT, "1 + %.3g", f - 1)
                            : String.format(java.util.Locale.ROOT, "%.4g", f), worst / m, worst % m, n, m, ohm, range,
                    calibrate));
        }
        return out;
    }

    /**
     * The fraction of Vp (dimensionless) at crosspoint (i, j) of an {@code n x m} array with coefficients c1, c2 fitted on
     * it: {@code 1 - c1 U - c2 P} with the {@link #basis} U, P; on a square array {@code 1 - c1 (u + v) - c2 (u^2 + v^2)},
     * u = (j + 1) / m, v = (n - i) / n.
     */
    public static double fraction(double c1, double c2, int i, int j, int n, int m) {
        double[] basis = new double[2];
        basis(i, j, n, m, basis);
        return 1 - c1 * basis[0] - c2 * basis[1];
    }

    /**
     * The basis of the position model at crosspoint (i, j) of an {@code n x m} array fitted on itself, with its lengths
     * relative to {@code sqrt(n m)} ({@code s_M = m / sqrt(n m)}, {@code s_N = n / sqrt(n m)}): {@code out[0] = U = s_M u
     * + s_N v}, {@code out[1] = P = (s_M u)^2 + (s_N v)^2 + 2 ((1 - s_M) s_M u + (1 - s_N) s_N v)}, the model's {@code a
     * U + b (s_M^2 u (2 - u) + s_N^2 v (2 - v))} written in c1, c2 ({@code c1 U + c2 P}; on a square array exactly
     * {@code u + v} and {@code u^2 + v^2}).
     */
    public static void basis(int i, int j, int n, int m, double[] out) {
        double length = Math.sqrt((double) n * m);
        basis(i, j, n, m, m / length, n / length, out);
    }

    /**
     * {@link #basis} at crosspoint (i, j) of an {@code n x m} array whose rows are {@code sm} and columns {@code sn} times
     * the reference length.
     */
    private static void basis(int i, int j, int n, int m, double sm, double sn, double[] out) {
        double u = sm * ((j + 1.0) / m);
        double v = sn * ((double) (n - i) / n);
        out[0] = u + v;
        out[1] = u * u + v * v + 2 * ((1 - sm) * u + (1 - sn) * v);
    }
}
