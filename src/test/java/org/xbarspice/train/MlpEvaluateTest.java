package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Evaluation reads the network with buffers of its own: the training step's logits survive a test pass. */
class MlpEvaluateTest {
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
