package org.xbarspice.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.sweep.LocalPool;
import org.xbarspice.sweep.PointExecutor;

/** A design study on Spark ({@code local[2]}: executors in this JVM) gives the pool's results and writes its netlists. */
class DesignSparkTest {
    @TempDir
    Path tmp;

    @Test
    void sparkGivesThePoolsResults() throws IOException {
        DesignStudy study = DesignStudy.create(DesignStudyTest.grid("size", "4,8x6", "wireOhm", "0,2", "device",
                "gokmen-vlasov"), DesignSettings.defaults().withNetlists(tmp.resolve("netlists")));
        String pool = new DesignReport(study, study.run(new LocalPool(2), r -> { })).csv();
        List<DesignResult> told = new CopyOnWriteArrayList<>();
        PointExecutor spark = PointExecutor.spark("local[2]", Map.of());
        assertEquals("org.xbarspice.sweep.SparkExecutor", spark.getClass().getName());
        List<DesignResult> results = study.run(spark, told::add);
        assertEquals(pool, new DesignReport(study, results).csv());
        assertEquals(4, told.size());
        try (Stream<Path> files = Files.list(tmp.resolve("netlists"))) {
            assertEquals(8, files.count());
        }
        assertTrue(results.stream().allMatch(r -> r.readSeconds() > 0), "the timings travel back too");
    }

    /**
     * The executors read the study's preset files again: one they cannot read (gone, or on a path the workers do not
     * see) failed the Spark job with its stack traces and no point recorded. Now the recipe carries the presets as the
     * study read them, and Spark measures what the pool measures.
     */
    @Test
    void aPresetFileTheExecutorsCannotReadIsMeasuredAsThePoolMeasuresIt() throws IOException {
        Path preset = Files.copy(Path.of("device-models/onen-softbounds.json"), tmp.resolve("vanishing.json"));
        DesignStudy study = DesignStudy.create(DesignStudyTest.grid("size", "4", "device", preset.toString()),
                DesignSettings.defaults());
        Files.delete(preset);
        String pool = new DesignReport(study, study.run(new LocalPool(1), r -> { })).csv();
        List<DesignResult> results = study.run(PointExecutor.spark("local[2]", Map.of()), r -> { });
        assertTrue(results.get(0).failure() == null, results.get(0).failure());
        assertEquals(pool, new DesignReport(study, results).csv());
    }
}
