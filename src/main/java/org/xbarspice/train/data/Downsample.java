package org.xbarspice.train.data;

import org.xbarspice.units.InvalidInputException;

/** Shrinks square images by area averaging: each output pixel is the mean of the input area it covers. */
public final class Downsample {
    private Downsample() {
    }

    /**
     * Images of {@code side x side} pixels down to {@code newSide x newSide}. An output pixel covers
     * {@code side / newSide} input pixels in each direction (3.5 for 28 to 8); input pixels cut by its edges
     * count with the covered fraction, so a uniform image stays uniform and the mean intensity is kept.
     */
    public static Dataset area(Dataset data, int side, int newSide, String newName) {
        if (data.featureCount() != side * side) {
            throw new InvalidInputException("dataset '" + data.name() + "' has " + data.featureCount()
                    + " features, not " + side + " x " + side + " pixels: only square images can be downsampled");
        }
        if (newSide < 1 || newSide > side) {
            throw new InvalidInputException("downsampled side = " + newSide + " must be in 1.." + side);
        }
        double[][] cover = coverage(side, newSide);
        float[][] out = new float[data.size()][newSide * newSide];
        double[] rowsDone = new double[newSide * side];
        double norm = (double) newSide * newSide / ((double) side * side);
        for (int k = 0; k < data.size(); k++) {
            float[] in = data.features()[k];
            // first along x: rowsDone[u][y] = sum_x cover[u][x] * in[y][x]
            for (int u = 0; u < newSide; u++) {
                for (int y = 0; y < side; y++) {
                    double s = 0;
                    for (int x = 0; x < side; x++) {
                        s += cover[u][x] * in[y * side + x];
                    }
                    rowsDone[u * side + y] = s;
                }
            }
            for (int v = 0; v < newSide; v++) {
                for (int u = 0; u < newSide; u++) {
                    double s = 0;
                    for (int y = 0; y < side; y++) {
                        s += cover[v][y] * rowsDone[u * side + y];
                    }
                    out[k][v * newSide + u] = (float) (s * norm);
                }
            }
        }
        return new Dataset(newName, out, data.labels(), data.classes());
    }

    /** cover[u][x]: length of input pixel x inside output pixel u, in input pixels (0..1). */
    private static double[][] coverage(int side, int newSide) {
        double step = (double) side / newSide;
        double[][] cover = new double[newSide][side];
        for (int u = 0; u < newSide; u++) {
            double lo = u * step;
            double hi = (u + 1) * step;
            for (int x = 0; x < side; x++) {
                cover[u][x] = Math.max(0, Math.min(hi, x + 1) - Math.max(lo, x));
            }
        }
        return cover;
    }
}
