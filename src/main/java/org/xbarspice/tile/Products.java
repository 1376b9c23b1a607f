package org.xbarspice.tile;

/**
 * Matrix-vector kernels on row-major {@code [rows][cols]} weights, optionally read relative to a reference array
 * ({@code w - ref}). Sums run in a fixed order (deterministic). No allocation.
 */
final class Products {
    private Products() {
    }

    /**
     * {@code out_j = sum_i (w_ij - ref_ij) in_i} for {@code i < rows}, rows whose input is exactly 0 skipped; overwrites
     * {@code out[0..cols)}. {@code ref} may be null (0).
     */
    static void forward(double[] w, double[] ref, double[] in, int rows, int cols, double[] out) {
        java.util.Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            double a = in[i];
            if (a == 0) {
                continue;
            }
            int row = i * cols;
            if (ref == null) {
                for (int j = 0; j < cols; j++) {
                    out[j] += a * w[row + j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    out[j] += a * (w[row + j] - ref[row + j]);
                }
            }
        }
    }

    /**
     * {@code out_i = sum_j (w_ij - ref_ij) in_j} for the rows {@code i < rowsOut}. {@code ref} may be null (0). Eight
     * partial sums per row, combined in a fixed order.
     */
    static void backward(double[] w, double[] ref, double[] in, int rowsOut, int cols, double[] out) {
        for (int i = 0; i < rowsOut; i++) {
            int row = i * cols;
            out[i] = ref == null ? dot(w, row, in, cols) : dotRelative(w, ref, row, in, cols);
        }
    }

    /** sum_j w[row + j] d[j] over j < m, in eight independent partial sums added in a fixed order (deterministic). */
    static double dot(double[] w, int row, double[] d, int m) {
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
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double dotRelative(double[] w, double[] ref, int row, double[] d, int m) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += (w[row + j] - ref[row + j]) * d[j];
            s1 += (w[row + j + 1] - ref[row + j + 1]) * d[j + 1];
            s2 += (w[row + j + 2] - ref[row + j + 2]) * d[j + 2];
            s3 += (w[row + j + 3] - ref[row + j + 3]) * d[j + 3];
        }
        for (; j < m; j++) {
            s0 += (w[row + j] - ref[row + j]) * d[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
