package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** An ngspice run writes weights.png at every checkpoint, as a behavioral run after every epoch. */
    @Test
    void checkpointsOfAnNgspiceRunWriteTheWeights() {
        Path out = tmp.resolve("w");
        assertEquals(0, Main.commandLine().execute("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd",
                "--train-samples", "10", "--test-samples", "10", "--engine", "ngspice", "--steps", "2", "--out", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("weights.png")));
    }

    @Test
    void killedRunResumesToTheWeightsOfTheUninterruptedRun() throws Exception {
        Path full = tmp.resolve("full");
        assertEquals(0, Main.commandLine().execute(args("--steps", "60", "--out", full.toString()).toArray(String[]::new)));

        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args("--steps", "60", "--out", killed.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile());
        Process process = builder.start();
        Path checkpoint = killed.resolve(TrainingRun.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Runtime.getRuntime().exec(new String[] {"kill", "-KILL", Long.toString(process.pid())}).waitFor();
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
        assertTrue(summary.at("/finalTestAccuracy/ngspice").isNumber() && summary.at("/finalTestAccuracy/behavioral").isNumber());
        assertTrue(Files.size(full.resolve("divergence.png")) > 0);
        assertEquals(61, Files.readAllLines(full.resolve(TrainRunFiles.DIVERGENCE)).size());
    }
}
