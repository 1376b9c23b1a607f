package org.xbarspice.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.report.Plots;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.LocalPool;
import org.xbarspice.units.InvalidInputException;

/** A design study measures what it says, the same way every time, and refuses bad grids before it runs. */
class DesignStudyTest {
    @TempDir
    Path tmp;

    /** A grid of {@code key, values, key, values, ...} (values comma-separated). */
    static Grid grid(String... keyValues) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (int k = 0; k < keyValues.length; k += 2) {
            axes.put(keyValues[k], List.of(keyValues[k + 1].split(",", -1)));
        }
        return new Grid(axes);
    }

    private static List<DesignResult> run(DesignStudy study, int threads) {
        return study.run(new LocalPool(threads), r -> { });
    }

    @Test
    void theSameSeedGivesTheSameFiguresOnAnyNumberOfThreadsAndAnotherSeedOthers() {
        // gokmen-vlasov: device-to-device spread of the steps, sampled from the seed
        Grid grid = grid("size", "4,8x6,12x5", "wireOhm", "0,1", "device", "onen-softbounds,gokmen-vlasov", "driverOhm", "20");
        DesignStudy study = DesignStudy.create(grid, DesignSettings.defaults());
        String one = new DesignReport(study, run(study, 1)).csv();
        assertEquals(one, new DesignReport(study, run(study, 3)).csv());
        assertEquals(one, new DesignReport(DesignStudy.create(grid, DesignSettings.defaults()), run(study, 2)).csv());
        DesignSettings seed2 = new DesignSettings(16, 2, 1, 0, null);
        DesignStudy other = DesignStudy.create(grid, seed2);
        assertNotEquals(one, new DesignReport(other, run(other, 2)).csv());
        assertEquals(2 * 2 * 3 + 1, one.lines().count(), one);
    }

    /**
     * An integrator driven past its op-amp's swing counts as beyond the bound, named in a note: design passed a 256 x 256
     * integrator array whose output read warns reaches 3 V. With the defaults (10 pF, 100 ns, G in 1-10 uS, 0.2 V) the
     * output is about N x 5.5 uS x 0.2 V x 1e4 ohm on average, more on the largest column: 160 rows pass the 1.5 V
     * swing, 96 do not.
     */
    @Test
    void anIntegratorPastItsSwingCountsAsBeyondTheBound() {
        DesignStudy study = DesignStudy.create(grid("size", "96,160", "sense", "integrator"), DesignSettings.defaults());
        List<DesignResult> results = run(study, 2);
        assertEquals(List.of(false, true), results.stream().map(DesignResult::saturates).toList());
        // measured 3.83e-4 % (the worst case's virtual ground drifting by V_out / A0; 6.26e-5 % while the model held it at
        // 0 V): within the study's 1 % bound, so only the swing excludes the point
        double error = results.get(1).readErrorPercent();
        assertTrue(error > 3.5e-4 && error < 4.5e-4, "the behavioral read alone is within, drift counted: " + results.get(1));
        assertEquals(2.0, results.get(1).integratorMaxOutputVolt(), 0.02, "measured 2.00 V (the worst-case vector)");
        DesignReport report = new DesignReport(study, results);
        assertEquals("96x96", report.largestSizes().get(0).size());
        assertTrue(report.summary().contains("note: the integrator's output passes an op-amp's 1.50 V swing at 1 point(s), up to "
                + "2.00 V at 160x160"),
                report.summary());
        assertTrue(report.csv().lines().findFirst().orElseThrow().endsWith(",integratorMaxOutputVolt"), report.csv());
    }

    /** Values equal in effect made separate, identical points: refused as literal duplicates are. */
    @Test
    void aDesignGivenTwiceInEffectIsRefused() {
        for (Grid grid : List.of(grid("size", "4", "pulseVolt", "preset,1.2"), grid("size", "4", "gRange", "preset,1e-6:1e-5"),
                grid("size", "4", "device", "idealized,device-models/idealized.json"))) {
            String message = assertThrows(InvalidInputException.class, () -> DesignStudy.create(grid, DesignSettings.defaults()))
                    .getMessage();
            assertTrue(message.startsWith("the grid gives one design twice, as points 0 and 1 (4x4"), message);
        }
        assertEquals(2, DesignStudy.create(grid("size", "4", "pulseVolt", "preset,1.3"), DesignSettings.defaults()).points()
                .size());
    }

    /** Sizes of other shapes are not smaller: a 2x32 beyond the bound left 8x8 without a largest size. */
    @Test
    void aSizeOfAnotherShapeDoesNotCountAgainstALargerOne() {
        DesignStudy study = DesignStudy.create(grid("size", "8,2x32", "wireOhm", "5"), DesignSettings.defaults());
        List<DesignResult> results = run(study, 2);
        assertTrue(results.stream().anyMatch(r -> r.readErrorPercent() > 1), "2x32 is beyond 1 %: " + results);
        assertEquals("8x8", new DesignReport(study, results).largestSizes().get(0).size());
    }

    /** A netlist folder holding another study's netlists was half overwritten, the rest left beside: refused. */
    @Test
    void aNetlistFolderHoldingNetlistsIsRefused(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("000-8x8-forward.cir"), "* another study\n.end\n");
        String message = assertThrows(InvalidInputException.class, () -> DesignStudy.requireFreeNetlists(tmp)).getMessage();
        assertTrue(message.contains("--netlists " + tmp + " holds 1 netlists (.cir) already"), message);
        Files.delete(tmp.resolve("000-8x8-forward.cir"));
        Files.writeString(tmp.resolve("notes.txt"), "other files stay allowed");
        DesignStudy.requireFreeNetlists(tmp);
        DesignStudy.requireFreeNetlists(tmp.resolve("new"));
    }

    /**
     * A point whose ngspice check failed (a timeout) keeps its behavioral figures, with the check's failure beside them;
     * before, the whole point failed and its computed figures were dropped.
     */
    @Test
    void aFailedNgspiceCheckKeepsThePointsFigures() {
        DesignStudy study = DesignStudy.create(grid("size", "4,6"), DesignSettings.defaults());
        List<DesignResult> measured = run(study, 1);
        DesignResult r = measured.get(1);
        DesignResult unchecked = new DesignResult(r.point(), r.forward(), r.backward(), r.up(), r.down(), r.energy(),
                SpiceCheck.failed("ngspice did not finish after 5 s", 5), r.readSeconds(), r.updateSeconds(), null);
        DesignReport report = new DesignReport(study, List.of(measured.get(0), unchecked));
        List<String> rows = report.csv().lines().toList();
        assertTrue(rows.get(0).endsWith(",spiceReadMaxRelDiff,spiceUpdateMaxRelDiff,failure"), rows.get(0));
        String expected = new DesignReport(study, measured).csv().lines().toList().get(2);
        assertTrue(rows.get(2).startsWith(expected + ",,,"), rows.get(2)); // the figures as measured, no check figures
        assertTrue(rows.get(2).endsWith("ngspice check: ngspice did not finish after 5 s"), rows.get(2));
        assertTrue(rows.get(1).endsWith(",,,"), rows.get(1));
        assertEquals("point 1: ngspice check: ngspice did not finish after 5 s", report.failures());
        // before: "0 of 2 design points failed and 1 ngspice checks (...) (the others are in the report)"
        assertEquals("the ngspice checks of 1 of 2 points failed (their behavioral figures are in the report): point 1: "
                + "ngspice check: ngspice did not finish after 5 s", report.failureSummary());
        assertNull(new DesignReport(study, measured).failureSummary());
    }

    @Test
    void energyFiguresFollowTheWires() {
        Grid grid = grid("size", "16", "wireOhm", "0,5", "driverOhm", "0,100");
        DesignStudy study = DesignStudy.create(grid, DesignSettings.defaults());
        List<DesignResult> results = run(study, 1);
        EnergyFigures ideal = results.get(0).energy();
        EnergyFigures driven = results.get(2).energy(); // the first axis varies fastest
        EnergyFigures wired = results.get(1).energy();
        assertEquals(0, ideal.readWiresPercent() + ideal.readDriversPercent(), "no wires or drivers, no loss in them");
        assertEquals(0, ideal.updateWiresPercent() + ideal.updateDriversPercent());
        assertTrue(wired.readWiresPercent() > 0 && wired.updateWiresPercent() > 0, wired.toString());
        assertEquals(0, wired.readDriversPercent() + wired.updateDriversPercent(), wired.toString());
        // the read's share counted the wires alone and the update's wires and drivers: 0 and 1.7 % with 100 ohm drivers (now
        // the drivers' 0.86 % and 1.7 %)
        assertEquals(0, driven.readWiresPercent() + driven.updateWiresPercent(), driven.toString());
        assertTrue(driven.readDriversPercent() > 0 && driven.updateDriversPercent() > 0, driven.toString());
        assertTrue(wired.readEnergyJoule() < ideal.readEnergyJoule(), "the IR drop lowers the device voltages");
        assertTrue(ideal.updateEnergyJoule() > 0 && ideal.readLatencySecond() > 1e-7, ideal.toString());
        assertEquals(ideal.readLatencySecond(), wired.readLatencySecond(), "latency does not depend on the wires");
    }

    @Test
    void idealWiresDriversAndSenseReadTheIdealProductAndGiveEveryDeviceItsWholeStep() {
        // also at another amplitude than the preset's (every device then moves by its compact model at 1.35 V)
        DesignStudy study = DesignStudy.create(grid("size", "6x9,16", "device", "onen-softbounds,gokmen-vlasov",
                "pulseVolt", "preset,1.35"), DesignSettings.defaults());
        for (DesignResult r : run(study, 2)) {
            assertTrue(r.readErrorPercent() < 1e-12, r.toString()); // measured 0 at every point (the ideal fast path)
            for (StepFidelity f : List.of(r.up(), r.down())) {
                assertEquals(100, f.worstPercent(), 1e-9, r.toString());
                assertEquals(100, f.meanPercent(), 1e-9, r.toString());
                assertEquals(0, f.spreadPercent(), 1e-9, r.toString());
                assertTrue(f.devices() >= r.point().rows() * r.point().cols() - 2, r.toString());
            }
        }
    }

    @Test
    void wiresCostReadAccuracyAndStepsTheFarthestDevicesMost() {
        DesignStudy study = DesignStudy.create(grid("size", "16,32", "wireOhm", "1,4"), DesignSettings.defaults());
        List<DesignResult> results = run(study, 2);
        // grid order: wire, then size: the error grows with both, the worst step falls
        for (int k = 1; k < results.size(); k++) {
            if (k == 2) {
                continue;
            }
            assertTrue(results.get(k).readErrorPercent() > results.get(k - 1).readErrorPercent(), results.toString());
            assertTrue(results.get(k).worstStepPercent() < results.get(k - 1).worstStepPercent(), results.toString());
        }
        assertTrue(results.get(2).readErrorPercent() > results.get(0).readErrorPercent());
        for (DesignResult r : results) {
            // every line at full scale drives the largest currents through the wires
            assertTrue(r.forward().worstCaseMaxPercent() > r.forward().randomMaxPercent(), r.toString());
            assertTrue(r.up().worstPercent() < r.up().meanPercent() && r.up().spreadPercent() > 0, r.toString());
        }
    }

    @Test
    void theLargestSizeWithinTheBoundIsTheLastSizeBeforeTheFirstThatExceedsIt() {
        Grid grid = grid("size", "8,16,32", "wireOhm", "2");
        // measured (idealized, seed 1): 0.0549, 0.164, 0.685 % of full scale
        Map<Double, String> expected = new LinkedHashMap<>();
        expected.put(0.2, "16x16");
        expected.put(0.01, null);
        expected.put(1.0, "32x32");
        expected.forEach((bound, size) -> {
            DesignStudy study = DesignStudy.create(grid, new DesignSettings(16, 1, bound, 0, null));
            DesignReport report = new DesignReport(study, run(study, 2));
            DesignReport.LargestSize largest = report.largestSizes().get(0);
            assertEquals(size, largest.size(), "bound " + bound);
            assertEquals(size == null ? 0 : Double.parseDouble(size.substring(0, 2)), largest.side());
            assertTrue(report.summary().lines().skip(1).findFirst().orElseThrow().contains(size == null ? "none" : size),
                    report.summary());
        });
    }

    /**
     * Sizes of several shapes are lines of their own, named by their shape: 16x16 and 8x32, as many devices, were one
     * line (both plotted at x = 16, joined by a vertical line) whose columns named one of them (the largest within named
     * 8x32, the largest studied 16x16 before a fix); now each row names its own array in both columns.
     */
    @Test
    void sizesOfSeveralShapesAreLinesOfTheirOwn() {
        DesignStudy study = DesignStudy.create(grid("size", "16,8x32", "wireOhm", "1"), DesignSettings.defaults());
        List<String> rows = new DesignReport(study, run(study, 1)).summary().lines().skip(1).toList();
        assertTrue(rows.get(0).startsWith("--wire-r 1, square") && rows.get(0).split("16x16", -1).length - 1 == 2,
                rows.toString());
        assertTrue(rows.get(1).startsWith("--wire-r 1, rows:cols 1:4") && rows.get(1).split("8x32", -1).length - 1 == 2,
                rows.toString());
        study = DesignStudy.create(grid("size", "8,16", "wireOhm", "1"), DesignSettings.defaults());
        assertTrue(new DesignReport(study, run(study, 1)).summary().lines().skip(1).findFirst().orElseThrow()
                .startsWith("--wire-r 1 "), "one shape: no shape in the label");
    }

    /**
     * Each line keeps its colour in both plots against size: ideal wires have no read error, so the read-error plot
     * leaves their line out, and the 1 ohm line took the colour the update plot gives the ideal line.
     */
    @Test
    void aLineHasOneColourInEveryPlot() {
        DesignStudy study = DesignStudy.create(grid("size", "4,8", "wireOhm", "0,1"), DesignSettings.defaults());
        DesignReport report = new DesignReport(study, run(study, 1));
        List<String> zero = new ArrayList<>();
        List<Plots.Series> errors = report.seriesAgainstSize(DesignResult::readErrorPercent, true, 1, zero);
        List<Plots.Series> steps = report.seriesAgainstSize(DesignResult::worstStepPercent, false, Double.NaN, new ArrayList<>());
        assertEquals(List.of("--wire-r 0"), zero);
        assertEquals(List.of("--wire-r 1", "bound (--max-error 1 %)"), errors.stream().map(Plots.Series::name).toList());
        assertEquals(List.of(1, 2), errors.stream().map(Plots.Series::colour).toList());
        assertEquals(List.of("--wire-r 0", "--wire-r 1"), steps.stream().map(Plots.Series::name).toList());
        assertEquals(List.of(0, 1), steps.stream().map(Plots.Series::colour).toList());

        // every wire ideal: the bound alone over the sizes, the line at 0 named (the plot was left out)
        study = DesignStudy.create(grid("size", "4,8", "wireOhm", "0"), DesignSettings.defaults());
        zero.clear();
        errors = new DesignReport(study, run(study, 1)).seriesAgainstSize(DesignResult::readErrorPercent, true, 1, zero);
        assertEquals(List.of("--wire-r 0"), zero);
        assertEquals(List.of("bound (--max-error 1 %)"), errors.stream().map(Plots.Series::name).toList());
        assertEquals(List.of(4.0, 8.0), java.util.Arrays.stream(errors.get(0).x()).boxed().toList());
    }

    /**
     * A line against size runs by size, whatever order {@code --size} gave: 16,4,8 drew 16, 4, 8 (a segment from the
     * largest back to the smallest).
     */
    @Test
    void aLineAgainstSizeRunsBySize() {
        DesignStudy study = DesignStudy.create(grid("size", "16,4,8", "wireOhm", "1"), DesignSettings.defaults());
        DesignReport report = new DesignReport(study, run(study, 1));
        for (Plots.Series line : report.seriesAgainstSize(DesignResult::worstStepPercent, false, Double.NaN,
                new ArrayList<>())) {
            assertEquals(List.of(4.0, 8.0, 16.0), java.util.Arrays.stream(line.x()).boxed().toList(), line.name());
        }
    }

    /**
     * A step as large as the range leaves no device to measure a polarity's step (each ideal step ends at a bound): that
     * polarity's figures are empty cells, the worst step is the other polarity's, and with neither the summary says
     * "n/a". Before, the summary said "failed" of a point that had not failed (exit 0), and the CSV held NaN.
     */
    @Test
    void aStepNoDeviceMeasuresIsNotAFailure() throws IOException {
        Path device = tmp.resolve("big-step.json");
        com.fasterxml.jackson.databind.node.ObjectNode preset = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.xbarspice.report.ResultFiles.json().readTree(Path.of("device-models/idealized.json").toFile());
        preset.put("id", "big-step");
        ((com.fasterxml.jackson.databind.node.ObjectNode) preset.get("model")).put("dwMin", 1.0);
        org.xbarspice.report.ResultFiles.writeJson(device, preset);
        DesignStudy study = DesignStudy.create(grid("size", "1", "device", device.toString()), DesignSettings.defaults());
        DesignResult one = run(study, 1).get(0);
        assertTrue(one.succeeded());
        // seed 1: the one device's up step ends at its bound, its down step does not
        assertEquals(0, one.up().devices());
        assertEquals(1, one.down().devices());
        assertEquals(one.down().worstPercent(), one.worstStepPercent(), 0.0);
        String row = new DesignReport(study, List.of(one)).csv().lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.contains(",,,,0,") && !row.contains("NaN"), row);

        ((com.fasterxml.jackson.databind.node.ObjectNode) preset.get("model")).put("dwMin", 2.0);
        org.xbarspice.report.ResultFiles.writeJson(device, preset);
        study = DesignStudy.create(grid("size", "4", "device", device.toString()), DesignSettings.defaults());
        DesignResult none = run(study, 1).get(0);
        assertEquals(0, none.up().devices() + none.down().devices());
        assertTrue(Double.isNaN(none.worstStepPercent()));
        String summary = new DesignReport(study, List.of(none)).summary();
        assertTrue(summary.contains("n/a") && !summary.contains("failed"), summary);
    }

    /**
     * A result's JSON (how Spark hands it back) reads as the same result, an integrator's output left out of the JSON of
     * another sense (it was "NaN" there) and read back as NaN, not 0.
     */
    @Test
    void aResultRoundTripsThroughItsJson() {
        DesignStudy study = DesignStudy.create(grid("size", "4", "sense", "ideal,integrator"), DesignSettings.defaults());
        List<DesignResult> results = run(study, 1);
        assertFalse(study.encode(results.get(0)).contains("integratorMaxOutputVolt"), study.encode(results.get(0)));
        assertTrue(study.encode(results.get(1)).contains("integratorMaxOutputVolt"));
        for (DesignResult r : results) {
            assertEquals(r, study.decode(r.point().index(), study.encode(r)));
        }
        assertTrue(Double.isNaN(study.decode(0, study.encode(results.get(0))).integratorMaxOutputVolt()));
    }

    @Test
    void aPointThatFailsIsRecordedWithItsMessageAndTheReportStillWritten() throws IOException {
        Path netlists = tmp.resolve("netlists"); // a folder where each point's first netlist should go: it cannot write it
        Files.createDirectories(netlists.resolve("000-4x4-forward.cir"));
        Files.createDirectories(netlists.resolve("001-5x5-forward.cir"));
        DesignStudy study = DesignStudy.create(grid("size", "4,5"), DesignSettings.defaults().withNetlists(netlists));
        List<DesignResult> results = run(study, 2);
        assertTrue(results.stream().noneMatch(DesignResult::succeeded));
        assertTrue(results.get(0).failure().contains("cannot write"), results.get(0).failure());
        DesignReport report = new DesignReport(study, results);
        report.write(tmp.resolve("out"));
        String csv = Files.readString(tmp.resolve("out").resolve(DesignReport.CSV));
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",failure"), csv);
        // every row has the header's columns (a failed point left two empty cells out once the drivers' shares came)
        int columns = csv.lines().findFirst().orElseThrow().split(",", -1).length;
        csv.lines().skip(1).forEach(row -> assertEquals(columns, row.replaceAll("\"[^\"]*\"", "failure").split(",", -1).length,
                row));
        assertTrue(report.failures().startsWith("point 0: UncheckedIOException: cannot write ") && report.failures().contains(
                "; point 1: "), report.failures());
        assertNull(report.largestSizes().get(0).size());
    }

    @Test
    void netlistsAreTheReadNetlistsOfEveryPoint() throws IOException {
        DesignStudy study = DesignStudy.create(grid("size", "3x4", "wireOhm", "1", "sense", "tia"),
                new DesignSettings(2, 1, 1, 0, tmp));
        run(study, 1);
        String forward = Files.readString(tmp.resolve("000-3x4-forward.cir"));
        assertTrue(forward.startsWith("* xbarspice crossbar read 3x4 forward, wire 1 ohm, driver 0 ohm, sense tia, 3 input "
                + "vector(s)"), forward);
        assertTrue(Files.readString(tmp.resolve("000-3x4-backward.cir")).startsWith("* xbarspice crossbar read 3x4 backward"));
    }

    static Stream<Arguments> badGrids() {
        return Stream.of(
                Arguments.of(grid("wireOhm", "1"), "a design study needs --size"),
                Arguments.of(grid("size", "0"), "--size '0' is not an array size"),
                Arguments.of(grid("size", "513"), "--size '513'"),
                Arguments.of(grid("size", "8y8"), "--size '8y8'"),
                Arguments.of(grid("size", "8x"), "--size '8x'"),
                Arguments.of(grid("size", "8,8x8"), "--size 8,8x8 gives 8x8 twice"),
                Arguments.of(grid("size", "8", "wireOhm", "1,1.0"), "--wire-r 1,1.0 gives 1.0 twice"),
                Arguments.of(grid("size", "8", "wireOhm", "-1"), "wire resistance = -1 ohm (--wire-r"),
                Arguments.of(grid("size", "8", "wireOhm", "abc"), "--wire-r 'abc' is not a finite number (ohm)"),
                Arguments.of(grid("size", "8", "driverOhm", "NaN"), "--driver-r 'NaN' is not a finite number (ohm)"),
                Arguments.of(grid("size", "8", "readVolt", "0.9"), "--v-read 0.9 V is not allowed with idealized"),
                Arguments.of(grid("size", "8", "readVolt", "0"), "--v-read 0 V is not allowed"),
                Arguments.of(grid("size", "8", "pulseVolt", "1.7"), "--vp 1.7 with idealized: pulse amplitude Vp = 1.7 V puts"),
                Arguments.of(grid("size", "8", "pulseVolt", "0.7"), "--vp 0.7 with idealized: pulse amplitude Vp = 0.7 V is not above"),
                Arguments.of(grid("size", "8", "gRange", "1e-5:1e-6"), "--g-range '1e-5:1e-6': gMaxSiemens = 1e-6 S"),
                Arguments.of(grid("size", "8", "gRange", "1e-5"), "--g-range '1e-5' is not GMIN:GMAX"),
                Arguments.of(grid("size", "8", "gRange", "a:1"), "--g-range 'a:1'"),
                Arguments.of(grid("size", "8", "sense", "magic"), "--sense = 'magic' is not known: use ideal, tia or integrator"),
                Arguments.of(grid("size", "8", "device", "no-such-device"), "no-such-device"),
                Arguments.of(grid("size", "8", "colour", "red"), "'colour' is not an axis of a design study"));
    }

    @ParameterizedTest
    @MethodSource("badGrids")
    void badGridsAreRefusedNamingTheFlagAndTheValue(Grid grid, String named) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DesignStudy.create(grid, DesignSettings.defaults()));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheFlag() {
        assertTrue(assertThrows(InvalidInputException.class, () -> new DesignSettings(0, 1, 1, 0, null)).getMessage()
                .startsWith("--vectors = 0"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new DesignSettings(1, 1, 0, 0, null)).getMessage()
                .startsWith("--max-error = 0 % of full scale"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new DesignSettings(1, 1, 1, 513, null)).getMessage()
                .startsWith("--spice-check = 513"));
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}
