package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Output paths that cannot be written (a folder where a file goes, a file where a folder goes, a path below a file)
 * are bad input: exit 2 before anything runs, a message naming the option and the path, and no file written.
 */
class OutputPathsTest {
    @TempDir
    static Path tmp;

    /** A command with {@code OUT} where the output path goes; {@code folderOutput}: the option takes a folder. */
    record Case(String option, boolean folderOutput, List<String> args) {
    }

    private static final List<Case> CASES = List.of(
            new Case("--json", false, List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--json", "OUT")),
            new Case("--energy-plot", false, List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral",
                    "--energy-plot", "OUT")),
            new Case("--out", false, List.of("netlist", "--rows", "2", "--cols", "2", "-o", "OUT")),
            new Case("--json", false, List.of("update", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--json", "OUT")),
            new Case("--json", false, List.of("pulse-response", "--engine", "behavioral", "--pulses", "10", "--json", "OUT")),
            new Case("--plot", false, List.of("pulse-response", "--engine", "behavioral", "--pulses", "10", "--plot", "OUT")),
            new Case("--json", false, List.of("toy", "--steps", "1000", "--json", "OUT")),
            new Case("--out", false, List.of("calibrate", "--rows", "2", "--cols", "2", "--wire-r", "1", "--out", "OUT")),
            new Case("--json", false, List.of("calibrate", "--rows", "2", "--cols", "2", "--wire-r", "1", "--json", "OUT")),
            new Case("--out", true, List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv",
                    "--g-range", "1e-6:1e-5", "--out", "OUT")),
            new Case("--data", false, List.of("fit-device", "--simulate", "li-ecram", "--data", "OUT")),
            new Case("--json", false, List.of("spice", "netlists/read-4x4-ideal.cir", "--json", "OUT")),
            new Case("--csv", false, List.of("spice", "netlists/read-4x4-ideal.cir", "--csv", "OUT")),
            new Case("--workdir", true, List.of("spice", "netlists/read-4x4-ideal.cir", "--workdir", "OUT")));

    @TestFactory
    Stream<DynamicTest> unwritableOutputsExitTwoBeforeAnythingRuns() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            String name = c.args().get(0) + " " + c.option();
            if (!c.folderOutput()) {
                tests.add(DynamicTest.dynamicTest(name + " a folder", () -> check(c,
                        dir -> Files.createDirectory(dir.resolve("folder")), "is a folder: give a file path")));
            } else {
                tests.add(DynamicTest.dynamicTest(name + " a file", () -> check(c, dir -> Files.writeString(dir.resolve("file"), "x"),
                        "is a file, not a folder")));
            }
            tests.add(DynamicTest.dynamicTest(name + " below a file", () -> check(c,
                    dir -> Files.writeString(dir.resolve("file"), "x").resolve("out"), "is a file, not a folder")));
            if (!c.folderOutput()) { // a device, pipe or socket was replaced by a file (as root even /dev/full)
                tests.add(DynamicTest.dynamicTest(name + " a pipe", () -> check(c, OutputPathsTest::pipe,
                        "is not a regular file (a device, pipe or socket)")));
            }
        }
        return tests.stream();
    }

    /** A named pipe in {@code dir} (mkfifo). */
    private static Path pipe(Path dir) throws IOException {
        Path fifo = dir.resolve("pipe");
        try {
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return fifo;
    }

    /** A result written through a symbolic link goes to the file it names, and the link stays (it was replaced). */
    @Test
    void aResultGoesThroughASymbolicLink() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "link");
        Path real = Files.createDirectory(dir.resolve("shared")).resolve("real.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("shared", "real.json"));
        FitDeviceCommandTest.Run r = FitDeviceCommandTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine",
                "behavioral", "--json", link.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("\"currentsAmpere\""), Files.readString(real));
        assertEquals(List.of(link, dir.resolve("shared"), real), listing(dir).subList(1, 4));
    }

    /**
     * A link's relative target is resolved from the real folder of the link, as the kernel does, not from the path it was
     * reached by ({@code here/d} a link to {@code ../real/sub}: {@code ..} of its link is {@code real}, not {@code here});
     * and an output that is a link to the command's input, or to another of its outputs, is refused as the file itself is.
     */
    @Test
    void linksAreFollowedAsTheKernelDoes() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "links");
        Path sub = Files.createDirectories(dir.resolve("real").resolve("sub"));
        Path here = Files.createDirectories(dir.resolve("here"));
        Files.createSymbolicLink(here.resolve("d"), Path.of("..", "real", "sub"));
        Files.createSymbolicLink(sub.resolve("out.json"), Path.of("..", "x.json"));
        Files.writeString(here.resolve("x.json"), "unrelated");
        FitDeviceCommandTest.Run r = FitDeviceCommandTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine",
                "behavioral", "--json", here.resolve("d").resolve("out.json").toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("unrelated", Files.readString(here.resolve("x.json")));
        assertTrue(Files.readString(dir.resolve("real").resolve("x.json")).contains("\"currentsAmpere\""));
        // a link to the command's input, and two outputs that are one file
        Path array = dir.resolve("array.json");
        assertEquals(0, FitDeviceCommandTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral",
                "--json", array.toString())).exitCode());
        Path toInput = Files.createSymbolicLink(dir.resolve("to-input.json"), array.getFileName());
        String before = Files.readString(array);
        FitDeviceCommandTest.Run input = FitDeviceCommandTest.run(List.of("read", "--engine", "behavioral", "--array",
                array.toString(), "--json", toInput.toString()));
        assertEquals(2, input.exitCode(), input.err());
        assertTrue(input.err().contains("is the input --array " + array), input.err());
        assertEquals(before, Files.readString(array));
        Path plot = Files.createSymbolicLink(dir.resolve("plot.png"), Path.of("out.png"));
        FitDeviceCommandTest.Run twice = FitDeviceCommandTest.run(List.of("read", "--rows", "2", "--cols", "2", "--engine",
                "behavioral", "--energy-plot", plot.toString(), "--json", dir.resolve("out.png").toString()));
        assertEquals(2, twice.exitCode(), twice.err());
        assertTrue(twice.err().contains("--energy-plot " + plot + " is the same file as --json"), twice.err());
    }

    /**
     * A sweep whose report, or a training run whose result file, could not be written (a folder at its name) is refused
     * before it runs anything: the runs went through, then the write failed.
     */
    @ParameterizedTest
    @CsvSource({"sweep, sweep.json, --grid, 'seed=1,2'", "train, summary.json, --seed, 1"})
    void aRunWhoseResultFileCannotBeWrittenIsRefusedFirst(String command, String file, String flag, String value)
            throws IOException {
        Path dir = Files.createTempDirectory(tmp, command);
        Files.createDirectories(dir.resolve(file));
        List<Path> before = listing(dir);
        FitDeviceCommandTest.Run r = FitDeviceCommandTest.run(List.of(command, "--data", "spiral", "--model", "2-8-2",
                "--epochs", "1", "--train-samples", "200", flag, value, "--out", dir.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--out " + dir.resolve(file) + " is a folder"), r.err());
        assertEquals(before, listing(dir));
    }

    /** Makes the bad path in a fresh folder. */
    interface BadPath {
        Path make(Path dir) throws IOException;
    }

    private static void check(Case c, BadPath bad, String message) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path target = bad.make(dir);
        List<Path> before = listing(dir);
        List<String> args = new ArrayList<>();
        for (String a : c.args()) {
            args.add(a.equals("OUT") ? target.toString() : a);
        }
        FitDeviceCommandTest.Run r = FitDeviceCommandTest.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(c.option()) && r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals("", r.out(), "nothing may run");
        assertEquals(before, listing(dir), "nothing may be written");
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
