package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;

/**
 * Hostile input over the command line (issue 15): every case ends in its exit code (2 bad input, 1 failure) with a
 * message naming the offending value or file, writes no output file, and leaves the JVM usable for the next case
 * (a netlist that includes itself used to kill it with SIGSEGV).
 */
class HostileInputTest {
    @TempDir
    Path tmp;

    private static final String CIRCUIT = "V1 a 0 1\nR1 a 0 1000\n.op\n.end\n";

    /**
     * One case, set up in its own folder {@code dir}.
     *
     * @param args  the command line; {@code OUT} is replaced by the output file, which must not be written
     * @param named substrings the message must contain
     */
    record Case(String name, int exit, Function<Path, List<String>> args, List<String> named) {
    }

    private static Case bad(String name, Function<Path, List<String>> args, String... named) {
        return new Case(name, 2, args, List.of(named));
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code bytes} bytes that takes no disk space. */
    private static Path sparse(Path file, long bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> spice(Path netlist, String... more) {
        List<String> args = new ArrayList<>(List.of("spice", netlist.toString(), "--vectors", "a", "--json", "OUT"));
        args.addAll(List.of(more));
        return args;
    }

    /** The arguments of 'spice' on one netlist file {@code name}: {@code text}, then a small circuit. */
    private static Function<Path, List<String>> netlist(String name, String text) {
        return d -> spice(write(d.resolve(name), text + CIRCUIT));
    }

    private static List<String> read(String... flags) {
        List<String> args = new ArrayList<>(List.of("read", "--rows", "4", "--cols", "4", "--engine", "behavioral",
                "--json", "OUT"));
        args.addAll(List.of(flags));
        return args;
    }

    private static List<String> update(String... flags) {
        List<String> args = new ArrayList<>(List.of("update", "--rows", "2", "--cols", "2", "--engine", "behavioral",
                "--json", "OUT"));
        args.addAll(List.of(flags));
        return args;
    }

    static List<Case> cases() {
        return List.of(
                // includes and libraries (fix 1): ngspice would recurse until SIGSEGV
                bad("netlist that includes itself", netlist("self.cir", "* self\n.include self.cir\n"), "include cycle",
                        "self.cir line 2"),
                bad("include cycle through a second file", d -> {
                    write(d.resolve("sub/b.cir"), "* b\n.inc '../a.cir'\n");
                    return spice(write(d.resolve("a.cir"), "* a\n.include \"sub/b.cir\"\n" + CIRCUIT));
                }, "include cycle", "a.cir line 2", "b.cir line 2"),
                bad("library that includes itself", d -> {
                    write(d.resolve("m.lib"), "* m\n.include m.lib\n.lib typ\nR2 a 0 1\n.endl\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.lib m.lib typ\n" + CIRCUIT));
                }, "include cycle", "m.lib line 2"),
                bad("library section that needs itself", d -> {
                    write(d.resolve("m.lib"), "* m\n.lib typ\n.lib m.lib fast\n.endl\n.lib fast\n.lib 'm.lib' typ\n.endl\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.lib m.lib typ\n" + CIRCUIT));
                }, "library section cycle", "top.cir line 2", "m.lib line 3", "m.lib line 6"),
                bad("missing include", netlist("top.cir", "* top\n.include nowhere/none.cir\n"),
                        "none.cir", "top.cir line 2", "does not exist"),
                bad("missing library section", d -> {
                    write(d.resolve("m.lib"), "* m\n.lib typ\nR2 a 0 1\n.endl\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.lib m.lib slow\n" + CIRCUIT));
                }, "m.lib", "no section 'slow'", "typ"),
                bad("library section without .endl", d -> {
                    write(d.resolve("m.lib"), "* m\n.lib typ\nR2 a 0 1\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.lib m.lib typ\n" + CIRCUIT));
                }, "m.lib", "typ", ".endl"),
                bad("includes nested too deep", d -> {
                    for (int k = 0; k < 40; k++) {
                        write(d.resolve("n" + k + ".cir"), "* n" + k + "\n.include n" + (k + 1) + ".cir\n");
                    }
                    write(d.resolve("n40.cir"), "R9 a 0 1\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.include n0.cir\n" + CIRCUIT));
                }, "nested deeper than 16", "n0.cir line 2"),
                bad("include unterminated quote", netlist("top.cir", "* top\n.include \"x.cir\n"),
                        "top.cir line 2", "not closed"),
                bad("include without a file name", netlist("top.cir", "* top\n.include\n"),
                        "top.cir line 2", "file name is missing"),
                bad("include of a directory", d -> {
                    write(d.resolve("dir/x.cir"), "R2 a 0 1\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.include dir\n" + CIRCUIT));
                }, "dir", "is a directory"),
                bad("section definition in the netlist itself", netlist("top.cir", "* top\n.lib typ\nR2 a 0 1\n.endl\n"),
                        "top.cir line 2", ".lib typ", "library file"),
                // sizes (fix 2)
                bad("endless netlist", d -> spice(Path.of("/dev/zero")), "/dev/zero", "too large", "64.0 MiB"),
                bad("huge netlist", d -> spice(sparse(d.resolve("huge.cir"), 3L << 30)),
                        "huge.cir", "3.0 GiB (3221225472 bytes)", "64.0 MiB"),
                bad("include bomb", d -> {
                    write(d.resolve("big.inc"), ("* " + "x".repeat(1021) + "\n").repeat(4096)); // 4 MiB
                    return spice(write(d.resolve("top.cir"), "* top\n" + ".include big.inc\n".repeat(20) + CIRCUIT));
                }, "too large", "big.inc", "64.0 MiB"),
                // read as Latin-1, as ngspice reads it (it was refused as not UTF-8): refused only for its missing .end
                bad("netlist that is not UTF-8", d -> {
                    try {
                        return spice(Files.write(d.resolve("latin1.cir"), new byte[] {'*', ' ', (byte) 0xE9, '\n'}));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "latin1.cir", "no .end line"),
                bad("huge device preset", d -> read("--device", sparse(d.resolve("huge.json"), 3L << 30).toString()),
                        "huge.json", "3.0 GiB", "16.0 MiB"),
                // physical ranges (fix 3)
                bad("denormal wire resistance", d -> read("--wire-r", "1e-320"), "wire resistance = 1e-320 ohm", "--wire-r",
                        "1e-9 .. 1e6 ohm"),
                bad("smallest double wire resistance", d -> read("--wire-r", "4.9e-324"), "wire resistance = 4.9e-324 ohm",
                        "--wire-r"),
                bad("tiny wire resistance", d -> read("--wire-r", "1e-10"), "wire resistance = 1e-10 ohm", "--wire-r"),
                bad("huge wire resistance", d -> read("--wire-r", "1e7"), "wire resistance = 1e7 ohm", "--wire-r"),
                bad("infinite wire resistance", d -> read("--wire-r", "Infinity"), "wire resistance = Infinity", "--wire-r"),
                bad("denormal driver resistance", d -> read("--driver-r", "1e-320"), "driver resistance = 1e-320 ohm",
                        "--driver-r"),
                bad("huge driver resistance", d -> read("--driver-r", "1e300"), "driver resistance = 1e300 ohm", "--driver-r"),
                bad("update denormal wire resistance", d -> update("--wire-r", "1e-320"), "wire resistance = 1e-320 ohm",
                        "--wire-r"),
                bad("update denormal driver resistance", d -> update("--driver-r", "2e-310"),
                        "driver resistance = 2e-310 ohm", "--driver-r"),
                bad("pulse width of 1e300 s", d -> List.of("pulse-response", "--engine", "behavioral", "--tp", "1e300",
                        "--json", "OUT"), "pulse width tp (--tp", "= 1e300 s", "0.001"),
                bad("zero rise time", d -> List.of("pulse-response", "--engine", "behavioral", "--rise", "0", "--json", "OUT"),
                        "rise/fall time (--rise", "= 0 s", "1e-12"),
                bad("femtosecond rise time", d -> update("--rise", "1e-15"), "rise/fall time (--rise", "= 1e-15 s"),
                // an integrator's time and capacitance reached ngspice (exit 1, "timestep too small") or ran behaviorally
                bad("integrator read time of 1e-300 s", d -> read("--sense", "integrator", "--t-read", "1e-300"),
                        "--t-read = 1e-300 s is out of range: allowed [1e-12, 1000]"),
                bad("integrator of 1e300 F", d -> read("--sense", "integrator", "--int-c", "1e300"),
                        "--int-c = 1e300 F is out of range: allowed [1e-18, 1]"),
                // vectors that cannot fit in memory (an OutOfMemoryError after 33 s of work)
                bad("a million vectors of 512 x 512", d -> List.of("read", "--rows", "512", "--cols", "512", "--vectors",
                        "1000000", "--engine", "behavioral", "--json", "OUT"), "--vectors 1000000 on a 512 x 512 array",
                        "JAVA_OPTS=-Xmx"),
                bad("a netlist of a million vectors", d -> List.of("netlist", "--rows", "512", "--cols", "512", "--vectors",
                        "1000000", "-o", "OUT"), "--vectors 1000000 on a 512 x 512 array"),
                bad("a netlist past the longest string", d -> List.of("netlist", "--rows", "512", "--cols", "1", "--vectors",
                        "150000", "-o", "OUT"), "--vectors 150000 on a 512 x 1 array: their netlist would hold about 2.5e+09"),
                // a bad resolution is named before the range it would need (it asked for --i-max first)
                bad("one-bit ADC without its range", d -> read("--adc-bits", "1"), "--adc-bits = 1 is out of range: allowed 2..31"),
                bad("toy with three billion steps", d -> List.of("toy", "--steps", "3000000000", "--json", "OUT"),
                        "steps = 3000000000", "100000000"),
                bad("negative timeout", d -> spice(write(d.resolve("ok.cir"), "* ok\n" + CIRCUIT), "--timeout", "-1"),
                        "--timeout -1"),
                bad("netlist denormal wire resistance", d -> List.of("netlist", "--rows", "2", "--cols", "2", "--wire-r",
                        "1e-320", "-o", "OUT"), "wire resistance = 1e-320 ohm", "--wire-r"),
                // .control commands that run programs (fix 5)
                bad("shell in .control", d -> spice(write(d.resolve("sh.cir"), "* sh\n" + ".control\nshell touch "
                        + d.resolve("ran") + "\n.endc\n" + CIRCUIT)), "sh.cir line 3", "shell touch", "--allow-shell"),
                bad("shell in quotes", d -> spice(write(d.resolve("sh.cir"), "* sh\n.control\necho x\n  sh'ell' touch "
                        + d.resolve("ran") + "\n.endc\n" + CIRCUIT)), "sh.cir line 4", "--allow-shell"),
                bad("shell behind an alias", netlist("sh.cir", "* sh\n.control\nalias zz SHELL\nzz ls\n"
                        + ".endc\n"), "sh.cir line 3", "alias zz SHELL"),
                bad("shell before the circuit is loaded", netlist("sh.cir", "* sh\n.control\npre_shell ls\n"
                        + ".endc\n"), "sh.cir line 3", "pre_shell"),
                bad("shell from a variable", netlist("sh.cir", "* sh\n.control\nset b = ell\nsh$b ls\n"
                        + ".endc\n"), "sh.cir line 4", "variable"),
                bad("backquotes", netlist("sh.cir", "* sh\n.control\necho `ls`\n.endc\n"),
                        "sh.cir line 3", "backquotes"),
                bad("unixcom", netlist("sh.cir", "* sh\n.control\nset unixcom\nls\n.endc\n"),
                        "sh.cir line 3", "unixcom"),
                bad("shell in an included control block", d -> {
                    write(d.resolve("ctl.inc"), ".control\n\nshell ls\n.endc\n");
                    return spice(write(d.resolve("top.cir"), "* top\n.include ctl.inc\n" + CIRCUIT));
                }, "ctl.inc line 3", "shell ls"),
                bad("source even with --allow-shell", d -> spice(write(d.resolve("src.cir"), "* src\n.control\nsource src.cir\n"
                        + ".endc\n" + CIRCUIT), "--allow-shell"), "src.cir line 3", "source"));
    }

    @TestFactory
    Stream<DynamicTest> hostileInputExitsCleanlyNamingTheCulpritAndWritesNothing() {
        List<Case> cases = cases();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve("case" + cases.indexOf(c)));
            Path out = dir.resolve("out.json");
            List<String> args = c.args().apply(dir).stream().map(a -> a.equals("OUT") ? out.toString() : a).toList();
            BadInputTest.Run r = BadInputTest.run(args);
            assertEquals(c.exit(), r.exitCode(), c.name() + ": " + r.err());
            for (String named : c.named()) {
                assertTrue(r.err().contains(named), c.name() + ": the message should name '" + named + "': " + r.err());
            }
            assertFalse(r.err().contains("\tat "), c.name() + ": no stack trace: " + r.err());
            assertFalse(Files.exists(out), c.name() + ": no output file may be written");
            assertFalse(Files.exists(dir.resolve("ran")), c.name() + ": the shell command must not run");
        }));
    }

    /**
     * An endless {@code .control} loop (it runs inside ngspice's netlist load, where nothing can interrupt it) ends at
     * {@code --timeout} with exit 1 and a message naming the flag. In a child JVM, because the abandoned ngspice thread
     * spins until its process exits; the wait of 120 s only guards the suite against a hang.
     */
    @Test
    @Tag("ngspice")
    void endlessControlLoopStopsAtTheTimeout() throws IOException, InterruptedException {
        Path netlist = write(tmp.resolve("loop.cir"), "* loop\n.control\nlet i = 0\nwhile 1\nlet i = i + 1\nend\n.endc\n"
                + CIRCUIT);
        ChildJvm.Ended child = ChildJvm.run(tmp.resolve("child.log"), List.of("spice", netlist.toString(), "--vectors", "a",
                "--timeout", "2"));
        String output = child.output();
        assertEquals(1, child.exitCode(), output);
        assertTrue(output.contains("did not finish the netlist within 2 s") && output.contains("--timeout"), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }

    /**
     * A command's --timeout is the limit of the engines it opens, not of those opened after it: it stayed the default of
     * the process (a test's next engine got the 1 s of a validation before it).
     */
    @Test
    @Tag("ngspice")
    void aCommandsTimeoutEndsWithIt() throws IOException {
        Path netlist = write(tmp.resolve("ok.cir"), "* ok\n" + CIRCUIT);
        long before = org.xbarspice.spice.ngspice.NgSpiceEngine.defaultTimeoutSeconds();
        org.xbarspice.spice.ngspice.NgSpiceEngine.setDefaultTimeoutSeconds(123);
        try {
            BadInputTest.Run r = BadInputTest.run(List.of("spice", netlist.toString(), "--vectors", "a", "--timeout", "7"));
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(123, org.xbarspice.spice.ngspice.NgSpiceEngine.defaultTimeoutSeconds());
        } finally {
            org.xbarspice.spice.ngspice.NgSpiceEngine.setDefaultTimeoutSeconds(before);
        }
    }

    @Test
    @Tag("ngspice")
    void allowShellRunsTheShellCommand() throws IOException {
        Path ran = tmp.resolve("ran");
        Path netlist = write(tmp.resolve("sh.cir"), "* sh\n.control\nshell touch " + ran + "\n.endc\n" + CIRCUIT);
        Path out = tmp.resolve("out.json");
        BadInputTest.Run r = BadInputTest.run(List.of("spice", netlist.toString(), "--vectors", "a", "--json", out.toString(),
                "--allow-shell"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(ran), "with --allow-shell the shell command runs");
        assertTrue(Files.readString(out).contains("\"a\""), Files.readString(out));
    }

    @Test
    @Tag("ngspice")
    void includedFilesAndLibrarySectionsRunFromTheirOwnFolders() throws IOException {
        write(tmp.resolve("models dir/r2.inc"), "R2 a 0 1000\n.end\n");
        write(tmp.resolve("models dir/m.lib"), "* lib\n.lib typ\n.include 'r2.inc'\n.lib ../more/other.lib common\n.endl\n"
                + ".lib unused\nR9 a 0 1\n.endl\n");
        write(tmp.resolve("more/other.lib"), ".LIB common\nR3 a 0 1000\n.ENDL\n");
        Path top = write(tmp.resolve("top.cir"), "* top\n.lib \"models dir/m.lib\" typ $ typical\nV1 a 0 1\n.op\n.end\n");
        Path out = tmp.resolve("out.json");
        BadInputTest.Run r = BadInputTest.run(List.of("spice", top.toString(), "--vectors", "v1#branch", "--json",
                out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        // R2 and R3 (1 kohm each) in parallel across 1 V: -2 mA through V1; R9 of the unused section is left out
        double current = ResultFiles.json().readTree(out.toFile()).path("v1#branch").path(0).asDouble();
        assertEquals(-2e-3, current, 1e-12, Files.readString(out));
    }
}
