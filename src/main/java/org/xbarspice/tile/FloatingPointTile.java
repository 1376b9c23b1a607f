package org.xbarspice.tile;

import java.util.SplittableRandom;
import org.xbarspice.units.InvalidInputException;

/**
 * Exact double-precision weights on one primitive array, row-major {@code [N + 1][M]} (rows = inputs plus the
 * bias row, as on a crossbar). Rows whose input is exactly 0 are skipped in forward and update (they contribute
 * nothing), which makes sparse inputs such as MNIST pixels cheap. No allocation after construction.
 */
public final class FloatingPointTile implements AnalogTile {
    private final int n;
    private final int m;
    private final double[] w;

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
