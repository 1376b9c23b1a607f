package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;
import picocli.CommandLine;

/** Rejected commands change no file, resumes keep their state, result files follow the umask, flags that do nothing are refused. */
class RunStateTest {
    @TempDir
    Path tmp;

    private static final List<String> RUN = List.of("train", "--data", "spiral", "--train-samples", "200",
            "--test-samples", "100", "--seed", "3", "--algorithm", "sgd", "--lr", "0.3");

    /** Exit code and stderr of one command. */
    private record Result(int code, String err) {
    }

    private static Result run(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args.toArray(String[]::new)), err.toString());
    }

    /** A fresh spiral run (model 2-8-2 unless given). */
    private static Result train(String... extra) {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of(extra));
        if (!args.contains("--model")) {
            args.addAll(List.of("--model", "2-8-2"));
        }
        return run(args);
    }

    private static Result resume(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--resume", dir.toString()));
        args.addAll(List.of(extra));
        return run(args);
    }

    /** Every file in {@code dir} with its bytes. */
    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " changed"));
    }

    @Test
    void aRejectedTrainLeavesTheEarlierRunInOutResumable() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "1", "--out", dir.toString()).code());
        Map<String, byte[]> before = snapshot(dir);
        Result bad = train("--model", "3-8-2", "--epochs", "1", "--out", dir.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("layers"), bad.err());
        assertSameFiles(before, snapshot(dir));
        assertEquals(0, resume(dir, "--epochs", "2").code());
    }

    /**
     * A run resumed after its device preset file was edited would not continue the run it resumes: it is refused. It
     * ran, on devices with another cycle-to-cycle noise, with exit 0. The preset's path given relative is stored
     * absolute, so that a resume from another folder finds it.
     */
    @Test
    void aResumeAfterThePresetFileChangedIsRefused() throws IOException {
        Path device = tmp.resolve("d.json");
        Files.copy(Path.of("device-models/onen-softbounds.json"), device);
        Path relative = Path.of("").toAbsolutePath().relativize(device);
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--device", relative.toString(), "--epochs", "1", "--out", dir.toString())
                .code());
        assertEquals(device.toString(), ResultFiles.json().readTree(dir.resolve("config.json").toFile()).path("device").asText());
        Map<String, byte[]> before = snapshot(dir);
        String text = Files.readString(device);
        Files.writeString(device, text.replace("\"dwMinStd\": 0.0", "\"dwMinStd\": 0.5"));
        assertNotEquals(text, Files.readString(device), "the edit took");
        Result edited = resume(dir, "--epochs", "2");
        assertEquals(2, edited.code(), edited.err());
        assertTrue(edited.err().contains("the preset file of the run (device " + device + ") changed since the run "
                + "started"), edited.err());
        assertSameFiles(before, snapshot(dir));
        Files.writeString(device, text);
        assertEquals(0, resume(dir, "--epochs", "2").code(), "the preset as the run started with it");
    }

    /**
     * A sweep stores a preset file given by a relative path (flag or grid value) absolute, so that its resume from
     * another folder finds it; a device given as a bundled id and as its file, which ran every point twice, is refused.
     */
    @Test
    void aSweepStoresPresetFilesAbsoluteAndRefusesADeviceTwice() throws IOException {
        Path device = tmp.resolve("d.json");
        Files.copy(Path.of("device-models/onen-softbounds.json"), device);
        String relative = Path.of("").toAbsolutePath().relativize(device).toString();
        Path dir = tmp.resolve("sweep");
        List<String> sweep = List.of("sweep", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--epochs", "1",
                "--train-samples", "40", "--test-samples", "20");
        List<String> args = new ArrayList<>(sweep);
        args.addAll(List.of("--grid", "device=idealized," + relative, "--out", dir.toString()));
        assertEquals(0, run(args).code());
        String spec = Files.readString(dir.resolve("sweep-spec.json"));
        assertTrue(spec.contains(device.toString()) && !spec.contains("\"" + relative), spec);
        List<String> twice = new ArrayList<>(sweep);
        twice.addAll(List.of("--grid", "device=onen-softbounds,device-models/onen-softbounds.json", "--out",
                tmp.resolve("twice").toString()));
        Result refused = run(twice);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("gives one preset twice (onen-softbounds and "), refused.err());
        assertFalse(Files.exists(tmp.resolve("twice")));
    }

    @Test
    void aResumeAskingForFewerEpochsThanDoneIsRefusedAndChangesNothing() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "2", "--out", dir.toString()).code());
        Map<String, byte[]> before = snapshot(dir);
        Result fewer = resume(dir, "--epochs", "1");
        assertEquals(2, fewer.code(), fewer.err());
        assertTrue(fewer.err().contains("--epochs 1") && fewer.err().contains("2 epochs"), fewer.err());
        assertSameFiles(before, snapshot(dir));
        Result steps = resume(dir, "--steps", "3");
        assertEquals(2, steps.code(), steps.err());
        assertTrue(steps.err().contains("--steps 3"), steps.err());
        assertSameFiles(before, snapshot(dir));
        assertEquals(0, resume(dir, "--epochs", "2").code(), "as many epochs as done: nothing to do");
    }

    /**
     * A run of 3 epochs stopped after 2, resumed with --epochs 2, has nothing to do and leaves every file as it was;
     * before, its config.json said 2 epochs and its summary.json 3.
     */
    @Test
    void aResumeWithNothingToDoChangesNoFile() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "3", "--steps", "400", "--out", dir.toString()).code()); // 200 steps an epoch
        Map<String, byte[]> before = snapshot(dir);
        assertEquals(0, resume(dir, "--epochs", "2").code());
        assertSameFiles(before, snapshot(dir));
        Result again = resume(dir);
        assertEquals(0, again.code(), "ended at its steps limit: nothing to do, " + again.err());
        assertSameFiles(before, snapshot(dir));
    }

    /**
     * A run of 3 epochs stopped by --steps within epoch 3, resumed with a steps limit that again ends within epoch 3, is
     * refused and changes no file (before, it trained to the limit, kept nothing, and its config.json took the new limit
     * while summary.json kept the old); with nothing left to do, --json still gets the run's summary.
     */
    @Test
    void aResumeWhoseStepsEndWithinTheNextEpochIsRefusedAndJsonGetsTheSummary() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "3", "--steps", "500", "--out", dir.toString()).code()); // 200 steps an epoch
        Map<String, byte[]> before = snapshot(dir);
        Result within = resume(dir, "--steps", "550");
        assertEquals(2, within.code(), within.err());
        assertTrue(within.err().contains("--steps 550 (key steps) ends within epoch 3, which ends at step 600"),
                within.err());
        assertSameFiles(before, snapshot(dir));
        Path json = tmp.resolve("summary-copy.json");
        assertEquals(0, resume(dir, "--epochs", "2", "--json", json.toString()).code(), "nothing to do");
        assertEquals(Files.readString(dir.resolve("summary.json")), Files.readString(json));
        assertSameFiles(before, snapshot(dir));
    }

    @Test
    void aResumedFastIrDropRunKeepsTheSpotChecksOfTheEarlierEpochs() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--ir-drop", "--wire-r", "20", "--ir-drop-mode", "fast", "--ir-drop-check-every", "50",
                "--epochs", "2", "--out", dir.toString()).code());
        List<String> before = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(0, resume(dir, "--epochs", "3").code());
        List<String> after = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(before, after.subList(0, 3), "the rows of the epochs before the resume keep their spot checks");
        int reads = List.of(after.get(0).split(",")).indexOf("readChecks");
        long total = ResultFiles.json().readTree(dir.resolve("summary.json").toFile()).path("irDropCheck").path("reads").asLong();
        assertEquals(Long.parseLong(after.get(3).split(",")[reads]), total, "the summary counts the whole run");
        assertTrue(total > Long.parseLong(before.get(2).split(",")[reads]), after.get(3));
        // without --energy, no energy columns of the checks (they were written as zeros, "0 error" for nothing checked)
        assertTrue(after.get(0).endsWith(",maxStepErrorOfNominal") && !after.get(0).contains("energyChecks"), after.get(0));
    }

    @Test
    void aResumeKeepsEachEpochsTimeAtItsEpochWhenARowIsMissing() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "3", "--out", dir.toString()).code());
        List<String> before = Files.readAllLines(dir.resolve("metrics.csv"));
        int seconds = List.of(before.get(0).split(",")).indexOf("seconds");
        List<String> edited = new ArrayList<>(before);
        edited.remove(2); // epoch 2's row, removed by hand
        Files.write(dir.resolve("metrics.csv"), edited);
        assertEquals(0, resume(dir, "--epochs", "4").code());
        List<String> after = Files.readAllLines(dir.resolve("metrics.csv"));
        // before, epoch 2 took epoch 3's time and epoch 3 none
        assertEquals(before.get(1).split(",")[seconds], after.get(1).split(",")[seconds], after.toString());
        assertEquals("", after.get(2).split(",", -1)[seconds], "epoch 2's time is unknown (an empty cell): " + after);
        assertEquals(before.get(3).split(",")[seconds], after.get(3).split(",")[seconds], after.toString());
    }

    @Test
    void resumeRemovesTheTemporaryFilesOfAKilledRun() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--epochs", "1", "--out", dir.toString()).code());
        Path stale = Files.writeString(dir.resolve(".checkpoint.bin.8241570712345.tmp"), "half");
        Path user = Files.writeString(dir.resolve("notes.tmp"), "mine");
        assertEquals(0, resume(dir, "--epochs", "2").code());
        assertFalse(Files.exists(stale), "stale temporary file left");
        assertTrue(Files.exists(user), "only the writer's temporary files go");
        try (Stream<Path> list = Files.list(dir)) {
            assertTrue(list.noneMatch(f -> f.getFileName().toString().endsWith(".tmp") && !f.equals(user)));
        }
    }

    /**
     * A run started over in a folder that a killed session left before its first checkpoint (a sweep's point does so)
     * loses that session's temporary files too: only a resumed run did.
     */
    @Test
    void aRunStartedOverRemovesTheTemporaryFilesOfAKilledOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("over"));
        Path stale = Files.writeString(dir.resolve(".accuracy.png.4711.tmp"), "half");
        assertEquals(0, train("--epochs", "1", "--out", dir.toString()).code());
        assertFalse(Files.exists(stale), "stale temporary file left");
    }

    @Test
    void resultFilesFollowTheUmask() throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path result = tmp.resolve("result.json");
        ResultFiles.writeText(result, "{}");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(result));
    }

    @Test
    void calibrateRefusesAReportOverThePresetBeforeRunning() {
        Path preset = tmp.resolve("cal.json");
        for (Path report : List.of(preset, tmp.resolve("x/../cal.pulse-response.png"))) {
            Result r = run(List.of("calibrate", "--wire-r", "5", "--out", preset.toString(), "--json", report.toString()));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--json") && r.err().contains("--out"), r.err());
        }
        assertFalse(Files.exists(preset));
    }

    @Test
    void wireResistanceWithoutIrDropIsRefused() throws IOException {
        Path dir = tmp.resolve("run");
        Result flag = train("--wire-r", "5", "--epochs", "1", "--out", dir.toString());
        assertEquals(2, flag.code(), flag.err());
        assertTrue(flag.err().contains("--wire-r 5") && flag.err().contains("--ir-drop"), flag.err());
        Result sweep = run(List.of("sweep", "--data", "spiral", "--model", "2-8-2", "--wire-r", "5", "--grid", "seed=1",
                "--out", dir.toString()));
        assertEquals(2, sweep.code(), sweep.err());
        assertTrue(sweep.err().contains("--ir-drop"), sweep.err());
        Path config = Files.writeString(tmp.resolve("c.json"), "{\"wireOhm\": 5}");
        Result file = train("--config", config.toString(), "--epochs", "1", "--out", dir.toString());
        assertEquals(2, file.code(), file.err());
        assertTrue(file.err().contains("wireOhm = 5") && file.err().contains("irDrop"), file.err());
        assertFalse(Files.exists(dir), "nothing may be written");
        // a saved config.json carries the default wireOhm with irDrop false: still reusable as --config
        Path saved = Files.writeString(tmp.resolve("saved.json"), "{\"wireOhm\": 1.0, \"irDrop\": false}");
        assertEquals(0, train("--config", saved.toString(), "--epochs", "1", "--out", dir.toString()).code());
    }

    @Test
    void updateTakesTheEngineNamesOfItsHelp() {
        for (String name : List.of("transient", "quasi-static", "behavioral", "all")) {
            CommandLine cli = Main.commandLine();
            assertTrue(cli.getSubcommands().get("update").getUsageMessage().contains(name), name);
            CommandLine.ParseResult parsed = cli.parseArgs("update", "--engine", name);
            UpdateCommand update = (UpdateCommand) parsed.subcommand().commandSpec().userObject();
            assertEquals(name.replace('-', '_').toUpperCase(java.util.Locale.ROOT), update.engine.name());
        }
        Result bad = run(List.of("update", "--engine", "quasi_static_x"));
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("quasi-static"), bad.err());
    }

    @Test
    void trainHelpGivesTheDefaultsARunUses() {
        // the help gave 3 defaults against read's 22; --ir-drop alone took 1 ohm wires without a word of it
        String help = Main.commandLine().getSubcommands().get("train").getUsageMessage().replaceAll("\\s+", " ");
        for (String expected : List.of("(key algorithm). Default: " + org.xbarspice.train.TrainConfig.DEFAULT_ALGORITHM.id() + ".",
                "(key activation). Default: " + org.xbarspice.train.TrainConfig.DEFAULT_ACTIVATION.id() + ".",
                "(key wireOhm). Default with --ir-drop: 1.0.", "(key epochs). Default: 5.", "(key device). Default: onen-softbounds.")) {
            assertTrue(help.contains(expected), expected + " in " + help);
        }
    }

    @Test
    void trainHelpTellsWhatResumeTakes() {
        String help = Main.commandLine().getSubcommands().get("train").getUsageMessage();
        assertFalse(help.contains("on behavioral analog tiles"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("--epochs and --steps may change the run's length"), help);
    }
}
