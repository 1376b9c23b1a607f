package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.fraction.BigFractionField;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.FieldVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.Validation;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import picocli.CommandLine;

/** Every case under validation/ passes, and the hand-solved figures are what exact arithmetic gives. */
@Tag("ngspice")
class ValidationCasesTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("validation"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("case.json"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void casePasses(String id) throws IOException {
        Validation.Outcome outcome = ValidateCommand.run(id, Path.of("validation", id),
                NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
        assertTrue(outcome.passed(), outcome.line());
        assertTrue(Files.isRegularFile(Path.of("validation", id, "README.md")), id + " has no README.md");
    }

    /** A malformed case fails alone, naming its case.json and what is wrong, instead of stopping the validator. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"{\"command\": [\"read\"| is not valid JSON",
        "{\"tolerance\": 0.1}| \"command\" must be a non-empty array",
        "{\"command\": [\"read\"], \"tolerance\": -1}| \"tolerance\" must be",
        "{\"command\": [\"nosuch\"], \"tolerance\": 1}| starts with 'nosuch', which is not an xbarspice command",
        // cases that compared nothing, or part of the result, and passed (or stopped the validator with an internal error)
        "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--vectors\", \"1\", \"--engine\", \"behavioral\"], "
            + "\"tolerance\": 1, \"expectedCurrentsAmpere\": [[1e-6]]}| holds 1 x 1 currents, the command's behavioral engine 1 x 2",
        "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--vectors\", \"1\", \"--engine\", \"behavioral\"], "
            + "\"tolerance\": 1, \"expectedCurrentsAmpere\": [[1e-6, 1e-6, 1e-6], [1, 2, 3]]}| holds 2 x 3 currents",
        "{\"command\": [\"read\"], \"tolerance\": 1, \"expectedCurrentsAmpere\": \"abc\"}| must be an array of vectors",
        "{\"command\": [\"toy\", \"--algorithm\", \"sgd\"], \"tolerance\": 1, \"expectedCurrentsAmpere\": [[1e-6]]}"
            + "| has nothing to compare with",
        "{\"command\": [\"read\"], \"tolerance\": 1, \"expectedFiles\": {}}| \"expectedFiles\" must name at least one file",
        "{\"command\": [\"read\"], \"tolerance\": 1, \"expectedFiles\": {\"x.cir\": \"{scratch}/x.cir\"}}"
            + "| names x.cir, which is not a file of the case folder",
        "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--engine\", \"behavioral\"], \"tolerance\": 0, "
            + "\"expectedFiles\": {\"case.json\": \"{scratch}\"}}| names a path that cannot be read as a file",
        "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--engine\", \"behavioral\"], \"tolerance\": 0, "
            + "\"figure\": \"differential\"}| has no number differential"})
    void aMalformedCaseFailsNamingItsFile(String spec, String named, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("case.json"), spec);
        Validation.Outcome outcome = ValidateCommand.run("bad", dir, NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
        assertFalse(outcome.passed());
        assertTrue(outcome.line().startsWith("BAD ") && outcome.line().contains(dir.resolve("case.json").toString())
                && outcome.line().contains(named.strip()), outcome.line());
    }

    /**
     * Without the launcher's -Dxbarspice.home, the installation is the folder above the one the classes come from (a jar
     * in target/), not the working directory: {@code java -jar .../target/xbarspice.jar validate} from another folder
     * found no validation/ there.
     */
    @Test
    void theInstallationIsFoundFromTheClassesWithoutTheLaunchersSetting() {
        String set = System.clearProperty("xbarspice.home");
        Path home;
        try {
            home = Main.home();
        } finally {
            if (set != null) {
                System.setProperty("xbarspice.home", set);
            }
        }
        assertTrue(home.isAbsolute() && Files.isDirectory(home.resolve("validation")), home.toString());
        assertEquals(Path.of("").toAbsolutePath(), home, "the tests run in the project's folder");
    }

    /**
     * A malformed case is bad input: validate exits 2 (it exited 1, as for a figure out of tolerance), and its line reads
     * BAD, not FAIL; a case whose figure is out of tolerance still exits 1.
     */
    @Test
    void aMalformedCaseExitsTwoAndAFailingOneOne(@TempDir Path dir) throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("case.json"), "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", "
                + "\"--engine\", \"behavioral\"], \"figure\": \"nosuchfigure\", \"tolerance\": 1}");
        Path failing = Files.createDirectories(dir.resolve("failing"));
        Files.writeString(failing.resolve("case.json"), "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", "
                + "\"--engine\", \"behavioral\"], \"figure\": \"rows\", \"tolerance\": 1}"); // rows = 2 > 1
        assertEquals(2, Main.commandLine().execute("validate", "--dir", dir.toString()));
        assertEquals(1, Main.commandLine().execute("validate", "--dir", dir.toString(), "failing"));
    }

    /**
     * An expected file's path takes {@code {case}} as the command does (it was read as a path named "{case}/...": FAIL,
     * no file).
     */
    @Test
    void anExpectedFilesPathTakesTheCaseFolder(@TempDir Path dir) throws IOException {
        assertEquals(0, Main.commandLine().execute("netlist", "--rows", "2", "--cols", "2", "-o",
                dir.resolve("want.cir").toString()));
        Files.writeString(dir.resolve("case.json"), "{\"command\": [\"netlist\", \"--rows\", \"2\", \"--cols\", \"2\", "
                + "\"-o\", \"{case}/got.cir\"], \"tolerance\": 0, \"expectedFiles\": {\"want.cir\": \"{case}/got.cir\"}}");
        Validation.Outcome outcome = ValidateCommand.run("written", dir, NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
        assertTrue(outcome.passed(), outcome.line());
    }

    /** A case's command that fails prints one line in the case's FAIL line, not the command's help. */
    @Test
    void aFailingCommandGivesOneLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("case.json"), "{\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--colz\", \"2\"], "
                + "\"tolerance\": 1}");
        Validation.Outcome outcome = ValidateCommand.run("bad", dir, NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
        assertFalse(outcome.passed());
        assertTrue(outcome.line().contains("command failed (exit 2): Unknown options: '--colz'"), outcome.line());
        assertEquals(1, outcome.line().lines().count(), outcome.line());
    }

    /** A case without a tolerance, or naming a figure its command does not write, says which and what to give. */
    @Test
    void aCaseMissingItsToleranceOrFigureSaysSo(@TempDir Path dir) throws IOException {
        String read = "\"command\": [\"read\", \"--rows\", \"2\", \"--cols\", \"2\", \"--engine\", \"behavioral\"]";
        Files.writeString(dir.resolve("case.json"), "{" + read + "}");
        String missing = ValidateCommand.run("c", dir, NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS).line();
        assertTrue(missing.contains("\"tolerance\" is missing"), missing); // it said "must be a finite number >= 0"
        Files.writeString(dir.resolve("case.json"), "{" + read + ", \"figure\": \"nosuchfigure\", \"tolerance\": 1}");
        String figure = ValidateCommand.run("c", dir, NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS).line();
        assertTrue(figure.contains("the command's JSON has no number nosuchfigure: give \"figure\" one of its numeric keys "
                + "(rows, cols,"), figure); // it said "no figure nosuchfigure"
    }

    /**
     * A case named by a path to its folder, or by its id with a trailing slash (as a shell completes it), runs; both made
     * an internal error before (the id went into a temporary file's name).
     */
    @Test
    void aCaseGivenAsAPathRuns() {
        assertEquals(0, Main.commandLine().execute("validate", "validation/hand-2x2/"));
        assertEquals(0, Main.commandLine().execute("validate", "hand-2x2/"));
        assertEquals(2, Main.commandLine().execute("validate", "no-such-case/"));
        // every id is checked before any case runs (the first ran, then the second stopped the validator unsummed)
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true));
        try {
            assertEquals(2, cli.execute("validate", "hand-2x2", "no-such-case"));
        } finally {
            System.setOut(console);
        }
        assertTrue(err.toString().contains("unknown validation case 'no-such-case'"), err.toString());
        assertEquals("", out.toString(), "no case may run");
        // a case given twice, by id and by path, ran twice and counted as two passed
        StringWriter twice = new StringWriter();
        CommandLine again = Main.commandLine();
        again.setErr(new PrintWriter(twice, true));
        assertEquals(2, again.execute("validate", "hand-2x2", "validation/hand-2x2"));
        assertTrue(twice.toString().contains("validation case 'validation/hand-2x2' is given twice"), twice.toString());
    }

    /** A bad --timeout is validate's own bad input (exit 2); it went to every case, which then FAILed, exit 1. */
    @Test
    void aBadTimeoutIsRefusedBeforeAnyCase() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("validate", "hand-2x2", "--timeout", "-1"), err.toString());
        assertTrue(err.toString().startsWith("error: --timeout -1 is not allowed"), err.toString());
    }

    /**
     * validate's limit reaches a case's ngspice run without a --timeout flag, which a case command running no ngspice
     * refuses (design without --spice-check failed that way): here 1 s stops a 3000-pulse transient of several seconds.
     * In a JVM of its own: the abandoned transient runs on for about 17 s and took memory and a library copy from the
     * tests after it.
     */
    @Test
    void theLimitReachesACaseWithoutAFlag(@TempDir Path dir) throws IOException, InterruptedException {
        Files.createDirectory(dir.resolve("slow"));
        Files.writeString(dir.resolve("slow/case.json"), "{\"command\": [\"pulse-response\", \"--engine\", \"ngspice\", "
                + "\"--pulses\", \"3000\"], \"tolerance\": 1}"); // no figure is compared: the run stops at the limit
        ChildJvm.Ended child = ChildJvm.run(dir.resolve("child.log"), List.of("validate", "slow", "--dir", dir.toString(),
                "--timeout", "1"));
        String output = child.output();
        assertEquals(1, child.exitCode(), output);
        assertTrue(output.contains("command failed (exit 1)") && output.contains("did not finish the netlist within 1 s"), output);
    }

    /** --dir must be a folder holding cases: exit 2 naming it. */
    @ParameterizedTest
    @CsvSource({"empty, no validation cases in", "file, is not a folder", "missing, does not exist"})
    void aFolderWithoutCasesIsBadInput(String kind, String named, @TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve(kind);
        if (kind.equals("empty")) {
            Files.createDirectory(dir);
        } else if (kind.equals("file")) {
            Files.writeString(dir, "x");
        }
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("validate", "--dir", dir.toString()), err.toString());
        assertTrue(err.toString().contains(named) && err.toString().contains(dir.toString()), err.toString());
    }

    @Test
    void handSolvedTwoByTwoIsTheExactSolutionOfItsNodalEquations() throws IOException {
        BigFraction[][] g = {{new BigFraction(1, 1000), new BigFraction(2, 1000)},
            {new BigFraction(1, 2000), new BigFraction(4, 1000)}};
        BigFraction gw = new BigFraction(1, 10); // 10 ohm segments
        BigFraction[] v = {new BigFraction(2, 10), new BigFraction(-1, 10)};
        // unknowns R00 R01 R10 R11 C00 C01 C10 C11, equations as in validation/hand-2x2/README.md
        FieldMatrix<BigFraction> a = new Array2DRowFieldMatrix<>(BigFractionField.getInstance(), 8, 8);
        FieldVector<BigFraction> b = new ArrayFieldVector<>(BigFractionField.getInstance(), 8);
        int[][] rowChain = {{0, 1}, {2, 3}};
        int[][] colChain = {{4, 6}, {5, 7}};
        for (int i = 0; i < 2; i++) {
            stamp(a, rowChain[i][0], rowChain[i][1], gw);
            stampToFixed(a, b, rowChain[i][0], gw, v[i]);
            stamp(a, colChain[i][0], colChain[i][1], gw);
            stampToFixed(a, b, colChain[i][1], gw, BigFraction.ZERO);
            for (int j = 0; j < 2; j++) {
                stamp(a, rowChain[i][j], colChain[j][i], g[i][j]);
            }
        }
        FieldVector<BigFraction> x = new FieldLUDecomposition<>(a).getSolver().solve(b);
        BigFraction i0 = gw.multiply(x.getEntry(6));
        BigFraction i1 = gw.multiply(x.getEntry(7));
        assertEquals(new BigFraction(17899, 125700544), i0);
        assertEquals(new BigFraction(15431, 3142513600L), i1);
        JsonNode spec = ResultFiles.json().readTree(Path.of("validation/hand-2x2/case.json").toFile());
        List<Double> stored = List.of(spec.at("/expectedCurrentsAmpere/0/0").asDouble(), spec.at("/expectedCurrentsAmpere/0/1").asDouble());
        assertEquals(List.of(i0.doubleValue(), i1.doubleValue()), stored);
    }

    private static void stamp(FieldMatrix<BigFraction> a, int p, int q, BigFraction g) {
        a.addToEntry(p, p, g);
        a.addToEntry(q, q, g);
        a.addToEntry(p, q, g.negate());
        a.addToEntry(q, p, g.negate());
    }

    private static void stampToFixed(FieldMatrix<BigFraction> a, FieldVector<BigFraction> b, int p, BigFraction g, BigFraction volts) {
        a.addToEntry(p, p, g);
        b.setEntry(p, b.getEntry(p).add(g.multiply(volts)));
    }
}
