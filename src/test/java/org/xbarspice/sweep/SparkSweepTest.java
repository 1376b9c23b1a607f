package org.xbarspice.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.TrainConfig;

/** A sweep on Spark ({@code local[2]}: the tasks rebuild the sweep from its folder in this JVM) fails as the pool does. */
class SparkSweepTest {
    @TempDir
    Path tmp;

    private static final String BASE = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": "
            + "\"2-8-2\", \"epochs\": 1, \"learningRate\": 0.1, \"trainSamples\": 100, \"testSamples\": 50, \"seed\": 5}",
            "test base").toJson();

    /**
     * The middle point's device preset is gone when the points run. Each Spark task built the whole sweep again,
     * reading every point's config, so every task failed: exit 1 with Spark's stack traces and no point recorded. Now,
     * as in the pool, that point is recorded as failed with the file it misses and the others train to the pool's figures.
     */
    @Test
    void aPointWhoseConfigTheExecutorsCannotReadFailsAloneAsInThePool() throws IOException {
        Path preset = Files.copy(Path.of("device-models/onen-softbounds.json"), tmp.resolve("vanishing.json"));
        List<String> grid = List.of("device=onen-softbounds," + preset + ",idealized");
        Sweep pool = Sweep.create(tmp.resolve("pool"), BASE, Grid.parse(grid), 1, null);
        Sweep spark = Sweep.create(tmp.resolve("spark"), BASE, Grid.parse(grid), 1, null);
        Files.delete(preset);
        List<Sweep.Outcome> byPool = pool.run(new LocalPool(2), o -> { });
        List<Sweep.Outcome> bySpark = spark.run(PointExecutor.spark("local[2]", Map.of()), o -> { });
        assertEquals(3, bySpark.size());
        for (int i : new int[] {0, 2}) {
            assertTrue(bySpark.get(i).succeeded(), bySpark.get(i).failure());
            assertEquals(byPool.get(i).finalTestAccuracy(), bySpark.get(i).finalTestAccuracy(), 0.0);
        }
        assertFalse(bySpark.get(1).succeeded());
        assertTrue(bySpark.get(1).failure().contains("vanishing.json"), bySpark.get(1).failure());
        Path recorded = spark.folder(bySpark.get(1).point()).resolve(Sweep.OUTCOME);
        assertTrue(ResultFiles.json().readTree(recorded.toFile()).path("failure").asText().contains("vanishing.json"),
                "the failed point's outcome is in its folder, as the pool writes it, for --resume to run it again");
    }
}
