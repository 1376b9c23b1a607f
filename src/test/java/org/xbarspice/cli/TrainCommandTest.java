package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;

/** `xbarspice train`: result files, resume without loss, bad configs rejected before training. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static final List<String> RUN = List.of("train", "--data", "spiral", "--train-samples", "400",
            "--test-samples", "200", "--seed", "3");

    private static int train(List<String> extra) {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--model", "2-16-2", "--algorithm", "shd", "--lr", "0.3", "--fast-lr", "0.1"));
        args.addAll(extra);
        return Main.commandLine().execute(args.toArray(String[]::new));
    }

    private static List<String> metricsWithoutTimes(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) {
            out.add(line.substring(0, line.lastIndexOf(',')));
        }
        return out;
    }

    @Test
    void resumedRunEndsWithTheMetricsAndWeightsOfTheUninterruptedRun() throws IOException {
        Path full = tmp.resolve("full");
        Path part = tmp.resolve("part");
        assertEquals(0, train(List.of("--epochs", "3", "--threads", "2", "--out", full.toString())));
        assertEquals(0, train(List.of("--epochs", "1", "--threads", "1", "--out", part.toString())));
        BadInputTest.Run refused = BadInputTest.run(List.of("train", "--resume", part.toString(), "--lr", "0.5", "--out",
                tmp.resolve("x").toString()));
        assertEquals(2, refused.exitCode(), "a resumed run keeps its own config");
        // the flags as given, not the config keys they set ("not [learningRate]"), and every flag a resume takes
        assertTrue(refused.err().contains("only --epochs, --steps, --threads, --timeout, --json, --data-dir may be given "
                + "with it, not --lr, --out"), refused.err());
        assertEquals(0, Main.commandLine().execute("train", "--resume", part.toString(), "--epochs", "3", "--threads", "2"),
                "the thread count may change on resume: it does not change the results");
        assertEquals(metricsWithoutTimes(full), metricsWithoutTimes(part));
        assertEquals(4, metricsWithoutTimes(full).size());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(full.resolve("checkpoint.bin")),
                Files.readAllBytes(part.resolve("checkpoint.bin"))), "the weights after resuming differ");
        for (String file : List.of("summary.json", "accuracy.png", "weights.png", "config.json")) {
            assertTrue(Files.size(full.resolve(file)) > 0, file);
        }
        JsonNode summary = ResultFiles.json().readTree(full.resolve("summary.json").toFile());
        assertEquals("shd", summary.get("algorithm").asText());
        assertEquals(3, summary.get("testAccuracy").size());
        assertEquals(0.3, summary.at("/config/learningRate").asDouble(), 0);
    }

    /**
     * A checkpoint with bytes after it, another kind of file in its place, or another run's checkpoint is refused saying
     * so: the first was resumed (exit 0), the second said "it holds -1991225785 runs", and the third compared the
     * foreign run's 3 epochs with this run's 1 before naming the config that differs.
     */
    @Test
    void aDamagedOrForeignCheckpointIsRefusedSayingWhy() throws IOException {
        Path one = tmp.resolve("one");
        Path three = tmp.resolve("three");
        assertEquals(0, train(List.of("--epochs", "1", "--out", one.toString())));
        assertEquals(0, train(List.of("--epochs", "3", "--bl", "20", "--out", three.toString())));
        Path checkpoint = one.resolve("checkpoint.bin");
        byte[] intact = Files.readAllBytes(checkpoint);

        Files.write(checkpoint, java.util.Arrays.copyOf(intact, intact.length + 8));
        BadInputTest.Run appended = BadInputTest.run(List.of("train", "--resume", one.toString(), "--epochs", "2"));
        assertEquals(2, appended.exitCode(), appended.err());
        assertTrue(appended.err().contains("holds 8 bytes after its checkpoint: it is damaged"), appended.err());

        Files.write(checkpoint, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        BadInputTest.Run png = BadInputTest.run(List.of("train", "--resume", one.toString(), "--epochs", "2"));
        assertEquals(2, png.exitCode(), png.err());
        assertTrue(png.err().contains("is not a run checkpoint of xbarspice"), png.err());

        Files.copy(three.resolve("checkpoint.bin"), checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BadInputTest.Run foreign = BadInputTest.run(List.of("train", "--resume", one.toString(), "--epochs", "2"));
        assertEquals(2, foreign.exitCode(), foreign.err());
        assertTrue(foreign.err().contains("written by another config") && foreign.err().contains("bl: 20 -> 31"),
                foreign.err());
    }

    /**
     * A resume of a run stopped by its steps limit, without --steps, keeps that limit and trains nothing: it said only "no
     * epoch ended in this run", not why nor how to go on.
     */
    @Test
    void aResumeAtItsStepsLimitSaysHowToGoOn() {
        Path run = tmp.resolve("limited");
        assertEquals(0, train(List.of("--epochs", "2", "--steps", "400", "--out", run.toString())));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.commandLine().execute("train", "--resume", run.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        String said = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.contains("the run had reached its steps limit, 400 (key steps), before; result files unchanged. Give "
                + "--steps 0 to train to the end of its epochs, or a larger --steps"), said);
        // a run that has done all its epochs: it said only "no epoch ended in this run"
        Path done = tmp.resolve("done");
        assertEquals(0, train(List.of("--epochs", "1", "--out", done.toString())));
        printed.reset();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = Main.commandLine().execute("train", "--resume", done.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        said = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.contains("no epoch ended in this run: the run had done all its epochs, 1 (key epochs), before; result "
                + "files unchanged. Give --epochs N, more than 1, to train it further"), said);
    }

    /**
     * An IDX folder given by a relative path is stored absolute in config.json, as a preset file is: the run resumes from
     * any folder (it was stored as given, and a resume from elsewhere did not find it).
     */
    @Test
    void aRelativeDataFolderIsStoredAbsolute() throws IOException {
        Path idx = tmp.resolve("idx");
        org.xbarspice.train.data.IdxFiles.writeImages(idx.resolve("train-images-idx3-ubyte"), 1, 2,
                new int[][] {{0, 255}, {255, 0}});
        org.xbarspice.train.data.IdxFiles.writeLabels(idx.resolve("train-labels-idx1-ubyte"), new int[] {0, 1});
        org.xbarspice.train.data.IdxFiles.writeImages(idx.resolve("t10k-images-idx3-ubyte"), 1, 2, new int[][] {{0, 255}});
        org.xbarspice.train.data.IdxFiles.writeLabels(idx.resolve("t10k-labels-idx1-ubyte"), new int[] {0});
        Path relative = Path.of("").toAbsolutePath().relativize(idx.toAbsolutePath());
        Path run = tmp.resolve("run");
        assertEquals(0, Main.commandLine().execute("train", "--data", relative.toString(), "--model", "2-4-2", "--epochs", "1",
                "--out", run.toString()));
        JsonNode config = ResultFiles.json().readTree(run.resolve("config.json").toFile());
        assertEquals(idx.toAbsolutePath().normalize().toString(), config.get("dataset").asText());
    }

    /** An fp run has no device: its summary said the default preset's name, as if analog tiles had trained. */
    @Test
    void anFpRunsSummaryNamesNoDevice() throws IOException {
        Path fp = tmp.resolve("fp");
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--model", "2-16-2", "--algorithm", "fp", "--epochs", "1", "--out", fp.toString()));
        assertEquals(0, Main.commandLine().execute(args.toArray(String[]::new)));
        JsonNode summary = ResultFiles.json().readTree(fp.resolve("summary.json").toFile());
        assertTrue(summary.has("device") && summary.get("device").isNull(), summary.toString());
        Path shd = tmp.resolve("shd");
        assertEquals(0, train(List.of("--epochs", "1", "--out", shd.toString())));
        assertEquals("onen-softbounds", ResultFiles.json().readTree(shd.resolve("summary.json").toFile()).path("device")
                .asText());
    }

    @Test
    void badConfigsFailBeforeTrainingNamingTheFlag() {
        Path out = tmp.resolve("bad");
        List<String[]> cases = List.of(new String[] {"--lr", "0", "--lr = 0 is not allowed"}, new String[] {"--algorithm", "adam", "adam"},
                new String[] {"--model", "3-16-2", "--model = '3-16-2'"}, new String[] {"--epochs", "0", "--epochs = 0"});
        for (String[] c : cases) {
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = Main.commandLine();
            cli.setErr(new java.io.PrintWriter(err, true));
            List<String> args = new ArrayList<>(RUN);
            args.addAll(List.of(c[0], c[1], "--out", out.toString()));
            if (!c[0].equals("--model")) {
                args.addAll(List.of("--model", "2-16-2"));
            }
            assertEquals(2, cli.execute(args.toArray(String[]::new)), err.toString());
            assertTrue(err.toString().contains(c[2]), "message should name " + c[2] + ": " + err);
            assertFalse(Files.exists(out.resolve("metrics.csv")), "nothing may be trained");
        }
    }

    /**
     * --output-bound sets the ADC full scale of the tiles' reads over the config file's outputBound: at 0.5 the spiral's
     * layer 2 clips its backward outputs and the warning quotes that bound and names the flag as the remedy (there was
     * no flag: the warning's remedy was a config key), where the file's 12 alone clips nothing.
     */
    @Test
    void theOutputBoundFlagSetsTheTilesFullScaleOverTheConfigFile() throws IOException {
        Path config = Files.writeString(tmp.resolve("bound.json"), "{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", "
                + "\"layers\": \"2-8-6-2\", \"activation\": \"tanh\", \"epochs\": 1, \"seed\": 11, \"trainSamples\": 600, "
                + "\"testSamples\": 200, \"outputBound\": 12}");
        Path flagged = tmp.resolve("flagged");
        BadInputTest.Run r = BadInputTest.run(List.of("train", "--config", config.toString(), "--output-bound", "0.5",
                "--out", flagged.toString()));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode summary = ResultFiles.json().readTree(flagged.resolve("summary.json").toFile());
        assertEquals(0.5, summary.at("/config/outputBound").asDouble(), 0);
        assertEquals(0.5, ResultFiles.json().readTree(flagged.resolve("config.json").toFile()).get("outputBound").asDouble(), 0);
        String warning = summary.get("warnings").get(0).asText();
        assertTrue(warning.startsWith("layer 2: ") && warning.contains("beyond the ADC's full scale +-0.500 and read as "
                + "+-0.500") && warning.contains("raise --output-bound (key outputBound)"), warning);
        Path file = tmp.resolve("file");
        assertEquals(0, BadInputTest.run(List.of("train", "--config", config.toString(), "--out", file.toString())).exitCode());
        JsonNode fileSummary = ResultFiles.json().readTree(file.resolve("summary.json").toFile());
        assertEquals(12, fileSummary.at("/config/outputBound").asDouble(), 0);
        assertEquals(0, fileSummary.get("warnings").size(), fileSummary.get("warnings").toString());
    }

    /** A bound outside 1e-3..1e6 normalised output units, or NaN, is refused naming the flag and the fix, before training. */
    @Test
    void aBadOutputBoundIsRefusedNamingTheFlagAndTheFix() {
        Path out = tmp.resolve("bad-bound");
        for (String bad : List.of("0", "-1", "1e9", "NaN")) {
            List<String> args = new ArrayList<>(RUN);
            args.addAll(List.of("--model", "2-16-2", "--algorithm", "sgd", "--output-bound", bad, "--out", out.toString()));
            BadInputTest.Run r = BadInputTest.run(args);
            assertEquals(2, r.exitCode(), bad + ": " + r.err());
            assertTrue(r.err().contains("--output-bound = " + bad + " (normalised output units) is out of "
                    + "range: allowed [0.001, 1e6]; give the ADC full scale in weight units for a full-scale input, e.g. 12 "
                    + "(aihwkit's out_bound, the default)"), bad + ": " + r.err());
            assertFalse(Files.exists(out.resolve("metrics.csv")), "nothing may be trained");
        }
    }
}
