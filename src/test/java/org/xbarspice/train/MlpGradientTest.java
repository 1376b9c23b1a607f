package org.xbarspice.train;

import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.FloatingPointTile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gradient that trainBatch applies equals the finite-difference gradient of the loss, for every weight. */
class MlpGradientTest {
    private static final int[] SIZES = {5, 4, 3, 3};
    private static final float[][] X = {{0.3f, -0.7f, 0.0f, 0.9f, 0.25f}};
    private static final int[] LABEL = {2};

    @ParameterizedTest
    @EnumSource(Activation.class)
    void updateIsTheNegativeGradientOfTheLoss(Activation activation) {
        double[][] weights = initialWeights();
        Mlp net = network(weights, activation);
        double lr = 1;
        net.trainBatch(X, LABEL, new int[] {0}, 0, 1, lr, new Tally());
        double eps = 1e-6;
        double worst = 0;
        int checked = 0;
        for (int l = 0; l < weights.length; l++) {
            double[] after = net.tiles().get(l).readWeights();
            for (int k = 0; k < weights[l].length; k++) {
                double applied = -(after[k] - weights[l][k]) / lr;
                double old = weights[l][k];
                weights[l][k] = old + eps;
                double up = loss(network(weights, activation));
                weights[l][k] = old - eps;
                double down = loss(network(weights, activation));
                weights[l][k] = old;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, applied, 1e-7 + 1e-5 * Math.abs(numeric),
                        activation + " layer " + l + " weight " + k);
                worst = Math.max(worst, Math.abs(numeric));
                checked++;
            }
        }
        assertEquals((5 + 1) * 4 + (4 + 1) * 3 + (3 + 1) * 3, checked);
        assertTrue(worst > 1e-3, "the check must see non-trivial gradients, largest was " + worst);
    }

    private static double[][] initialWeights() {
        SplittableRandom rng = new SplittableRandom(42);
        double[][] w = new double[SIZES.length - 1][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new double[(SIZES[l] + 1) * SIZES[l + 1]];
            for (int k = 0; k < w[l].length; k++) {
                w[l][k] = 2 * rng.nextDouble() - 1;
            }
        }
        return w;
    }

    private static Mlp network(double[][] weights, Activation activation) {
        List<AnalogTile> tiles = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            tiles.add(new FloatingPointTile(SIZES[l], SIZES[l + 1], weights[l]));
        }
        return new Mlp(tiles, activation);
    }

    private static double loss(Mlp net) {
        Tally t = new Tally();
        net.evaluate(X, LABEL, t);
        return t.meanLoss();
    }
}
