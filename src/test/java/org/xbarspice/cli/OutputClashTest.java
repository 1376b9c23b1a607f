package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;

/**
 * Outputs that would overwrite each other are bad input (exit 2, nothing written): two output options on one file, an
 * output option on a file of the run folder, a second run into a folder a run is using, a new run into a folder that
 * holds another run's files.
 */
class OutputClashTest {
    @TempDir
    Path tmp;

    private static final List<String> TRAIN = List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1",
            "--train-samples", "10", "--test-samples", "10");

    private static BadInputTest.Run train(String... extra) {
        List<String> args = new ArrayList<>(TRAIN);
        args.addAll(List.of(extra));
        return BadInputTest.run(args);
    }

    private static void assertRefused(BadInputTest.Run r, String... named) {
        assertEquals(2, r.exitCode(), r.err());
        for (String text : named) {
            assertTrue(r.err().contains(text), "should name '" + text + "': " + r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.bin", "metrics.csv", "config.json", "summary.json", "accuracy.png"})
    void jsonOnAFileOfTheNewRunIsRefused(String name) {
        Path out = tmp.resolve("run");
        Path json = out.resolve(name);
        assertRefused(train("--out", out.toString(), "--json", json.toString()),
                "--json " + json + " is the run's own " + name + " in --out " + out, "give --json another path");
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void jsonOnAFileOfTheResumedRunIsRefused() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, train("--out", out.toString()).exitCode());
        byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.bin"));
        Path json = out.resolve("checkpoint.bin");
        assertRefused(BadInputTest.run(List.of("train", "--resume", out.toString(), "--epochs", "2", "--json", json.toString())),
                "--json " + json + " is the run's own checkpoint.bin in --resume " + out, "give --json another path");
        assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve("checkpoint.bin")));
        assertEquals(0, BadInputTest.run(List.of("train", "--resume", out.toString(), "--epochs", "2")).exitCode(),
                "the refused command left the run resumable");
    }

    /**
     * An output that is one of the command's inputs replaced it, exit 0: the netlist of spice, the config of train, the
     * array file of read. Refused, and the input is left as it was.
     */
    @Test
    void anOutputOnAnInputIsRefused() throws IOException {
        Path netlist = Files.copy(Path.of("netlists/read-4x4-ideal.cir"), tmp.resolve("n.cir"));
        String text = Files.readString(netlist);
        assertRefused(BadInputTest.run(List.of("spice", netlist.toString(), "--json", netlist.toString())),
                "--json " + netlist.toAbsolutePath().normalize() + " is the input netlist " + netlist, "give --json another path");
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", \"epochs\": 1}");
        assertRefused(BadInputTest.run(List.of("train", "--config", config.toString(), "--out", tmp.resolve("t").toString(),
                "--json", config.toString())), "--json " + config + " is the input --config " + config);
        Path array = tmp.resolve("a.json");
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", List.of(List.of(1e-6, 2e-6), List.of(3e-6, 4e-6)),
                "inputsVolts", List.of(List.of(0.1, 0.1))));
        String arrayText = Files.readString(array);
        assertRefused(BadInputTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                array.toString(), "--json", array.toString())), "--json " + array + " is the input --array " + array);
        assertEquals(text, Files.readString(netlist));
        assertEquals(arrayText, Files.readString(array));
        assertFalse(Files.exists(tmp.resolve("t")));
    }

    /**
     * A preset file given to --device or --periphery, or an --array, is an input of every command that takes it: each
     * of these replaced it, with exit 0.
     */
    @Test
    void anOutputOnAPresetFileOrArrayIsRefused() throws IOException {
        Path device = Files.copy(Path.of("device-models/onen-softbounds.json"), tmp.resolve("d.json"));
        Path periphery = Files.copy(Path.of("device-models/periphery/isaac-32nm.json"), tmp.resolve("p.json"));
        String deviceText = Files.readString(device);
        String peripheryText = Files.readString(periphery);
        String d = device.toString();
        assertRefused(train("--algorithm", "sgd", "--device", d, "--out", tmp.resolve("t").toString(), "--json", d), "--json " + d
                + " is the input --device " + d);
        assertRefused(train("--algorithm", "sgd", "--energy", "--periphery", periphery.toString(), "--out", tmp.resolve("t").toString(), "--json",
                periphery.toString()), "is the input --periphery");
        assertRefused(BadInputTest.run(List.of("update", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--device", d,
                "--json", d)), "is the input --device");
        assertRefused(BadInputTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--device", d,
                "--json", d)), "is the input --device");
        assertRefused(BadInputTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--periphery",
                periphery.toString(), "--energy-plot", periphery.toString())), "is the input --periphery");
        assertRefused(BadInputTest.run(List.of("calibrate", "--rows", "4", "--cols", "4", "--wire-r", "20", "--device", d, "--out", d)),
                "is the input --device");
        assertRefused(BadInputTest.run(List.of("pulse-response", "--engine", "behavioral", "--pulses", "5", "--device", d,
                "--json", d)), "is the input --device");
        assertRefused(BadInputTest.run(List.of("netlist", "--rows", "2", "--cols", "2", "--device", d, "-o", d)),
                "is the input --device");
        Path array = tmp.resolve("a.json");
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", List.of(List.of(1e-6, 2e-6), List.of(3e-6, 4e-6)),
                "inputsVolts", List.of(List.of(0.1, 0.1))));
        String arrayText = Files.readString(array);
        assertRefused(BadInputTest.run(List.of("netlist", "--rows", "2", "--cols", "2", "--array", array.toString(), "-o",
                array.toString())), "is the input --array");
        assertEquals(deviceText, Files.readString(device));
        assertEquals(peripheryText, Files.readString(periphery));
        assertEquals(arrayText, Files.readString(array));
        assertFalse(Files.exists(tmp.resolve("t")));
    }

    @Test
    void twoOutputOptionsOnOneFileAreRefused() {
        Path same = tmp.resolve("same.x");
        assertRefused(BadInputTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--json",
                same.toString(), "--energy-plot", same.toString())),
                "--energy-plot " + same + " is the same file as --json " + same, "give --energy-plot another path");
        assertRefused(BadInputTest.run(List.of("pulse-response", "--engine", "behavioral", "--pulses", "10", "--json",
                same.toString(), "--plot", tmp.resolve("x/../same.x").toString())), "--plot", "--json " + same);
        Path both = tmp.resolve("same2");
        assertRefused(BadInputTest.run(List.of("spice", "netlists/read-4x4-ideal.cir", "--json", both.toString(), "--csv",
                both.toString())), "--csv " + both + " is the same file as --json " + both, "give --csv another path");
        assertFalse(Files.exists(same) || Files.exists(both), "nothing may be written");
    }

    /**
     * A run holds its folder from its first file to its end: a second run into it, new or resumed, is refused at once and
     * the first completes alone.
     */
    @Test
    void aSecondRunIntoAFolderInUseIsRefused() throws Exception {
        Path out = tmp.resolve("busy");
        List<BadInputTest.Run> others = new ArrayList<>();
        TrainingRun.Result first = whileRunning(newRun(out, 1), () -> {
            others.add(train("--seed", "7", "--out", out.toString()));
            others.add(BadInputTest.run(List.of("train", "--resume", out.toString())));
        });
        assertTrue(first.wroteResults());
        String config = Files.readString(out.resolve("config.json"));
        assertRefused(others.get(0), "another run is using " + out);
        assertEquals(2, others.get(1).exitCode(), others.get(1).err());
        assertEquals(ResultFiles.json().readTree(config), ResultFiles.json().readTree(
                Files.readString(out.resolve("summary.json"))).get("config"), "the second run wrote into the folder");
        TrainingRun.Result resumed = whileRunning(TrainingRun.resume(out, 2, null, null, OutputClashTest::load), () -> {
            others.add(BadInputTest.run(List.of("train", "--resume", out.toString(), "--epochs", "3")));
            others.add(train("--out", out.toString()));
        });
        assertEquals(2, resumed.history().size());
        assertRefused(others.get(2), "another run is using " + out);
        assertRefused(others.get(3), "another run is using " + out);
        assertEquals(2, ResultFiles.json().readTree(Files.readString(out.resolve("summary.json"))).get("epochsDone").asInt());
    }

    /** Runs {@code run}, calling {@code meanwhile} while it is inside its first epoch; returns when it ends. */
    private static TrainingRun.Result whileRunning(TrainingRun run, Runnable meanwhile) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        TrainingRun.Progress waiting = new TrainingRun.Progress() {
            @Override
            public void start(String task, String unit, long total, long doneUnits) {
                started.countDown();
                try {
                    done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TrainingRun.Result> result = pool.submit(() -> run.run(new TrainRunFiles(), waiting));
            assertTrue(started.await(60, TimeUnit.SECONDS));
            try {
                meanwhile.run();
            } finally {
                done.countDown();
            }
            return result.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A run that fails lets go of its folder: the run is resumed from its last checkpoint. */
    @Test
    void aFailedRunReleasesItsFolder() {
        Path out = tmp.resolve("failed");
        TrainingRun.Progress failingInEpochTwo = new TrainingRun.Progress() {
            @Override
            public void start(String task, String unit, long total, long done) {
                if (task.startsWith("epoch 2")) {
                    throw new IllegalStateException("stopped");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> newRun(out, 2).run(new TrainRunFiles(), failingInEpochTwo));
        BadInputTest.Run resumed = BadInputTest.run(List.of("train", "--resume", out.toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
    }

    /**
     * A run resumed from a checkpoint that another run has since moved on is refused when it starts, instead of going
     * back to the older state over the newer results.
     */
    @Test
    void aResumeWhoseCheckpointMovedOnIsRefused() {
        Path out = tmp.resolve("moved");
        newRun(out, 1).run(new TrainRunFiles(), TrainingRun.SILENT);
        TrainingRun stale = TrainingRun.resume(out, 3, null, null, OutputClashTest::load);
        TrainingRun.resume(out, 2, null, null, OutputClashTest::load).run(new TrainRunFiles(), TrainingRun.SILENT);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> stale.run(new TrainRunFiles(), TrainingRun.SILENT));
        assertTrue(refused.getMessage().contains("has moved on since it was read for --resume")
                && refused.getMessage().contains("from epoch 1 to 2"), refused.getMessage());
        assertEquals(2, TrainingRun.readCheckpoints(out.resolve(TrainingRun.CHECKPOINT)).get(0).epochsDone(),
                "the newer checkpoint stays");
    }

    @Test
    void aNewRunIntoAFolderHoldingAnotherRunsFilesIsRefused() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("other"));
        Files.writeString(out.resolve("metrics.csv"), "mine\n");
        Files.writeString(out.resolve("config.json"), "{\"mine\": true}\n");
        assertRefused(train("--out", out.toString()), out + " holds a training run's files already (its config.json, "
                + "metrics.csv)", "give another --out");
        assertEquals("mine\n", Files.readString(out.resolve("metrics.csv")));
        assertEquals("{\"mine\": true}\n", Files.readString(out.resolve("config.json")));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.count(), "a refused run writes nothing");
        }
    }

    /** A sgd spiral run of {@code epochs} in {@code dir}. */
    private static TrainingRun newRun(Path dir, int epochs) {
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", "
                + "\"epochs\": " + epochs + ", \"trainSamples\": 10, \"testSamples\": 10}", "test run");
        return TrainingRun.start(dir, config, load(config));
    }

    private static TrainTest load(TrainConfig config) {
        return DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
    }

    /**
     * A calibrated preset whose position model does not carry over to the network's arrays is refused before anything is
     * written: it was refused at the first update, after config.json and the lock file, and the folder then refused every
     * later run, new or resumed.
     */
    @Test
    void aPositionModelThatDoesNotCarryOverWritesNothing() throws IOException {
        String idealized = Files.readString(Path.of("device-models/idealized.json"));
        String calibrated = idealized.substring(0, idealized.lastIndexOf('}')) + ", \"position\": {\"c1\": 0.05, \"c2\": "
                + "-0.01, \"rows\": 16, \"cols\": 16, \"wireOhm\": 20.0, \"upGain\": 1.0, \"downGain\": 1.0}}";
        Path device = Files.writeString(tmp.resolve("cal.json"), calibrated);
        Path out = tmp.resolve("run");
        BadInputTest.Run r = train("--algorithm", "sgd", "--device", device.toString(), "--ir-drop", "--wire-r", "2000",
                "--ir-drop-mode", "calibrated", "--out", out.toString());
        assertRefused(r, "the devices' threshold over the pulse below: it does not carry over that far");
        assertFalse(Files.exists(out), "nothing written: " + (Files.exists(out) ? List.of(out.toFile().list()) : ""));
    }
}
