package org.xbarspice.device;

/**
 * The step laws linear in w (soft bounds, linear step, constant step):
 * <pre>
 *   stepUp(w)   = dwMin * upScale   * max(0, 1 - upSlope(wMax) * w)
 *   stepDown(w) = dwMin * downScale * max(0, 1 + downSlope(wMin) * w)
 * </pre>
 * Their compact SPICE device has an exact closed-form pulse map ({@link CompactDevice}).
 */
public sealed interface LinearLaw extends DeviceModel permits SoftBoundsDevice, LinearStepDevice, ConstantStepDevice {

    /**
     * Relative decrease of the up step per unit weight (1/weight units) for a device whose upper bound is
     * {@code deviceWMax} (weight units): a sampled soft-bounds device follows its own bound, a linear-step device keeps
     * the slope of the nominal bound (as aihwkit's).
     */
    double upSlope(double deviceWMax);

    /**
     * Relative increase of the down step per unit weight (1/weight units) for a device whose lower bound is
     * {@code deviceWMin} (weight units).
     */
    double downSlope(double deviceWMin);

    @Override
    default double stepUp(double w) {
        return dwMin() * upScale() * Math.max(0, 1 - upSlope(wMax()) * w);
    }

    @Override
    default double stepDown(double w) {
        return dwMin() * downScale() * Math.max(0, 1 + downSlope(wMin()) * w);
    }

    /** Solved analytically: (up - down) / (up * upSlope + down * downSlope), clipped to the bounds. */
    @Override
    default double symmetryPoint() {
        double up = upScale();
        double down = downScale();
        double denominator = up * upSlope(wMax()) + down * downSlope(wMin());
        if (denominator == 0) {
            return up == down ? 0 : up > down ? wMax() : wMin();
        }
        return Math.min(Math.max((up - down) / denominator, wMin()), wMax());
    }
}
