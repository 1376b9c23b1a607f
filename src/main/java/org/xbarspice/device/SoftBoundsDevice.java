package org.xbarspice.device;

/**
 * Soft-bounds ("asymmetric linear") device of PHYSICS.md section 1: the step shrinks linearly to zero at the
 * bound it moves towards.
 * <pre>
 *   dw_up(w)   = dwMin * upScale   * (1 - w / wMax)
 *   dw_down(w) = dwMin * downScale * (1 - w / wMin)
 * </pre>
 * Symmetry point (upScale - downScale) / (upScale / wMax - downScale / wMin): 0 for equal scales and wMax = -wMin.
 *
 * @param dwMin       step at w = 0 before scaling (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param variability device-to-device and cycle-to-cycle variability
 */
public record SoftBoundsDevice(double dwMin, double upScale, double downScale, double wMin, double wMax,
                               Variability variability) implements LinearLaw {
    /** JSON type name. */
    public static final String TYPE = "soft-bounds";

    public SoftBoundsDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** 1 / deviceWMax (1/weight units): the up step vanishes at the device's own upper bound. */
    @Override
    public double upSlope(double deviceWMax) {
        return 1 / deviceWMax;
    }

    /** -1 / deviceWMin (1/weight units): the down step vanishes at the device's own lower bound. */
    @Override
    public double downSlope(double deviceWMin) {
        return -1 / deviceWMin;
    }

    @Override
    public SoftBoundsDevice withVariability(Variability other) {
        return new SoftBoundsDevice(dwMin, upScale, downScale, wMin, wMax, other);
    }
}
