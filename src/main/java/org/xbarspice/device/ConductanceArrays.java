package org.xbarspice.device;

/**
 * The conductances (S) of a rows x cols array under a {@link WeightMapping}: flat row-major arrays, index
 * i * cols + j. {@code negative} holds G- of a differential pair, or for a reference column the reference
 * conductance each crosspoint is compared with (the same value everywhere). The arrays belong to the caller.
 */
public final class ConductanceArrays {
    private final int rows;
    private final int cols;
    private final double[] positive;
    private final double[] negative;

    ConductanceArrays(int rows, int cols, double[] positive, double[] negative) {
        this.rows = rows;
        this.cols = cols;
        this.positive = positive;
        this.negative = negative;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** G+ of each crosspoint (S), row-major, length rows * cols. */
    public double[] positive() {
        return positive;
    }

    /** G- or G_ref of each crosspoint (S), row-major, length rows * cols. */
    public double[] negative() {
        return negative;
    }
}
