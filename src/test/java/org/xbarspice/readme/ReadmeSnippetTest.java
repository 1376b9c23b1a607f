package org.xbarspice.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ArrayUpdate;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.SpiceReader;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/** The Java snippet of the README compiles, runs and gives what the README says; the README holds exactly this code. */
class ReadmeSnippetTest {
    private static final String START = "// README snippet start";
    private static final String END = "// README snippet end";

    @Test
    @Tag("ngspice")
    void snippetRuns() throws IOException {
        // README snippet start
        // a 32 x 32 crossbar with 1 ohm wire segments, 4 random input vectors, read in ngspice and behaviorally
        CrossbarCircuit circuit = new CrossbarCircuit(32, 32, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase read = ReadCase.draw(circuit, 1e-6, 1e-5, 4, 0.2, 1);
        double[][] behavioral = new BehavioralReader(circuit).read(read.conductances(), read.inputs());
        double[][] spice;
        ArrayUpdate.Result update;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            spice = new SpiceReader(engine, circuit).read(read.conductances(), read.inputs());
            // one stochastic pulse update of a 16 x 16 array with 1 ohm wires, quasi-static ngspice and the behavioral twin
            DevicePreset preset = DevicePresets.load("onen-softbounds");
            UpdateCircuit wired = new UpdateCircuit(16, 16, 1.0, 0, preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
            update = ArrayUpdate.run(new ArrayUpdate.Setup(wired, preset, 0.01, 31, IrDrop.Mode.EXACT, 1),
                    List.of(ArrayUpdate.Engine.QUASI_STATIC, ArrayUpdate.Engine.BEHAVIORAL), engine, name -> { });
        }
        // SHD on 8x8 digits with 5 ohm wires in every read and update, fast IR-drop mode checked against exact solves
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"shd\", \"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\", "
                + "\"epochs\": 1, \"trainSamples\": 500, \"testSamples\": 200, \"irDrop\": true, \"wireOhm\": 5, "
                + "\"irDropMode\": \"fast\", \"irDropCheckEvery\": 100}", "README snippet");
        TrainTest data = DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
        Trainer trainer = new Trainer(config, data); // behavioral tiles (an ngspice config is refused: use TrainingRun below)
        List<EpochMetrics> epochs = trainer.run(epoch -> System.out.println(epoch));
        IrDropCheck check = trainer.irDropCheck();
        // the same run as a folder of result files and a checkpoint, as `train --out DIR` writes it
        Path dir = Files.createTempDirectory("xbarspice-run");
        TrainingRun.Result result = TrainingRun.start(dir, config, data).run(new TrainRunFiles(), TrainingRun.SILENT);
        // README snippet end
        for (int k = 0; k < spice.length; k++) {
            for (int j = 0; j < spice[k].length; j++) {
                // measured at most 4.7e-11 relative, at a current of 1.2e-9 A (2026-12-04); a regression bound
                assertEquals(spice[k][j], behavioral[k][j], 1e-10 * Math.abs(spice[k][j]), "vector " + k + ", column " + j);
            }
        }
        double updateDiff = update.maxAbsDiff().get("quasi-static vs behavioral");
        // measured 1.55e-15 of the weight (2026-12-04); a regression bound
        assertTrue(updateDiff < 5e-15, "update: quasi-static vs behavioral " + updateDiff);
        assertEquals(1, epochs.size());
        assertTrue(check.updates() > 0 && check.reads() > 0, check.toString());
        // measured: worst step error 2.8e-4 of the exact step, 2.5e-4 of the nominal (ideal-wire) step (1.5e-4 and 1.4e-4
        // with lines refreshed at a drift of 1e-3 instead of 3e-3)
        assertTrue(check.maxStepErrorOfNominal() > 0 && check.maxStepErrorOfNominal() < 3e-4, check.toString());
        // same config, same seed: the run in its folder trained exactly as the trainer above
        double saved = ResultFiles.json().readTree(dir.resolve(TrainRunFiles.SUMMARY).toFile()).at("/testAccuracy/0").asDouble();
        assertEquals(epochs.get(0).testAccuracy(), saved, 0.0);
        assertEquals(epochs, result.history());
        assertTrue(result.finished() && result.wroteResults());
        assertEquals(1, TrainingRun.readCheckpoints(dir.resolve(TrainingRun.CHECKPOINT)).size());
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void readmeHoldsTheSnippet() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/xbarspice/readme/ReadmeSnippetTest.java"));
        String snippet = source.substring(source.lastIndexOf(START) + START.length(), source.lastIndexOf(END));
        String code = snippet.substring(0, snippet.lastIndexOf('\n')).lines().skip(1).map(String::strip)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("```java\n");
        assertTrue(at >= 0, "the README has no java block");
        String block = readme.substring(at + 8, readme.indexOf("```", at + 8)).lines().map(String::strip)
                .collect(Collectors.joining("\n"));
        assertEquals(code, block.strip());
    }
}
