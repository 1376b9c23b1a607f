package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;
import picocli.CommandLine;

/** {@code xbarspice spice} on designers' netlist files: listings, JSON and CSV of complex vectors, several netlists. */
@Tag("ngspice")
class SpiceFilesCommandTest {
    @TempDir
    Path tmp;

    /** An RC low-pass with its corner at 159.15 Hz: an AC sweep of three points around it, then nothing else. */
    private static final String LOW_PASS = "* rc low-pass\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nC1 out 0 1u\n"
            + ".ac lin 3 100 200\n.end\n";

    record Run(int exitCode, String out, String err) {
    }

    static Run spice(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("spice"));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void withoutVectorsTheLastPlotIsListed() throws IOException {
        Path netlist = write("amp.cir", "* op and ac\nV1 in 0 dc 1 ac 1\nR1 in out 1k\nC1 out 0 1u\n.op\n.ac lin 3 100 200\n.end\n");
        Run r = spice(netlist.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("amp.cir: plots ac1 (AC Analysis), op1 (Operating Point); op1 has 1 point:\n"), r.out());
        assertTrue(r.out().contains("  v(out)  real     voltage\n") && r.out().contains("  i(v1)   real     current\n"), r.out());
    }

    /**
     * --json without --vectors holds the last plot, and says so where there were several (it dropped the others in
     * silence).
     */
    @Test
    void aJsonOfTheLastOfSeveralPlotsSaysSo() throws IOException {
        Path netlist = write("amp.cir", "* op and ac\nV1 in 0 dc 1 ac 1\nR1 in out 1k\nC1 out 0 1u\n.op\n.ac lin 3 100 200\n.end\n");
        Run r = spice(netlist.toString(), "--json", tmp.resolve("amp.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("note: amp.cir made 2 plots (ac1, op1); --json holds the vectors of the last, op1: name others as "
                + "PLOT.NAME with --vectors, e.g. ac1.v(...)\n", r.err());
        Run one = spice(write("div.cir", "* div\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n").toString(), "--json",
                tmp.resolve("div.json").toString());
        assertEquals("", one.err(), "one plot: nothing to say");
    }

    /**
     * A netlist that ngspice gives up reading with a fatal error (a circular .param) is bad input naming the cause: it
     * was exit 1, "ngspice hit a fatal error while loading the netlist; this instance is discarded", the cause only in
     * the quoted output below.
     */
    @Test
    void aNetlistNgspiceCannotReadAtAllIsBadInput() throws IOException {
        Path netlist = write("circular.cir", "* circular\n.param a={b+1} b={a+1}\nV1 1 0 {a}\nR1 1 0 1k\n.op\n.end\n");
        Run r = spice(netlist.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ngspice could not read the netlist (ngspice: ") && first.contains(
                "circular parameter dependency") && first.contains(".param a={b+1}"), r.err());
        assertFalse(first.contains("instance") || first.contains("cannot recover") || first.contains("requested exit"),
                first);
        // the engine goes on: the next netlist runs in a fresh instance
        Run next = spice(write("div.cir", "* div\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n").toString());
        assertEquals(0, next.exitCode(), next.err());
    }

    /** What a .control block prints is shown, as {@code ngspice -b} shows it; it was dropped. */
    @Test
    void whatTheControlBlockPrintsIsShown() throws IOException {
        Path netlist = write("echo.cir", "* echo\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.control\nop\necho done\nprint v(b)\n"
                + ".endc\n.end\n");
        Run r = spice(netlist.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("echo.cir: its .control block printed:\n  done\n  v(b) = 5.000000e-01\n"
                + "echo.cir: no plots (the netlist's analyses produced none)\n", r.out());
        assertEquals("", r.err(), "no warning that ngspice had no analysis line to run");
    }

    /**
     * A netlist with neither an analysis line nor a .control block simulates nothing: it was exit 0 with an empty JSON
     * (or "no plots") and no word of why, ngspice's own "No job defined" warning dropped.
     */
    @Test
    void aNetlistWithNothingToRunIsBadInput() throws IOException {
        Path netlist = write("noan.cir", "* no analysis\nV1 a 0 1\nR1 a 0 1k\n.end\n");
        Path json = tmp.resolve("noan.json");
        Run r = spice(netlist.toString(), "--json", json.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("has no analysis line") && r.err().contains(".op"), r.err());
        assertFalse(Files.exists(json), "no empty JSON written");
        Run listed = spice(netlist.toString());
        assertEquals(2, listed.exitCode(), listed.out() + listed.err());
    }

    /**
     * A netlist saved in Latin-1 (a 0xB5 micro sign in a comment, as older tools write) runs, as {@code ngspice -b}
     * runs it; it was refused as "not UTF-8 text", exit 2.
     */
    @Test
    void aLatin1NetlistRuns() throws IOException {
        Path netlist = tmp.resolve("lat.cir");
        byte[] head = "* filter 1".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = "F\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + 1 + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xB5;
        System.arraycopy(rest, 0, all, head.length + 1, rest.length);
        Files.write(netlist, all);
        Run r = spice(netlist.toString(), "--vectors", "v(b)");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("v(b) = [0.5]\n", r.out());
    }

    /**
     * A .four line is ignored when the vectors go to a raw file, as {@code ngspice -b -r} ignores it; the binary says so,
     * the command said nothing (a designer got no Fourier results and no word of why).
     */
    @Test
    void anIgnoredFourierLineIsAWarning() throws IOException {
        Path netlist = write("four.cir", "* four\nV1 a 0 sin(0 1 1k)\nR1 a b 1k\nR2 b 0 1k\n.tran 10u 2m\n.four 1k v(b)\n"
                + ".end\n");
        Run r = spice(netlist.toString(), "--vectors", "v(b)");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains(".fourier line ignored") && r.err().contains("fourier 1k"), r.err());
    }

    /** A comma inside parentheses does not split --vectors: 'v(a,b)' was looked up as 'v(a' and 'b)'. */
    @Test
    void aCommaInsideParenthesesStaysInTheVectorName() throws IOException {
        Path netlist = write("div.cir", "* div\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n");
        Run r = spice(netlist.toString(), "--vectors", "v(a,b),v(b)");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("has no vector 'v(a,b)'"), r.err());
        assertEquals(0, spice(netlist.toString(), "--vectors", "v(a),v(b)").exitCode());
    }

    @Test
    void jsonHoldsComplexVectorsAsRealAndImaginaryOrPolar() throws IOException {
        Path netlist = write("lp.cir", LOW_PASS);
        Path json = tmp.resolve("lp.json");
        assertEquals(0, spice(netlist.toString(), "--json", json.toString()).exitCode());
        JsonNode doc = ResultFiles.json().readTree(json.toFile());
        assertEquals(List.of("frequency", "v(in)", "v(out)", "i(v1)"), fieldNames(doc));
        assertEquals(150.0, doc.path("frequency").path(1).asDouble(), 1e-9);
        double re = doc.path("v(out)").path("real").path(1).asDouble();
        double im = doc.path("v(out)").path("imag").path(1).asDouble();
        double x = 2 * Math.PI * 150 * 1e-3; // omega R C at 150 Hz: H = 1 / (1 + j x)
        assertEquals(1 / (1 + x * x), re, 1e-12);
        assertEquals(-x / (1 + x * x), im, 1e-12);

        Path polar = tmp.resolve("polar.json");
        assertEquals(0, spice(netlist.toString(), "--vectors", "v(out)", "--polar", "--json", polar.toString()).exitCode());
        JsonNode p = ResultFiles.json().readTree(polar.toFile()).path("v(out)");
        assertEquals(List.of("magnitude", "phaseDegree"), fieldNames(p));
        assertEquals(1 / Math.sqrt(1 + x * x), p.path("magnitude").path(1).asDouble(), 1e-12);
        assertEquals(-Math.toDegrees(Math.atan(x)), p.path("phaseDegree").path(1).asDouble(), 1e-9);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void csvHasTwoColumnsPerComplexVector() throws IOException {
        Path netlist = write("lp.cir", LOW_PASS);
        Path csv = tmp.resolve("lp.csv");
        Run r = spice(netlist.toString(), "--vectors", "frequency,v(out)", "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("frequency,v(out).real,v(out).imag", lines.get(0));
        assertEquals(4, lines.size(), "a header and three points");
        assertTrue(lines.get(1).startsWith("100.0,"), lines.get(1));
    }

    /** `--vectors ','` named nothing and ran as a listing; `--polar` on a listing changed nothing: both refused. */
    @Test
    void flagsThatNameOrChangeNothingAreRefused() throws IOException {
        Path netlist = write("lp2.cir", LOW_PASS);
        Run commas = spice(netlist.toString(), "--vectors", ",");
        assertEquals(2, commas.exitCode(), commas.err());
        assertTrue(commas.err().contains("--vectors , has an empty element"), commas.err());
        // a trailing comma: picocli dropped the empty name after it, and v(out) alone was printed
        Run trailing = spice(netlist.toString(), "--vectors", "v(out),");
        assertEquals(2, trailing.exitCode(), trailing.err());
        assertTrue(trailing.err().contains("--vectors v(out), has an empty element: give ngspice vector names separated "
                + "by commas, e.g. --vectors 'v(out),i(v1)'"), trailing.err());
        Run polar = spice(netlist.toString(), "--polar");
        assertEquals(2, polar.exitCode(), polar.err());
        assertTrue(polar.err().contains("--polar has no effect on a listing"), polar.err());
        assertEquals(0, spice(netlist.toString(), "--polar", "--vectors", "v(out)").exitCode());
    }

    /** A CSV of vectors of two lengths is refused before any file is written: the JSON was written first, then refused. */
    @Test
    void aCsvOfVectorsOfTwoLengthsWritesNothing() throws IOException {
        Path netlist = write("lpop.cir", LOW_PASS.replace(".end", ".op\n.end"));
        Path json = tmp.resolve("lpop.json");
        Path csv = tmp.resolve("lpop.csv");
        Run r = spice(netlist.toString(), "--vectors", "ac1.v(out),v(out)", "--json", json.toString(), "--csv",
                csv.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--csv needs vectors of one length"), r.err());
        assertFalse(Files.exists(json) || Files.exists(csv), "a file was written");
    }

    @Test
    void severalNetlistsRunInOneCallEachWithItsOwnFile() throws IOException {
        Path a = write("a.cir", "* a\nV1 x 0 1\nR1 x 0 1k\n.op\n.end\n");
        Path b = write("sub/b.cir", "* b\nV1 x 0 2\nR1 x 0 1k\n.op\n.end\n");
        Run bad = spice(a.toString(), b.toString(), "--json", tmp.resolve("out.json").toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("put {name} in it"), bad.err());
        assertFalse(Files.exists(tmp.resolve("out.json")));

        Run r = spice(a.toString(), b.toString(), "--vectors", "i(v1)", "--json", tmp.resolve("out/{name}.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(-1e-3, ResultFiles.json().readTree(tmp.resolve("out/a.json").toFile()).path("i(v1)").path(0).asDouble(), 1e-15);
        assertEquals(-2e-3, ResultFiles.json().readTree(tmp.resolve("out/b.json").toFile()).path("i(v1)").path(0).asDouble(), 1e-15);
    }

    @Test
    void oneBadNetlistAmongSeveralFailsTheCallButNotTheOthers() throws IOException {
        Path good = write("good.cir", "* good\nV1 x 0 1\nR1 x 0 1k\n.op\n.end\n");
        Path bad = write("bad.cir", "* bad\nR1 x 0 1k\nQnpn x y\n.op\n.end\n");
        Run r = spice(bad.toString(), good.toString(), "--vectors", "x");
        assertEquals(2, r.exitCode(), "a netlist ngspice rejects is bad input: " + r.err());
        assertTrue(r.err().contains("1 of 2 netlists failed") && r.err().contains("bad.cir: ngspice rejected the netlist"),
                r.err());
        assertTrue(r.out().contains("== " + good + "\nx = [1.0]"), "the good one still runs: " + r.out());
    }

    @Test
    void measResultsArePrintedAndNgspiceWarningsGoToStderr() throws IOException {
        Path netlist = write("m.cir", "* meas\nV1 in 0 pulse(0 1 1u 10n 10n 20u 50u)\nR1 in out 1k\nC1 out 0 2n\n"
                + ".tran 10n 20u\n.meas tran vmax max v(out)\n.meas tran bad param='vmax+nosuch'\n.end\n");
        Run r = spice(netlist.toString());
        assertEquals(0, r.exitCode(), "a .meas that ngspice cannot compute is a warning: " + r.err());
        assertTrue(r.out().contains("\nvmax = 0.99"), r.out());
        assertTrue(r.err().contains("warning: m.cir: ngspice: Undefined parameter [nosuch]"), r.err());
        assertTrue(r.err().contains("warning: m.cir: ngspice: .meas result 'bad' was not computed"), r.err());
    }

    @Test
    void controlFilesGoToTheWorkFolder() throws IOException {
        Path netlist = write("design/w.cir", "* writes\nV1 a 0 1\nR1 a 0 1k\n.control\nop\nwrdata out.txt v(a)\n.endc\n.end\n");
        Run beside = spice(netlist.toString());
        assertEquals(0, beside.exitCode(), beside.err());
        assertTrue(Files.exists(tmp.resolve("design/out.txt")), "beside the netlist by default");
        Run r = spice(netlist.toString(), "--workdir", tmp.resolve("scratch/run1").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(tmp.resolve("scratch/run1/out.txt")), "in the work folder, created on demand");
    }

    @Test
    void aVectorThePlotLacksIsBadInput() throws IOException {
        Path netlist = write("lp.cir", LOW_PASS);
        Path json = tmp.resolve("x.json");
        Run r = spice(netlist.toString(), "--vectors", "v(nowhere)", "--json", json.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("has no vector 'v(nowhere)'; it has: frequency, v(in), v(out), i(v1)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "without ngspice's unrelated output: " + r.err());
        assertFalse(Files.exists(json));
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** An empty --vectors name, and a netlist without .end (ngspice rejects it without a word): exit 2 saying so. */
    @Test
    void emptyVectorNamesAndAMissingEndAreBadInput() throws IOException {
        Path netlist = write("lp.cir", LOW_PASS);
        Run empty = spice(netlist.toString(), "--vectors", "");
        assertEquals(2, empty.exitCode(), empty.err());
        assertTrue(empty.err().contains("--vectors '' has an empty element"), empty.err());
        Path noEnd = write("noend.cir", "* no end\nV1 a 0 1\nR1 a 0 1k\n.op\n");
        Run r = spice(noEnd.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("noend.cir has no .end line"), r.err());
    }
}
