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
            int row = i * m;
            // eight partial sums: independent add chains, in a fixed order (deterministic)
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            int j = 0;
            for (; j + 7 < m; j += 8) {
                s0 += w[row + j] * d[j];
                s1 += w[row + j + 1] * d[j + 1];
                s2 += w[row + j + 2] * d[j + 2];
                s3 += w[row + j + 3] * d[j + 3];
                s4 += w[row + j + 4] * d[j + 4];
                s5 += w[row + j + 5] * d[j + 5];
                s6 += w[row + j + 6] * d[j + 6];
                s7 += w[row + j + 7] * d[j + 7];
            }
            for (; j < m; j++) {
                s0 += w[row + j] * d[j];
            }
            delta[i] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
