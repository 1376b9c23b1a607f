package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.Variability;

/**
 * {@link LinearStepDevice}: parameters dwUp, dwDown, gammaUp, gammaDown; hard bounds at the lowest and highest measured
 * state (the gammas are relative to them, as in the model).
 */
final class LinearStepLaw implements FitLaw {
    @Override
    public String name() {
        return LinearStepDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.DW_UP, Parameter.DW_DOWN,
                new Parameter("gammaUp", "dimensionless", 0, Double.POSITIVE_INFINITY),
                new Parameter("gammaDown", "dimensionless", 0, Double.POSITIVE_INFINITY));
    }

    /** The straight lines through the observed steps: step(w) = a + b w gives dw = a, gamma = -b wBound / a (>= 0). */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] up = data.stepLine(true);
        double[] down = data.stepLine(false);
        return new double[] {up[0], down[0], Math.max(0, -up[1] * data.boundHigh() / up[0]),
            Math.max(0, down[1] * -data.boundLow() / down[0])};
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] s = FitLaw.scales(p[0], p[1]);
        return new LinearStepDevice(s[0], s[1], s[2], data.boundLow(), data.boundHigh(), p[2], p[3], variability);
    }
}
