package org.xbarspice.tile;

import java.util.SplittableRandom;
import org.xbarspice.units.InvalidInputException;

/**
 * Exact double-precision weights on one primitive array, row-major {@code [N + 1][M]} (rows = inputs plus the
 * bias row, as on a crossbar). Rows whose input is exactly 0 are skipped in forward and update (they contribute
 * nothing), which makes sparse inputs such as MNIST pixels cheap. No allocation after construction.
 */
public final class FloatingPointTile implements AnalogTile {
    /**
     * Largest step {@code lr max|x| max|d|} (weight units) beyond which an update is counted as oversized ({@link
     * #updatesAndOversized}): ten times the largest initial weight (1 / sqrt(inputs) <= 1). Spiral, 2-16-2 sigmoid, one
     * epoch: lr 1 learns (54.5 %), lr 10 stays at chance, lr 1e6 and 1e300 freeze the network after three steps.
     */
    public static final double OVERSIZED_STEP = 10;
    private final int n;
    private final int m;
    private final double[] w;
    private long updates;
    private long oversized;

    /** A tile holding a copy of {@code weights}, row-major {@code [inputs + 1][outputs]}. */
    public FloatingPointTile(int inputs, int outputs, double[] weights) {
        if (inputs < 1 || outputs < 1) {
            throw new InvalidInputException("tile size " + inputs + " x " + outputs + " is not allowed: inputs and outputs must be >= 1");
        }
        if (weights.length != (inputs + 1) * outputs) {
            throw new InvalidInputException("weights of a " + inputs + "-input, " + outputs + "-output tile: "
                    + weights.length + " values given, " + (inputs + 1) * outputs + " expected ((inputs + 1) x outputs)");
        }
        this.n = inputs;
        this.m = outputs;
        this.w = weights.clone();
    }

    /** Weights and biases drawn uniformly in {@code +-1/sqrt(inputs)} (the fan-in), in row-major order from {@code rng}. */
    public static FloatingPointTile uniform(int inputs, int outputs, SplittableRandom rng) {
        double bound = 1 / Math.sqrt(inputs);
        double[] w = new double[(inputs + 1) * outputs];
        for (int k = 0; k < w.length; k++) {
            w[k] = bound * (2 * rng.nextDouble() - 1);
        }
        return new FloatingPointTile(inputs, outputs, w);
    }

    @Override
    public int inputs() {
        return n;
    }

    @Override
    public int outputs() {
        return m;
    }

    @Override
    public void forward(double[] x, double[] y) {
        System.arraycopy(w, n * m, y, 0, m);
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            if (xi != 0) {
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    y[j] += xi * w[row + j];
                }
            }
        }
    }

    @Override
    public void backward(double[] d, double[] delta) {
        for (int i = 0; i < n; i++) {
            delta[i] = Products.dot(w, i * m, d, m);
        }
    }

    @Override
    public void update(double[] x, double[] d, double lr) {
        double xMax = 1; // the bias row's input
        for (int i = 0; i < n; i++) {
            xMax = Math.max(xMax, Math.abs(x[i]));
        }
        double dMax = 0;
        for (int j = 0; j < m; j++) {
            dMax = Math.max(dMax, Math.abs(d[j]));
        }
        updates++;
        if (!(lr * xMax * dMax <= OVERSIZED_STEP)) { // a NaN step too
            oversized++;
        }
        for (int i = 0; i <= n; i++) {
            double a = i == n ? lr : lr * x[i];
            if (a != 0) {
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    w[row + j] += a * d[j];
                }
            }
        }
    }

    /** The updates this tile made so far, and those whose largest step exceeded {@link #OVERSIZED_STEP}. */
    public long[] updatesAndOversized() {
        return new long[] {updates, oversized};
    }

    @Override
    public double[] readWeights() {
        return w.clone();
    }

    /** Replaces the weights by a copy of {@code weights}, row-major {@code [N + 1][M]} (e.g. from a checkpoint). */
    public void setWeights(double[] weights) {
        if (weights.length != w.length) {
            throw new InvalidInputException("weights of a " + n + "-input, " + m + "-output tile: " + weights.length
                    + " values given, " + w.length + " expected ((inputs + 1) x outputs)");
        }
        System.arraycopy(weights, 0, w, 0, w.length);
    }
}
