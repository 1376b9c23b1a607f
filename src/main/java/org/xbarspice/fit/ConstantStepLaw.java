package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.Variability;

/** {@link ConstantStepDevice}: parameters dwUp, dwDown; hard bounds at the lowest and highest measured state. */
final class ConstantStepLaw implements FitLaw {
    @Override
    public String name() {
        return ConstantStepDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.DW_UP, Parameter.DW_DOWN);
    }

    /** The mean observed step each way. */
    @Override
    public double[] initialGuess(PulseData data) {
        return new double[] {data.meanStep(true), data.meanStep(false)};
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] s = FitLaw.scales(p[0], p[1]);
        return new ConstantStepDevice(s[0], s[1], s[2], data.boundLow(), data.boundHigh(), variability);
    }
}
