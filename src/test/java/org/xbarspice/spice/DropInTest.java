package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Designers' netlist files (src/test/resources/spice-dropin) run in process ({@link SpiceEngine#runFile}) and by the
 * ngspice binary ({@code ngspice -b -r out.raw NETLIST}, started in the netlist's folder): every vector of every plot
 * must be the same double, bit for bit, and the {@code .meas} results the same as the binary prints them with all
 * digits ({@code NGSPICE_MEAS_PRECISION=16}).
 */
@Tag("ngspice")
class DropInTest {
    @TempDir
    static Path tmp;
    /** A copy of the netlists, so that files their .control blocks write stay in the temporary folder. */
    private static Path netlists;

    @BeforeAll
    static void copyNetlists() throws IOException, URISyntaxException {
        Path source = Path.of(DropInTest.class.getResource("/spice-dropin").toURI());
        netlists = tmp.resolve("spice-dropin");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = netlists.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Runs the ngspice binary on {@code netlist} in its folder, with {@code env} added; returns its output. */
    static String binary(Path netlist, Map<String, String> env, String... options) {
        return binaryIn(netlist.getParent(), netlist.getFileName().toString(), env, options);
    }

    /** Runs the ngspice binary in {@code folder} on {@code netlist} (as given), with {@code env} added; its output. */
    static String binaryIn(Path folder, String netlist, Map<String, String> env, String... options) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ngspice", "-b"));
        command.addAll(List.of(options));
        command.add(netlist);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "the binary must run " + netlist + " in " + folder + ":\n" + output);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The binary's raw file of {@code netlist} (binary format, or ASCII). */
    static List<RawFileReader.Plot> binaryRaw(Path netlist, boolean ascii) {
        Path raw = tmp.resolve(netlist.getFileName() + (ascii ? ".ascii.raw" : ".raw"));
        binary(netlist, ascii ? Map.of("SPICE_ASCIIRAWFILE", "1") : Map.of(), "-r", raw.toString());
        return RawFileReader.read(raw);
    }

    /**
     * Runs {@code job} twice: once to list the plots (asking for every vector, so that a netlist with {@code .meas}
     * lines keeps them all), once for every vector of every plot (as {@code PLOT.NAME}).
     */
    static SpiceJobResult everything(SpiceJob job) {
        SpiceJobResult listing = SharedEngine.get().runFile(job.withAllVectors(true));
        assertTrue(listing.everyVector());
        List<String> names = new ArrayList<>();
        for (SpicePlot plot : listing.plots()) {
            plot.vectors().forEach(c -> names.add(plot.name() + "." + c.name()));
        }
        return SharedEngine.get().runFile(job.withVectors(names));
    }

    /** Every plot and vector of the binary's raw file is in {@code ours}, bit for bit. */
    static void sameAsBinary(List<RawFileReader.Plot> binary, SpiceJobResult ours) {
        assertEquals(binary.size(), ours.plots().size(), "plots: " + ours.plots());
        for (int p = 0; p < binary.size(); p++) {
            RawFileReader.Plot expected = binary.get(p);
            SpicePlot plot = ours.plots().get(p);
            assertEquals(expected.name(), plot.type());
            assertEquals(expected.vectors().size(), plot.vectors().size(), plot.name() + ": " + plot.vectors());
            for (int k = 0; k < expected.vectors().size(); k++) {
                String name = expected.vectors().get(k);
                SpiceVector v = ours.vectors().get(plot.name() + "." + name);
                assertEquals(name, v.name());
                assertArrayEquals(bits(expected.real()[k]), bits(v.real()), plot.name() + "." + name + " (real part)");
                if (expected.complex() && k > 0) { // the binary writes the frequency's imaginary half uninitialised
                    assertArrayEquals(bits(expected.imaginary()[k]), bits(v.imaginary()), plot.name() + "." + name
                            + " (imaginary part)");
                } else {
                    assertNull(v.imaginary(), name + " is real");
                }
            }
        }
    }

    static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            bits[k] = Double.doubleToRawLongBits(values[k]);
        }
        return bits;
    }

    @Test
    void includeTwoFoldersDownAndALibrarySectionRunAsInTheBinary() {
        Path netlist = netlists.resolve("include/top.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(binaryRaw(netlist, false), ours);
        // the diode (typ corner) clamps the divider at 2 V in: measured 0.7056 V, where the bare divider gives 1.82 V
        double[] mid = ours.vectors().get("dc1.v(mid)").real();
        assertEquals(0.7056, mid[mid.length - 1], 0.001, "v(mid) at 2 V");
    }

    @Test
    void spiceinitBesideTheNetlistIsReadFirstWhateverTheWorkFolder() throws IOException {
        Path netlist = netlists.resolve("spiceinit/diode.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(binaryRaw(netlist, false), ours);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        SpiceJobResult fromElsewhere = SharedEngine.get().runFile(SpiceJob.of(netlist).withWorkDir(elsewhere)
                .withVectors(List.of("i(v1)")));
        assertArrayEquals(bits(ours.vectors().get("dc1.i(v1)").real()), bits(fromElsewhere.vectors().get("i(v1)").real()));
        // without the .spiceinit (27 instead of 85 degrees) the diode carries far less current: it was read
        Path bare = Files.createDirectories(tmp.resolve("bare")).resolve("diode.cir");
        Files.copy(netlist, bare);
        double[] cold = SharedEngine.get().runFile(SpiceJob.of(bare).withVectors(List.of("i(v1)"))).vectors().get("i(v1)").real();
        double[] hot = ours.vectors().get("dc1.i(v1)").real();
        // measured at 0.5 V: 1.92e-4 A at 85 C, 2.49e-6 A at 27 C
        assertTrue(Math.abs(hot[0]) > 50 * Math.abs(cold[0]), "85 C: " + hot[0] + " A, 27 C: " + cold[0] + " A");
    }

    @Test
    void acAnalysisReturnsComplexVectorsAsTheBinaryWritesThem() {
        Path netlist = netlists.resolve("ac/filter.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        List<RawFileReader.Plot> binary = binaryRaw(netlist, false);
        sameAsBinary(binary, ours);
        SpiceVector out = ours.vectors().get("ac1.v(out)");
        assertTrue(out.isComplex());
        double[] gain = out.magnitude(); // 20 points per decade from 10 Hz: [60] is 10 kHz, [80] 100 kHz
        assertEquals(1.0, gain[0], 1e-4, "unity gain at 10 Hz"); // measured 0.99999
        assertEquals(0.01, gain[80] / gain[60], 1e-4, "-40 dB per decade above fc"); // measured 0.0100033
    }

    /** The ASCII raw file holds 16 significant digits: each of our values, rounded so, is the text the binary wrote. */
    @Test
    void asciiRawFileAgreesToEveryDigitItHolds() {
        Path netlist = netlists.resolve("ac/filter.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        List<RawFileReader.Plot> ascii = binaryRaw(netlist, true);
        int compared = 0;
        for (int p = 0; p < ascii.size(); p++) {
            RawFileReader.Plot plot = ascii.get(p);
            for (int k = 0; k < plot.vectors().size(); k++) {
                SpiceVector v = ours.vectors().get(ours.plots().get(p).name() + "." + plot.vectors().get(k));
                for (int i = 0; i < v.length(); i++) {
                    String[] text = plot.text()[k][i].split(",");
                    assertEquals(0, new BigDecimal(text[0]).compareTo(sixteenDigits(v.real()[i])), plot.vectors().get(k)
                            + "[" + i + "]: binary " + text[0] + ", ours " + v.real()[i]);
                    if (v.isComplex()) {
                        assertEquals(0, new BigDecimal(text[1]).compareTo(sixteenDigits(v.imaginary()[i])));
                    }
                    compared++;
                }
            }
        }
        int values = ours.plots().stream().mapToInt(p -> p.points() * p.vectors().size()).sum();
        assertEquals(values, compared, "every value was compared");
        assertTrue(values > 500, "AC: 81 points x 7 vectors, then the operating point: " + values);
    }

    private static BigDecimal sixteenDigits(double value) {
        return new BigDecimal(value).round(new MathContext(16, RoundingMode.HALF_EVEN));
    }

    @Test
    void noiseAnalysisGivesBothPlots() {
        Path netlist = netlists.resolve("noise/amp.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(binaryRaw(netlist, false), ours);
        assertEquals(List.of("noise1", "noise2"), ours.plots().stream().map(SpicePlot::name).toList());
        assertTrue(ours.vectors().get("noise2.v(onoise_total)").real()[0] > 0);
    }

    @Test
    void measResultsByNameAndAFailedParamIsAWarning() {
        Path netlist = netlists.resolve("meas/pulse.cir");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(binaryRaw(netlist, false), ours); // -r: the binary writes vectors but measures nothing
        Map<String, Double> printed = printedMeasurements(binary(netlist, Map.of("NGSPICE_MEAS_PRECISION", "16")));
        assertEquals(List.of("vmax", "trise", "vavg", "t_ratio", "t_bad"), new ArrayList<>(printed.keySet()));
        assertNull(printed.get("t_bad"), "the binary fails t_bad too");
        printed.remove("t_bad");
        assertEquals(printed.keySet(), ours.measurements().keySet());
        printed.forEach((name, value) -> assertEquals(Double.doubleToRawLongBits(value),
                Double.doubleToRawLongBits(ours.measurements().get(name)), name + ": binary " + value + ", ours "
                        + ours.measurements().get(name)));
        assertTrue(ours.warnings().stream().anyMatch(w -> w.contains("t_bad")), "warnings: " + ours.warnings());
        assertEquals(4.394e-6, ours.measurements().get("trise"), 0.001e-6, "10-90 % rise time, 2.2 RC = 4.4 us"); // 4.3944e-6
    }

    /**
     * A run that asks for no vector, or for a few, keeps only those and the ones the {@code .meas} lines read (as
     * {@code ngspice -b} does): the same results, bit for bit, as the binary's report and raw file.
     */
    @Test
    void measDeckKeepsOnlyWhatItMeasuresAndWhatIsAskedFor() {
        Path netlist = netlists.resolve("meas/pulse.cir");
        Map<String, Double> printed = printedMeasurements(binary(netlist, Map.of("NGSPICE_MEAS_PRECISION", "16")));
        printed.remove("t_bad");
        List<RawFileReader.Plot> raw = binaryRaw(netlist, false);

        SpiceJobResult measured = SharedEngine.get().runFile(SpiceJob.of(netlist));
        assertFalse(measured.everyVector());
        assertEquals(List.of("time", "v(out)"), measured.lastPlot().vectors().stream().map(SpicePlot.Column::name).toList(),
                "only the scale and what the .meas lines read");
        assertEquals(printed.keySet(), measured.measurements().keySet());
        printed.forEach((name, value) -> assertEquals(Double.doubleToRawLongBits(value),
                Double.doubleToRawLongBits(measured.measurements().get(name)), name));
        assertTrue(measured.warnings().stream().anyMatch(w -> w.contains("t_bad")), "warnings: " + measured.warnings());

        SpiceJobResult asked = SharedEngine.get().runFile(SpiceJob.of(netlist).withVectors(List.of("v(in)", "tran1.i(v1)")));
        assertFalse(asked.everyVector());
        RawFileReader.Plot plot = raw.get(0);
        for (String name : List.of("v(in)", "i(v1)")) {
            double[] expected = plot.real()[plot.vectors().indexOf(name)];
            SpiceVector ours = asked.vectors().get(name.equals("v(in)") ? name : "tran1." + name);
            assertArrayEquals(bits(expected), bits(ours.real()), name);
        }
        assertEquals(measured.measurements(), asked.measurements());

        // a vector that does not exist: the run is repeated keeping everything, and the message lists every vector
        SpiceException e = org.junit.jupiter.api.Assertions.assertThrows(SpiceException.class,
                () -> SharedEngine.get().runFile(SpiceJob.of(netlist).withVectors(List.of("v(nosuch)"))));
        assertTrue(e.getMessage().contains("v(in)") && e.getMessage().contains("i(v1)"), e.getMessage());
    }

    /** {@code NAME = VALUE} lines of the binary's measurement report ({@code failed}: null). */
    private static Map<String, Double> printedMeasurements(String output) {
        Map<String, Double> values = new LinkedHashMap<>();
        String report = output.substring(output.indexOf("Measurements for"));
        report = report.substring(0, report.indexOf("\n\n", report.indexOf('=')));
        Matcher m = Pattern.compile("(?m)^(\\w+)\\s+=\\s+(\\S+)").matcher(report);
        while (m.find()) {
            values.put(m.group(1), m.group(2).equals("failed") ? null : Double.valueOf(m.group(2)));
        }
        return values;
    }

    /**
     * With the work folder elsewhere, a file that a code model reads by a relative path (a filesource's data) is still
     * found beside the netlist, as the binary started in that folder finds it; and a netlist named by a relative path
     * is taken from the caller's folder.
     */
    @Test
    void workFolderElsewhereStillFindsInputsBesideTheNetlist() throws IOException {
        Path netlist = netlists.resolve("inputs/source.cir");
        Path work = Files.createDirectories(tmp.resolve("inputs-work"));
        Path raw = tmp.resolve("inputs-binary.raw");
        binaryIn(work, work.relativize(netlist).toString(), Map.of(), "-r", raw.toString());
        List<RawFileReader.Plot> binary = RawFileReader.read(raw);

        SpiceJob job = new SpiceJob(Path.of(System.getProperty("user.dir")).relativize(netlist), work, List.of(), false,
                false);
        assertEquals(netlist, job.netlist());
        SpiceJobResult ours = everything(job);
        sameAsBinary(binary, ours);
        double[] in = ours.vectors().get("tran1.v(in)").real();
        assertEquals(0.5, in[in.length - 1], 1e-12, "the file's last value, 0.5 at 1 ms: it was read");
    }

    /**
     * A {@code sourcepath} folder with a blank in its name, set in a {@code .spiceinit} in a folder with a blank, and
     * an include in quotes with blanks: found as the binary finds them.
     */
    @Test
    void blanksInSourcepathFoldersAndIncludePaths() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("shared models"));
        Files.writeString(models.resolve("load.inc"), "r2 out 0 2k\n");
        Path deck = Files.createDirectories(tmp.resolve("deck folder"));
        Files.createDirectories(deck.resolve("sub dir"));
        Files.writeString(deck.resolve("sub dir/part two.inc"), "r3 out mid 500\nc1 mid 0 1n\n");
        Files.writeString(deck.resolve(".spiceinit"), "set sourcepath = ( \"" + models + "\" )\n");
        Path netlist = Files.writeString(deck.resolve("divider.cir"), "* a divider from two include files\n"
                + "v1 in 0 dc 1 ac 1\nr1 in out 1k\n.include load.inc\n.include \"sub dir/part two.inc\"\n"
                + ".dc v1 0 2 0.5\n.end\n");
        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(binaryRaw(netlist, false), ours);
        double[] out = ours.vectors().get("dc1.v(out)").real();
        assertEquals(2.0 / 3.0, out[2], 1e-12, "1 V over 1k and 2k: load.inc was included");
    }

    @Test
    void controlBlockFilesLandInTheWorkFolder() throws IOException {
        Path netlist = netlists.resolve("control/writer.cir");
        // the binary in a copy of the folder, so that its file and ours do not meet
        Path copy = Files.createDirectories(tmp.resolve("control-binary")).resolve("writer.cir");
        Files.copy(netlist, copy);
        List<RawFileReader.Plot> raw = binaryRaw(copy, false);
        String expected = Files.readString(copy.resolveSibling("written.txt"));

        SpiceJobResult ours = everything(SpiceJob.of(netlist));
        sameAsBinary(raw, ours);
        assertEquals(expected, Files.readString(netlist.resolveSibling("written.txt")), "the same file, beside the netlist");

        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        Files.delete(netlist.resolveSibling("written.txt"));
        SharedEngine.get().runFile(SpiceJob.of(netlist).withWorkDir(work));
        assertEquals(expected, Files.readString(work.resolve("written.txt")), "the file goes to the work folder");
        assertFalse(Files.exists(netlist.resolveSibling("written.txt")), "and not beside the netlist");
        assertEquals(Path.of(System.getProperty("user.dir")), Files.readSymbolicLink(Path.of("/proc/self/cwd")),
                "the process's working folder is restored");
    }
}
