package org.xbarspice.device;

import static org.xbarspice.units.SpiceNumber.format;

import org.xbarspice.units.Checks;

/**
 * Power-step device (aihwkit's PowStepDevice), hard bounds, R = wMax - wMin of the device:
 * <pre>
 *   stepUp(w)   = dwMin * upScale   * ((wMax - w) / R)^gammaUp
 *   stepDown(w) = dwMin * downScale * ((w - wMin) / R)^gammaDown
 * </pre>
 * with aihwkit's asymmetry of the exponents: gammaUp = powGamma * (1 + min(powUpDown, 0)),
 * gammaDown = powGamma * (1 - max(powUpDown, 0)) (as aihwkit's simulator computes them; its documentation writes
 * gamma (1 +- pow_up_down)). powGamma = 1 is a soft-bounds device with steps halved at the centre. aihwkit's defaults:
 * pow_gamma = 1, pow_up_down = 0; its device-to-device spread of the exponent (pow_gamma_dtod, default 0.1) is not
 * modelled.
 *
 * @param dwMin       step scale (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param powGamma    aihwkit pow_gamma, the exponent (dimensionless), [0.1, 10]
 * @param powUpDown   aihwkit pow_up_down, the up/down bias of the exponent (dimensionless), [-0.9, 0.9]
 * @param variability device-to-device and cycle-to-cycle variability
 */
public record PowStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax, double powGamma,
                            double powUpDown, Variability variability) implements ShapedLaw {
    /** JSON type name. */
    public static final String TYPE = "pow-step";
    /**
     * Floor of the base of the power in SPICE: keeps the derivative of a power below 1 finite at the bound, where the
     * state gate switches the term off anyway.
     */
    private static final double SPICE_FLOOR = 1e-12;

    public PowStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
        Checks.inRange("powGamma", powGamma, 0.1, 10, "(dimensionless)");
        Checks.inRange("powUpDown", powUpDown, -0.9, 0.9, "(dimensionless)");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Exponent of the up step (dimensionless). */
    public double gammaUp() {
        return powGamma * (1 + Math.min(powUpDown, 0));
    }

    /** Exponent of the down step (dimensionless). */
    public double gammaDown() {
        return powGamma * (1 - Math.max(powUpDown, 0));
    }

    @Override
    public double upShape(double w, double deviceWMin, double deviceWMax) {
        return Math.pow(Math.max((deviceWMax - w) / (deviceWMax - deviceWMin), 0), gammaUp());
    }

    @Override
    public double downShape(double w, double deviceWMin, double deviceWMax) {
        return Math.pow(Math.max((w - deviceWMin) / (deviceWMax - deviceWMin), 0), gammaDown());
    }

    /** In x the shapes do not depend on the bounds: (1 - x)^gammaUp. */
    @Override
    public String spiceUpShape(String x) {
        return "pow(max(1-" + x + "," + format(SPICE_FLOOR) + ")," + format(gammaUp()) + ")";
    }

    /** x^gammaDown. */
    @Override
    public String spiceDownShape(String x) {
        return "pow(max(" + x + "," + format(SPICE_FLOOR) + ")," + format(gammaDown()) + ")";
    }

    @Override
    public PowStepDevice withSteps(double newDwMin, double newUpScale, double newDownScale, double newWMin, double newWMax,
                                   Variability other) {
        return new PowStepDevice(newDwMin, newUpScale, newDownScale, newWMin, newWMax, powGamma, powUpDown, other);
    }

}
