package org.xbarspice.train.data;

import java.util.SplittableRandom;
import org.xbarspice.units.InvalidInputException;

/**
 * Two interleaved spirals in the plane, classes 0 and 1: point k has class {@code k % 2} (so any prefix is
 * balanced), a position {@code t} uniform in [0, 1) along its arm, radius {@code t}, angle
 * {@code 2 pi TURNS t + pi * class}, plus uniform noise of +-{@code NOISE} on each coordinate. Features are
 * the (x, y) coordinates, within about [-1, 1].
 */
public final class Spiral {
    /** Turns of each arm. */
    public static final double TURNS = 1.25;
    /** Half-width of the uniform noise added to each coordinate. */
    public static final double NOISE = 0.03;

    private Spiral() {
    }

    /** {@code n} points drawn from {@code seed}: the same seed gives the same points, bit for bit. */
    public static Dataset generate(String name, int n, long seed) {
        if (n < 1) {
            throw new InvalidInputException("spiral size n = " + n + " must be >= 1");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] points = new float[n][2];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int c = k % 2;
            double t = rng.nextDouble();
            double angle = 2 * Math.PI * TURNS * t + Math.PI * c;
            points[k][0] = (float) (t * StrictMath.cos(angle) + NOISE * (2 * rng.nextDouble() - 1));
            points[k][1] = (float) (t * StrictMath.sin(angle) + NOISE * (2 * rng.nextDouble() - 1));
            labels[k] = c;
        }
        return new Dataset(name, points, labels, 2);
    }
}
