package org.xbarspice.calibrate;

import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.LinearLaw;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.tile.ArrayUpdater;

/**
 * Ground truth for the fit: updates an array with a known {@link StepModel} (position model included, also for a
 * single selected device), each device's steps times its sampled dw_min relative to the nominal one, its up and down
 * steps times its sampled up and down scales relative to the nominal ones, its bounds the truth's times its sampled
 * bounds relative to the nominal ones, and its slopes the truth's times the nominal law's slope at the device's bound
 * over the slope at the nominal bound (a soft-bounds device's follow its own bound).
 */
final class SyntheticUpdater implements ArrayUpdater {
    private final StepModel truth;
    private final CompactSpec spec;

    SyntheticUpdater(StepModel truth, CompactSpec spec) {
        this.truth = truth;
        this.spec = spec;
    }

    /** Each device's dw_min over the model's (dimensionless), row-major. */
    static double[] factors(DeviceArray array) {
        double[] f = new double[array.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = array.dwMin(k) / array.model().dwMin();
        }
        return f;
    }

    /** A fit's ground truth has no circuit: no energy to count. */
    @Override
    public void trackEnergy(boolean on) {
        if (on) {
            throw new UnsupportedOperationException("the synthetic updater has no circuit, hence no energy");
        }
    }

    @Override
    public void restart(boolean counts) {
        // nothing kept: no caches, no energy
    }

    @Override
    public ArrayEnergy energy() {
        return ArrayEnergy.ZERO;
    }

    @Override
    public void update(DeviceArray array, UpdatePulses pulses) {
        double[] up = new double[array.size()];
        double[] down = new double[array.size()];
        truth.steps(array.rows(), array.cols(), spec, factors(array), up, down);
        LinearLaw law = (LinearLaw) array.model();
        for (int i = 0; i < array.rows(); i++) {
            for (int j = 0; j < array.cols(); j++) {
                int k = i * array.cols() + j;
                int steps = pulses.direction(i, j) * pulses.coincidences(i, j);
                double su = truth.su() * slopeRatio(law.upSlope(array.wMax(k)), law.upSlope(law.wMax()));
                double sd = truth.sd() * slopeRatio(law.downSlope(array.wMin(k)), law.downSlope(law.wMin()));
                StepModel own = new StepModel(truth.du(), truth.dd(), su, sd, truth.wMin() * array.wMin(k) / law.wMin(),
                        truth.wMax() * array.wMax(k) / law.wMax(), truth.c1(), truth.c2());
                array.setWeight(k, own.apply(array.weight(k), steps, up[k] * array.upScale(k) / law.upScale(),
                        down[k] * array.downScale(k) / law.downScale()));
            }
        }
    }

    /** The device's slope over the nominal one: 1 for a law without slopes (constant step, or a gamma of 0). */
    private static double slopeRatio(double device, double nominal) {
        return nominal == 0 ? 1 : device / nominal;
    }

    @Override
    public String engine() {
        return "synthetic";
    }
}
