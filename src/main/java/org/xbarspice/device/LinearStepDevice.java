package org.xbarspice.device;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * up step at its own bound is {@code 1 - 1.05 gammaUp} of the step at 0. With {@code slopesAtOwnBounds} (aihwkit's
 * {@code mean_bound_reference} off) each device takes its own bounds instead, as the soft-bounds device does: gamma = 1
 * is then the soft-bounds device device by device, and a gamma near 1 a soft-bounds device whose step vanishes a little
 * inside or outside its bound (what {@code calibrate} fits to a soft-bounds device under IR drop). aihwkit lets a step
 * turn negative past {@code w = wMax / gammaUp} when gammaUp is above 1; here it stops at 0.
 *
 * @param dwMin       step at w = 0 before scaling (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param gammaUp     fraction by which the up step has shrunk at w = wMax (dimensionless), >= 0
 * @param gammaDown   fraction by which the down step has shrunk at w = wMin (dimensionless), >= 0
 * @param variability device-to-device and cycle-to-cycle variability
 * @param slopesAtOwnBounds whether each sampled device's slopes are its gammas over its own bounds (true) or over the
 *                    nominal bounds (false, the default; left out of JSON when false)
 */
public record LinearStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax,
                               double gammaUp, double gammaDown, Variability variability,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean slopesAtOwnBounds)
        implements LinearLaw {
    /** JSON type name. */
    public static final String TYPE = "linear-step";

    public LinearStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
        Checks.nonNegative("gammaUp", gammaUp, "(dimensionless)");
        Checks.nonNegative("gammaDown", gammaDown, "(dimensionless)");
    }

    /** A device whose slopes are taken at the nominal bounds for every device (aihwkit's default). */
    public LinearStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax, double gammaUp,
                            double gammaDown, Variability variability) {
        this(dwMin, upScale, downScale, wMin, wMax, gammaUp, gammaDown, variability, false);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** gammaUp over the nominal upper bound, or over the device's own with {@code slopesAtOwnBounds} (1/weight units). */
    @Override
    public double upSlope(double deviceWMax) {
        return gammaUp / (slopesAtOwnBounds ? deviceWMax : wMax);
    }

    /** -gammaDown over the nominal lower bound, or over the device's own with {@code slopesAtOwnBounds} (1/weight units). */
    @Override
    public double downSlope(double deviceWMin) {
        return -gammaDown / (slopesAtOwnBounds ? deviceWMin : wMin);
    }

    @Override
    public LinearStepDevice withVariability(Variability other) {
        return new LinearStepDevice(dwMin, upScale, downScale, wMin, wMax, gammaUp, gammaDown, other, slopesAtOwnBounds);
    }

    /** The same device with its slopes taken at each device's own bounds ({@code true}) or at the nominal ones. */
    public LinearStepDevice withSlopesAtOwnBounds(boolean own) {
        return new LinearStepDevice(dwMin, upScale, downScale, wMin, wMax, gammaUp, gammaDown, variability, own);
    }
}
