package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/** The news a training run prints: each epoch's figures, and in the fast IR-drop mode its spot checks so far. */
class TrainingRunMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aFastIrDropRunPrintsItsSpotChecksWithEachEpoch() {
        List<String> fast = messages(", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\"", "fast");
        List<String> checks = fast.stream().filter(line -> line.contains("spot checks: read error")).toList();
        assertEquals(2, checks.size(), fast.toString());
        assertTrue(checks.get(1).matches(".*update step error [0-9.]+ % mean, [0-9.]+ % worst .*\\(so far\\)"),
                checks.toString());
        List<String> ideal = messages("", "ideal");
        assertTrue(ideal.stream().noneMatch(line -> line.contains("spot checks")), ideal.toString());
    }

    private List<String> messages(String circuit, String folder) {
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-8-2\", "
                + "\"epochs\": 2, \"trainSamples\": 60, \"testSamples\": 30" + circuit + "}", "test config");
        TrainTest data = DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
        List<String> lines = new ArrayList<>();
        TrainingRun.start(tmp.resolve(folder), config, data).run(new TrainRunFiles(), new TrainingRun.Progress() {
            @Override
            public void message(String line) {
                lines.add(line);
            }
        });
        return lines;
    }

    /** A diverging but finite loss is printed with four significant digits: 3e306 was printed with 307 digits. */
    @Test
    void aHugeLossIsPrintedShort() {
        assertEquals("0.6885", TrainingRun.loss(0.68850588));
        assertEquals("123456.7890", TrainingRun.loss(123456.789));
        assertEquals("3.142e+306", TrainingRun.loss(3.1416e306));
        assertEquals("Infinity", TrainingRun.loss(Double.POSITIVE_INFINITY));
    }
}
