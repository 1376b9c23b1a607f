package org.xbarspice.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.RunFolderLock;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;

/** A sweep runs every point as a training run of its engine, repeats with derived seeds, survives failures and resumes. */
class SweepTest {
    @TempDir
    Path tmp;

    private static final String BASE = "{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-8-2\", \"epochs\": 2, "
            + "\"learningRate\": 0.1, \"trainSamples\": 200, \"testSamples\": 100, \"seed\": 5}";

    private static String base() {
        return TrainConfig.parse(BASE, "test base").toJson();
    }

    /**
     * The plot's axis says that it cuts a bar reaching past 0 or 100 % (the 95 % interval of two runs is 12.7 standard
     * deviations wide: 91 % +- 12.7 % reached 103.7 %), and says nothing of a cut where none is.
     */
    @Test
    void thePlotSaysWhereItCutsAnErrorBar() {
        double[] x = {1, 2};
        Plots.Series inside = new Plots.Series("a", x, new double[] {50, 60}, true, new double[] {5, 10});
        Plots.Series past = new Plots.Series("b", x, new double[] {50, 91}, true, new double[] {5, 12.7});
        assertEquals("test accuracy [%], bars: 95 % interval of the mean", SweepReport.accuracyLabel(List.of(inside)));
        assertEquals("test accuracy [%], bars: 95 % interval of the mean (cut at 0 and 100 %)",
                SweepReport.accuracyLabel(List.of(inside, past)));
        assertEquals("test accuracy [%]", SweepReport.accuracyLabel(List.of(new Plots.Series("c", x, x, true))));
    }

    /**
     * The plot names the combinations without a successful run and those with fewer runs than the sweep repeats: a
     * point whose runs had all failed was a gap without a word (a sweep of learning rates up to 1e308 whose largest
     * diverged drew its points at the left end of an axis to 1e308), and one run of two a point without an error bar,
     * which read as one without spread.
     */
    @Test
    void thePlotNamesTheCombinationsThatFailed() {
        Grid grid = Grid.parse(List.of("tau=1,2,4"));
        List<SweepReport.Combination> combinations = List.of(
                new SweepReport.Combination(java.util.Map.of("tau", "1"), 2, 0.5, 0.01, 0.09),
                new SweepReport.Combination(java.util.Map.of("tau", "2"), 1, 0.6, null, null),
                new SweepReport.Combination(java.util.Map.of("tau", "4"), 0, null, null, null));
        assertEquals("Final test accuracy against tau (points: 1, 2, 4) (failed: tau=4) (fewer than 2 runs: tau=2)",
                SweepReport.plotTitle(grid, 2, combinations));
        assertEquals("Final test accuracy against tau (points: 1, 2, 4)",
                SweepReport.plotTitle(grid, 1, combinations.subList(0, 2)));
        // names past the plot's width: their numbers, and where to find them
        Grid wide = Grid.parse(List.of("learningRate=0.001,0.01,0.1,1,10,100,1000", "tau=0.75,1.5"));
        List<SweepReport.Combination> failing = new java.util.ArrayList<>();
        for (String tau : List.of("0.75", "1.5")) {
            for (String lr : List.of("0.001", "0.01", "0.1", "1", "10", "100", "1000")) {
                failing.add(new SweepReport.Combination(java.util.Map.of("tau", tau, "learningRate", lr), 0, null, null,
                        null));
            }
        }
        assertEquals("Final test accuracy against tau (points: 0.75, 1.5) (14 failed: sweep.csv)",
                SweepReport.plotTitle(wide, 2, failing));
    }

    /**
     * The plot's x axis leaves out the values at its ends where every run failed (the title names them): a failed
     * learning rate of 1e308 stretched the axis to 1e308 and pressed the others against its left end. A failed value
     * between two others stays a gap in the line.
     */
    @Test
    void theAxisLeavesOutTheFailedValuesAtItsEnds() {
        double[] x = {0.01, 0.1, 1, 1e308};
        List<Plots.Series> shown = SweepReport.withoutFailedEnds(List.of(
                new Plots.Series("a", x, new double[] {50, Double.NaN, 60, Double.NaN}, true, new double[] {1, 0, 2, 0}),
                new Plots.Series("b", x, new double[] {Double.NaN, 55, Double.NaN, Double.NaN}, true, new double[4])));
        assertEquals(List.of(0.01, 0.1, 1.0), java.util.Arrays.stream(shown.get(0).x()).boxed().toList());
        assertEquals(List.of(50.0, Double.NaN, 60.0), java.util.Arrays.stream(shown.get(0).y()).boxed().toList());
        assertEquals(List.of(1.0, 0.0, 2.0), java.util.Arrays.stream(shown.get(0).errorBars()).boxed().toList());
        assertEquals(3, shown.get(1).x().length);
        List<Plots.Series> none = List.of(new Plots.Series("c", x, new double[] {Double.NaN, Double.NaN, Double.NaN,
            Double.NaN}, true, new double[4]));
        assertEquals(none, SweepReport.withoutFailedEnds(none), "nothing ran: the axis as it was");
    }

    /**
     * Presets named by a relative path, in the grid or the base, are kept absolute in the spec, as the command kept
     * them: from Java they stayed relative, so that a resume from another folder (or a Spark executor started
     * elsewhere) did not find them.
     */
    @Test
    void relativePresetPathsAreKeptAbsolute() throws IOException {
        String relative = "device-models/onen-softbounds.json";
        String base = BASE.replace("}", ", \"device\": \"" + relative + "\"}");
        Sweep sweep = Sweep.create(tmp.resolve("s"), base, Grid.parse(List.of("device=idealized," + relative)), 1, null);
        String absolute = Path.of(relative).toAbsolutePath().normalize().toString();
        assertEquals(List.of("idealized", absolute), sweep.grid().axes().get("device"));
        sweep.run(new LocalPool(2), o -> { });
        JsonNode spec = ResultFiles.json().readTree(tmp.resolve("s").resolve(Sweep.SPEC).toFile());
        assertEquals(absolute, spec.at("/base/device").asText());
        assertEquals(absolute, spec.at("/grid/device/1").asText());
    }

    @Test
    void everyPointIsTheTrainingRunOfItsConfigAndRepeatsUseSeedsFromTheBase() throws IOException {
        Sweep sweep = Sweep.create(tmp.resolve("s"), base(), Grid.parse(List.of("tau=Infinity,1")), 2, null);
        List<Sweep.Outcome> outcomes = sweep.run(new LocalPool(2), o -> { });
        assertEquals(4, outcomes.size());
        assertEquals(List.of(5L, 6L, 5L, 6L), outcomes.stream().map(o -> o.point().config().seed()).toList());
        assertEquals(List.of(1, 1, 1, 1), outcomes.stream().map(o -> o.point().config().threads()).toList(),
                "the points run in parallel: each on one thread unless the base config says otherwise");
        // each point trained exactly as the same config run on its own
        for (Sweep.Outcome o : outcomes) {
            TrainConfig c = o.point().config();
            TrainTest data = DatasetCatalog.load(c.dataset(), DatasetCatalog.defaultDataDir(), c.trainSamples(), c.testSamples());
            Path alone = tmp.resolve("alone-" + o.point().folder());
            TrainingRun.start(alone, c, data).run(new TrainRunFiles(), TrainingRun.SILENT);
            JsonNode summary = ResultFiles.json().readTree(alone.resolve(TrainRunFiles.SUMMARY).toFile());
            assertEquals(summary.at("/testAccuracy/1").asDouble(), o.finalTestAccuracy(), 0.0, o.point().toString());
        }
        SweepReport.Combination first = SweepReport.combinations(outcomes).get(0);
        double a = outcomes.get(0).finalTestAccuracy();
        double b = outcomes.get(1).finalTestAccuracy();
        assertEquals((a + b) / 2, first.mean(), 1e-15);
        assertEquals(Math.abs(a - b) / Math.sqrt(2), first.std(), 1e-12);
        // t(0.975, 1) = 12.706: the 95 % interval of two seeds
        assertEquals(12.7062 * first.std() / Math.sqrt(2), first.ci95(), 1e-3 * first.ci95() + 1e-12);
        SweepReport.write(sweep.dir(), sweep.grid(), sweep.repeat(), outcomes);
        List<String> csv = Files.readAllLines(sweep.dir().resolve("sweep.csv"));
        assertEquals("tau,replica,seed,testAccuracyEpoch1,testAccuracyEpoch2,finalTestAccuracy,seconds", csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(Files.size(sweep.dir().resolve("sweep.png")) > 1000);
    }

    @Test
    void aFailingPointIsRecordedAndTheOthersCompleteThenResumeRunsOnlyWhatIsMissing() throws IOException {
        // the middle point's device preset is gone when it runs (a run-time failure): it fails twice, the others train
        Path preset = Files.copy(Path.of("device-models/onen-softbounds.json"), tmp.resolve("vanishing.json"));
        Path dir = tmp.resolve("s");
        Sweep sweep = Sweep.create(dir, base(), Grid.parse(List.of("device=onen-softbounds," + preset + ",idealized")), 1, null);
        Files.delete(preset);
        List<Sweep.Outcome> outcomes = sweep.run(new LocalPool(2), o -> { });
        assertTrue(outcomes.get(0).succeeded() && outcomes.get(2).succeeded());
        assertFalse(outcomes.get(1).succeeded());
        assertTrue(outcomes.get(1).failure().contains("vanishing.json"), outcomes.get(1).failure());
        // a resume while the preset is still gone says to restore it (a fuzz met the point's message alone)
        String missing = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
        assertTrue(missing.endsWith("; the sweep ran with " + preset + ", which no longer exists: restore it at that path "
                + "and resume again"), missing);
        // resume: the done points are not trained again (their folders are untouched), the failed one is tried again
        Path donePoint = sweep.folder(outcomes.get(0).point()).resolve(TrainRunFiles.SUMMARY);
        long before = Files.getLastModifiedTime(donePoint).toMillis();
        Files.copy(Path.of("device-models/onen-softbounds.json"), preset);
        List<Sweep.Outcome> again = Sweep.resume(dir, null).run(new LocalPool(1), o -> { });
        assertEquals(before, Files.getLastModifiedTime(donePoint).toMillis(), "a done point ran again");
        assertEquals(outcomes.get(0).finalTestAccuracy(), again.get(0).finalTestAccuracy(), 0.0);
        assertTrue(again.get(1).succeeded(), "with its preset back, the failed point trains: " + again.get(1).failure());
        SweepReport.write(dir, sweep.grid(), 1, outcomes);
        // the seed of every run, without repeats too (the file had no seed to reproduce a run with)
        List<String> rows = Files.readAllLines(dir.resolve("sweep.csv"));
        assertTrue(rows.get(0).startsWith("device,seed,testAccuracyEpoch1,") && rows.get(0).endsWith(",failure"), rows.get(0));
        assertTrue(rows.get(1).startsWith("onen-softbounds," + outcomes.get(0).point().config().seed() + ","), rows.get(1));
        // no statistics without runs, no spread of one run: null, never a bare NaN (not JSON) or a made-up 0
        String json = Files.readString(dir.resolve("sweep.json"));
        assertFalse(json.contains("NaN"), json);
        JsonNode failed = ResultFiles.json().readTree(json).at("/combinations/1");
        assertEquals(0, failed.path("runs").asInt());
        assertTrue(failed.path("mean").isNull() && failed.path("std").isNull() && failed.path("ci95").isNull(), json);
        JsonNode single = ResultFiles.json().readTree(json).at("/combinations/0");
        assertTrue(single.path("mean").isNumber() && single.path("std").isNull() && single.path("ci95").isNull(), json);
    }

    /**
     * A resume reads the spec as strictly as a config and refuses one edited after its points ran: a finished point was
     * reported under the edited value, a duplicated key chose the data set, an empty grid rewrote the report without rows.
     */
    @Test
    void aSpecEditedAfterItsPointsRanIsRefusedOnResume() throws IOException {
        Path dir = tmp.resolve("s");
        Sweep.create(dir, base(), Grid.parse(List.of("learningRate=0.1,0.3")), 1, null).run(new LocalPool(2), o -> { });
        Path spec = dir.resolve("sweep-spec.json");
        String written = Files.readString(spec);
        assertEquals(2, Sweep.resume(dir, null).run(new LocalPool(1), o -> { }).size(), "the spec as written resumes");
        Files.writeString(spec, written.replace("[ \"0.1\"", "[ \"0.5\""));
        String edited = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
        assertTrue(edited.contains("gives point 000 {learningRate=0.5} another config than it ran with (learningRate: 0.1 "
                + "-> 0.5)"), edited);
        Files.writeString(spec, written.replace("\"base\" : {", "\"base\" : { \"dataset\" : \"mnist\","));
        String twice = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
        assertTrue(twice.contains("malformed JSON") && twice.contains("dataset"), twice);
        Files.writeString(spec, written.replaceAll("(?s)\"learningRate\" : \\[.*?\\]", "\"learningRate\" : [ ]"));
        String empty = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
        assertTrue(empty.contains("grid key learningRate = []"), empty);
        Files.writeString(spec, written.replace("\"repeat\" : 1", "\"repeat\" : 1.7"));
        String repeat = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
        assertTrue(repeat.contains("is not a sweep spec"), repeat);
    }

    /**
     * A point whose checkpoint cannot be resumed says to remove it: the failure said to resume from a run xbarspice
     * wrote and the sweep to retry with --resume, which met the same checkpoint again every time.
     */
    @Test
    void aPointWhoseCheckpointCannotBeResumedSaysToRemoveIt() throws IOException {
        Path dir = tmp.resolve("s");
        Sweep.create(dir, base(), Grid.parse(List.of("learningRate=0.1,0.3")), 1, null).run(new LocalPool(2), o -> { });
        Path point = dir.resolve("points").resolve("000");
        Files.delete(point.resolve("outcome.json"));
        Files.write(point.resolve("checkpoint.bin"), new byte[] {1, 2, 3, 4});
        Sweep.Outcome failed = Sweep.resume(dir, null).run(new LocalPool(1), o -> { }).get(0);
        assertFalse(failed.succeeded());
        assertTrue(failed.failure().contains("remove " + point.resolve("checkpoint.bin") + " and run sweep --resume " + dir
                + " again: the point then starts over"), failed.failure());
        assertFalse(failed.failure().contains("Exception"), "a refusal's message without its class: " + failed.failure());
    }

    /**
     * A key the spec leaves out is not compared: its point ran with the default of its day, which a later version may
     * change (here a point's recorded outputNoise, as if the default had been 0.07), and the resume goes on.
     */
    @Test
    void aDefaultOfAnotherDayDoesNotStopAResume() throws IOException {
        Path dir = tmp.resolve("s");
        String base = "{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-8-2\", \"epochs\": 1, "
                + "\"trainSamples\": 40, \"testSamples\": 20}";
        Sweep.create(dir, base, Grid.parse(List.of("learningRate=0.1,0.3")), 1, null).run(new LocalPool(2), o -> { });
        Path recorded = dir.resolve("points").resolve("000").resolve("config.json");
        String config = Files.readString(recorded);
        assertTrue(config.contains("\"outputNoise\" : 0.06"), config);
        Files.writeString(recorded, config.replace("\"outputNoise\" : 0.06", "\"outputNoise\" : 0.07"));
        assertEquals(2, Sweep.resume(dir, null).run(new LocalPool(1), o -> { }).size());
    }

    @Test
    void aModelThatDoesNotFitItsDataIsRefusedBeforeAnythingRuns() {
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("layers=2-8-2,3-8-2")), 1, null)).getMessage();
        assertTrue(message.contains("3"), message);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    /**
     * A point whose model does not fit its data is named, and the fix fits a sweep: the message pointed at no point and
     * advised {@code --model 2-8-2 on the command line}, which the sweep refuses beside {@code --grid layers}, and with
     * {@code --grid dataset=spiral,mnist-8x8} a model that no point of the grid could share.
     */
    @Test
    void aPointWhoseModelDoesNotFitItsDataIsNamedWithASweepsFix() {
        String layers = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("layers=2-8-2,2-8-3")), 1, null)).getMessage();
        assertTrue(layers.startsWith("sweep point {layers=2-8-3}: layers = '2-8-3': the output size 3"), layers);
        assertTrue(layers.contains("give --grid layers only models that fit the data"), layers);
        String datasets = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("dataset=spiral,mnist-8x8")), 1, null)).getMessage();
        assertTrue(datasets.startsWith("sweep point {dataset=mnist-8x8}: layers = '2-8-2': the input size 2"), datasets);
        assertTrue(datasets.contains("run data sets of other sizes in sweeps of their own"), datasets);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    /** A steps limit within the first epoch left every point without an epoch to compare, each tried twice: refused. */
    @Test
    void aStepsLimitWithinTheFirstEpochIsRefused() throws IOException {
        String base = ((com.fasterxml.jackson.databind.node.ObjectNode) ResultFiles.json().readTree(base())).put("steps", 3).toString();
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base,
                Grid.parse(List.of("tau=Infinity,1")), 1, null)).getMessage();
        assertTrue(message.contains("steps = 3 stops its runs within their first epoch of "), message);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    /**
     * A steps limit within a later epoch: an ngspice point reported its accuracy where it stopped as its final one, the
     * sweep its last whole epoch's (0.40 against 0.60 under one name); refused, naming a limit that ends an epoch.
     */
    @Test
    void aStepsLimitWithinALaterEpochIsRefused() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) ResultFiles.json().readTree(base());
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"),
                config.put("steps", 250).toString(), Grid.parse(List.of("tau=Infinity,1")), 1, null)).getMessage();
        assertTrue(message.contains("steps = 250 stops its runs within epoch 2 (200 steps an epoch)")
                && message.contains("a multiple of 200 (e.g. 200)"), message);
        assertFalse(Files.exists(tmp.resolve("x")));
        Sweep.create(tmp.resolve("y"), config.put("steps", 200).toString(), Grid.parse(List.of("tau=Infinity,1")), 1, null);
    }

    /** A second sweep into the folder of a first would leave the first one's points beside its own: refused. */
    @Test
    void aFolderHoldingASweepIsRefused() throws IOException {
        Path dir = tmp.resolve("s");
        Sweep.create(dir, base(), Grid.parse(List.of("tau=Infinity,1")), 1, null).run(new LocalPool(2), o -> { });
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(dir, base(),
                Grid.parse(List.of("learningRate=0.1")), 1, null)).getMessage();
        assertTrue(message.contains("holds a sweep already") && message.contains("--resume " + dir), message);
        // a training run's folder too: the sweep's files landed among the run's
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), base());
        String training = assertThrows(InvalidInputException.class, () -> Sweep.create(run, base(),
                Grid.parse(List.of("learningRate=0.1")), 1, null)).getMessage();
        assertTrue(training.contains("holds a training run (config.json)"), training);
    }

    /**
     * A sweep held by a run is refused at once to a second one, resumed or new, and keeps its files; before, both ran the
     * points side by side, each failing on the other's point locks, and the report called finished points failed.
     */
    @Test
    void aSweepHeldByARunIsRefusedToASecond() throws IOException {
        Path dir = tmp.resolve("s");
        Sweep first = Sweep.create(dir, base(), Grid.parse(List.of("tau=Infinity,1")), 1, null);
        try (RunFolderLock held = RunFolderLock.take(dir)) { // as the first run holds it while its points train
            Files.writeString(dir.resolve(Sweep.SPEC), "{}");
            String resumed = assertThrows(InvalidInputException.class, () -> Sweep.resume(dir, null)).getMessage();
            assertTrue(resumed.contains("another run is using " + dir), "refused before the spec is read: " + resumed);
            String message = assertThrows(InvalidInputException.class, () -> first.run(new LocalPool(1), o -> { })).getMessage();
            assertTrue(message.contains("another run is using " + dir), message);
            assertEquals("{}", Files.readString(dir.resolve(Sweep.SPEC)), "the refused run changed the holder's files");
            assertFalse(Files.exists(dir.resolve("points")));
        }
        Files.delete(dir.resolve(Sweep.SPEC));
        assertEquals(2, first.run(new LocalPool(1), o -> { }).size()); // released: the sweep runs
    }

    /** A point with engine ngspice trains in ngspice (the sweep used to build behavioral tiles whatever the engine). */
    @Test
    @Tag("ngspice")
    void aPointTrainsWithTheEngineOfItsConfig() throws IOException {
        String spice = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", "
                + "\"epochs\": 1, \"trainSamples\": 12, \"testSamples\": 10, \"engine\": \"ngspice\"}", "test").toJson();
        Sweep sweep = Sweep.create(tmp.resolve("s"), spice, Grid.parse(List.of("learningRate=0.1")), 1, null);
        Sweep.Outcome o = sweep.run(new LocalPool(1), x -> { }).get(0);
        assertTrue(o.succeeded(), o.failure());
        JsonNode summary = ResultFiles.json().readTree(sweep.folder(o.point()).resolve(TrainRunFiles.SUMMARY).toFile());
        assertEquals("ngspice", summary.path("engine").asText());
        assertTrue(summary.path("engineSecondsAllInstances").asDouble() > 0, summary.toString());
        // the sweep's time is the run's as its summary records it (it added the final files' writing and test before)
        assertEquals(summary.path("trainSeconds").asDouble(), o.seconds(), 1e-9 * o.seconds(), summary.toString());
    }

    /** A key inside an object key of the config is sweepable as OBJECT.KEY; the object's other keys stay the base's. */
    @Test
    void nestedKeysOfTheConfigAreSwept() {
        String ttv2 = TrainConfig.parse(BASE.replace("\"sgd\"", "\"ttv2\"").replace("}", ", \"transferBuffer\": "
                + "{\"transferBl\": 3}}"), "ttv2").toJson();
        Sweep sweep = Sweep.create(tmp.resolve("s"), ttv2, Grid.parse(List.of("transferBuffer.momentum=0.2,0.3")), 1, null);
        assertEquals(List.of(0.2, 0.3), sweep.allPoints().stream().map(p -> p.config().transferBuffer().momentum()).toList());
        assertEquals(List.of(3, 3), sweep.allPoints().stream().map(p -> p.config().transferBuffer().transferBl()).toList());
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), ttv2,
                Grid.parse(List.of("transferBuffer.nosuch=1")), 1, null)).getMessage();
        assertTrue(message.contains("transferBuffer.nosuch is not a known key"), message);
        message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), ttv2,
                Grid.parse(List.of("seed.x=1")), 1, null)).getMessage();
        assertTrue(message.contains("seed = 5 is not an object"), message);
    }

    /** A grid value that would change nothing in its point's run is refused, naming the point and the key. */
    @Test
    void gridValuesWithoutEffectInTheirRunAreRefused() {
        String message = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("irDrop=true,false", "wireOhm=2")), 1, null)).getMessage();
        assertTrue(message.startsWith("sweep point {irDrop=false, wireOhm=2}: wireOhm = 2 has no effect without --ir-drop"),
                message);
        // the way to compare ideal wires with these, as the grid varies irDrop already (it was told to add --ir-drop)
        assertTrue(message.endsWith("; to compare ideal wires with these, give --ir-drop and --grid wireOhm=0,2 instead of "
                + "--grid irDrop (its point at 0 ohm is ideal wires)"), message);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    /** {@code n} distinct values 1..n, comma-separated. */
    private static String values(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * A new sweep refuses a folder with another study's report files, which it would replace (README: commands that
     * write sets of files refuse to replace an earlier set); a damaged outcome of a point names its file.
     */
    @Test
    void aNewSweepKeepsAnotherStudysReportAndADamagedOutcomeIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("held"));
        Files.writeString(dir.resolve("sweep.csv"), "x\n");
        String held = assertThrows(InvalidInputException.class, () -> Sweep.create(dir, base(),
                Grid.parse(List.of("learningRate=0.1,0.3")), 1, null)).getMessage();
        assertTrue(held.contains("holds sweep.csv already"), held);
        assertEquals("x\n", Files.readString(dir.resolve("sweep.csv")));
        Path done = tmp.resolve("done");
        Sweep.create(done, base(), Grid.parse(List.of("learningRate=0.1,0.3")), 1, null).run(new LocalPool(2), o -> { });
        Path outcome = done.resolve("points/000/outcome.json");
        Files.writeString(outcome, "");
        String damaged = assertThrows(InvalidInputException.class, () -> Sweep.resume(done, null).run(new LocalPool(1),
                o -> { })).getMessage();
        assertTrue(damaged.contains(outcome + " is damaged (not a JSON object but nothing)"), damaged);
    }

    @Test
    void gridMistakesAreRefused() {
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("tau=1", "tau=2"))).getMessage()
                .contains("given twice"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("tau=1,,2"))).getMessage()
                .contains("empty value"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("tau=1,1"))).getMessage()
                .contains("repeats a value"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("tau=1.0,1"))).getMessage()
                .contains("repeats a value")); // one number spelled twice ran the same point twice
        assertEquals(2, Grid.parse(List.of("algorithm=sgd,shd")).points().size());
        // one value spelled two ways: the same run twice, which the grid's spelling check let through
        assertTrue(assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("algorithm=sgd,SGD")), 1, null)).getMessage().contains("are the same run"));
        // the same results on any number of threads: every point ran again for the same rows
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("threads=1,2"))).getMessage()
                .contains("--grid threads changes no result"));
        // an object key and one of its keys: the object's values replaced the key's in every point, reported as the key's
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("variability.dwMinStd=0.3,0.5",
                "variability={\"dwMinStd\":0}"))).getMessage().contains("set the same key"));
        // null is the default, which another value may spell: every point ran twice
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("learningRate=null,0.1")))
                .getMessage().contains("has the value null"));
        // a grid too large to build: a million points started, a hundred million hung building their configs
        assertTrue(assertThrows(InvalidInputException.class, () -> Grid.parse(List.of("lr=" + values(100),
                "tau=" + values(100), "seed=" + values(100)))).getMessage().contains("more than 100000 combinations"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("learningRate=" + values(200))), 1000, null)).getMessage()
                .contains("would run 200000 trainings"));
        // a value of two words is text, which a number key refuses: it ran as its first word, 0.1, labelled "0.1 0.2"
        String twoWords = assertThrows(InvalidInputException.class, () -> Sweep.create(tmp.resolve("x"), base(),
                Grid.parse(List.of("learningRate=0.1 0.2,0.3")), 1, null)).getMessage();
        assertTrue(twoWords.contains("learningRate") && twoWords.contains("0.1 0.2"), twoWords);
        assertTrue(assertThrows(InvalidInputException.class,
                () -> Sweep.create(tmp.resolve("x"), base(), Grid.parse(List.of("seed=1,2")), 3, null)).getMessage()
                .contains("--repeat"));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void sweepsOfOneKeyAreComparedSideBySideAndOthersAreRefused() throws IOException {
        String shd = TrainConfig.parse(BASE.replace("\"sgd\"", "\"shd\"").replace("\"epochs\": 2", "\"epochs\": 1"), "shd").toJson();
        String agad = TrainConfig.parse(BASE.replace("\"sgd\"", "\"agad\"").replace("\"epochs\": 2", "\"epochs\": 1"), "agad").toJson();
        Path a = tmp.resolve("shd");
        Path b = tmp.resolve("agad");
        for (Path dir : List.of(a, b)) {
            // the second spells the values otherwise: they were compared on separate rows
            Sweep sweep = Sweep.create(dir, dir == a ? shd : agad, Grid.parse(List.of(dir == a ? "referenceOffsetStd=0,0.3"
                    : "referenceOffsetStd=0.0,0.30")), 1, null);
            SweepReport.write(dir, sweep.grid(), 1, sweep.run(new LocalPool(2), o -> { }));
        }
        assertEquals(new SweepReport.Comparison("referenceOffsetStd", List.of()), SweepReport.compare(List.of(a, b), tmp));
        List<String> rows = Files.readAllLines(tmp.resolve("compare.csv"));
        assertEquals("referenceOffsetStd,shd,ci95_shd,agad,ci95_agad", rows.get(0));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).matches("0,\\d\\.\\d{4},,\\d\\.\\d{4},"), "one run per point: no interval, " + rows.get(1));
        JsonNode combinations = ResultFiles.json().readTree(b.resolve("sweep.json").toFile()).path("combinations");
        assertTrue(rows.get(2).startsWith("0.3,") && rows.get(2).contains(String.format(java.util.Locale.ROOT, ",%.4f,",
                combinations.get(1).path("mean").asDouble())), rows.get(2));
        assertTrue(Files.size(tmp.resolve("compare.png")) > 1000);
        Path other = tmp.resolve("tau");
        Sweep sweep = Sweep.create(other, base(), Grid.parse(List.of("tau=Infinity,1")), 1, null);
        SweepReport.write(other, sweep.grid(), 1, sweep.run(new LocalPool(2), o -> { }));
        Path refused = tmp.resolve("refused");
        String message = assertThrows(InvalidInputException.class, () -> SweepReport.compare(List.of(a, other), refused))
                .getMessage();
        assertTrue(message.contains("tau") && message.contains("referenceOffsetStd"), message);
        message = assertThrows(InvalidInputException.class, () -> SweepReport.compare(List.of(a, tmp.resolve("none")), refused))
                .getMessage();
        assertTrue(message.contains("none"), message);
        Path two = tmp.resolve("two");
        Sweep twoKeys = Sweep.create(two, base(), Grid.parse(List.of("tau=Infinity,1", "seed=1,2")), 1, null);
        SweepReport.write(two, twoKeys.grid(), 1, twoKeys.run(new LocalPool(2), o -> { }));
        message = assertThrows(InvalidInputException.class, () -> SweepReport.compare(List.of(a, two), refused)).getMessage();
        assertTrue(message.contains("has the grid keys tau, seed: --compare takes sweeps of one grid key each"), message);
    }

    /**
     * A comparison does not replace an earlier one's files, names an unfinished sweep as such, and warns of values
     * compared over fewer runs than their sweep's repeat (all three exited 0 silently, or said "check the path").
     */
    @Test
    void comparisonsKeepEarlierOnesAndSayWhatTheyCompare() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        for (Path dir : List.of(a, b)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sweep.json"), "{\"repeat\": 2, \"combinations\": [{\"values\": {\"tau\": \"1\"}, "
                    + "\"runs\": " + (dir == a ? 1 : 2) + ", \"mean\": 0.5, \"std\": null, \"ci95\": null}]}");
        }
        Path out = tmp.resolve("out");
        SweepReport.Comparison comparison = SweepReport.compare(List.of(a, b), out);
        assertEquals(List.of("sweep '" + a + "' has 1 of 2 runs at tau = 1 (the others failed: sweep --resume " + a
                + " retries them); compared as it is"), comparison.warnings());
        String again = assertThrows(InvalidInputException.class, () -> SweepReport.compare(List.of(a, b), out)).getMessage();
        assertTrue(again.contains("holds compare.csv and compare.png of an earlier comparison"), again);
        Path unfinished = tmp.resolve("unfinished");
        Files.createDirectories(unfinished);
        Files.writeString(unfinished.resolve(Sweep.SPEC), "{}");
        String message = assertThrows(InvalidInputException.class, () -> SweepReport.compare(List.of(a, unfinished),
                tmp.resolve("out2"))).getMessage();
        assertTrue(message.contains("is not finished (no sweep.json): complete it with sweep --resume " + unfinished), message);
    }
}
