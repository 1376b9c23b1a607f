package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.train.data.Dataset;
import org.xbarspice.train.data.TrainTest;

/**
 * Training reads through a TIA whose outputs clip: {@code Sense.Tia.defaults()} clips at 1.5 V / 5 kohm = 0.3 mA, and
 * a column of 300 devices near 5.5 uS read at 0.2 V draws 0.33 mA, as does the reference column, so every output read
 * 0 (the difference of two clipped currents) where an ideal sense read about 6 weight units. Before, training said
 * nothing: no warning, no bound management (a 0 is within the bound), the network learned from zeros.
 */
class TiaLimitWarningTest {
    private static TrainTest ones(int features) {
        float[][] x = new float[4][features];
        for (float[] row : x) {
            Arrays.fill(row, 1f);
        }
        Dataset set = new Dataset("ones", x, new int[] {0, 1, 0, 1}, 2);
        return new TrainTest(set, set);
    }

    private static List<String> warnings(int features, String sense) {
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"sgd\", \"layers\": \"" + features + "-2\", "
                + "\"epochs\": 1, \"sense\": \"" + sense + "\"}", "tia");
        Trainer trainer = new Trainer(config, ones(features));
        trainer.run(e -> { });
        return trainer.warnings();
    }

    @Test
    void clippedTiaOutputsAreWarnedOfNamingTheLayer() {
        List<String> clipped = warnings(300, "tia"); // measured: 16 of the 16 outputs (4 samples, trained and tested)
        assertTrue(clipped.stream().anyMatch(w -> w.startsWith("layer 1: 16 of the 16 outputs") && w.contains("TIA")
                && w.contains("1.50 V / 5000 ohm = 0.300 mA")), clipped.toString());
    }

    /**
     * A run resumed after its first epoch warns as the run that went through: the checkpoint keeps the counts (before,
     * the resumed run counted its own session's: "16 of the 16 outputs" where the straight run said 32 of 32).
     */
    @Test
    void aResumedRunWarnsOfTheClippedOutputsOfTheWholeRun() {
        TrainConfig two = TrainConfig.parse("{\"algorithm\": \"sgd\", \"layers\": \"300-2\", \"epochs\": 2, "
                + "\"sense\": \"tia\"}", "tia");
        Trainer straight = new Trainer(two, ones(300));
        straight.run(e -> { });
        Trainer first = new Trainer(two.withLength(1, 0), ones(300));
        first.run(e -> { });
        Trainer resumed = Trainer.resume(two, ones(300), TrainerCheckpoint.fromBytes(first.checkpoint().toBytes()));
        resumed.run(e -> { });
        assertTrue(straight.tiaLimitWarnings().get(0).startsWith("layer 1: 32 of the 32 outputs"),
                straight.tiaLimitWarnings().toString());
        assertEquals(straight.tiaLimitWarnings(), resumed.tiaLimitWarnings());
    }

    @Test
    void noWarningBelowTheLimitOrWithAnIdealSense() {
        assertEquals(List.of(), warnings(100, "tia")); // 100 rows: about 0.11 mA per column, a third of the limit
        assertEquals(List.of(), warnings(300, "ideal"));
    }
}
