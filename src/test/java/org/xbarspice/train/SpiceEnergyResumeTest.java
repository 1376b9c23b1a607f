package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.spice.SharedEngine;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * An ngspice run (and its behavioral twin, which the engine-both run checkpoints beside it) resumed from a checkpoint
 * within an epoch reports the whole epoch's energy, as the run that went through does, bit for bit: the checkpoint
 * keeps the epoch's energy tallies and estimators so far.
 */
class SpiceEnergyResumeTest {
    private static TrainConfig config(String algorithm, int every, boolean wires) {
        return TrainConfig.parse("{\"algorithm\": \"" + algorithm + "\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", "
                + "\"learningRate\": 0.1, \"engine\": \"ngspice\", \"trainSamples\": 24, \"testSamples\": 8, \"batchSize\": 2, "
                + "\"epochs\": 1, \"seed\": 4, \"energy\": true, \"energyEvery\": " + every
                + (wires ? ", \"irDrop\": true, \"wireOhm\": 20, \"driverOhm\": 200" : "") + "}", "SpiceEnergyResumeTest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd 1", "sgd 3", "shd 1", "twin sgd 3", "sgd 1 wires", "twin shd 3 wires"})
    @Tag("ngspice")
    void aRunResumedWithinAnEpochReportsTheWholeEpochsEnergy(String variant) {
        String[] parts = variant.split(" ");
        boolean twin = parts[0].equals("twin");
        TrainConfig c = config(parts[twin ? 1 : 0], Integer.parseInt(parts[twin ? 2 : 1]), variant.endsWith("wires"));
        TrainTest data = DatasetCatalog.load(c.dataset(), DatasetCatalog.defaultDataDir(), c.trainSamples(), c.testSamples());
        PulsedTile.Factory arrays = twin ? BehavioralTile::new : SpiceTile.factory(SpiceTile.Setup.of(SharedEngine.get()));
        Trainer straight = new Trainer(c, data, arrays);
        straight.run(m -> { });
        Trainer first = new Trainer(c.withLength(1, 5), data, arrays); // stopped after 5 of the 12 steps
        first.run(m -> { });
        assertEquals(5, first.stepsDone());
        TrainerCheckpoint saved = TrainerCheckpoint.fromBytes(first.checkpoint().toBytes());
        Trainer resumed = Trainer.resume(c, data, saved, arrays);
        resumed.run(m -> { });
        assertEquals(straight.history(), resumed.history(), variant + ": metrics");
        EpochEnergy a = straight.energyHistory().get(0);
        EpochEnergy b = resumed.energyHistory().get(0);
        System.out.println(variant + ": straight " + a.samples() + " samples, train " + a.train().total() + " J, test "
                + a.test().total() + " J, " + a.estimate() + "; resumed " + b.samples() + " samples, train "
                + b.train().total() + " J, test " + b.test().total() + " J, " + b.estimate());
        assertEquals(a, b, variant + ": the epoch's energy bit for bit");
    }

    /**
     * Checkpoints of formats 10 (before the epoch's energy was kept), 11 (before the update counts were) and 12 (before
     * the read counts were) are still read, without what they lacked: a run resumed from them counts the epoch's energy,
     * its updates, resp. its clipped reads, from its resumption, as it did. Made from a format-13 checkpoint without
     * energy (an epoch boundary): the version set, the trailing read counts (for 11 and 10 the update counts, for 10 the
     * count of energy states) dropped, the checksum anew.
     */
    @Test
    void formats10To12AreReadWithoutWhatTheyLacked() {
        TrainConfig c = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", "
                + "\"trainSamples\": 24, \"testSamples\": 8, \"epochs\": 1, \"energy\": true}", "t");
        TrainTest data = DatasetCatalog.load(c.dataset(), DatasetCatalog.defaultDataDir(), c.trainSamples(), c.testSamples());
        Trainer trainer = new Trainer(c, data);
        trainer.run(m -> { });
        byte[] v13 = trainer.checkpoint().toBytes();
        int reads = 4 + 8 * trainer.checkpoint().readCounts().length; // their length, then each count
        int updates = 4 + 8 * trainer.checkpoint().updateCounts().length;
        for (int version : new int[] {10, 11, 12}) {
            int dropped = reads + (version <= 11 ? updates : 0) + (version == 10 ? 4 : 0);
            byte[] body = java.util.Arrays.copyOf(v13, v13.length - 8 - dropped); // no CRC
            ByteBuffer.wrap(body).putInt(8, version);
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] old = ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
            TrainerCheckpoint read = TrainerCheckpoint.fromBytes(old);
            assertTrue(read.epochEnergy().isEmpty());
            assertEquals(version == 12 ? trainer.checkpoint().updateCounts().length : 0, read.updateCounts().length,
                    "format " + version);
            assertEquals(0, read.readCounts().length, "format " + version);
            assertEquals(trainer.checkpoint().stepsDone(), read.stepsDone());
            Trainer.resume(c, data, read); // zeros for what it lacked
        }
    }
}
