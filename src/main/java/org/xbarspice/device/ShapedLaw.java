package org.xbarspice.device;

/**
 * The step laws with a non-linear shape (exponential, power and piecewise step, as aihwkit names them):
 * <pre>
 *   stepUp(w)   = dwMin * upScale   * fUp(w)
 *   stepDown(w) = dwMin * downScale * fDown(w)
 * </pre>
 * with dimensionless shapes {@code fUp, fDown >= 0} that follow each device's own sampled bounds. The symmetry point is
 * solved numerically. Their compact SPICE device integrates {@code dx/dt = u Ku fUp(x) - u' Kd fDown(x)}
 * ({@link CompactDevice}; subcircuit {@link #SPICE_NAME}, written by {@link #spiceSubckt()}).
 */
public sealed interface ShapedLaw extends DeviceModel permits ExpStepDevice, PowStepDevice, PiecewiseStepDevice {
    /** Name of the compact SPICE subcircuit of a shaped law. */
    String SPICE_NAME = "xps";

    /** fUp(w) (dimensionless, >= 0) of a device with bounds [deviceWMin, deviceWMax] (weight units). */
    double upShape(double w, double deviceWMin, double deviceWMax);

    /** fDown(w) (dimensionless, >= 0) of a device with bounds [deviceWMin, deviceWMax] (weight units). */
    double downShape(double w, double deviceWMin, double deviceWMax);

    /** The same law (shape parameters) with other step scales, bounds (weight units) and variability. */
    ShapedLaw withSteps(double dwMin, double upScale, double downScale, double wMin, double wMax, Variability variability);

    @Override
    default ShapedLaw withVariability(Variability other) {
        return withSteps(dwMin(), upScale(), downScale(), wMin(), wMax(), other);
    }

    /** fUp as a SPICE expression of the state expression {@code x} in [0, 1] (w = wMin + (wMax - wMin) x). */
    String spiceUpShape(String x);

    /** fDown as a SPICE expression of the state expression {@code x}. */
    String spiceDownShape(String x);

    /**
     * The instance parameters of a device with bounds [deviceWMin, deviceWMax] beyond the common ones (each
     * {@code " name=value"}), empty (the default) when the shape in x does not depend on the bounds.
     */
    default String spiceParameters(double deviceWMin, double deviceWMax) {
        return "";
    }

    @Override
    default double stepUp(double w) {
        return dwMin() * upScale() * upShape(w, wMin(), wMax());
    }

    @Override
    default double stepDown(double w) {
        return dwMin() * downScale() * downShape(w, wMin(), wMax());
    }

    /** Solved numerically ({@link SymmetryPoints#solve}). */
    @Override
    default double symmetryPoint() {
        return SymmetryPoints.solve(this, upScale(), downScale(), wMin(), wMax());
    }

    /**
     * The compact SPICE subcircuit {@value #SPICE_NAME} of this law (lines ending in {@code \n}): state x in [0, 1] held
     * as in {@code xpd} (a capacitor holding 1000 (x - x0)), read current V max(gmin + (gmax - gmin) clip(x, 0, 1), 0)
     * (gmin, gmax: the conductances at the device's own bounds), and
     * <pre>
     *   dx/dt = uramp(V - vtp) ku fUp(x) (x < 1) - uramp(-V - vtn) kd fDown(x) (x > 0)
     * </pre>
     * with ku, kd in 1/(V s) (the weight-domain rates over the device's range).
     */
    default String spiceSubckt() {
        String x = "({x0}+V(dx)*1e-3)";
        return "* " + SPICE_NAME + ": threshold state-capacitor device with the " + type() + " shape (xbarspice)\n"
                + ".subckt " + SPICE_NAME + " t b gmin=1e-6 gmax=1e-5 x0=0.5 ku=0 kd=0 vtp=0.8 vtn=0.8"
                + spiceParameters(wMin(), wMax()) + "\n"
                + "Bi t b I=V(t,b)*max({gmin}+({gmax}-{gmin})*min(max(" + x + ",0),1),0)\n"
                + "Cx dx 0 1 ic=0\n"
                + "Bx 0 dx I=1e3*(uramp(V(t,b)-{vtp})*{ku}*" + spiceUpShape(x) + "*(" + x + "<1)"
                + "-uramp(V(b,t)-{vtn})*{kd}*" + spiceDownShape(x) + "*(" + x + ">0))\n"
                + ".ends " + SPICE_NAME + "\n";
    }
}
