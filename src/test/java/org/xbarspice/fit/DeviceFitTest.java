package org.xbarspice.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;

/**
 * Synthetic data from each law with known parameters and 20 % cycle-to-cycle noise (20 cycles of 300 up and 300 down
 * pulses, seed 1): the fit recovers the parameters and the noise, and {@code --law auto} picks the law.
 */
class DeviceFitTest {
    private static final Variability NOISE = new Variability(0, 0, 0, 0.2);

    /**
     * Fits {@code truth}'s law to its synthetic data and checks the parameters (relative error below {@code bound}, and
     * within 3 standard uncertainties) and the noise; returns the law {@code --law auto} picks.
     */
    private static FitResult fitAndPick(DeviceModel truth, Map<String, Double> expected, double bound) {
        PulseData data = PulseData.simulate(truth, 20, 300, 1, "synthetic " + truth.type(), null);
        FitResult fit = DeviceFit.fit(data, FitLaws.named(truth.type()).get(0));
        double worst = 0;
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            worst = Math.max(worst, Math.abs(estimate.value() / e.getValue() - 1));
            // each parameter within 3 of its own standard uncertainties: the covariance is honest
            assertEquals(e.getValue(), estimate.value(), 3 * estimate.sigma(), e.getKey());
        }
        assertTrue(worst < bound, truth.type() + ": largest relative error " + worst);
        assertEquals(0.2, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
        return DeviceFit.fitAll(data, FitLaws.ALL).get(0);
    }

    @Test
    void softBoundsRecovered() {
        // measured: largest relative error 0.0035, dwMinStd 0.1985
        FitResult auto = fitAndPick(new SoftBoundsDevice(0.01, 1.2, 0.8, -0.8, 1.2, NOISE),
                Map.of("dwUp", 0.012, "dwDown", 0.008, "wMin", -0.8, "wMax", 1.2), 0.005);
        // inside the measured range linear-step is the same straight line: a tie that the chained map decides
        assertTrue(List.of("soft-bounds", "linear-step").contains(auto.law()), auto.law());
    }

    @Test
    void linearStepRecovered() {
        // measured: largest relative error 0.0069, dwMinStd 0.1983
        FitResult auto = fitAndPick(new LinearStepDevice(0.01, 1.1, 0.9, -1, 1, 0.5, 0.7, NOISE),
                Map.of("dwUp", 0.011, "dwDown", 0.009, "gammaUp", 0.5, "gammaDown", 0.7), 0.01);
        assertEquals("linear-step", auto.law());
    }

    @Test
    void constantStepRecovered() {
        // measured: largest relative error 0.0025, dwMinStd 0.1988
        FitResult auto = fitAndPick(new ConstantStepDevice(0.01, 1.05, 0.95, -1, 1, NOISE),
                Map.of("dwUp", 0.0105, "dwDown", 0.0095), 0.004);
        assertEquals("constant-step", auto.law());
    }

    @Test
    void sameSeedSameFit() {
        DeviceModel truth = new LinearStepDevice(0.01, 1.1, 0.9, -1, 1, 0.5, 0.7, NOISE);
        List<FitResult> a = DeviceFit.fitAll(PulseData.simulate(truth, 2, 200, 7, "a", null), FitLaws.ALL);
        List<FitResult> b = DeviceFit.fitAll(PulseData.simulate(truth, 2, 200, 7, "a", null), FitLaws.ALL);
        for (int r = 0; r < a.size(); r++) {
            assertEquals(a.get(r).parameters(), b.get(r).parameters());
            assertEquals(a.get(r).aic(), b.get(r).aic());
            assertEquals(a.get(r).dwMinStd(), b.get(r).dwMinStd());
        }
    }
}
