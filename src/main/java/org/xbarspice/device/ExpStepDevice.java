package org.xbarspice.device;

import static org.xbarspice.units.SpiceNumber.format;

import org.xbarspice.units.Checks;

/**
 * Exponential-step device (aihwkit's ExpStepDevice, fitted to ReRAM by Gong et al. 2018), hard bounds:
 * <pre>
 *   z          = 2 w / (wMax - wMin) * a + b
 *   stepUp(w)   = dwMin * upScale   * max(1 - aUp   * exp(gammaUp   * z), 0)
 *   stepDown(w) = dwMin * downScale * max(1 - aDown * exp(gammaDown * (-z)), 0)
 * </pre>
 * with each device's own sampled bounds in z. aihwkit's defaults: A_up = 0.00081, A_down = 0.36833,
 * gamma_up = 12.44625, gamma_down = 12.78785, a = 0.244, b = 0.2425.
 *
 * @param dwMin       step scale (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param aUp         aihwkit A_up (dimensionless), [-1e6, 1e6]
 * @param aDown       aihwkit A_down (dimensionless), [-1e6, 1e6]
 * @param gammaUp     aihwkit gamma_up (dimensionless), [-50, 50]
 * @param gammaDown   aihwkit gamma_down (dimensionless), [-50, 50]
 * @param a           aihwkit a, the slope of z (dimensionless), [-5, 5]
 * @param b           aihwkit b, the offset of z (dimensionless), [-5, 5]
 * @param variability device-to-device and cycle-to-cycle variability
 */
public record ExpStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax, double aUp,
                            double aDown, double gammaUp, double gammaDown, double a, double b,
                            Variability variability) implements ShapedLaw {
    /** JSON type name. */
    public static final String TYPE = "exp-step";

    public ExpStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
        Checks.inRange("aUp", aUp, -1e6, 1e6, "(dimensionless)");
        Checks.inRange("aDown", aDown, -1e6, 1e6, "(dimensionless)");
        Checks.inRange("gammaUp", gammaUp, -50, 50, "(dimensionless)");
        Checks.inRange("gammaDown", gammaDown, -50, 50, "(dimensionless)");
        Checks.inRange("a", a, -5, 5, "(dimensionless)");
        Checks.inRange("b", b, -5, 5, "(dimensionless)");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double upShape(double w, double deviceWMin, double deviceWMax) {
        double z = 2 * w / (deviceWMax - deviceWMin) * a + b;
        return Math.max(1 - aUp * Math.exp(gammaUp * z), 0);
    }

    @Override
    public double downShape(double w, double deviceWMin, double deviceWMax) {
        double z = 2 * w / (deviceWMax - deviceWMin) * a + b;
        return Math.max(1 - aDown * Math.exp(-gammaDown * z), 0);
    }

    /** In x: z = z0 + 2 a x with the device's own z0 = 2 a wMin / (wMax - wMin) + b (instance parameter). */
    @Override
    public String spiceUpShape(String x) {
        return "max(1-(" + format(aUp) + ")*exp((" + format(gammaUp) + ")*(" + z(x) + ")),0)";
    }

    @Override
    public String spiceDownShape(String x) {
        return "max(1-(" + format(aDown) + ")*exp((" + format(-gammaDown) + ")*(" + z(x) + ")),0)";
    }

    private String z(String x) {
        return "{z0}+(" + format(2 * a) + ")*" + x;
    }

    @Override
    public String spiceParameters(double deviceWMin, double deviceWMax) {
        return " z0=" + format(2 * a * deviceWMin / (deviceWMax - deviceWMin) + b);
    }

    @Override
    public ExpStepDevice withSteps(double newDwMin, double newUpScale, double newDownScale, double newWMin, double newWMax,
                                   Variability other) {
        return new ExpStepDevice(newDwMin, newUpScale, newDownScale, newWMin, newWMax, aUp, aDown, gammaUp, gammaDown, a, b, other);
    }

}
