package org.xbarspice.design;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;

/**
 * The report of a {@link DesignStudy} in a folder.
 *
 * <ul>
 * <li>{@value #CSV}: one row per point, every input (size, wires, drivers, device, conductance range, sense, read
 *     voltage, pulse amplitude, vectors, seed) and every figure ({@link ReadError} both directions, the largest of them,
 *     {@link StepFidelity} both polarities, the SPICE spot check when a point has one, the failure when one failed);
 *     no timings, so the same study writes the same bytes.</li>
 * <li>{@value #JSON}: the settings, the parameters of the sense amplifiers used (an integrator integrates amplitude-
 *     encoded inputs), the grid (every axis, the defaults filled in), every result with its timings, and the largest sizes of the maps.</li>
 * <li>{@value #ERROR_PLOT}: the read error (the largest of either direction, random or worst case) against the array
 *     size sqrt(rows x cols), logarithmic axes, one line per wire resistance (and per value of any other axis that
 *     varies); {@value #UPDATE_PLOT}: the worst device's step fraction likewise.</li>
 * <li>{@code max-size*.png}: the largest array size whose read error stays within the bound, and every smaller size's
 *     too, per wire resistance (x) and device / conductance range (y); one map per combination of driver resistance,
 *     sense and read voltage when those vary.</li>
 * </ul>
 */
public final class DesignReport {
    /** The table of every point. */
    public static final String CSV = "design.csv";
    /** Everything, with timings. */
    public static final String JSON = "design.json";
    /** Read error against array size. */
    public static final String ERROR_PLOT = "error-vs-size.png";
    /** Worst step fraction against array size. */
    public static final String UPDATE_PLOT = "update-vs-size.png";

    /** The axes that make separate maps (the pulse amplitude leaves reads alone). */
    private static final List<DesignAxis> MAP_GROUP = List.of(DesignAxis.DRIVER, DesignAxis.SENSE, DesignAxis.READ_VOLT);

    private final DesignStudy study;
    private final List<DesignResult> results;
    private final List<Map<String, String>> values;

    /**
     * The largest array of a map cell whose read error, and every smaller size's, stays within the bound.
     *
     * @param group       the values of the map's axes (driver, sense, read voltage)
     * @param wireOhm     the wire resistance, as given
     * @param conductance the device and conductance range, as given
     * @param size        the largest size {@code NxM}, or null when even the smallest exceeds the bound
     * @param side        sqrt(rows x cols) of that size, 0 without one
     */
    public record LargestSize(Map<String, String> group, String wireOhm, String conductance, String size, double side) {
    }

    /** The report of {@code results} ({@link DesignStudy#run}, grid order) of {@code study}. */
    public DesignReport(DesignStudy study, List<DesignResult> results) {
        this.study = study;
        this.results = List.copyOf(results);
        this.values = study.grid().points();
    }

    /**
     * Requires {@code dir} (--out) to be free for a study: a folder (new or existing) without a study's {@value #CSV} or
     * {@value #JSON}, which the report would replace. For a command to check before it runs the points.
     */
    public static void requireFree(Path dir) {
        WritablePaths.requireWritableFolder("--out", dir);
        List<String> held = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(DesignReport::isStudyFile).sorted().forEach(held::add);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("--out " + dir + " cannot be listed (" + e.getMessage() + "): give another --out");
            }
        }
        if (!held.isEmpty()) {
            throw new InvalidInputException("--out " + dir + " holds files a design study writes (" + String.join(", ", held)
                    + "), which it would replace or leave beside the new ones: give another --out, or remove them");
        }
    }

    /** Whether {@code name} is one a study writes: its table, its JSON, its plots. */
    private static boolean isStudyFile(String name) {
        return name.equals(CSV) || name.equals(JSON) || name.equals(ERROR_PLOT) || name.equals(UPDATE_PLOT)
                || name.matches("max-size(-\\d+)?\\.png");
    }

    /**
     * Writes the files of the class comment into {@code dir}; a plot without anything to draw (no point succeeded) is
     * left out.
     *
     * @return the names of the files written, in order
     */
    public List<String> write(Path dir) {
        List<String> written = new ArrayList<>(List.of(CSV, JSON));
        ResultFiles.writeText(dir.resolve(CSV), csv());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", study.settings());
        Map<String, Object> senses = new LinkedHashMap<>();
        for (DesignPoint p : study.points()) {
            senses.putIfAbsent(p.sense(), p.readCircuit(Direction.FORWARD).sense());
        }
        json.put("senseParameters", senses);
        json.put("grid", study.grid().axes());
        json.put("results", results);
        json.put("largestSizes", largestSizes());
        ResultFiles.writeJson(dir.resolve(JSON), json);
        if (plotAgainstSize(dir.resolve(ERROR_PLOT), "Read error against array size (log axes)", "read error [% of full scale]",
                true, DesignResult::readErrorPercent, study.settings().maxErrorPercent())) {
            written.add(ERROR_PLOT);
        }
        if (plotAgainstSize(dir.resolve(UPDATE_PLOT), "Worst device's step in a full update (log size axis)",
                "step [% of the ideal step]", false, DesignResult::worstStepPercent, Double.NaN)) {
            written.add(UPDATE_PLOT);
        }
        written.addAll(plotMaps(dir));
        return written;
    }

    /** The text of {@value #CSV}. */
    public String csv() {
        boolean spice = results.stream().anyMatch(r -> r.spice() != null);
        boolean failed = results.stream().anyMatch(r -> r.problem() != null);
        StringBuilder out = new StringBuilder("point,rows,cols,wireOhm,driverOhm,device,gMinSiemens,gMaxSiemens,sense,readVolt,"
                + "pulseVolt,vectors,seed");
        for (String direction : List.of("forward", "backward")) {
            for (String figure : List.of("RandomMax", "RandomRms", "WorstCaseMax", "WorstCaseRms")) {
                out.append(',').append(direction).append(figure).append("Percent");
            }
        }
        out.append(",readErrorPercent");
        for (String polarity : List.of("up", "down")) {
            out.append(',').append(polarity).append("WorstPercent,").append(polarity).append("MeanPercent,").append(polarity)
                    .append("SpreadPercent,").append(polarity).append("Devices");
        }
        out.append(",readEnergyJoule,readWiresPercent,readDriversPercent,readLatencySecond,updateEnergyJoule,updateWiresPercent,"
                + "updateDriversPercent,updateLatencySecond");
        boolean integrator = results.stream().anyMatch(r -> !Double.isNaN(r.integratorMaxOutputVolt()));
        out.append(integrator ? ",integratorMaxOutputVolt" : "");
        out.append(spice ? ",spiceReadMaxRelDiff,spiceUpdateMaxRelDiff" : "").append(failed ? ",failure" : "").append('\n');
        DesignSettings s = study.settings();
        for (DesignResult r : results) {
            DesignPoint p = r.point();
            out.append(p.index()).append(',').append(p.rows()).append(',').append(p.cols()).append(',').append(p.wireOhm())
                    .append(',').append(p.driverOhm()).append(',').append(field(p.device())).append(',')
                    .append(p.conductance().gMinSiemens()).append(',').append(p.conductance().gMaxSiemens()).append(',')
                    .append(p.sense()).append(',').append(p.readVolt()).append(',').append(p.pulseVolt()).append(',')
                    .append(s.vectors()).append(',').append(s.seed());
            if (r.succeeded()) {
                for (ReadError e : List.of(r.forward(), r.backward())) {
                    out.append(figures(e.randomMaxPercent(), e.randomRmsPercent(), e.worstCaseMaxPercent(), e.worstCaseRmsPercent()));
                }
                out.append(figures(r.readErrorPercent()));
                for (StepFidelity f : List.of(r.up(), r.down())) {
                    out.append(figures(f.worstPercent(), f.meanPercent(), f.spreadPercent())).append(',').append(f.devices());
                }
                EnergyFigures e = r.energy();
                out.append(figures(e.readEnergyJoule(), e.readWiresPercent(), e.readDriversPercent(), e.readLatencySecond(),
                        e.updateEnergyJoule(), e.updateWiresPercent(), e.updateDriversPercent(), e.updateLatencySecond()));
            } else {
                out.append(",".repeat(4 + 4 + 1 + 4 + 4 + 8));
            }
            if (integrator) {
                out.append(Double.isNaN(r.integratorMaxOutputVolt()) ? "," : figures(r.integratorMaxOutputVolt()));
            }
            if (spice) {
                out.append(r.spice() == null || r.spice().failure() != null ? ",,"
                        : figures(r.spice().readMaxRelDiff(), r.spice().updateMaxRelDiff()));
            }
            if (failed) {
                out.append(',').append(r.problem() == null ? "" : field(r.problem()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Each value as {@code ,%.6g}; a missing figure (NaN: no device measures it) as an empty field. */
    private static String figures(double... v) {
        StringBuilder out = new StringBuilder();
        for (double x : v) {
            out.append(Double.isNaN(x) ? "," : String.format(Locale.ROOT, ",%.6g", x));
        }
        return out.toString();
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line end. */
    private static String field(String text) {
        return text.matches("[^,\"\\n\\r]*") ? text
                : '"' + text.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + '"';
    }

    /** The largest sizes within the bound, per map (driver, sense, read voltage) and cell (wire, conductance), in grid order. */
    public List<LargestSize> largestSizes() {
        Map<List<String>, List<DesignResult>> cells = new LinkedHashMap<>();
        for (DesignResult r : results) {
            Map<String, String> v = values.get(r.point().index());
            List<String> key = new ArrayList<>();
            for (DesignAxis a : MAP_GROUP) {
                key.add(a.in(v));
            }
            key.add(DesignAxis.WIRE.in(v));
            key.add(conductance(v));
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<LargestSize> out = new ArrayList<>();
        cells.forEach((key, list) -> {
            Map<String, String> group = new LinkedHashMap<>();
            for (int k = 0; k < MAP_GROUP.size(); k++) {
                group.put(MAP_GROUP.get(k).key(), key.get(k));
            }
            DesignPoint largest = largestWithin(list);
            out.add(new LargestSize(group, key.get(MAP_GROUP.size()), key.get(MAP_GROUP.size() + 1),
                    largest == null ? null : largest.size(), largest == null ? 0 : side(largest)));
        });
        return out;
    }

    /**
     * The largest point of {@code list} (by devices; of equal counts the one listed last) such that it and every point
     * no larger in either dimension succeeded within the bound, with no integrator past its swing ({@link
     * DesignResult#saturates}); null when none does. Sizes of one shape (square arrays) are ordered; 8x8 and 2x32 are
     * not, so a 2x32 beyond the bound does not count against 8x8.
     */
    private DesignPoint largestWithin(List<DesignResult> list) {
        double bound = study.settings().maxErrorPercent();
        DesignPoint largest = null;
        for (DesignResult candidate : list) {
            DesignPoint p = candidate.point();
            boolean within = list.stream().filter(r -> r.point().rows() <= p.rows() && r.point().cols() <= p.cols())
                    .allMatch(r -> r.readErrorPercent() <= bound && !r.saturates());
            if (within && (largest == null || (long) p.rows() * p.cols() >= (long) largest.rows() * largest.cols())) {
                largest = p;
            }
        }
        return largest;
    }

    /** The summary table the command prints: one row per line of {@value #ERROR_PLOT}. */
    public String summary() {
        List<String[]> rows = new ArrayList<>();
        double bound = study.settings().maxErrorPercent();
        rows.add(new String[] {"design", "largest size <= " + Checks.readable(bound) + " %", "read error %",
            "worst step %", "largest studied", "read error %", "worst step %"});
        curves().forEach((label, list) -> {
            DesignPoint within = largestWithin(list);
            DesignResult atWithin = within == null ? null : results.get(within.index());
            DesignResult biggest = list.get(0); // of equal counts the one listed last, as largestWithin takes it
            for (DesignResult r : list) {
                if ((long) r.point().rows() * r.point().cols() >= (long) biggest.point().rows() * biggest.point().cols()) {
                    biggest = r;
                }
            }
            rows.add(new String[] {label, within == null ? "none" : within.size(),
                atWithin == null ? "" : number(atWithin, atWithin.readErrorPercent()),
                atWithin == null ? "" : number(atWithin, atWithin.worstStepPercent()),
                biggest.point().size(), number(biggest, biggest.readErrorPercent()), number(biggest, biggest.worstStepPercent())});
        });
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                out.append(c == 0 ? "" : "  ").append(c == 0 ? String.format("%-" + width[c] + "s", row[c])
                        : String.format("%" + width[c] + "s", row[c]));
            }
            out.append('\n');
        }
        List<DesignResult> saturated = results.stream().filter(DesignResult::saturates).toList();
        if (!saturated.isEmpty()) {
            DesignResult worst = saturated.stream().max(Comparator.comparingDouble(DesignResult::integratorMaxOutputVolt))
                    .orElseThrow();
            Sense.Integrator integrator = (Sense.Integrator) worst.point().readCircuit(Direction.FORWARD).sense();
            out.append(String.format(Locale.ROOT, "note: the integrator's output passes an op-amp's %.3g V swing at %d "
                    + "point(s), up to %.3g V at %s: a real one saturates, so these count as beyond the bound (C = %.3g F, "
                    + "t_read = %.3g s; read --sense integrator --int-c F --t-read S studies others)%n",
                    Sense.Integrator.SWING_VOLT, saturated.size(), worst.integratorMaxOutputVolt(), worst.point().size(),
                    integrator.capacitanceFarad(), integrator.readSecond()));
        }
        return out.toString();
    }

    /**
     * The failed points and ngspice checks in one paragraph: each distinct message once, with the points that gave it
     * (at most {@value #LISTED} listed); empty when nothing failed.
     */
    public String failures() {
        Map<String, List<Integer>> byMessage = new LinkedHashMap<>();
        for (DesignResult r : results) {
            if (r.problem() != null) {
                byMessage.computeIfAbsent(r.problem(), k -> new ArrayList<>()).add(r.point().index());
            }
        }
        StringBuilder out = new StringBuilder();
        byMessage.forEach((message, indices) -> {
            List<Integer> shown = indices.subList(0, Math.min(LISTED, indices.size()));
            out.append(out.length() == 0 ? "" : "; ").append(indices.size() == 1 ? "point " : "points ")
                    .append(shown.toString().replaceAll("[\\[\\]]", ""))
                    .append(indices.size() > LISTED ? " and " + (indices.size() - LISTED) + " more" : "").append(": ").append(message);
        });
        return out.toString();
    }

    /**
     * What failed, in one sentence for the command's error: the points that failed and the points whose ngspice check
     * failed, counted, then {@link #failures()}; null when nothing failed.
     */
    public String failureSummary() {
        int total = results.size();
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        long unchecked = results.stream().filter(r -> r.succeeded() && r.problem() != null).count();
        if (failed + unchecked == 0) {
            return null;
        }
        List<String> what = new ArrayList<>();
        if (failed > 0) {
            what.add(failed + " of " + total + " design points failed" + (failed < total ? " (the others are in the report)" : ""));
        }
        if (unchecked > 0) {
            what.add("the ngspice checks of " + unchecked + " of " + total + " points failed (their behavioral figures are in "
                    + "the report)");
        }
        return String.join("; ", what) + ": " + failures();
    }

    /** Longest note on lines at 0 that a plot's title takes (characters). */
    private static final int NOTE_CHARACTERS = 48;

    /** Most points a message of {@link #failures()} lists. */
    private static final int LISTED = 8;

    /**
     * A figure of {@code r} for the summary: "failed" for a failed point, "n/a" for a figure no device measures (a step
     * as large as the range: {@link DesignResult#worstStepPercent()}).
     */
    private static String number(DesignResult r, double v) {
        return !r.succeeded() ? "failed" : Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * The points of every line of the plots against size: all axes but the size equal, and arrays of one shape (rows
     * over columns); labelled by wire and what varies, and by the shape where the sizes have several (16x16 and 8x32,
     * both at x = 16, were joined by a vertical line that said neither).
     */
    private Map<String, List<DesignResult>> curves() {
        boolean shapes = results.stream().map(r -> shape(r.point())).distinct().count() > 1;
        Map<String, List<DesignResult>> out = new LinkedHashMap<>();
        for (DesignResult r : results) {
            Map<String, String> v = values.get(r.point().index());
            StringBuilder label = new StringBuilder(DesignAxis.WIRE.flag() + " " + DesignAxis.WIRE.in(v));
            for (DesignAxis a : DesignAxis.values()) {
                if (a != DesignAxis.WIRE && a != DesignAxis.SIZE && study.grid().axes().get(a.key()).size() > 1) {
                    label.append(", ").append(a.flag()).append(' ').append(a.in(v));
                }
            }
            if (shapes) {
                label.append(", ").append(shape(r.point()));
            }
            out.computeIfAbsent(label.toString(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The shape of a point's array, rows to columns in lowest terms: "square", or e.g. "rows:cols 1:4". */
    private static String shape(DesignPoint p) {
        int gcd = java.math.BigInteger.valueOf(p.rows()).gcd(java.math.BigInteger.valueOf(p.cols())).intValue();
        return p.rows() == p.cols() ? "square" : "rows:cols " + p.rows() / gcd + ":" + p.cols() / gcd;
    }

    /**
     * Plots {@code figure} against the size into {@code png}, if any point has a value to draw, with {@code bound} as a
     * line across the sizes (NaN: none); returns whether it did. A line that is 0 at every size, which a logarithmic axis
     * cannot show (ideal wires: no read error), is named in the title instead (it was left out without a word); each line
     * keeps its colour in every plot, whichever lines a plot leaves out.
     */
    private boolean plotAgainstSize(Path png, String title, String yLabel, boolean logY,
                                    ToDoubleFunction<DesignResult> figure, double bound) {
        List<String> zero = new ArrayList<>();
        List<Plots.Series> series = seriesAgainstSize(figure, logY, bound, zero);
        if (series.isEmpty()) {
            return false;
        }
        String note = zero.isEmpty() ? "" : " (0 at every size, off the log axis: " + String.join("; ", zero) + ")";
        if (note.length() > NOTE_CHARACTERS) { // beyond, the title runs off the plot's width
            note = " (" + zero.size() + " lines at 0, off the log axis: " + CSV + ")";
        }
        Plots.lines(png, title + note, "array size sqrt(rows x cols)", yLabel, series, true, logY);
        return true;
    }

    /**
     * The lines of {@link #plotAgainstSize}, each in the colour of its index among the {@link #curves()} (the bound in
     * the one after them, drawn alone where every line is 0); the labels of lines that are 0 at every size on a
     * logarithmic axis go to {@code zero}.
     */
    List<Plots.Series> seriesAgainstSize(ToDoubleFunction<DesignResult> figure, boolean logY, double bound,
                                         List<String> zero) {
        List<Plots.Series> series = new ArrayList<>();
        Map<String, List<DesignResult>> curves = curves();
        List<String> labels = new ArrayList<>(curves.keySet());
        curves.forEach((label, list) -> {
            // by size, whatever order --size gave them in (32,4,8 drew a segment from 32 back to 4)
            List<DesignResult> shown = list.stream().filter(r -> figure.applyAsDouble(r) > 0 || !logY && r.succeeded())
                    .sorted(java.util.Comparator.comparingDouble(r -> side(r.point()))).toList();
            if (shown.isEmpty()) {
                if (list.stream().anyMatch(r -> r.succeeded() && figure.applyAsDouble(r) == 0)) {
                    zero.add(label);
                }
                return;
            }
            double[] x = new double[shown.size()];
            double[] y = new double[shown.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = side(shown.get(k).point());
                y[k] = figure.applyAsDouble(shown.get(k));
            }
            series.add(new Plots.Series(label, x, y, true).inColour(labels.indexOf(label)));
        });
        if (!Double.isNaN(bound) && (!series.isEmpty() || !zero.isEmpty())) {
            // over the lines drawn, or alone over the sizes of lines at 0 (every wire ideal: no read error to draw)
            double[] sides = series.isEmpty()
                    ? results.stream().filter(DesignResult::succeeded).mapToDouble(r -> side(r.point())).sorted().toArray()
                    : series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).sorted().toArray();
            series.add(new Plots.Series("bound (--max-error " + Checks.readable(bound) + " %)",
                    new double[] {sides[0], sides[sides.length - 1]}, new double[] {bound, bound}, false)
                    .inColour(labels.size()));
        }
        return series;
    }

    /** The maps of the largest sizes; returns their file names. */
    private List<String> plotMaps(Path dir) {
        List<String> written = new ArrayList<>();
        Map<Map<String, String>, List<LargestSize>> maps = new LinkedHashMap<>();
        for (LargestSize s : largestSizes()) {
            maps.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        }
        List<String> wires = study.grid().axes().get(DesignAxis.WIRE.key());
        List<String> conductances = new ArrayList<>();
        for (Map<String, String> v : values) {
            if (!conductances.contains(conductance(v))) {
                conductances.add(conductance(v));
            }
        }
        int number = 0;
        for (Map.Entry<Map<String, String>, List<LargestSize>> map : maps.entrySet()) {
            double[][] side = new double[conductances.size()][wires.size()];
            for (LargestSize s : map.getValue()) {
                side[conductances.indexOf(s.conductance())][wires.indexOf(s.wireOhm())] = s.side();
            }
            String name = maps.size() == 1 ? "max-size.png" : String.format(Locale.ROOT, "max-size-%d.png", ++number);
            StringBuilder group = new StringBuilder();
            for (DesignAxis a : MAP_GROUP) {
                group.append(", ").append(a.flag()).append(' ').append(map.getKey().get(a.key()));
            }
            Plots.heatMap(dir.resolve(name), "Largest array with read error <= " + Checks.readable(
                    study.settings().maxErrorPercent()) + " % (0: none)", "wire resistance per segment [ohm]" + group,
                    "device, conductance range", "sqrt(rows x cols)", wires, conductances, side);
            written.add(name);
        }
        return written;
    }

    /** The device and conductance range of a point, as given. */
    private static String conductance(Map<String, String> v) {
        String range = DesignAxis.CONDUCTANCE.in(v);
        return DesignAxis.DEVICE.in(v) + (DesignAxis.PRESET.equals(range) ? "" : " " + range + " S");
    }

    private static double side(DesignPoint p) {
        return Math.sqrt((double) p.rows() * p.cols());
    }
}
