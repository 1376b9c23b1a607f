package org.xbarspice.device;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Pulse response of one asymmetric resistive device in the weight domain (PHYSICS.md section 1), nominal device,
 * no noise. One up pulse adds {@link #stepUp(double)}, one down pulse subtracts {@link #stepDown(double)}, and the
 * weight stays in [wMin, wMax]. Two families: the laws linear in w ({@link LinearLaw}: soft bounds, linear step,
 * constant step) and the shaped laws ({@link ShapedLaw}: exponential, power and piecewise step), whose step is
 * dwMin * scale * f(w) with a non-linear shape f.
 * Weights are dimensionless (weight units). In JSON the model is an object whose {@code type} field is
 * {@code soft-bounds}, {@code linear-step}, {@code constant-step}, {@code exp-step}, {@code pow-step} or
 * {@code piecewise-step}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SoftBoundsDevice.class, name = SoftBoundsDevice.TYPE),
    @JsonSubTypes.Type(value = LinearStepDevice.class, name = LinearStepDevice.TYPE),
    @JsonSubTypes.Type(value = ConstantStepDevice.class, name = ConstantStepDevice.TYPE),
    @JsonSubTypes.Type(value = ExpStepDevice.class, name = ExpStepDevice.TYPE),
    @JsonSubTypes.Type(value = PowStepDevice.class, name = PowStepDevice.TYPE),
    @JsonSubTypes.Type(value = PiecewiseStepDevice.class, name = PiecewiseStepDevice.TYPE)
})
public sealed interface DeviceModel permits LinearLaw, ShapedLaw {
    /** Every JSON type name, in the order of the messages that list them. */
    List<String> TYPE_NAMES = List.of(SoftBoundsDevice.TYPE, LinearStepDevice.TYPE,
            ConstantStepDevice.TYPE, ExpStepDevice.TYPE, PowStepDevice.TYPE, PiecewiseStepDevice.TYPE);
    /** Every JSON type name as the messages list them: "soft-bounds, ..., pow-step or piecewise-step". */
    String TYPES = String.join(", ", TYPE_NAMES.subList(0, TYPE_NAMES.size() - 1)) + " or "
            + TYPE_NAMES.get(TYPE_NAMES.size() - 1);

    /** Nominal step scale before the up/down scales and the law's shape (weight units), > 0. */
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

    /** The JSON type name (see {@link #TYPES}). */
    String type();

    /** The same model with other variability. */
    DeviceModel withVariability(Variability other);

    /** Size of one nominal up step at weight w (weight units), >= 0. */
    double stepUp(double w);

    /** Size of one nominal down step at weight w (weight units), >= 0. */
    double stepDown(double w);

    /** The weight after one nominal pulse from w (weight units), clipped to [wMin, wMax]. */
    default double applyPulse(double w, boolean up) {
        double next = up ? w + stepUp(w) : w - stepDown(w);
        return Math.min(Math.max(next, wMin()), wMax());
    }

    /**
     * The symmetry point w_sp (weight units), where stepUp == stepDown, kept in [wMin, wMax]: if the up step is larger
     * everywhere, wMax (random pulses drive the weight there); if smaller, wMin; if both steps are equal everywhere
     * (symmetric constant step), 0 by convention.
     */
    double symmetryPoint();

    /** Approximate number of distinct states, (wMax - wMin) / dwMin (dimensionless). */
    default double states() {
        return (wMax() - wMin()) / dwMin();
    }
}
