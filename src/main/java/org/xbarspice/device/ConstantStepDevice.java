package org.xbarspice.device;

/**
 * Constant-step device, the symmetric reference: dw_up = dwMin * upScale, dw_down = dwMin * downScale whatever
 * the weight, with hard bounds [wMin, wMax].
 *
 * @param dwMin       step before scaling (weight units), in (0, wMax - wMin]
 * @param upScale     up step scale (dimensionless), > 0
 * @param downScale   down step scale (dimensionless), > 0
 * @param wMin        lower bound (weight units), {@code < 0}
 * @param wMax        upper bound (weight units), > 0
 * @param variability device-to-device and cycle-to-cycle variability
 */
public record ConstantStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax,
                                 Variability variability) implements LinearLaw {
    /** JSON type name. */
    public static final String TYPE = "constant-step";

    public ConstantStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** 0 (1/weight units): the step does not depend on the weight. */
    @Override
    public double upSlope(double deviceWMax) {
        return 0;
    }

    /** 0 (1/weight units): the step does not depend on the weight. */
    @Override
    public double downSlope(double deviceWMin) {
        return 0;
    }

    @Override
    public ConstantStepDevice withVariability(Variability other) {
        return new ConstantStepDevice(dwMin, upScale, downScale, wMin, wMax, other);
    }
}
