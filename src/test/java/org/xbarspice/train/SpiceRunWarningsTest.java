package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * An ngspice run warns on the console after the epoch, as a behavioral run does, of what its summary.json's warnings
 * hold: spiral 2-8-6-2 at an ADC full scale of 0.5 clipped 13.5 % of layer 2's backward outputs in ngspice, and the
 * run printed no word of it (nor of saturated updates or a TIA's clipped outputs), only summary.json said so.
 */
@Tag("ngspice")
class SpiceRunWarningsTest {
    @TempDir
    Path tmp;

    @Test
    void anNgspiceRunPrintsTheWarningsOfItsSummaryAfterTheEpoch() {
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-8-6-2\", "
                + "\"activation\": \"tanh\", \"epochs\": 1, \"seed\": 11, \"outputBound\": 0.5, \"trainSamples\": 20, "
                + "\"testSamples\": 10, \"engine\": \"ngspice\"}", "SpiceRunWarningsTest");
        TrainTest data = DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
        RecordedProgress progress = new RecordedProgress();
        TrainingRun.Result result = TrainingRun.start(tmp.resolve("run"), config, data).run(new TrainRunFiles(), progress);
        List<String> printed = progress.lines;
        List<String> clipWarnings = result.warnings().stream().filter(w -> w.contains("ADC's full scale")).toList();
        assertEquals(false, clipWarnings.isEmpty(), "the run clips: " + result.warnings());
        List<String> warned = printed.stream().filter(line -> line.startsWith("warning: "))
                .map(line -> line.substring("warning: ".length())).toList();
        assertEquals(result.warnings(), warned, printed.toString());
    }
}
