package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.PulseResponse;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine;

/** {@code fit-device}: bad data files are exit 2 naming line and column; a fitted preset drives the other commands. */
class FitDeviceCommandTest {
    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<Arguments> badFiles() {
        String header = "pulse,polarity,weight\n";
        return Stream.of(
                Arguments.of("", List.of("is empty", "pulse, polarity")),
                Arguments.of("# only a comment\n\n", List.of("is empty")),
                Arguments.of("pulse,weight\n0,0.1\n", List.of("line 1 (header)", "column 'polarity' is missing")),
                Arguments.of("pulse,polarity,state\n0,,0.1\n", List.of("line 1 (header)", "'weight'", "conductance_S")),
                Arguments.of(header + "0,,0\n1,up,abc\n", List.of("line 3, column 'weight'", "'abc' is not a number")),
                Arguments.of(header + "0,,0\n1,up,0.1\n2,up,NaN\n", List.of("line 4, column 'weight'", "not a finite number")),
                Arguments.of(header + "0,,0\n1,sideways,0.1\n", List.of("line 3, column 'polarity'", "'sideways' is not a polarity",
                        "up or down")),
                Arguments.of(header + "0,,0\n1,,0.1\n", List.of("line 3, column 'polarity'", "gives no polarity")),
                Arguments.of(header + "0,,0\n1.5,up,0.1\n", List.of("line 3, column 'pulse'", "'1.5' is not a pulse number")),
                Arguments.of(header + "0,,0\n1,up\n", List.of("line 3", "2 fields, the header has 3")),
                // the first of two columns of one name was read silently
                Arguments.of("pulse,polarity,weight,Weight\n0,,0,0\n", List.of("line 1 (header)", "column 'Weight' is named "
                        + "twice (columns 3 and 4)")),
                // a spreadsheet's byte-order mark made "column 'pulse' is missing (found pulse, ...)"
                Arguments.of("\uFEFF" + header + "0,,0\n", List.of("has 1 data rows")),
                Arguments.of("pulse,polarity,conductance_S\n0,,5e-6\n1,up,5.1e-6\n", List.of("--g-range GMIN:GMAX")),
                Arguments.of(header + "0,,0.1\n1,up,0.2\n2,down,0.15\n", List.of("does not contain 0")),
                Arguments.of(header + "0,,-0.1\n1,up,0.2\n2,down,0.15\n", List.of("usable up increments", "at least 5")));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badDataExitsTwoNamingLineAndColumn(String content, List<String> named) throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, content);
        Path out = tmp.resolve("out");
        Run r = run(List.of("fit-device", "--data", csv.toString(), "--out", out.toString()));
        assertEquals(2, r.exitCode(), r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), "message should contain '" + n + "': " + r.err());
        }
        assertTrue(r.err().contains("bad.csv"), r.err());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    /** A conductance beyond a device's was refused only later, with no file, line or column ("gMaxSiemens = 5.0 S"). */
    @Test
    void aConductanceNoDeviceHasIsRefusedAtItsLine() throws IOException {
        Path csv = tmp.resolve("s.csv");
        Files.writeString(csv, "pulse,polarity,conductance_S\n0,,5e-6\n1,up,5\n");
        Run r = run(List.of("fit-device", "--data", csv.toString(), "--g-range", "1e-6:1e-5"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("s.csv' line 3, column 'conductance_S' = 5 S is out of range"), r.err());
    }

    @Test
    void badFlagsExitTwo() throws IOException {
        Path csv = tmp.resolve("d.csv");
        Files.writeString(csv, "pulse,polarity,weight\n0,,0\n");
        assertTrue(run(List.of("fit-device", "--data", csv.toString(), "--g-range", "1e-6")).err().contains("--g-range '1e-6' is not GMIN:GMAX"));
        Run law = run(List.of("fit-device", "--data", tmp.resolve("none.csv").toString(), "--law", "magic"));
        assertEquals(2, law.exitCode(), law.err());
        Run missing = run(List.of("fit-device", "--data", tmp.resolve("none.csv").toString()));
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("none.csv"), missing.err());
    }

    /** Simulates li-ecram in siemens, fits it and writes the files; returns the preset file. */
    private Path fittedPreset() {
        Path csv = tmp.resolve("device.csv");
        Run sim = run(List.of("fit-device", "--simulate", "li-ecram", "--cycles", "3", "--pulses", "1000", "--g-range", "1e-6:1e-5",
                "--data", csv.toString()));
        assertEquals(0, sim.exitCode(), sim.err());
        Path out = tmp.resolve("fit");
        Run fit = run(List.of("fit-device", "--data", csv.toString(), "--g-range", "1e-6:1e-5", "--out", out.toString(),
                "--id", "my-device"));
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().contains("<- chosen"), fit.out());
        assertTrue(Files.isRegularFile(out.resolve("fit.json")));
        assertTrue(Files.isRegularFile(out.resolve("fit.png")));
        assertParameterFieldsInOrder(out.resolve("fit.json"));
        // the report given as a preset points to the preset (it said "required field model.type is missing"; a fuzz)
        String report = assertThrows(InvalidInputException.class, () -> DevicePresets.load(out.resolve("fit.json").toString()))
                .getMessage();
        assertTrue(report.endsWith("is the report of fit-device, not a preset: give the preset it wrote, my-device.json "
                + "beside it"), report);
        return out.resolve("my-device.json");
    }

    /**
     * Every fitted parameter of {@code fitJson} lists value, sigma, unit in that order: the same bytes on every run (they
     * came in the order of Map.of, which changes from one JVM start to the next).
     */
    private static void assertParameterFieldsInOrder(Path fitJson) {
        try {
            JsonNode parameters = new ObjectMapper().readTree(fitJson.toFile()).get("parameters");
            assertTrue(parameters.size() > 0, parameters.toString());
            parameters.fields().forEachRemaining(p -> {
                List<String> names = new ArrayList<>();
                p.getValue().fieldNames().forEachRemaining(names::add);
                assertEquals(List.of("value", "sigma", "unit"), names, p.getKey());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fittedPresetLoadsAndDrivesBehavioralCommands() throws IOException {
        Path file = fittedPreset();
        DevicePreset preset = DevicePresets.load(file.toString());
        DeviceModel model = preset.model();
        assertEquals("linear-step", model.type());
        // li-ecram: dwMin 0.002, dwMinStd 0.3; the fit is within 1 % and 3 % here (measured 0.10 % and 0.87 %)
        assertEquals(0.002, model.dwMin(), 0.01 * 0.002);
        assertEquals(0.3, model.variability().dwMinStd(), 0.03 * 0.3);
        // the equivalent behavioral model at the preset's own pulse is the fitted model
        PulseResponse behavioral = PulseResponse.behavioral(preset, preset.spice().pulse(), 400);
        double w = 0;
        for (int g = 0; g < 800; g++) {
            w = model.applyPulse(w, g < 400);
            assertEquals(w, behavioral.weights()[g + 1], 1e-12);
        }
        for (List<String> command : List.of(
                List.of("pulse-response", "--device", file.toString(), "--engine", "behavioral", "--pulses", "200"),
                List.of("update", "--device", file.toString(), "--engine", "behavioral", "--rows", "4", "--cols", "4"),
                List.of("train", "--device", file.toString(), "--data", "spiral", "--model", "2-8-2", "--algorithm", "sgd",
                        "--epochs", "1", "--train-samples", "60", "--test-samples", "30", "--out", tmp.resolve("run").toString()))) {
            Run r = run(command);
            assertEquals(0, r.exitCode(), command + ": " + r.err());
        }
    }

    @Test
    @Tag("ngspice")
    void fittedPresetDrivesAnNgspicePulseResponse() {
        DevicePreset preset = DevicePresets.load(fittedPreset().toString());
        PulseResponse behavioral = PulseResponse.behavioral(preset, preset.spice().pulse(), 300);
        PulseResponse spice;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            spice = PulseResponse.spice(engine, preset, preset.spice().pulse(), 300);
        }
        double range = preset.model().wMax() - preset.model().wMin();
        // the transient's integration error, as for the bundled presets (demo: 2e-4); measured 2.6e-4 of the weight range
        double diff = PulseResponse.maxAbsDiff(spice.weights(), behavioral.weights());
        assertTrue(diff < 4e-4 * range, "ngspice - behavioral " + diff + " over a range of " + range);
    }

    /**
     * Simulates a bundled preset of a shaped law (10 % cycle-to-cycle noise, in siemens), fits its law and writes the
     * files; returns the preset file.
     */
    private Path fittedShapedPreset(String id, String law) {
        Path csv = tmp.resolve(id + ".csv");
        Run sim = run(List.of("fit-device", "--simulate", id, "--cycles", "3", "--pulses", "1000", "--dw-min-std", "0.1",
                "--g-range", "1e-6:1e-5", "--data", csv.toString()));
        assertEquals(0, sim.exitCode(), sim.err());
        Path out = tmp.resolve("fit-" + id);
        List<String> args = new ArrayList<>(List.of("fit-device", "--data", csv.toString(), "--g-range", "1e-6:1e-5", "--out",
                out.toString(), "--id", "my-" + id, "--law", law));
        if (law.equals("piecewise-step")) {
            args.addAll(List.of("--nodes", "7"));
        }
        Run fit = run(args);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(Files.isRegularFile(out.resolve("fit.json")));
        assertTrue(Files.isRegularFile(out.resolve("fit.png")));
        return out.resolve("my-" + id + ".json");
    }

    @ParameterizedTest
    @CsvSource({"reram-es, exp-step", "pow-step, pow-step", "piecewise-step, piecewise-step"})
    void fittedShapedPresetLoadsAndDrivesABehavioralPulseResponse(String id, String law) {
        Path file = fittedShapedPreset(id, law);
        DevicePreset preset = DevicePresets.load(file.toString());
        DeviceModel model = preset.model();
        assertEquals(law, model.type());
        assertEquals(0.1, model.variability().dwMinStd(), 0.05 * 0.1);
        // the fitted steps follow the preset's at the centre of the measured range (within 5 %: 3 cycles only)
        DeviceModel truth = DevicePresets.load(id).model();
        assertEquals(truth.stepUp(0), model.stepUp(0), 0.05 * truth.stepUp(0));
        assertEquals(truth.stepDown(0), model.stepDown(0), 0.05 * truth.stepDown(0));
        PulseResponse behavioral = PulseResponse.behavioral(preset, preset.spice().pulse(), 400);
        double w = 0;
        for (int g = 0; g < 800; g++) {
            w = model.applyPulse(w, g < 400);
            assertEquals(w, behavioral.weights()[g + 1], 1e-12);
        }
        Run r = run(List.of("pulse-response", "--device", file.toString(), "--engine", "behavioral", "--pulses", "200"));
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    @Tag("ngspice")
    void fittedExpStepPresetDrivesAnNgspicePulseResponse() {
        DevicePreset preset = DevicePresets.load(fittedShapedPreset("reram-es", "exp-step").toString());
        PulseResponse behavioral = PulseResponse.behavioral(preset, preset.spice().pulse(), 400);
        PulseResponse spice;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            spice = PulseResponse.spice(engine, preset, preset.spice().pulse(), 400);
        }
        double range = preset.model().wMax() - preset.model().wMin();
        double diff = PulseResponse.maxAbsDiff(spice.weights(), behavioral.weights());
        System.out.printf("fitted exp-step: ngspice - behavioral %.3g of the weight range%n", diff / range);
        // the transient's integration error, as for the bundled reram-es (7e-4); measured 4.4e-4 of the weight range
        // (6.3e-4 before reram-es's up/down bias moved to the down step)
        assertTrue(diff < 1e-3 * range, "ngspice - behavioral " + diff + " over a range of " + range);
        assertTrue(Math.abs(spice.weights()[400]) > 50 * preset.model().dwMin(), "the curve must move");
    }

    @Test
    void nodesOnlyWithPiecewise() {
        Path sample = Path.of("validation/fit-device/li-ecram-synthetic.csv");
        Run other = run(List.of("fit-device", "--data", sample.toString(), "--g-range", "1e-6:1e-5", "--law", "linear-step",
                "--nodes", "5"));
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("--nodes = 5 is only used by the piecewise-step law"), other.err());
        Run few = run(List.of("fit-device", "--data", sample.toString(), "--g-range", "1e-6:1e-5", "--law", "piecewise-step",
                "--nodes", "1"));
        assertEquals(2, few.exitCode(), few.err());
        assertTrue(few.err().contains("nodes = 1 is out of range: allowed 2..100"), few.err());
        Run simulate = run(List.of("fit-device", "--simulate", "li-ecram", "--data", tmp.resolve("s.csv").toString(), "--nodes",
                "5"));
        assertEquals(2, simulate.exitCode(), simulate.err());
        // the law's name in any case, as FitLaws.named takes it (the nodes' check refused PIECEWISE-STEP)
        Run five = run(List.of("fit-device", "--data", sample.toString(), "--g-range", "1e-6:1e-5", "--law", "Piecewise-Step",
                "--nodes", "5"));
        assertEquals(0, five.exitCode(), five.err());
        assertTrue(five.out().contains("down4") && !five.out().contains("down5"), five.out());
    }

    @Test
    void sampleFileFitsAsTheReadmeSays() throws IOException {
        Path sample = Path.of("validation/fit-device/li-ecram-synthetic.csv");
        Path out = tmp.resolve("sample");
        Run r = run(List.of("fit-device", "--data", sample.toString(), "--g-range", "1e-6:1e-5", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("linear-step        -68104.5      0.0     0.2974"), r.out());
        // the increments the fit leaves out at the bounds counted: the device held at its upper bound most of them
        assertTrue(r.out().contains("5619 increments fitted (2621 up, 2998 down; 381 left out at or near the lowest and "
                + "highest states)"), r.out());
        assertEquals(381, new ObjectMapper().readTree(out.resolve("fit.json").toFile()).path("incrementsLeftOut").asInt());
        // the parameters validation/fit-device/README.md quotes (0.002002 +- 0.000013, ... 0.297 +- 0.003)
        List<String> parameters = List.of("dwUp           0.00200235 +- 1.34e-05", "dwDown         0.00200154 +- 1.16e-05",
                "gammaUp          0.108453 +- 0.0119", "gammaDown        0.499051 +- 0.00688",
                "dwMinStd         0.297432 +- 0.00281");
        for (String parameter : parameters) {
            assertTrue(r.out().contains(parameter), parameter + " in\n" + r.out());
        }
    }

    /** A bad --id is refused before the fit runs (its table is not printed), and nothing is written. */
    @Test
    void badIdIsRefusedBeforeTheFit() {
        Path out = tmp.resolve("fd");
        Run r = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:1e-5",
                "--id", "../../evil", "--out", out.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--id = \"../../evil\" is not allowed"), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out));
    }

    /**
     * A law whose lower bound lies below 0 S under the data's conductances makes no preset: --law auto lists it as not
     * fitted, with the reason (it listed pow-step as fitted, 3.3 from the best, while --law pow-step failed on it). So
     * is a law whose fit does not settle: pow-step's, its gammaUp at its limit 10, still moved by 7.2e-6 between its
     * last two reweighting passes (6.3e-6 after 30; its lower bound below 0 S was the reason given before).
     */
    @Test
    void aLawWithoutAPresetIsNoCandidate() {
        Run r = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:1e-5",
                "--out", tmp.resolve("auto").toString()));
        assertEquals(0, r.exitCode(), r.err());
        // without advice to fit other laws: the table shows them (it named soft-bounds, not fitted either, to pow-step)
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("soft-bounds ")
                && l.contains("not fitted: the fitted lower bound") && l.contains("lies at G = -")
                && l.endsWith("the law extrapolates below 0 S")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("pow-step ") && l.contains("not fitted: the pow-step fit")
                && l.contains("did not settle") && l.contains("with gammaUp at its limit 10.0")), r.out());
        Run again = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:1e-5",
                "--law", "constant-step", "--out", tmp.resolve("auto").toString()));
        assertEquals(2, again.exitCode(), again.err()); // the first fit's files stay: it replaced them silently before
        assertTrue(again.err().contains("holds a fit already (its fit.json)"), again.err());
        Run alone = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range",
                "1e-6:1e-5", "--law", "soft-bounds", "--out", tmp.resolve("soft").toString()));
        assertEquals(1, alone.exitCode(), alone.err());
        assertTrue(alone.err().contains("of the soft-bounds law lies at G = -") && alone.err().contains("the law extrapolates "
                + "below 0 S; fit another law (--law linear-step, constant-step, exp-step, pow-step, piecewise-step)"),
                alone.err());
    }

    /** --id fit named the preset fit.json, which the report then replaced: the preset was lost, exit 0. */
    @Test
    void anIdThatNamesTheReportIsRefused() {
        Path out = tmp.resolve("f");
        Run r = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:1e-5",
                "--law", "linear-step", "--out", out.toString(), "--id", "fit"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--id fit would write the preset to fit.json, the file of the fit's report"), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * A fit whose noise is beyond what the relative residuals hold is warned of (soft-bounds data with noise 3: pow-step
     * fitted 24.7 and the chosen law's line said nothing of it); at the presets' usual noise, no word.
     */
    @Test
    void aFitBeyondTheNoiseItHoldsIsWarnedOf() {
        for (String noise : List.of("3", "0.3")) {
            Path csv = tmp.resolve("noise" + noise + ".csv");
            assertEquals(0, run(List.of("fit-device", "--simulate", "onen-softbounds", "--cycles", "10", "--pulses", "300",
                    "--dw-min-std", noise, "--data", csv.toString())).exitCode());
            Run fit = run(List.of("fit-device", "--data", csv.toString(), "--out", tmp.resolve("fit" + noise).toString(),
                    "--law", "soft-bounds"));
            assertEquals(0, fit.exitCode(), fit.err());
            assertEquals(noise.equals("3"), fit.err().contains("warning: the fitted cycle-to-cycle noise dwMinStd 2.9"),
                    fit.err());
        }
    }

    /**
     * Data that stop short of the device's bounds (4 cycles of 300 pulses of the pow-step preset reach [-0.04, 0.22] of
     * its -1..1) are said to: a law with hard bounds at the measured extremes is warned of (it put them there and said
     * nothing), a law with fitted bounds says they are extrapolated, and fit.json records each extreme's approach.
     */
    @Test
    void boundsTheDataDoNotReachAreNamed() throws IOException {
        Path csv = tmp.resolve("partial.csv");
        assertEquals(0, run(List.of("fit-device", "--simulate", "pow-step", "--cycles", "4", "--pulses", "300", "--dw-min-std",
                "0.1", "--data", csv.toString())).exitCode());
        Run hard = run(List.of("fit-device", "--data", csv.toString(), "--law", "linear-step"));
        assertEquals(0, hard.exitCode(), hard.err());
        assertTrue(hard.err().contains("warning: the data do not show the device's upper and lower bounds: the states go no "
                + "higher than 0.224844, where the up steps are 0.82 +- 0.02 of those far from it, and the states go no lower "
                + "than -0.0365400, where the down steps are 0.80 +- 0.02 of those far from it; linear-step puts its hard "
                + "bounds at these states"), hard.err());
        Run auto = run(List.of("fit-device", "--data", csv.toString(), "--out", tmp.resolve("partial").toString()));
        assertEquals(0, auto.exitCode(), auto.err());
        assertTrue(auto.out().contains("soft-bounds law (one sigma)"), auto.out());
        assertTrue(auto.out().contains("  upper bound 0.833737 +- 0.0226: extrapolated from the steps' decline (the states go no higher "
                + "than 0.224844, where the up steps are 0.82 +- 0.02 of those far from it)"), auto.out());
        assertFalse(auto.err().contains("do not show"), auto.err());
        JsonNode extremes = new ObjectMapper().readTree(tmp.resolve("partial").resolve("fit.json").toFile()).get("extremes");
        assertFalse(extremes.get("highest").get("reached").asBoolean(), extremes.toString());
        assertEquals(0.82, extremes.get("highest").get("stepRatio").asDouble(), 0.005, extremes.toString());
        assertEquals(10, extremes.get("highest").get("nearRuns").asInt(), extremes.toString());
        // the sample file's down sweeps stop 0.004 short of li-ecram's lower bound, its upper one held 374 times (the
        // figures in these messages measured on this seed's data)
        Run sample = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range",
                "1e-6:1e-5"));
        assertTrue(sample.err().contains("the data do not show the device's lower bound: the states go no lower than "
                + "-0.824033, where the down steps are 0.40 +- 0.02 of those far from it"), sample.err());
        assertFalse(sample.err().contains("upper bound"), sample.err());
    }

    /**
     * --simulate --read-noise writes readings with read noise, and the fit tells it apart from dwMinStd and says so in
     * its table, fit.json and the preset's description; data without it say none (the sample file); --read-noise without
     * --simulate is refused.
     */
    @Test
    void readNoiseIsSimulatedAndToldApart() throws IOException {
        Path csv = tmp.resolve("noisy.csv");
        Run written = run(List.of("fit-device", "--simulate", "onen-softbounds", "--cycles", "4", "--pulses", "300",
                "--dw-min-std", "0.2", "--read-noise", "0.0005", "--data", csv.toString()));
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(Files.readString(csv).contains("--dw-min-std 0.2 --read-noise 5.0E-4 --seed 1"), Files.readString(csv));
        Path out = tmp.resolve("noisy");
        Run fit = run(List.of("fit-device", "--data", csv.toString(), "--law", "soft-bounds", "--out", out.toString()));
        assertEquals(0, fit.exitCode(), fit.err());
        // measured: 0.000517736 +- 1.42e-05 for 0.0005, dwMinStd 0.198 +- 0.074 for 0.2, dwUp 0.00100572 for 0.001 (the
        // figures validation/fit-device/README.md quotes)
        assertTrue(fit.out().contains("  readNoise     0.000517736 +- 1.42e-05   weight units (of each reading; told apart "
                + "from dwMinStd by the anticorrelation of consecutive increments)"), fit.out());
        assertTrue(fit.out().contains("  dwMinStd         0.197703 +- 0.0739     relative"), fit.out());
        assertTrue(fit.out().contains("  dwUp           0.00100572 +- 7.75e-06"), fit.out());
        JsonNode noise = new ObjectMapper().readTree(out.resolve("fit.json").toFile()).get("readNoise");
        assertTrue(noise.get("detected").asBoolean(), noise.toString());
        assertEquals(0.0005, noise.get("value").asDouble(), 3 * noise.get("sigma").asDouble(), noise.toString());
        assertTrue(Files.readString(out.resolve("fitted-noisy.json")).contains("told apart from the readings' own noise of "
                + "0.000518 +- 1.4e-05 weight units (not part of the model)"));
        // the law: taking the readings for the states, --law auto chose constant-step by 33 of the AIC (dwUp 0.00093,
        // dwDown 0.00104, dwMinStd 0.78)
        Run auto = run(List.of("fit-device", "--data", csv.toString()));
        assertTrue(auto.out().lines().anyMatch(l -> l.strip().startsWith("soft-bounds ") && l.endsWith("<- chosen")), auto.out());
        Run sample = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range",
                "1e-6:1e-5", "--law", "linear-step"));
        assertTrue(sample.out().contains("  readNoise            none               weight units (the increments show none "
                + "above about 0.000164)"), sample.out());
        Run refused = run(List.of("fit-device", "--data", csv.toString(), "--read-noise", "0.1"));
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--read-noise 0.1 has no effect without --simulate PRESET"), refused.err());
    }

    /**
     * --simulate --repeats writes each state's readings as rows of one pulse number; the fit takes their mean, measures
     * the read noise of one reading from their spread and compares it with the read noise of the states (onen-softbounds,
     * read noise 0.001, three readings a state: measured 0.00101218 +- 1.03e-05 a reading, so 0.000584 a state's mean,
     * against 0.000572 +- 1.5e-05 from the increments); --repeats without --simulate, or of 0, is refused.
     */
    @Test
    void repeatedReadingsAreSimulatedAndAveraged() throws IOException {
        Path csv = tmp.resolve("repeats.csv");
        Run written = run(List.of("fit-device", "--simulate", "onen-softbounds", "--cycles", "4", "--pulses", "300",
                "--dw-min-std", "0.2", "--read-noise", "0.001", "--repeats", "3", "--data", csv.toString()));
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(written.out().contains("2401 states read 3 times each, 4 cycles"), written.out());
        String text = Files.readString(csv);
        assertTrue(text.contains("--read-noise 0.001 --repeats 3 --seed 1"), text);
        assertEquals(3, text.lines().filter(l -> l.startsWith("7,up,")).count());
        Path out = tmp.resolve("repeats");
        Run fit = run(List.of("fit-device", "--data", csv.toString(), "--law", "soft-bounds", "--out", out.toString()));
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().startsWith("data file '" + csv + "': 2401 states (7203 readings), 4 cycles, 2397 increments "
                + "fitted"), fit.out());
        assertTrue(fit.out().contains("  repeats        0.00101218 +- 1.03e-05   weight units (of one reading: the spread of "
                + "the 2401 states read 3 times each about their means)\n  a state's mean has 0.000584 +- 6.0e-06 of it; "
                + "the increments show 0.000572 +- 1.5e-05 (alike)"), fit.out());
        assertTrue(Files.readString(out.resolve("fitted-repeats.json")).contains("told apart from the read noise of each "
                + "state, the mean of its readings, of 0.000572 +- 1.5e-05 weight units (of one reading 0.00101 +- 1.0e-05, "
                + "from the states read more than once; not part of the model)"));
        JsonNode repeats = new ObjectMapper().readTree(out.resolve("fit.json").toFile()).get("repeatedReadings");
        assertEquals(3, repeats.get("most").asInt(), repeats.toString());
        assertEquals(0.001, repeats.get("readNoise").asDouble(), 3 * repeats.get("readNoiseSigma").asDouble());
        Run alone = run(List.of("fit-device", "--data", csv.toString(), "--repeats", "2"));
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("--repeats 2 has no effect without --simulate PRESET"), alone.err());
        Run none = run(List.of("fit-device", "--simulate", "onen-softbounds", "--repeats", "0", "--data",
                tmp.resolve("none.csv").toString()));
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--repeats"), none.err());
    }

    /**
     * Noise-free synthetic data (onen-softbounds' own dwMinStd is 0) are written with a warning that their fit is refused,
     * and the fit refuses them whichever law follows them (before, the law fitted to exactly 0 was left out and --law auto
     * chose among the others, or ranked the laws by their rounding).
     */
    @Test
    void noiseFreeDataAreSaidToBeUnfittable() {
        Path csv = tmp.resolve("noise-free.csv");
        Run simulate = run(List.of("fit-device", "--simulate", "onen-softbounds", "--data", csv.toString()));
        assertEquals(0, simulate.exitCode(), simulate.err());
        assertTrue(simulate.out().contains("warning: without noise (dwMinStd 0, read noise 0) the states follow the law "
                + "exactly, so a fit of this file is refused"), simulate.out());
        Run fit = run(List.of("fit-device", "--data", csv.toString()));
        assertEquals(2, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("fit leaves no residual beyond rounding") && fit.err().contains("--dw-min-std"),
                fit.err());
    }

    /** --simulate never overwrites a data file: it may hold measurements. */
    @Test
    void simulateRefusesAnExistingDataFile() throws IOException {
        Path csv = tmp.resolve("measured.csv");
        Files.writeString(csv, "pulse,polarity,weight\n0,,0\n");
        Run r = run(List.of("fit-device", "--simulate", "li-ecram", "--data", csv.toString(), "--pulses", "5"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--data " + csv + " exists") && r.err().contains("remove it or give another path"), r.err());
        assertEquals("pulse,polarity,weight\n0,,0\n", Files.readString(csv));
    }

    /**
     * --simulate writes no file that fit-device refuses: a preset whose weights reach below what --g-range maps to 0 S
     * (bounds +-3 against the range's +-1) wrote a negative conductance, and the fit of it failed on that line.
     */
    @Test
    void simulateRefusesStatesThatAreNoConductance() throws IOException {
        ObjectNode preset = (ObjectNode) ResultFiles.json().readTree(Path.of("device-models", "onen-softbounds.json").toFile());
        ((ObjectNode) preset.get("model")).put("wMin", -3).put("wMax", 3).put("dwMin", 0.01);
        preset.put("id", "wide");
        Path wide = tmp.resolve("wide.json");
        Files.writeString(wide, preset.toString());
        Path csv = tmp.resolve("wide.csv");
        Run r = run(List.of("fit-device", "--simulate", wide.toString(), "--g-range", "1e-6:1e-5", "--pulses", "400",
                "--cycles", "2", "--data", csv.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("is -2.447e-08 S with the unit range (--g-range) 1e-6:1e-5, not a conductance"),
                r.err());
        assertFalse(Files.exists(csv));
    }

    /**
     * --simulate with too few pulses for a fit says so in its own flags and writes nothing (it advised to measure more up
     * pulses, or to shift weights; a fuzz helper).
     */
    @Test
    void simulateWithTooFewPulsesNamesItsFlags() {
        Path csv = tmp.resolve("few.csv");
        Run r = run(List.of("fit-device", "--simulate", "li-ecram", "--pulses", "1", "--cycles", "1", "--data",
                csv.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--simulate li-ecram with --cycles 1 --pulses 1 gives data no fit can take")
                && r.err().contains("nothing was written; raise --pulses"), r.err());
        assertFalse(Files.exists(csv));
    }

    /**
     * With one law fitted of those tried, the table still shows it chosen beside the laws not fitted (it was left out, and
     * a tie printed dAIC -0.0; a fuzz helper): ecram-mo's default simulation moves little, only a constant step fits.
     */
    @Test
    void oneLawFittedOfSeveralStillHasItsTable() {
        Path csv = tmp.resolve("ecram-mo.csv");
        assertEquals(0, run(List.of("fit-device", "--simulate", "ecram-mo", "--data", csv.toString())).exitCode());
        Run fit = run(List.of("fit-device", "--data", csv.toString(), "--out", tmp.resolve("fit").toString()));
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.out().contains("dAIC") && fit.out().contains("  <- chosen") && fit.out().contains("not fitted"),
                fit.out());
        assertFalse(fit.out().contains(" -0.0 "), fit.out());
    }

    /** Conductances off the middle of --g-range are named as such (the advice was to shift weights the file does not hold). */
    @Test
    void conductancesOnOneSideOfTheRangeAreNamed() {
        Run r = run(List.of("fit-device", "--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:2e-6"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("the conductances lie on one side of the middle of --g-range 1e-6:2e-6"), r.err());
    }

    /** The simulation's flags without --simulate, and the fit's with it, would change nothing: refused, naming the flag. */
    @ParameterizedTest
    @CsvSource({"false, --cycles, 5", "false, --pulses, 5", "false, --seed, 2", "false, --dw-min-std, 0.1",
            "true, --law, auto", "true, --out, fd", "true, --id, x", "true, --source, paper", "true, --spice-from, onen-softbounds"})
    void flagsWithoutEffectAreRefused(boolean simulate, String flag, String value) {
        Path csv = tmp.resolve(simulate ? "new.csv" : "none.csv");
        List<String> args = new ArrayList<>(List.of("fit-device", "--data", csv.toString(), flag, value));
        if (simulate) {
            args.addAll(List.of("--simulate", "li-ecram"));
        }
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(flag + " " + value + " has no effect " + (simulate ? "with" : "without") + " --simulate"),
                r.err());
        assertFalse(Files.exists(csv));
    }
}
