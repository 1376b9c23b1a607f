package org.xbarspice.device;

import org.xbarspice.units.Checks;

/**
 * Linear-step device (PHYSICS.md section 1; the name aihwkit users know) with hard bounds:
 * <pre>
 *   dw_up(w)   = dwMin * upScale   * (1 - gammaUp   * w / wMax)
 *   dw_down(w) = dwMin * downScale * (1 - gammaDown * w / wMin)
 * </pre>
 * each clipped at 0, the weight clipped to [wMin, wMax] (hard bounds). The gammas are relative to the bounds, as in
 * aihwkit's fits of published devices: gamma = 1 is the soft-bounds device, gamma = 0 a constant step. The slopes are
 * taken at these nominal bounds for every device, whatever bounds it drew (aihwkit's default {@code
 * mean_bound_reference}): a device whose upper bound came out 5 % wider keeps the slope {@code gammaUp / wMax}, so its
 * up step at its own bound is {@code 1 - 1.05 gammaUp} of the step at 0. (The soft-bounds device takes its own bounds,
 * as aihwkit's.) aihwkit lets a step turn negative past {@code w = wMax / gammaUp} when gammaUp is above 1; here it
 * stops at 0.
 *
 * @param dwMin       step at w = 0 before scaling (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param gammaUp     fraction by which the up step has shrunk at w = wMax (dimensionless), >= 0
 * @param gammaDown   fraction by which the down step has shrunk at w = wMin (dimensionless), >= 0
 * @param variability device-to-device and cycle-to-cycle variability
 */
public record LinearStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax,
                               double gammaUp, double gammaDown, Variability variability) implements LinearLaw {
    /** JSON type name. */
    public static final String TYPE = "linear-step";

    public LinearStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
        Checks.nonNegative("gammaUp", gammaUp, "(dimensionless)");
        Checks.nonNegative("gammaDown", gammaDown, "(dimensionless)");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** gammaUp / wMax at the nominal upper bound, for every device's own bound (1/weight units). */
    @Override
    public double upSlope(double deviceWMax) {
        return gammaUp / wMax;
    }

    /** -gammaDown / wMin at the nominal lower bound, for every device's own bound (1/weight units). */
    @Override
    public double downSlope(double deviceWMin) {
        return -gammaDown / wMin;
    }

    @Override
    public LinearStepDevice withVariability(Variability other) {
        return new LinearStepDevice(dwMin, upScale, downScale, wMin, wMax, gammaUp, gammaDown, other);
    }
}
