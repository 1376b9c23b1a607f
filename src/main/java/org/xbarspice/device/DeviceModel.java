package org.xbarspice.device;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Pulse response of one asymmetric resistive device in the weight domain (PHYSICS.md section 1), nominal device,
 * no noise. One up pulse adds {@link #stepUp(double)}, one down pulse subtracts {@link #stepDown(double)}, and the
 * weight stays in [wMin, wMax]. Every model is linear in w:
 * <pre>
 *   stepUp(w)   = dwMin * upScale   * max(0, 1 - upSlope(wMax) * w)
 *   stepDown(w) = dwMin * downScale * max(0, 1 + downSlope(wMin) * w)
 * </pre>
 * Weights are dimensionless (weight units). In JSON the model is an object whose {@code type} field is
 * {@code soft-bounds}, {@code linear-step} or {@code constant-step}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SoftBoundsDevice.class, name = SoftBoundsDevice.TYPE),
    @JsonSubTypes.Type(value = LinearStepDevice.class, name = LinearStepDevice.TYPE),
    @JsonSubTypes.Type(value = ConstantStepDevice.class, name = ConstantStepDevice.TYPE)
})
public sealed interface DeviceModel permits SoftBoundsDevice, LinearStepDevice, ConstantStepDevice {

    /** Nominal step of one pulse at w = 0 before the up/down scales (weight units), > 0. */
    double dwMin();

    /** Scale of the up step relative to dwMin (dimensionless), > 0. */
    double upScale();

    /** Scale of the down step relative to dwMin (dimensionless), > 0. */
    double downScale();

    /** Lower weight bound (weight units), {@code < 0}. */
    double wMin();

    /** Upper weight bound (weight units), > 0. */
    double wMax();

    /** Device-to-device and cycle-to-cycle variability. */
    Variability variability();

    /** The JSON type name: soft-bounds, linear-step or constant-step. */
    String type();

    /**
     * Relative decrease of the up step per unit weight (1/weight units) for a device whose upper bound is
     * {@code deviceWMax} (weight units); lets a sampled device with its own bounds use the same step law.
     */
    double upSlope(double deviceWMax);

    /**
     * Relative increase of the down step per unit weight (1/weight units) for a device whose lower bound is
     * {@code deviceWMin} (weight units).
     */
    double downSlope(double deviceWMin);

    /** Size of one nominal up step at weight w (weight units), >= 0. */
    /** The same model with other variability. */
    DeviceModel withVariability(Variability other);

    default double stepUp(double w) {
        return dwMin() * upScale() * Math.max(0, 1 - upSlope(wMax()) * w);
    }

    /** Size of one nominal down step at weight w (weight units), >= 0. */
    default double stepDown(double w) {
        return dwMin() * downScale() * Math.max(0, 1 + downSlope(wMin()) * w);
    }

    /** The weight after one nominal pulse from w (weight units), clipped to [wMin, wMax]. */
    default double applyPulse(double w, boolean up) {
        double next = up ? w + stepUp(w) : w - stepDown(w);
        return Math.min(Math.max(next, wMin()), wMax());
    }

    /**
     * The symmetry point w_sp (weight units), where stepUp == stepDown, solved analytically and kept in
     * [wMin, wMax]: if the up step is larger everywhere, wMax (random pulses drive the weight there); if smaller,
     * wMin; if both steps are equal everywhere (symmetric constant step), 0 by convention.
     */
    default double symmetryPoint() {
        double up = upScale();
        double down = downScale();
        double denominator = up * upSlope(wMax()) + down * downSlope(wMin());
        if (denominator == 0) {
            return up == down ? 0 : up > down ? wMax() : wMin();
        }
        return Math.min(Math.max((up - down) / denominator, wMin()), wMax());
    }

    /** Approximate number of distinct states, (wMax - wMin) / dwMin (dimensionless). */
    default double states() {
        return (wMax() - wMin()) / dwMin();
    }
}
