package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarspice.train.RunFolderLock;
import org.xbarspice.train.TrainConfig;

/**
 * train, sweep and design check what they can before any work: a rejected command exits 2 with a message naming the
 * bad value, and writes no file.
 */
class UpFrontChecksTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY = List.of("--data", "spiral", "--model", "2-4-2", "--epochs", "1",
            "--train-samples", "10", "--test-samples", "10");

    private static List<String> args(String command, List<String> base, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(base);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Runs {@code args}, requires exit 2, a message holding every one of {@code named}, no file at {@code out} unless it
     * was there, and the temporary folder as it was.
     */
    private void refused(List<String> args, Path out, String... named) {
        boolean existed = Files.exists(out);
        List<String> before = tree();
        BadInputTest.Run r = BadInputTest.run(args);
        assertEquals(2, r.exitCode(), args + ": " + r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), args + ": the message should name '" + n + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(existed, Files.exists(out), args + ": nothing may be written");
        assertEquals(before, tree(), args + ": nothing may be written");
    }

    /** Every path under the temporary folder with its size. */
    private List<String> tree() {
        try (Stream<Path> paths = Files.walk(tmp)) {
            return paths.map(p -> p + " " + p.toFile().length()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resume command a stopped sweep prints runs where it ran (without --spark it moved onto the local pool). */
    @Test
    void theResumeHintKeepsTheSparkFlags() {
        ExecutorOptions spark = picocli.CommandLine.populateCommand(new ExecutorOptions(), "--spark", "local[2]",
                "--spark-conf", "spark.executor.memory=2g");
        assertEquals(" --spark 'local[2]' (and the same --spark-conf)", spark.resumeFlags());
        assertEquals(" --threads 2", picocli.CommandLine.populateCommand(new ExecutorOptions(), "--threads", "2").resumeFlags());
        assertEquals("", picocli.CommandLine.populateCommand(new ExecutorOptions()).resumeFlags());
    }

    /** A model far beyond the heap (the test JVM has 1 GB) is refused before training, naming the layer. */
    @Test
    void modelsBeyondTheHeapAreRefused() {
        Path out = tmp.resolve("out");
        refused(List.of("train", "--data", "spiral", "--model", "2-99999999-2", "--train-samples", "10", "--test-samples",
                "10", "--out", out.toString()), out, "layer 1, 2 x 99999999", "JAVA_OPTS=-Xmx");
        refused(List.of("sweep", "--data", "spiral", "--model", "2-99999999-2", "--train-samples", "10", "--test-samples",
                "10", "--grid", "seed=1,2", "--out", out.toString()), out, "layer 1, 2 x 99999999");
    }

    /** A --spark value that is no master URL is refused before anything is written, listing the forms Spark takes. */
    @Test
    void malformedSparkMastersAreRefused() {
        Path out = tmp.resolve("sp1");
        refused(args("sweep", TINY, "--grid", "learningRate=0.1", "--spark", "foo", "--out", out.toString()), out,
                "--spark foo", "local[N]", "spark://HOST:PORT");
        refused(List.of("design", "--size", "8", "--spark", "local[0]", "--out", out.toString()), out, "--spark local[0]");
        // a standalone master that does not answer: at once, before anything is written (Spark took about 70 s, its
        // error about 45 lines of stacks)
        refused(args("sweep", TINY, "--grid", "learningRate=0.1", "--spark", "spark://127.0.0.1:1", "--out", out.toString()),
                out, "--spark spark://127.0.0.1:1: no Spark master answers there (Connection refused)", "start the master");
        // the executor wait, ours, not Spark's: a whole number of seconds
        refused(args("sweep", TINY, "--grid", "learningRate=0.1", "--spark", "local[1]", "--spark-conf",
                "xbarspice.executorWaitSeconds=0", "--out", out.toString()), out,
                "--spark-conf xbarspice.executorWaitSeconds=0 is not allowed: give a whole number of seconds >= 1 (default 120)");
    }

    /**
     * Masters this build's Spark cannot start (YARN, Kubernetes: modules it does not bundle) are refused up front (they
     * were accepted and failed as "Could not parse Master URL"), and so is a master in --spark-conf, which replaced
     * --spark's; nothing is left behind.
     */
    @Test
    void sparkMastersThisBuildCannotStartAreRefused() {
        Path out = tmp.resolve("sp2");
        BadInputTest.Run yarn = BadInputTest.run(args("sweep", TINY, "--grid", "learningRate=0.1", "--spark", "yarn", "--out",
                out.toString()));
        assertEquals(2, yarn.exitCode(), yarn.err());
        assertTrue(yarn.err().contains("--spark yarn is not a Spark master URL") && yarn.err().contains("YARN and Kubernetes"),
                yarn.err());
        BadInputTest.Run master = BadInputTest.run(args("sweep", TINY, "--grid", "learningRate=0.1", "--spark", "local[2]",
                "--spark-conf", "spark.master=spark://127.0.0.1:7999", "--out", out.toString()));
        assertEquals(2, master.exitCode(), master.err());
        assertTrue(master.err().contains("--spark-conf spark.master is set by --spark"), master.err());
        assertFalse(Files.exists(out), "a rerun with the same --out must not be refused");
    }

    /** The executor flags of the way the points do not run, and any with --compare, would change nothing: refused. */
    @Test
    void executorFlagsWithoutEffectAreRefused() throws IOException {
        Path out = tmp.resolve("out");
        refused(args("sweep", TINY, "--grid", "seed=1", "--spark-conf", "a=b", "--out", out.toString()), out,
                "--spark-conf a=b", "without --spark");
        refused(args("sweep", TINY, "--grid", "seed=1", "--threads", "3", "--spark", "local[1]", "--out", out.toString()),
                out, "--threads 3", "with --spark");
        refused(List.of("design", "--size", "4", "--spark-conf", "a=b", "--out", out.toString()), out, "--spark-conf a=b");
        Path s1 = Files.createDirectories(tmp.resolve("s1"));
        Path s2 = Files.createDirectories(tmp.resolve("s2"));
        refused(List.of("sweep", "--compare", s1.toString(), s2.toString(), "--threads", "1", "--out", out.toString()), out,
                "--threads 1");
        refused(List.of("sweep", "--compare", s1.toString(), s2.toString(), "--repeat", "2", "--out", out.toString()), out,
                "--repeat 2");
    }

    /** An output path that cannot be written (a file for a folder, a path below a file) is refused before any work. */
    @Test
    void unwritableOutputPathsAreRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "keep");
        refused(args("train", TINY, "--out", file.toString()), file, "--out " + file, "is a file");
        refused(args("train", TINY, "--out", tmp.resolve("t1").toString(), "--json", file.resolve("x.json").toString()), file,
                "--json " + file.resolve("x.json"), "is a file, not a folder");
        refused(args("train", TINY, "--out", tmp.resolve("t1").toString(), "--json", tmp.toString()), file,
                "--json " + tmp, "is a folder");
        refused(args("sweep", TINY, "--grid", "seed=1", "--out", file.toString()), file, "--out " + file);
        refused(List.of("design", "--size", "4", "--vectors", "1", "--out", file.toString()), file, "--out " + file);
        refused(List.of("design", "--size", "4", "--vectors", "1", "--out", tmp.resolve("d").toString(), "--netlists",
                file.toString()), file, "--netlists " + file);
        Path s1 = Files.createDirectories(tmp.resolve("s1"));
        refused(List.of("sweep", "--compare", s1.toString(), s1.toString(), "--out", file.toString()), file, "--out " + file);
    }

    /**
     * design refuses a folder holding a study (as train and sweep refuse theirs) and an empty list, and lists only the
     * files it wrote (one size through ideal wires: no read error to plot on the log axis).
     */
    @Test
    void designRefusesAnOccupiedFolderAndEmptyListsAndNamesWhatItWrote() throws IOException {
        Path out = tmp.resolve("d1");
        java.io.StringWriter text = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(text, true));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = cli.execute("design", "--size", "4", "--vectors", "1", "--out", out.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        String wrote = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        // ideal wires: the read-error plot with the bound alone and its line at 0 named (it was left out)
        assertTrue(wrote.contains("wrote " + out.resolve("design.csv") + ", design.json, error-vs-size.png, update-vs-size.png, "
                + "max-size.png"), wrote);
        refused(List.of("design", "--size", "8", "--vectors", "1", "--out", out.toString()), out, "--out " + out,
                "holds files a design study writes (design.csv, design.json, error-vs-size.png, max-size.png, "
                + "update-vs-size.png)");
        // a plot of one's own, or a stale one of another study, was replaced or left beside the new ones
        Path plots = Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(plots.resolve("max-size-1.png"), "mine");
        refused(List.of("design", "--size", "8", "--vectors", "1", "--out", plots.toString()), plots,
                "holds files a design study writes (max-size-1.png)");
        assertEquals("mine", Files.readString(plots.resolve("max-size-1.png")));
        Path empty = tmp.resolve("e1");
        refused(List.of("design", "--size", ",", "--out", empty.toString()), empty, "--size , has an empty element");
        refused(List.of("design", "--size", "4", "--wire-r", ",", "--out", empty.toString()), empty,
                "--wire-r , has an empty element");
    }

    /**
     * A run stopped before its first epoch ended has its config but no checkpoint: --resume says exactly that; while a run
     * still holds the folder, --resume names that run instead.
     */
    @Test
    void resumingARunWithoutACheckpointNamesTheMissingFile() throws IOException {
        // the folder of a run killed within its first epoch (its config, no checkpoint): a finished run's config, copied
        Path done = tmp.resolve("done");
        BadInputTest.Run first = BadInputTest.run(List.of("train", "--data", "spiral", "--model", "2-4-2", "--train-samples",
                "20", "--epochs", "1", "--algorithm", "sgd", "--out", done.toString()));
        assertEquals(0, first.exitCode(), first.err());
        Path out = Files.createDirectories(tmp.resolve("be5"));
        Files.writeString(out.resolve("config.json"), Files.readString(done.resolve("config.json"))
                .replace("\"steps\" : 0", "\"steps\" : 5"));
        refused(List.of("train", "--resume", out.toString()), out, "its config.json is there, but no checkpoint.bin",
                "stopped before its first checkpoint was written", "--config " + out.resolve("config.json") + " --out " + out + "-anew (its "
                + "config stops after 5 steps; add --steps N for another length, 0 for every epoch)");
        // a run still training there, before its first checkpoint, is what a resume meets (it was told the run stopped)
        try (RunFolderLock held = RunFolderLock.take(out)) {
            refused(List.of("train", "--resume", out.toString()), out, "another run is using " + out);
        }
    }

    /**
     * A new behavioral run whose --steps ends within its first epoch would keep nothing (it trained, then left only its
     * config, which blocked the folder): refused before any work.
     */
    @Test
    void stepsEndingWithinTheFirstEpochAreRefused() {
        Path out = tmp.resolve("short");
        refused(List.of("train", "--data", "spiral", "--model", "2-4-2", "--train-samples", "20", "--batch", "4",
                "--epochs", "2", "--steps", "4", "--algorithm", "sgd", "--out", out.toString()), out,
                "--steps 4 (key steps) ends within epoch 1, which ends at step 5 (20 training samples in batches of 4)",
                "give --steps 5 or more");
    }

    /** train flags that would change nothing in the run they are given to are refused, naming the flag and why. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--algorithm fp --energy|--energy = true has no effect with algorithm fp",
        "--algorithm fp --bl 5|--bl 5 has no effect with algorithm fp",
        "--algorithm fp --device onen-softbounds|--device onen-softbounds has no effect with algorithm fp",
        "--algorithm fp --ir-drop|--ir-drop has no effect with algorithm fp",
        "--algorithm sgd --fast-lr 0.1|--fast-lr 0.1 has no effect with algorithm sgd",
        "--algorithm shd --lr 0.5 --fast-lr 0.1 --transfer-lr 0.1|--lr 0.5 has no effect with both two-array rates set",
        "--algorithm sgd --transfer-every 2|--transfer-every 2 has no effect with algorithm sgd",
        // its remedy is not the rates' ("use --lr", which it said)
        "--algorithm sgd --transfer-every 2|leave it out, or use a two-array algorithm (e.g. --algorithm shd)",
        "--algorithm sgd --periphery neurosim-22nm|--periphery neurosim-22nm has no effect without --energy",
        "--algorithm sgd --engine ngspice --ir-drop --wire-r 1 --ir-drop-mode fast|--ir-drop-mode fast has no effect with the ngspice engine",
        "--algorithm sgd --ir-drop --ir-drop-refresh 0.1|--ir-drop-refresh 0.1 has no effect in the exact IR-drop mode",
        "--algorithm sgd --ir-drop --ir-drop-mode exact --ir-drop-check-every 9|--ir-drop-check-every 9 has no effect in the exact",
        "--algorithm sgd --ir-drop-refresh 0.1|--ir-drop-refresh 0.1 has no effect without --ir-drop",
        // a TIA's reads are exact solves in the fast mode too: the refresh changed nothing, bit for bit
        "--algorithm sgd --ir-drop --ir-drop-mode fast --sense tia --ir-drop-refresh 0.3|--ir-drop-refresh 0.3 has no "
                + "effect with --sense tia (key sense)",
        "--algorithm sgd --update-mode transient|--update-mode transient has no effect with the behavioral engine",
        "--algorithm sgd --ir-drop --wire-r 0|--ir-drop has no effect with wire and driver resistance 0",
        // the symmetric constant step tau = Infinity stands for is these devices themselves (metrics identical)
        "--algorithm sgd --device idealized --tau Infinity|--tau Infinity has no effect with --device idealized",
        "--algorithm sgd --device gokmen-vlasov --tau Infinity|--tau Infinity has no effect with --device gokmen-vlasov",
        // the buffered transfer's keys that its other keys leave idle (each ran with metrics identical to the run without)
        "--algorithm ttv2 --tail-weightening 3|--tail-weightening 3 has no effect without the dynamic reference (AGAD's)",
        "--algorithm c-ttv2 --tail-weightening 3|--tail-weightening 3 has no effect without the dynamic reference",
        "--algorithm ttv2 --in-chop-random false|--in-chop-random false has no effect without input choppers",
        "--algorithm agad --buffer-cap 2|--buffer-cap 2 has no effect while the buffer is forgotten after each write"})
    void trainFlagsWithoutEffectAreRefused(String flags, String why) {
        Path out = tmp.resolve("out");
        List<String> all = args("train", TINY, "--out", out.toString());
        all.addAll(List.of(flags.split(" ")));
        refused(all, out, why);
    }

    /**
     * Wires of 0 ohm with drivers of 50 ohm: the drivers' IR drop alone, in both IR-drop modes (train refused a wire
     * resistance of 0, which read, update and design take, and which its own message for too fine a wire suggests).
     */
    @ParameterizedTest
    @CsvSource({"exact", "fast"})
    void trainTakesTheDriversIrDropAlone(String mode) throws IOException {
        Path out = tmp.resolve(mode);
        List<String> all = args("train", TINY, "--algorithm", "shd", "--ir-drop", "--wire-r", "0", "--driver-r", "50",
                "--ir-drop-mode", mode, "--energy", "--out", out.toString());
        BadInputTest.Run r = BadInputTest.run(all);
        assertEquals(0, r.exitCode(), r.err());
        TrainConfig config = TrainConfig.load(out.resolve("config.json"));
        assertEquals(0, config.wireOhm());
        assertEquals(50, config.driverOhm());
        // no wires, no wire energy: the fast mode's wires were the rounding of a remainder, -2.4e-26 J in one run
        com.fasterxml.jackson.databind.JsonNode summary = org.xbarspice.report.ResultFiles.json().readTree(
                out.resolve("summary.json").toFile());
        List<String> wires = new java.util.ArrayList<>();
        summary.findValues("wires").forEach(v -> wires.add(v.asText()));
        assertTrue(!wires.isEmpty() && wires.stream().allMatch(v -> Double.parseDouble(v) == 0), wires.toString());
        assertTrue(summary.at("/energy/trainJoule/drivers").asDouble() > 0, summary.toString());
    }

    /**
     * sweep holds every run to train's rule: a grid value that changes nothing in its point, a value its point cannot
     * honour (--energy with fp), and a flag that changes nothing in every point are refused, naming the point and key.
     */
    @Test
    void sweepSettingsWithoutEffectAreRefusedForEveryRun() {
        Path out = tmp.resolve("out");
        refused(args("sweep", TINY, "--grid", "algorithm=fp,sgd", "--energy", "--out", out.toString()), out,
                "sweep point {algorithm=fp}: --energy = true has no effect with algorithm fp");
        refused(args("sweep", TINY, "--algorithm", "sgd", "--grid", "wireOhm=1,2", "--out", out.toString()), out,
                "sweep point {wireOhm=1}: wireOhm = 1 has no effect without --ir-drop", "drop --grid wireOhm");
        refused(args("sweep", TINY, "--algorithm", "shd", "--fast-lr", "0.1", "--transfer-lr", "0.1", "--grid",
                "learningRate=0.1,0.2", "--out", out.toString()), out,
                "sweep point {learningRate=0.1}: learningRate = 0.1 has no effect with both two-array rates set");
        refused(args("sweep", TINY, "--algorithm", "fp", "--bl", "5", "--grid", "seed=1,2", "--out", out.toString()), out,
                "--bl 5 has no effect with algorithm fp in every run of the sweep", "drop --bl");
        refused(args("sweep", TINY, "--algorithm", "sgd", "--ir-drop", "--ir-drop-check-every", "9", "--grid",
                "dacBits=5,7", "--out", out.toString()), out, "--ir-drop-check-every 9 has no effect in the exact");
    }

    /**
     * A base flag that only some points use is the sweep's to set (fp points ignore the two-array rates of shd points),
     * and the base alone is no run: --energy with a grid of analog algorithms is valid though the default algorithm is fp.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--fast-lr 0.05 --transfer-lr 0.05 --grid algorithm=fp,shd",
        "--energy --grid algorithm=sgd,shd"})
    void sweepBaseFlagsThatSomePointsUseAreAccepted(String flags) {
        Path out = tmp.resolve("out");
        List<String> all = args("sweep", TINY, "--out", out.toString());
        all.addAll(List.of(flags.split(" ")));
        BadInputTest.Run r = BadInputTest.run(all);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("sweep.csv")));
    }

    /** A nested grid key set by a flag too is refused like a top-level one. */
    @Test
    void aNestedGridKeySetByAFlagTooIsRefused() {
        Path out = tmp.resolve("out");
        refused(args("sweep", TINY, "--algorithm", "ttv2", "--grid", "transferBuffer.momentum=0.1,0.2", "--momentum", "0.3",
                "--out", out.toString()), out, "both set transferBuffer.momentum", "drop the flag");
    }

    /** A grid key also set by a flag: the grid would silently win, so the flag is refused. */
    @Test
    void aGridKeySetByAFlagTooIsRefused() {
        Path out = tmp.resolve("out");
        refused(args("sweep", TINY, "--grid", "learningRate=0.1", "--lr", "0.5", "--out", out.toString()), out,
                "--grid learningRate=0.1", "a flag (--lr = 0.5) both set learningRate", "drop the flag");
    }
}
