package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;

class TrainerCheckpointTest {
    private static final TrainTest SPIRAL = DatasetCatalog.load("spiral", Path.of("unused")).head(600, 200);
    /** Every random stream in play: variability, read noise, DAC/ADC; transfers every 3 updates so counters cross epochs. */
    private static final String ANALOG = "\"dataset\": \"spiral\", \"layers\": \"2-8-6-2\", \"activation\": \"tanh\", "
            + "\"variability\": {\"dwMinDtod\": 0.3, \"upDownDtod\": 0.05, \"boundsDtod\": 0.3, \"dwMinStd\": 0.3}, "
            + "\"transferEvery\": 3, \"seed\": 11";
    /** Layers 2-8, 8-6, 6-2 on arrays of at most 4 inputs and 4 outputs: 1 x 2, 2 x 2 and 2 x 1 parts. */
    private static final String SPLIT = ", \"maxTileInputs\": 4, \"maxTileOutputs\": 4";

    /** The fast IR-drop mode, its read matrices refreshed and its spot checks run within each epoch. */
    private static final String FAST = ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 50";

    private static TrainConfig config(String algorithm, int epochs, String extra) {
        return TrainConfig.parse("{\"algorithm\": \"" + algorithm + "\", \"epochs\": " + epochs + ", " + ANALOG + extra + "}", "test");
    }

    @Test
    void twoEpochsEqualOneEpochCheckpointRestoreAndOneMore() {
        for (String variant : List.of("fp", "sgd", "shd", "tiki-taka", "sgd split", "shd split", "ttv2", "c-ttv2", "agad",
                "agad split", "shd fast", "sgd fast split", "shd fast energy", "sgd fast energy-all", "sgd exact energy",
                "shd fast reference", "sgd fast split reference", "shd fast reference energy-all")) {
            String algorithm = variant.split(" ")[0];
            String extra = algorithm.equals("shd") ? ", \"learningRate\": 0.05, \"fastLearningRate\": 0.2, \"batchSize\": 3" : "";
            if (algorithm.equals("c-ttv2") || algorithm.equals("agad")) { // chopper periods of a few passes, mis-referenced A
                extra = ", \"referenceOffsetStd\": 0.1, \"transferBuffer\": {\"inChopProb\": 0.3, \"transferBl\": 3}";
            }
            if (variant.contains("split")) {
                extra += SPLIT;
            }
            if (variant.contains("fast")) {
                extra += FAST;
            }
            if (variant.contains("reference")) {
                extra += ", \"referenceArrays\": true";
            }
            if (variant.contains("exact")) {
                extra += ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"exact\"";
            }
            if (variant.contains("energy")) { // estimated between counted operations, or all counted (the power models')
                extra += ", \"energy\": true, \"energyEvery\": " + (variant.endsWith("all") ? 1 : 4);
            }
            // the power models of energy-all carry over an epoch that fills them and one that reads them before a resume
            int epochs = variant.endsWith("all") ? 3 : 2;
            TrainConfig two = config(algorithm, epochs, extra);
            Trainer straight = new Trainer(two, SPIRAL);
            List<EpochMetrics> expected = straight.run(m -> { });

            TrainConfig one = config(algorithm, epochs - 1, extra);
            Trainer first = new Trainer(one, SPIRAL);
            first.run(m -> { });
            byte[] saved = first.checkpoint().toBytes();
            Trainer resumed = Trainer.resume(two.withThreads(1), SPIRAL, TrainerCheckpoint.fromBytes(saved)); // threads may change
            assertEquals(epochs - 1, resumed.epochsDone());
            List<EpochMetrics> rest = resumed.run(m -> { });
            assertEquals(1, rest.size(), variant);
            assertEquals(expected, resumed.history(), variant + ": metrics bit for bit");
            assertEquals(straight.irDropCheckHistory(), resumed.irDropCheckHistory(), variant + ": spot checks");
            if (variant.contains("energy")) {
                assertEquals(straight.energyHistory().get(epochs - 1), resumed.energyHistory().get(0), variant + ": energy");
                assertEquals(!variant.endsWith("all"), resumed.energyHistory().get(0).estimate().estimated() > 0,
                        variant + ": some estimated, or none");
            }
            TrainerCheckpoint a = straight.checkpoint();
            TrainerCheckpoint b = resumed.checkpoint();
            for (int l = 0; l < a.tiles().size(); l++) {
                assertTrue(a.tiles().get(l).sameState(b.tiles().get(l)), variant + ": tile " + l + " weights and counters");
            }
            assertEquals(variant.contains("split") ? 2 + 4 + 2 : 3, a.tiles().size(), variant + ": one state per physical tile");
            assertEquals(TrainConfig.parse(a.configJson(), "a"), TrainConfig.parse(b.configJson(), "b").withThreads(0));
            if (List.of("ttv2", "c-ttv2", "agad").contains(algorithm)) {
                double[] buffer = a.tiles().get(0).bufferState();
                assertTrue(buffer != null && java.util.Arrays.stream(buffer).anyMatch(v -> v != 0 && v != 1),
                        variant + ": the buffer is in the checkpoint");
            }
            if (variant.equals("shd")) { // 600 samples an epoch, two epochs
                ShdTile tile = (ShdTile) resumed.network().tiles().get(0);
                assertTrue(tile.transfers() > 0 && a.tiles().get(0).updatesSinceTransfer() == 600 * 2 % 3,
                        "the transfer counters crossed the epoch boundary");
            }
        }
    }

    /**
     * The behavioral twin of an ngspice run restarts its streams every step, and a checkpoint after any step continues
     * exactly in the fast IR-drop mode too: its line factors carried over the steps of an epoch (weights 3.6e-8 apart
     * after a resume at step 40), now every step restarts them. The twin runs alone here (BehavioralTile), no ngspice.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "shd"}) // one array per layer; A and C (the checkpoint keeps the checks of each)
    void aStepSeededFastRunResumesWithinAnEpochExactly(String algorithm) {
        assertResumesWithinAnEpochExactly(twin(algorithm, ""), 40);
    }

    /**
     * A step-seeded fast run that counts one operation in 16 for its energy resumes within an epoch to the same energy
     * and engine states: before the fast readers' states held whether their reads asked for power, a run resumed at
     * step 20 or 70 (of 600; 20 ohm) carried its power models' conductances apart from the run that went through, and
     * its energy differed (found in a review: 4 of 22 resume steps).
     */
    @ParameterizedTest
    @ValueSource(ints = {20, 70})
    void aFastRunCountingEnergyResumesWithinAnEpochExactly(int steps) {
        assertResumesWithinAnEpochExactly(twin("sgd", ", \"energy\": true, \"energyEvery\": 16"), steps);
    }

    /**
     * A step-seeded run of two arrays a layer (Tiki-Taka v2) whose reads go through ideal wires (the IR drop in its
     * updates only) and whose energy is estimated (one operation in 4 counted) resumes within an epoch to the same
     * energy: through ideal wires a pulsed row's conductance sums stay as last summed until a read drives it, and the
     * checkpoint keeps those stale rows. Before, a resumed run summed every row anew and estimated other update energy
     * (found by a resume fuzz, at every resume step tried of ttv2, c-ttv2, AGAD and SHD).
     */
    @Test
    void aRunThroughIdealWiresResumesItsEstimatedEnergyWithinAnEpochExactly() {
        String idealReads = ", \"irDropIn\": \"updates\", \"energy\": true, \"energyEvery\": 4";
        assertResumesWithinAnEpochExactly(twin("ttv2", idealReads), 50);
    }

    /**
     * One epoch of the fast IR-drop mode run by the behavioral twin of an ngspice run (its streams restarted every
     * step; the twin alone, no ngspice), with {@code extra} keys; its devices without cycle noise, as SPICE devices.
     */
    private static TrainConfig twin(String algorithm, String extra) {
        return TrainConfig.parse("{\"algorithm\": \"" + algorithm + "\", \"epochs\": 1, "
                + ANALOG.replace("\"dwMinStd\": 0.3", "\"dwMinStd\": 0") + ", \"engine\": \"both\"" + FAST + extra
                + "}", "test");
    }

    /**
     * Runs c's epoch on the behavioral twin straight through, and stopped after {@code steps} steps, checkpointed and
     * resumed: the same history, energy, weights and engine states, and spot checks to the last bit (the mean step
     * error differed once after a resume, the checks of the epoch's steps before it summed apart from the rest).
     */
    private static void assertResumesWithinAnEpochExactly(TrainConfig c, int steps) {
        Trainer straight = new Trainer(c, SPIRAL, org.xbarspice.tile.BehavioralTile::new);
        straight.run(m -> { });
        Trainer first = new Trainer(c.withLength(1, steps), SPIRAL, org.xbarspice.tile.BehavioralTile::new);
        first.run(m -> { });
        assertEquals(steps, first.stepsDone());
        Trainer resumed = Trainer.resume(c, SPIRAL, TrainerCheckpoint.fromBytes(first.checkpoint().toBytes()),
                org.xbarspice.tile.BehavioralTile::new);
        resumed.run(m -> { });
        assertEquals(straight.history(), resumed.history());
        assertEquals(straight.energyHistory(), resumed.energyHistory());
        TrainerCheckpoint a = straight.checkpoint();
        TrainerCheckpoint b = resumed.checkpoint();
        for (int l = 0; l < a.tiles().size(); l++) {
            assertTrue(a.tiles().get(l).sameState(b.tiles().get(l)), "tile " + l + " weights and engines");
        }
        assertEquals(straight.irDropCheck(), resumed.irDropCheck());
        assertEquals(a.checkedBefore(), b.checkedBefore());
    }

    /** A resumed run keeps the spot checks of the epochs before the checkpoint, per epoch and in its totals. */
    @Test
    void aResumedRunKeepsTheSpotChecksOfTheEarlierEpochs() {
        String fast = ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 50";
        Trainer straight = new Trainer(config("shd", 3, fast), SPIRAL);
        straight.run(m -> { });
        List<IrDropCheck> expected = straight.irDropCheckHistory();

        Trainer first = new Trainer(config("shd", 2, fast), SPIRAL);
        first.run(m -> { });
        TrainerCheckpoint saved = first.checkpoint();
        TrainerCheckpoint back = TrainerCheckpoint.fromBytes(saved.toBytes());
        assertEquals(saved.irDropChecks(), back.irDropChecks());
        assertEquals(saved.checkedBefore(), back.checkedBefore());
        Trainer resumed = Trainer.resume(config("shd", 3, fast), SPIRAL, back);
        resumed.run(m -> { });

        List<IrDropCheck> checks = resumed.irDropCheckHistory();
        assertEquals(expected, checks, "the epochs before the checkpoint keep their checks, the resumed one is the same");
        IrDropCheck before = checks.get(1);
        IrDropCheck total = resumed.irDropCheck();
        assertEquals(checks.get(2), total);
        assertTrue(before.reads() > 0 && before.updates() > 0 && before.refreshes() > 0, before.toString());
        assertTrue(total.reads() > before.reads() && total.updates() > before.updates()
                && total.devicesChecked() > before.devicesChecked() && total.refreshes() > before.refreshes()
                && total.exactReads() >= before.exactReads(), "the totals count the earlier epochs: " + total);
        assertTrue(total.maxReadError() >= before.maxReadError() && total.maxReadEffect() >= before.maxReadEffect()
                && total.maxStepError() >= before.maxStepError()
                && total.maxStepErrorOfNominal() >= before.maxStepErrorOfNominal(), "and their maxima: " + total);
    }

    /**
     * summary.json's saturation warnings count the whole run's updates after a resume too: they counted the session's
     * only (SGD at lr 1 on 8x8 digits, 64-32-10, three epochs of 300 samples, resumed after the first: "100.0 % of
     * the 600 pulsed updates" against 900 in the run that went through, and an early saturation was not warned of).
     */
    @Test
    void aResumedRunWarnsOfTheSaturatedUpdatesOfTheWholeRun() {
        for (String variant : List.of("sgd", "tiki-taka split", "fp")) {
            String algorithm = variant.split(" ")[0];
            String extra = (algorithm.equals("fp") ? ", \"learningRate\": 40" : ", \"learningRate\": 3, \"fastLearningRate\": 3")
                    + (variant.contains("split") ? SPLIT : "");
            Trainer straight = new Trainer(config(algorithm, 2, extra), SPIRAL);
            straight.run(m -> { });
            Trainer first = new Trainer(config(algorithm, 1, extra), SPIRAL);
            first.run(m -> { });
            Trainer resumed = Trainer.resume(config(algorithm, 2, extra), SPIRAL,
                    TrainerCheckpoint.fromBytes(first.checkpoint().toBytes()));
            resumed.run(m -> { });
            assertFalse(straight.saturationWarnings().isEmpty(), variant + ": the run saturates");
            assertEquals(straight.saturationWarnings(), resumed.saturationWarnings(), variant);
        }
    }

    @Test
    void theThreadCountDoesNotChangeTheResult() {
        // also the fast IR-drop mode, whose read-matrix refreshes spread their unit solves over the threads
        for (String extra : List.of("", SPLIT, ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\"",
                SPLIT + ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\"")) {
            threadCountDoesNotChangeTheResult(config("shd", 2, extra));
        }
    }

    /** 2 threads (on a machine of 2 or more cores the helper is woken ahead and spins, units.Team) and 3. */
    private static void threadCountDoesNotChangeTheResult(TrainConfig c) {
        Trainer serial = new Trainer(c.withThreads(1), SPIRAL);
        List<EpochMetrics> metrics = serial.run(m -> { });
        List<AnalogTile> s = serial.network().tiles();
        for (int threads : new int[] {2, 3}) {
            Trainer parallel = new Trainer(c.withThreads(threads), SPIRAL);
            assertEquals(metrics, parallel.run(m -> { }));
            List<AnalogTile> p = parallel.network().tiles();
            for (int l = 0; l < s.size(); l++) {
                assertArrayEquals(s.get(l).readWeights(), p.get(l).readWeights(), 0);
            }
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        List<EpochMetrics> a = new Trainer(config("shd", 1, ""), SPIRAL).run(m -> { });
        List<EpochMetrics> b = new Trainer(config("shd", 1, ""), SPIRAL).run(m -> { });
        assertEquals(a, b);
        TrainConfig other = TrainConfig.parse(config("shd", 1, "").toJson().replace("\"seed\" : 11", "\"seed\" : 12"), "test");
        assertEquals(12, other.seed());
        List<EpochMetrics> c = new Trainer(other, SPIRAL).run(m -> { });
        assertNotEquals(a, c);
    }

    @Test
    void checkpointsRoundTripAndBadOnesAreRejected() {
        Trainer t = new Trainer(config("shd", 1, ""), SPIRAL);
        t.run(m -> { });
        TrainerCheckpoint cp = t.checkpoint();
        byte[] bytes = cp.toBytes();
        TrainerCheckpoint back = TrainerCheckpoint.fromBytes(bytes);
        assertEquals(cp.configJson(), back.configJson());
        assertEquals(cp.metrics(), back.metrics());
        assertEquals(cp.epochsDone(), back.epochsDone());
        for (int l = 0; l < cp.tiles().size(); l++) {
            assertTrue(cp.tiles().get(l).sameState(back.tiles().get(l)));
        }
        byte[] damaged = bytes.clone();
        damaged[damaged.length / 2] ^= 1;
        String msg = assertThrows(InvalidInputException.class, () -> TrainerCheckpoint.fromBytes(damaged)).getMessage();
        assertTrue(msg.contains("checksum"), msg);
        assertThrows(InvalidInputException.class, () -> TrainerCheckpoint.fromBytes(new byte[] {1, 2, 3}));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 100);
        assertThrows(InvalidInputException.class, () -> TrainerCheckpoint.fromBytes(truncated));
        // another config (other than epochs) is refused
        msg = assertThrows(InvalidInputException.class,
                () -> Trainer.resume(config("shd", 2, ", \"bl\": 20"), SPIRAL, back)).getMessage();
        assertTrue(msg.contains("another config (checkpoint -> now: bl: 31 -> 20)"), msg); // names the key, not the JSON
        // other samples are refused: one training label changed (before, the run went on with them)
        int[] labels = SPIRAL.train().labels().clone();
        labels[7] = 1 - labels[7];
        TrainTest relabelled = new TrainTest(new org.xbarspice.train.data.Dataset(SPIRAL.train().name(),
                SPIRAL.train().features(), labels, SPIRAL.train().classes()), SPIRAL.test());
        msg = assertThrows(InvalidInputException.class,
                () -> Trainer.resume(config("shd", 3, ""), relabelled, back)).getMessage();
        assertTrue(msg.contains("the samples of spiral differ from those the run started with"), msg);
        // epochs may grow
        Trainer longer = Trainer.resume(config("shd", 3, ""), SPIRAL, back);
        assertEquals(2, longer.run(m -> { }).size());
    }
}
