package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.TrainerCheckpoint;
import org.xbarspice.train.TrainingRun;

/** `xbarspice train --engine ngspice|both`: result files, and a run killed with SIGKILL resumes losing nothing. */
@Tag("ngspice")
class SpiceTrainCommandTest {
    @TempDir
    Path tmp;

    private static final List<String> RUN = List.of("train", "--data", "spiral", "--model", "2-16-2", "--algorithm", "shd",
            "--lr", "0.1", "--test-samples", "100", "--seed", "2", "--checkpoint-every", "10", "--engine", "both");

    private static List<String> args(String... extra) {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of(extra));
        return args;
    }

    private static List<TrainerCheckpoint> checkpoints(Path dir) throws IOException {
        return TrainingRun.readCheckpoints(dir.resolve(TrainingRun.CHECKPOINT));
    }

    /** A c-TTv2 lockstep run compares the twins' transfer buffers (summary.json's finalBufferMaxDiff); they were not. */
    @Test
    void theTwinsTransferBuffersAreCompared() throws IOException {
        Path out = tmp.resolve("buffers");
        List<String> run = List.of("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "c-ttv2", "--train-samples",
                "20", "--test-samples", "10", "--engine", "both", "--out", out.toString());
        assertEquals(0, Main.commandLine().execute(run.toArray(String[]::new)));
        JsonNode buffers = ResultFiles.json().readTree(out.resolve("summary.json").toFile()).get("finalBufferMaxDiff");
        assertEquals(2, buffers.size(), String.valueOf(buffers));
        for (JsonNode layer : buffers) {
            // measured 0.0 in both layers (20 steps, 2026-12-04; LockstepTest's 150 steps reach 1e-14); a regression bound
            assertTrue(layer.asDouble() <= 1e-15, "buffers apart by " + layer);
        }
    }

    /**
     * The behavioral twin of an engine-both run in the fast IR-drop mode reports its spot checks (metrics.csv's check
     * columns, summary.json's twinIrDropCheck, a line after each epoch): it ran the approximate mode unchecked in every
     * file, against the README's word that no fast figure goes unverified.
     */
    @Test
    void theTwinsSpotChecksAreReported() throws IOException {
        Path out = tmp.resolve("twin");
        List<String> run = List.of("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--train-samples",
                "20", "--test-samples", "10", "--engine", "both", "--ir-drop", "--wire-r", "5", "--ir-drop-mode", "fast",
                "--epochs", "2", "--out", out.toString());
        assertEquals(0, Main.commandLine().execute(run.toArray(String[]::new)));
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).contains(",readChecks,maxReadError,"), metrics.get(0));
        JsonNode check = ResultFiles.json().readTree(out.resolve("summary.json").toFile()).get("twinIrDropCheck");
        assertTrue(check != null && check.get("updates").asLong() > 0 && check.get("reads").asLong() > 0, String.valueOf(check));
        // measured on this run: the fast twin's worst step 2.4e-8 of the exact one's, its reads 5.8e-12 of full scale
        assertTrue(check.get("maxStepError").asDouble() < 1e-7, check.toString());
        assertTrue(check.get("maxReadError").asDouble() < 3e-11, check.toString());
    }

    /**
     * Counting energy changes no weight of a quasi-static ngspice run: its sweep solves the active slots first, as the
     * uncounted one does, and the slots in which nothing moves after them (interleaved, 15 of 22 weights differed by
     * up to 2.2e-16: ngspice starts each point of a sweep from the one before).
     */
    @Test
    void countingEnergyChangesNoWeightOfAQuasiStaticNgspiceRun() throws IOException {
        List<String> run = List.of("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--train-samples",
                "40", "--test-samples", "10", "--batch", "4", "--seed", "7", "--engine", "ngspice", "--out");
        List<String> counted = new ArrayList<>(run);
        counted.add(tmp.resolve("on").toString());
        counted.add("--energy");
        List<String> plain = new ArrayList<>(run);
        plain.add(tmp.resolve("off").toString());
        assertEquals(0, Main.commandLine().execute(counted.toArray(String[]::new)));
        assertEquals(0, Main.commandLine().execute(plain.toArray(String[]::new)));
        List<TrainerCheckpoint.TileState> on = checkpoints(tmp.resolve("on")).get(0).tiles();
        List<TrainerCheckpoint.TileState> off = checkpoints(tmp.resolve("off")).get(0).tiles();
        for (int t = 0; t < on.size(); t++) {
            assertArrayEquals(off.get(t).weights(), on.get(t).weights(), "layer " + (t + 1));
        }
    }

    /**
     * An ngspice failure after a checkpoint names the checkpoint kept and the command that continues from it: a 2-8-2
     * run with transient updates that passed --timeout 1 at step 11 said only "raise the limit with --timeout SECONDS",
     * not that its checkpoint of step 10 was kept, nor that only train --resume DIR --timeout SECONDS takes the new
     * limit (the same command again is refused: the folder holds a run).
     */
    @Test
    void aFailureAfterACheckpointNamesTheResumption() {
        Path out = tmp.resolve("stopped");
        assertEquals(0, Main.commandLine().execute("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd",
                "--train-samples", "10", "--test-samples", "5", "--engine", "ngspice", "--steps", "2",
                "--checkpoint-every", "1", "--out", out.toString()));
        org.xbarspice.spice.SpiceException timedOut = TrainingRun.withKeptCheckpoint(
                new org.xbarspice.spice.SpiceTimeoutException("training step 3 (epoch 1): ngspice did not finish"), out);
        assertTrue(timedOut instanceof org.xbarspice.spice.SpiceTimeoutException, timedOut.toString());
        assertTrue(timedOut.getMessage().startsWith("training step 3 (epoch 1): ngspice did not finish; the run's "
                + "checkpoint after step 2 is kept in " + out + ": continue from it with xbarspice train --resume " + out
                + " --timeout SECONDS"), timedOut.getMessage());
        org.xbarspice.spice.SpiceException failed = TrainingRun.withKeptCheckpoint(
                new org.xbarspice.spice.SpiceException("the analysis failed", List.of("stderr Error: x")), out);
        assertTrue(failed.getMessage().startsWith("the analysis failed; the run's checkpoint after step 2 is kept in "
                + out + ": continue from it with xbarspice train --resume " + out + "\n"), failed.getMessage());
        assertTrue(failed.getMessage().endsWith("| stderr Error: x"), failed.getMessage());
    }

    /** An ngspice run writes weights.png at every checkpoint, as a behavioral run after every epoch. */
    @Test
    void checkpointsOfAnNgspiceRunWriteTheWeights() {
        Path out = tmp.resolve("w");
        assertEquals(0, Main.commandLine().execute("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd",
                "--train-samples", "10", "--test-samples", "10", "--engine", "ngspice", "--steps", "2", "--out", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("weights.png")));
    }

    /**
     * An ngspice run with energy that its steps limit stops within an epoch reports that epoch's energy so far; resumed,
     * the epoch ends with the energy of all its samples, the checkpoint keeping those before the stop (before
     * 2026-12-05 it counted the 6 since the resumption alone, flagged resumedWithinEpoch; before that, the resume failed
     * with a NullPointerException at the epoch's end, and the stopped run's summary had no energy; its test energy was 0).
     */
    @Test
    void energyOfAnEpochStoppedAndResumedWithinIt() throws IOException {
        Path out = tmp.resolve("e");
        List<String> run = List.of("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--train-samples",
                "10", "--test-samples", "10", "--engine", "ngspice", "--energy", "--epochs", "2", "--out", out.toString());
        List<String> stopped = new ArrayList<>(run);
        stopped.addAll(List.of("--steps", "4"));
        assertEquals(0, Main.commandLine().execute(stopped.toArray(String[]::new)));
        JsonNode partial = ResultFiles.json().readTree(out.resolve("summary.json").toFile()).get("energy");
        assertTrue(partial.get("partialEpoch").asBoolean());
        assertEquals(1, partial.get("epoch").asInt());
        assertEquals(4, partial.get("samples").asInt());
        assertTrue(partial.at("/trainJoule/devices").asDouble() > 0);
        // the run stopped within the epoch tests its weights, and that test's reads are its test energy (it was 0)
        assertTrue(partial.at("/testJoule/devices").asDouble() > 0, partial.toString());

        // resumed to the epoch's end: its energy covers the epoch's 10 samples, the 4 before the stop kept in the checkpoint
        assertEquals(0, Main.commandLine().execute("train", "--resume", out.toString(), "--steps", "10"));
        JsonNode resumed = ResultFiles.json().readTree(out.resolve("summary.json").toFile()).get("energy");
        assertEquals(1, resumed.get("epoch").asInt());
        assertEquals(10, resumed.get("samples").asInt());
        assertEquals(10, resumed.get("epochSamples").asInt());
        assertTrue(resumed.get("resumedWithinEpoch") == null && resumed.get("partialEpoch") == null, resumed.toString());
        assertTrue(resumed.at("/trainJoule/devices").asDouble() > partial.at("/trainJoule/devices").asDouble());

        assertEquals(0, Main.commandLine().execute("train", "--resume", out.toString(), "--steps", "0"));
        JsonNode finished = ResultFiles.json().readTree(out.resolve("summary.json").toFile()).get("energy");
        assertTrue(finished.get("partialEpoch") == null && finished.get("resumedWithinEpoch") == null);
        assertEquals(2, finished.get("epoch").asInt());
        assertEquals(10, finished.get("samples").asInt());
        List<String> metrics = Files.readAllLines(out.resolve(TrainRunFiles.METRICS));
        List<String> header = List.of(metrics.get(0).split(","));
        String[] first = metrics.get(1).split(",");
        double total = Double.parseDouble(first[header.indexOf("trainEnergyJoule")]);
        double perSample = Double.parseDouble(first[header.indexOf("energyPerSampleJoule")]);
        assertEquals(total / 10, perSample, 2e-6 * perSample); // the epoch's 10 samples (6 before 2026-12-05); 7 digits in the file
        assertEquals("10", first[header.indexOf("energySamples")], "the row counts the whole epoch (6 before 2026-12-05)");

        // a resume with nothing to do leaves every file (the summary was rewritten, with the config's new length)
        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        byte[] config = Files.readAllBytes(out.resolve("config.json"));
        assertEquals(0, Main.commandLine().execute("train", "--resume", out.toString(), "--epochs", "2"));
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")));
        assertArrayEquals(config, Files.readAllBytes(out.resolve("config.json")));
    }

    /**
     * A resumed ngspice run whose config.json was edited is refused before it prints anything: it printed the run's
     * header (and opened ngspice) first, where a behavioral run is refused before any output.
     */
    @Test
    void aResumeWithAnEditedConfigIsRefusedBeforeItsHeader() throws IOException {
        Path out = tmp.resolve("edited");
        assertEquals(0, Main.commandLine().execute("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd",
                "--train-samples", "10", "--test-samples", "5", "--engine", "ngspice", "--lr", "0.1", "--out",
                out.toString()));
        Path config = out.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"learningRate\" : 0.1", "\"learningRate\" : 0.2"));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.commandLine().execute("train", "--resume", out.toString(), "--epochs", "6");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(2, code);
        assertEquals("", printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        // and the refusal is the config's (a run of 5 epochs, the default, resumed for 6)
        BadInputTest.Run r = BadInputTest.run(List.of("train", "--resume", out.toString(), "--epochs", "6"));
        assertTrue(r.err().contains("written by another config") && r.err().contains("learningRate"), r.err());
    }

    /**
     * The time inside ngspice adds up over a run's sessions as its training time does: a resumed run reported its last
     * session's alone (a run of 30 steps resumed for one more reported the time of that one step).
     */
    @Test
    void theEngineTimeAddsUpOverSessions() throws IOException {
        Path out = tmp.resolve("sessions");
        assertEquals(0, Main.commandLine().execute("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd",
                "--train-samples", "40", "--test-samples", "5", "--engine", "ngspice", "--lr", "0.1", "--steps", "30",
                "--checkpoint-every", "10", "--out", out.toString()));
        JsonNode first = ResultFiles.json().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, Main.commandLine().execute("train", "--resume", out.toString(), "--steps", "31"));
        JsonNode second = ResultFiles.json().readTree(out.resolve("summary.json").toFile());
        assertEquals(31, second.get("stepsDone").asInt());
        assertTrue(second.get("engineSecondsAllInstances").asDouble() > first.get("engineSecondsAllInstances").asDouble(),
                first.get("engineSecondsAllInstances") + " then " + second.get("engineSecondsAllInstances"));
        assertTrue(second.get("trainSeconds").asDouble() > first.get("trainSeconds").asDouble());
    }

    /**
     * A run stopped after its results and before its checkpoint resumes from the checkpoint: the recorded times count
     * the steps up to it only (the steps after it are trained again; they were counted twice).
     */
    @Test
    void recordedTimesAreTakenForTheCheckpointsSteps() {
        TrainingRun.Times same = TrainingRun.Times.atCheckpoint(12, 6, 30, 30);
        assertEquals(12, same.trainSeconds());
        assertEquals(6, same.engineSeconds());
        TrainingRun.Times ahead = TrainingRun.Times.atCheckpoint(12, 6, 30, 10);
        assertEquals(4, ahead.trainSeconds(), 1e-12);
        assertEquals(2, ahead.engineSeconds(), 1e-12);
    }

    @Test
    void killedRunResumesToTheWeightsOfTheUninterruptedRun() throws Exception {
        Path full = tmp.resolve("full");
        assertEquals(0, Main.commandLine().execute(args("--steps", "60", "--out", full.toString()).toArray(String[]::new)));

        Path killed = tmp.resolve("killed");
        Process process = ChildJvm.start(tmp.resolve("killed.log"), args("--steps", "60", "--out", killed.toString()));
        Path checkpoint = killed.resolve(TrainingRun.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        process.destroyForcibly(); // SIGKILL at once (forking a kill command left the child steps to finish the run)
        process.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(checkpoint), "the child wrote no checkpoint: " + Files.readString(tmp.resolve("killed.log")));
        long stepsAtKill = checkpoints(killed).get(0).stepsDone();
        assertTrue(stepsAtKill > 0 && stepsAtKill < 60, "killed after " + stepsAtKill + " steps");

        assertEquals(0, Main.commandLine().execute("train", "--resume", killed.toString()));
        List<TrainerCheckpoint> a = checkpoints(full);
        List<TrainerCheckpoint> b = checkpoints(killed);
        assertEquals(2, b.size());
        for (int run = 0; run < 2; run++) {
            assertEquals(60, b.get(run).stepsDone());
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(a.get(run).tiles().get(l).weights(), b.get(run).tiles().get(l).weights(), 0);
                assertArrayEquals(a.get(run).tiles().get(l).fastWeights(), b.get(run).tiles().get(l).fastWeights(), 0);
            }
        }
        assertEquals(Files.readString(full.resolve(TrainRunFiles.DIVERGENCE)),
                Files.readString(killed.resolve(TrainRunFiles.DIVERGENCE)));

        JsonNode summary = ResultFiles.json().readTree(full.resolve("summary.json").toFile());
        assertEquals("both", summary.get("engine").asText());
        assertEquals(60, summary.get("stepsDone").asInt());
        assertEquals(2, summary.get("finalWeightRmsDiff").size());
        assertEquals(2, summary.get("finalFastWeightRmsDiff").size()); // SHD's A arrays compared too
        assertFalse(summary.has("finalBufferMaxDiff")); // SHD transfers without a buffer
        assertTrue(Files.readAllLines(full.resolve(TrainRunFiles.DIVERGENCE)).get(0).contains(",fastWeightRmsDiff_layer2,"));
        assertTrue(summary.at("/finalTestAccuracy/ngspice").isNumber() && summary.at("/finalTestAccuracy/behavioral").isNumber());
        assertTrue(Files.size(full.resolve("divergence.png")) > 0);
        assertEquals(61, Files.readAllLines(full.resolve(TrainRunFiles.DIVERGENCE)).size());
    }
}
