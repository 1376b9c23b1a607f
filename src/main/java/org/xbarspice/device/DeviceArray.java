package org.xbarspice.device;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Per-crosspoint state of a rows x cols device array, separate from its spec (DESIGN.md): the weights and each
 * device's sampled parameters, in flat row-major primitive arrays (index i * cols + j). Sampled once from a
 * {@link DeviceModel} with an explicit seed; the same seed gives identical arrays. Weights start at 0, which lies
 * within every device's bounds. Not thread-safe.
 */
public final class DeviceArray {
    /** Largest number of crosspoints in one array (4096 x 4096). */
    public static final int MAX_DEVICES = 1 << 24;

    /**
     * Smallest sampled bound relative to its nominal value (dimensionless): keeps every device's bounds away from 0,
     * where a soft-bounds step law would divide by 0.
     */
    public static final double MIN_BOUND_FACTOR = 1e-6;

    private final DeviceModel model;
    /** The model when its law is shaped (the non-linear pulse path), null for a linear law. */
    private final ShapedLaw shaped;
    private final int rows;
    private final int cols;
    private final double dwMinStd;
    private final double[] weights;
    private long version;
    private final double[] dwMin;
    private final double[] upScale;
    private final double[] downScale;
    private final double[] wMin;
    private final double[] wMax;
    /** Per-device slopes of a linear law (1/weight units); empty for a shaped law. */
    private final double[] upSlope;
    private final double[] downSlope;

    private DeviceArray(DeviceModel model, int rows, int cols) {
        int size = rows * cols;
        this.model = model;
        this.shaped = model instanceof ShapedLaw law ? law : null;
        this.rows = rows;
        this.cols = cols;
        this.dwMinStd = model.variability().dwMinStd();
        this.weights = new double[size];
        this.dwMin = new double[size];
        this.upScale = new double[size];
        this.downScale = new double[size];
        this.wMin = new double[size];
        this.wMax = new double[size];
        this.upSlope = new double[shaped == null ? size : 0];
        this.downSlope = new double[shaped == null ? size : 0];
    }

    /**
     * Samples the devices of a rows x cols array from {@code model} (Well19937c seeded with {@code seed}), four
     * standard normal draws per device in row-major order (dw_min, up/down ratio, upper bound, lower bound):
     * dwMin_ij = max(0, dwMin * (1 + dwMinDtod * xi1)); upScale_ij = max(0, upScale * (1 + upDownDtod * xi2 / 2)),
     * downScale_ij = max(0, downScale * (1 - upDownDtod * xi2 / 2)); wMax_ij = wMax * max(|1 + boundsDtod * xi3|,
     * MIN_BOUND_FACTOR), wMin_ij likewise with xi4 (a negative factor is mirrored, as aihwkit does). The same draws for
     * every law: a shaped law's shape follows each device's own bounds.
     */
    public static DeviceArray sample(DeviceModel model, int rows, int cols, long seed) {
        if (model == null) {
            throw new InvalidInputException("device model is missing: load a preset or build a DeviceModel");
        }
        Checks.inRange("rows", rows, 1, MAX_DEVICES);
        Checks.inRange("cols", cols, 1, MAX_DEVICES);
        if ((long) rows * cols > MAX_DEVICES) {
            throw new InvalidInputException("rows x cols = " + rows + " x " + cols + " = " + (long) rows * cols
                    + " crosspoints is too many: at most " + MAX_DEVICES + "; split the layer into tiles");
        }
        DeviceArray array = new DeviceArray(model, rows, cols);
        Variability variability = model.variability();
        RandomGenerator random = new Well19937c(seed);
        for (int i = 0; i < rows * cols; i++) {
            double xiDwMin = random.nextGaussian();
            double xiUpDown = random.nextGaussian();
            double xiMax = random.nextGaussian();
            double xiMin = random.nextGaussian();
            double halfRatio = 0.5 * variability.upDownDtod() * xiUpDown;
            array.dwMin[i] = Math.max(0, model.dwMin() * (1 + variability.dwMinDtod() * xiDwMin));
            array.upScale[i] = Math.max(0, model.upScale() * (1 + halfRatio));
            array.downScale[i] = Math.max(0, model.downScale() * (1 - halfRatio));
            array.wMax[i] = model.wMax() * Math.max(Math.abs(1 + variability.boundsDtod() * xiMax), MIN_BOUND_FACTOR);
            array.wMin[i] = model.wMin() * Math.max(Math.abs(1 + variability.boundsDtod() * xiMin), MIN_BOUND_FACTOR);
            if (model instanceof LinearLaw linear) {
                array.upSlope[i] = linear.upSlope(array.wMax[i]);
                array.downSlope[i] = linear.downSlope(array.wMin[i]);
            }
        }
        return array;
    }

    /**
     * Applies one pulse to crosspoint {@code index} with that device's own parameters: the step of its step law at
     * its current weight, times the cycle-to-cycle factor (1 + dwMinStd * gaussian), the result clipped to the device's
     * bounds. A factor below 0 (rare, large dwMinStd) moves the weight against the pulse direction, as in aihwkit.
     *
     * @param index    row-major crosspoint index i * cols + j
     * @param up       true for an up (potentiating) pulse
     * @param gaussian a standard normal draw from the caller's seeded generator (dimensionless)
     * @return the crosspoint's weight after the pulse (weight units)
     */
    public double pulse(int index, boolean up, double gaussian) {
        version++;
        double w = weights[index];
        double factor = 1 + dwMinStd * gaussian;
        double next;
        if (shaped == null) {
            next = up
                    ? w + dwMin[index] * upScale[index] * Math.max(0, 1 - upSlope[index] * w) * factor
                    : w - dwMin[index] * downScale[index] * Math.max(0, 1 + downSlope[index] * w) * factor;
        } else {
            next = up
                    ? w + dwMin[index] * upScale[index] * shaped.upShape(w, wMin[index], wMax[index]) * factor
                    : w - dwMin[index] * downScale[index] * shaped.downShape(w, wMin[index], wMax[index]) * factor;
        }
        double clipped = Math.min(Math.max(next, wMin[index]), wMax[index]);
        weights[index] = clipped;
        return clipped;
    }

    /** The conductances (S) of all crosspoints' weights under {@code mapping} and {@code range}. */
    public ConductanceArrays conductances(ConductanceRange range, WeightMapping mapping) {
        double[] positive = new double[weights.length];
        double[] negative = new double[weights.length];
        mapping.toConductances(range, weights, positive, negative);
        return new ConductanceArrays(rows, cols, positive, negative);
    }

    /** How many devices have their own lower bound below {@code w} (weight units). */
    public int lowerBoundsBelow(double w) {
        int count = 0;
        for (double bound : wMin) {
            count += bound < w ? 1 : 0;
        }
        return count;
    }

    /** The lowest of the devices' own lower bounds (weight units). */
    public double lowestBound() {
        double lowest = Double.POSITIVE_INFINITY;
        for (double bound : wMin) {
            lowest = Math.min(lowest, bound);
        }
        return lowest;
    }

    /** The spec the devices were sampled from. */
    public DeviceModel model() {
        return model;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** Number of crosspoints, rows * cols. */
    public int size() {
        return weights.length;
    }

    /**
     * The weights (weight units), row-major, live: read them in hot loops; change them only through
     * {@link #pulse(int, boolean, double)} or {@link #setWeight(int, double)}, which keep each device's bounds.
     */
    public double[] weights() {
        return weights;
    }

    /** Weight of crosspoint {@code index} (weight units). */
    public double weight(int index) {
        return weights[index];
    }

    /** Programs crosspoint {@code index} to weight w (weight units), clipped to that device's bounds. */
    public void setWeight(int index, double w) {
        if (!Double.isFinite(w)) {
            throw new InvalidInputException("weight " + w + " (weight units) for crosspoint " + index + " is not allowed: it must be finite");
        }
        weights[index] = Math.min(Math.max(w, wMin[index]), wMax[index]);
        version++;
    }

    /**
     * Programs crosspoint {@code index} to {@code w} (weight units), which the caller has clipped to that device's bounds:
     * for the update loops of large arrays, which keep the bounds beside each device's other parameters
     * ({@link CompactDevice#pack}) and so spare the loads of this array's own ({@link #setWeight} clips).
     */
    public void setClippedWeight(int index, double w) {
        weights[index] = w;
        version++;
    }

    /**
     * A counter that grows with every {@link #pulse}, {@link #setWeight} and {@link #setClippedWeight}: equal values mean
     * unchanged weights, so a caller can keep quantities derived from the weights (sums of conductances) between its own
     * changes.
     */
    public long version() {
        return version;
    }

    /** Sampled dw_min of crosspoint {@code index} (weight units), >= 0. */
    public double dwMin(int index) {
        return dwMin[index];
    }

    /** Sampled up step scale of crosspoint {@code index} (dimensionless), >= 0. */
    public double upScale(int index) {
        return upScale[index];
    }

    /** Sampled down step scale of crosspoint {@code index} (dimensionless), >= 0. */
    public double downScale(int index) {
        return downScale[index];
    }

    /** Sampled lower bound of crosspoint {@code index} (weight units), {@code < 0}. */
    public double wMin(int index) {
        return wMin[index];
    }

    /** Sampled upper bound of crosspoint {@code index} (weight units), > 0. */
    public double wMax(int index) {
        return wMax[index];
    }

    /**
     * The symmetry point of every device (weight units, row-major), from its sampled parameters: the weight where its
     * up and down steps are equal, {@code (up - down) / (up * upSlope + down * downSlope)} with the device's own scales
     * and bound-dependent slopes, clipped to its bounds. For soft bounds, {@code (up - down) / (up / wMax - down / wMin)}:
     * 0 for equal scales, otherwise not. A device whose steps do not depend on the weight (constant step) has no
     * symmetry point; its entry is 0. A shaped law's symmetry points are solved numerically per device, on its own
     * scales and bounds ({@link ShapedLaw#symmetryPoint()}).
     */
    public double[] symmetryPoints() {
        double[] sp = new double[weights.length];
        for (int k = 0; k < sp.length; k++) {
            if (shaped != null) {
                sp[k] = SymmetryPoints.solve(shaped, upScale[k], downScale[k], wMin[k], wMax[k]);
                continue;
            }
            double up = upScale[k];
            double down = downScale[k];
            double denominator = up * upSlope[k] + down * downSlope[k];
            double point = denominator == 0 ? 0 : (up - down) / denominator;
            sp[k] = Math.min(Math.max(point, wMin[k]), wMax[k]);
        }
        return sp;
    }
}
