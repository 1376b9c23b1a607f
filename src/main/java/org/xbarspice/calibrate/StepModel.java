package org.xbarspice.calibrate;

import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.PositionModel;

/**
 * The calibrated behavioral model of a crossbar's devices: one step law for every device, scaled at each crosspoint by
 * the voltage the wires leave it.
 *
 * <p><b>Step law</b> (linear in w, as every model of {@link org.xbarspice.device.DeviceModel}): a pulse of full
 * amplitude Vp moves w by {@code du (1 - su w)} up or {@code dd (1 + sd w)} down, the result clipped to
 * [wMin, wMax]; soft bounds are su = 1/wMax, sd = -1/wMin, and a fit keeps the nominal bounds whatever its slopes (the
 * IR drop steepens a soft-bounds device's).
 *
 * <p><b>Position model.</b> In the V/2 scheme the wires lower the voltage a selected device sees with its distance from
 * the row driver (column side j = 0) and the column driver (row side i = N - 1). With u = (j + 1) / M and
 * v = (N - i) / N the fractions of the two wire paths (in segments) the device current crosses,
 * <pre>
 *   V(i, j) = Vp * (1 - c1 (u + v) - c2 (u^2 + v^2))
 * </pre>
 * on a square array, linear for the drop of the device's own current and quadratic for the load of the other devices
 * distributed along each line (a line loaded uniformly along its length drops as u (2 - u)). Rows and columns share the
 * coefficients per segment: on an N x M array the row's own-current term scales with M and its load term with M^2, the
 * column's with N and N^2, the lengths relative to sqrt(N M) ({@link org.xbarspice.device.PositionModel}, which gives
 * the general form {@code 1 - c1 U - c2 P}). The step at V follows
 * from the compact device exactly ({@link org.xbarspice.device.CompactDevice}): with R = U(V) / U(Vp) the ratio of the
 * pulse's drive integrals above the threshold, {@code du(V) = (1 - (1 - su du)^R) / su} ({@code du R} for su = 0),
 * the slopes unchanged.
 *
 * @param du   up step at w = 0 under the full pulse (weight units), > 0
 * @param dd   down step at w = 0 under the full pulse (weight units), > 0
 * @param su   up slope (1/weight units), >= 0
 * @param sd   down slope (1/weight units), >= 0
 * @param wMin lower clip bound (weight units)
 * @param wMax upper clip bound (weight units)
 * @param c1   linear voltage-drop coefficient (dimensionless)
 * @param c2   quadratic voltage-drop coefficient (dimensionless)
 */
public record StepModel(double du, double dd, double su, double sd, double wMin, double wMax, double c1, double c2) {

    /** Fraction of Vp (dimensionless) that reaches crosspoint (i, j) of a rows x cols array. */
    public double voltageFraction(int i, int j, int rows, int cols) {
        return PositionModel.fraction(c1, c2, i, j, rows, cols);
    }

    /** Up step at w = 0 (weight units) of a device that sees {@code fraction} of the nominal pulse amplitude. */
    public double upStep(double fraction, CompactSpec spec) {
        return step(du, su, driveRatio(fraction, spec.thresholdUpVolt(), spec));
    }

    /** Down step at w = 0 (weight units) of a device that sees {@code fraction} of the nominal pulse amplitude. */
    public double downStep(double fraction, CompactSpec spec) {
        return step(dd, sd, driveRatio(fraction, spec.thresholdDownVolt(), spec));
    }

    /**
     * Up and down steps at w = 0 of every crosspoint (weight units, row-major), each times {@code factors[k]} when
     * factors is not null (per-device dw_min factors).
     */
    public void steps(int rows, int cols, CompactSpec spec, double[] factors, double[] up, double[] down) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                double f = voltageFraction(i, j, rows, cols);
                double m = factors == null ? 1 : factors[k];
                up[k] = upStep(f, spec) * m;
                down[k] = downStep(f, spec) * m;
            }
        }
    }

    /** The weight after {@code steps} pulses (+n up, -n down) from w with the steps at w = 0 {@code up}, {@code down}. */
    public double apply(double w, int steps, double up, double down) {
        double x = w;
        if (steps > 0) {
            for (int n = 0; n < steps; n++) {
                x = Math.min(x + up * Math.max(0, 1 - su * x), wMax);
            }
        } else {
            for (int n = 0; n < -steps; n++) {
                x = Math.max(x - down * Math.max(0, 1 + sd * x), wMin);
            }
        }
        return x;
    }

    /**
     * The symmetry point (weight units) of a device that sees the full pulse: du (1 - su w) = dd (1 + sd w); for constant
     * steps (no slopes) the bound the larger step drifts it to, 0 for equal steps, as {@link
     * org.xbarspice.device.LinearLaw#symmetryPoint()} (a calibrated constant-step device printed 0 where {@code
     * pulse-response} printed its upper bound).
     */
    public double symmetryPoint() {
        double denominator = du * su + dd * sd;
        if (denominator == 0) {
            return du == dd ? 0 : du > dd ? wMax : wMin;
        }
        return Math.min(Math.max((du - dd) / denominator, wMin), wMax);
    }

    /** Step at w = 0 for drive ratio R = U / U0 of a device whose step at U0 is d0 with slope s (exact compact map). */
    static double step(double d0, double slope, double ratio) {
        if (slope == 0) {
            return d0 * ratio;
        }
        return -Math.expm1(ratio * Math.log1p(-slope * d0)) / slope;
    }

    /** U(fraction Vp) / U(Vp) for threshold vt (V): 0 below the threshold. */
    static double driveRatio(double fraction, double thresholdVolt, CompactSpec spec) {
        double vp = spec.pulse().amplitudeVolt();
        return spec.pulse().drive(fraction * vp, thresholdVolt) / spec.pulse().drive(vp, thresholdVolt);
    }
}
