package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Evaluation reads the network with buffers of its own; the predicted class of a sample's logits. */
class MlpEvaluateTest {
    /**
     * The largest logit's class; a tie (common behind an ADC, whose levels equal close outputs) goes to the lowest
     * class, as PyTorch's argmax; a NaN logit predicts no class, so that no label counts it correct (the rule before
     * counted it as class 0, or as the class before the NaN).
     */
    @Test
    void thePredictionIsTheLargestLogitsLowestClassAndNoneForNaN() {
        assertEquals(2, Mlp.argMax(new double[] {0.1, -3, 0.7, 0.2}));
        assertEquals(1, Mlp.argMax(new double[] {0.1, 0.7, 0.7, 0.2}), "a tie goes to the lowest class");
        assertEquals(-1, Mlp.argMax(new double[] {Double.NaN, 0.7, 0.2}));
        assertEquals(-1, Mlp.argMax(new double[] {0.1, 0.7, Double.NaN}));
    }

    @Test
    void evaluationLeavesTheLastTrainingLogitsAlone() {
        Mlp net = Mlp.floatingPoint(new int[] {3, 4, 2}, Activation.SIGMOID, new SplittableRandom(7));
        float[][] train = {{0.5f, -0.25f, 1f}};
        float[][] test = {{-1f, 0.75f, 0.1f}, {0.9f, 0.9f, -0.6f}};
        net.trainBatch(train, new int[] {1}, new int[] {0}, 0, 1, 0.1, new Tally());
        double[] before = net.lastLogits();
        net.evaluate(test, new int[] {0, 1}, new Tally());
        assertArrayEquals(before, net.lastLogits(), 0.0, "the test pass overwrote the training logits");
    }
}
