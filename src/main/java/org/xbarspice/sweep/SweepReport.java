package org.xbarspice.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;
import org.xbarspice.units.WritablePaths;

/**
 * The report of a {@link Sweep} in its folder: {@code sweep.csv} (one row per run: the grid values, the replica when
 * the sweep repeats, the run's seed, the test accuracy after every epoch, the final one, the training time and, when
 * a run failed, its message), {@code sweep.json} (the runs, and per combination of grid values the mean, standard
 * deviation and 95 % interval of the final test accuracy over its seeds) and {@code sweep.png} (the final test accuracy
 * against the last grid key, one line per combination of the others, with the 95 % intervals as error bars, the title
 * naming the combinations that failed).
 */
public final class SweepReport {
    /** The report's files in the sweep's folder. */
    static final String CSV = "sweep.csv";
    static final String JSON = "sweep.json";
    static final String PNG = "sweep.png";
    /** The config key of a run's seed. */
    private static final String SEED = "seed";

    /**
     * Refuses, before any point runs, a sweep folder where the report could not be written at the end (a folder, a
     * device or a pipe at one of its names: the runs went through and then the report failed).
     */
    static void requireWritable(String flag, Path dir) {
        for (String name : List.of(CSV, JSON, PNG)) {
            WritablePaths.requireWritable(flag, dir.resolve(name));
        }
    }

    /** The report files already in {@code dir}, by name. */
    static List<String> held(Path dir) {
        return java.util.stream.Stream.of(CSV, JSON, PNG).filter(name -> java.nio.file.Files.exists(dir.resolve(name)))
                .toList();
    }

    /**
     * The statistics of one combination of grid values over its seeds.
     *
     * @param values the grid values
     * @param runs   runs that succeeded
     * @param mean   mean final test accuracy (0..1), null without runs
     * @param std    sample standard deviation, null for fewer than two runs
     * @param ci95   half-width of the 95 % confidence interval of the mean (Student t), null for fewer than two runs
     */
    public record Combination(Map<String, String> values, int runs, Double mean, Double std, Double ci95) {
    }

    private SweepReport() {
    }

    /** The statistics per combination of grid values, in grid order. */
    public static List<Combination> combinations(List<Sweep.Outcome> outcomes) {
        Map<Map<String, String>, List<Double>> finals = new LinkedHashMap<>();
        for (Sweep.Outcome o : outcomes) {
            List<Double> list = finals.computeIfAbsent(o.point().values(), k -> new ArrayList<>());
            if (o.succeeded()) {
                list.add(o.finalTestAccuracy());
            }
        }
        List<Combination> out = new ArrayList<>();
        finals.forEach((values, list) -> {
            int n = list.size();
            if (n == 0) {
                out.add(new Combination(values, 0, null, null, null));
                return;
            }
            double mean = list.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ss = 0;
            for (double v : list) {
                ss += (v - mean) * (v - mean);
            }
            if (n == 1) {
                out.add(new Combination(values, 1, mean, null, null));
                return;
            }
            double std = Math.sqrt(ss / (n - 1));
            double ci = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * std / Math.sqrt(n);
            out.add(new Combination(values, n, mean, std, ci));
        });
        return out;
    }

    /** Writes the three files of the class comment into {@code dir}. */
    public static void write(Path dir, Grid grid, int repeat, List<Sweep.Outcome> outcomes) {
        List<String> keys = new ArrayList<>(grid.axes().keySet());
        boolean anyFailed = outcomes.stream().anyMatch(o -> !o.succeeded());
        int epochs = outcomes.stream().mapToInt(o -> o.testAccuracy().size()).max().orElse(0);
        StringBuilder csv = new StringBuilder(String.join(",", keys));
        // every run's seed, which reproduces it alone (a grid of seeds has them as its values already)
        boolean seedColumn = !keys.contains(SEED);
        if (repeat > 1) {
            csv.append(",replica");
        }
        if (seedColumn) {
            csv.append(",seed");
        }
        for (int e = 1; e <= epochs; e++) {
            csv.append(",testAccuracyEpoch").append(e);
        }
        csv.append(",finalTestAccuracy,seconds").append(anyFailed ? ",failure\n" : "\n");
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Sweep.Outcome o : outcomes) {
            Sweep.Point p = o.point();
            for (String k : keys) {
                csv.append(p.values().get(k)).append(',');
            }
            if (repeat > 1) {
                csv.append(p.replica()).append(',');
            }
            if (seedColumn) {
                csv.append(p.config().seed()).append(',');
            }
            for (int e = 0; e < epochs; e++) {
                csv.append(e < o.testAccuracy().size() ? String.format(Locale.ROOT, "%.4f", o.testAccuracy().get(e)) : "")
                        .append(',');
            }
            csv.append(o.succeeded() ? String.format(Locale.ROOT, "%.4f", o.finalTestAccuracy()) : "")
                    .append(String.format(Locale.ROOT, ",%.1f", o.seconds()));
            if (anyFailed) {
                csv.append(',').append(o.succeeded() ? "" : '"' + o.failure().replace('"', '\'').replace('\n', ' ') + '"');
            }
            csv.append('\n');
            Map<String, Object> entry = new LinkedHashMap<>(p.values());
            if (repeat > 1) {
                entry.put("replica", p.replica());
            }
            if (seedColumn) {
                entry.put(SEED, p.config().seed());
            }
            entry.put("testAccuracy", o.testAccuracy());
            entry.put("seconds", o.seconds());
            if (o.irDropCheck() != null) {
                entry.put("irDropCheck", o.irDropCheck());
            }
            if (!o.warnings().isEmpty()) {
                entry.put("warnings", o.warnings());
            }
            if (!o.succeeded()) {
                entry.put("failure", o.failure());
            }
            runs.add(entry);
        }
        List<Combination> combinations = combinations(outcomes);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("repeat", repeat);
        json.put("runs", runs);
        json.put("combinations", combinations);
        ResultFiles.writeText(dir.resolve(CSV), csv.toString());
        ResultFiles.writeJson(dir.resolve(JSON), json);
        plot(dir.resolve(PNG), grid, repeat, combinations);
    }

    private static void plot(Path png, Grid grid, int repeat, List<Combination> combinations) {
        List<String> keys = new ArrayList<>(grid.axes().keySet());
        String xKey = keys.get(keys.size() - 1);
        List<String> xValues = grid.axes().get(xKey);
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (Combination c : combinations) {
            Map<String, String> others = new LinkedHashMap<>(c.values());
            others.remove(xKey);
            // the other keys' values as "key=value, key=value" (Map's own "{key=value}" in the legend read as code)
            String name = others.isEmpty() ? "final test accuracy" : others.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
            double[][] line = lines.computeIfAbsent(name, n -> new double[2][xValues.size()]);
            int at = xValues.indexOf(c.values().get(xKey));
            line[0][at] = c.mean() != null ? 100 * c.mean() : Double.NaN;
            line[1][at] = c.ci95() != null ? 100 * c.ci95() : 0;
        }
        boolean numeric = xValues.stream().allMatch(SweepReport::isFinite);
        // numbers at their values, in ascending order (the grid's order drew 2, 0.5 as a line back); others by index
        Integer[] order = new Integer[xValues.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        if (numeric) {
            Arrays.sort(order, Comparator.comparingDouble(k -> Double.parseDouble(xValues.get(k))));
        }
        double[] x = new double[order.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = numeric ? Double.parseDouble(xValues.get(order[k])) : k;
        }
        List<Plots.Series> series = new ArrayList<>();
        lines.forEach((name, line) -> {
            double[] mean = new double[order.length];
            double[] ci = new double[order.length];
            for (int k = 0; k < order.length; k++) {
                mean[k] = line[0][order[k]];
                ci[k] = line[1][order[k]];
            }
            series.add(new Plots.Series(name, x, mean, true, ci));
        });
        String title = plotTitle(grid, repeat, combinations);
        if (numeric) {
            List<Plots.Series> shown = withoutFailedEnds(series);
            Plots.percentLines(png, title, xKey, accuracyLabel(shown), shown, spansADecade(shown.get(0).x()));
        } else {
            Plots.percentCategories(png, title, xKey, accuracyLabel(series), xValues, series);
        }
    }

    /**
     * The series without the x values at either end where no series has a point (every run there failed; the title names
     * them): they stretched the axis, a failed learning rate of 1e308 pressing the others against its left end. A gap
     * within stays a gap; where no series has any point, the series as they are.
     */
    static List<Plots.Series> withoutFailedEnds(List<Plots.Series> series) {
        int n = series.get(0).x().length;
        int first = n;
        int last = -1;
        for (Plots.Series s : series) {
            for (int k = 0; k < n; k++) {
                if (Double.isFinite(s.y()[k])) {
                    first = Math.min(first, k);
                    last = Math.max(last, k);
                }
            }
        }
        if (last < 0 || first == 0 && last == n - 1) {
            return series;
        }
        List<Plots.Series> out = new ArrayList<>();
        for (Plots.Series s : series) {
            out.add(new Plots.Series(s.name(), Arrays.copyOfRange(s.x(), first, last + 1),
                    Arrays.copyOfRange(s.y(), first, last + 1), s.markers(),
                    Arrays.copyOfRange(s.errorBars(), first, last + 1), s.colour()));
        }
        return out;
    }

    /** Longest title of {@code sweep.png} (characters) that fits the plot's width. */
    private static final int TITLE_CHARACTERS = 100;

    /**
     * The title of {@code sweep.png}: the key along the x axis and its points, and the combinations without a
     * successful run (a gap in their line, which said nothing of why) and those with fewer runs than {@code repeat}
     * (one of two drew a point without an error bar, as if without spread), by their grid values; by their numbers
     * where those run past the plot's width ({@value #CSV} names them).
     */
    static String plotTitle(Grid grid, int repeat, List<Combination> combinations) {
        List<String> keys = new ArrayList<>(grid.axes().keySet());
        String xKey = keys.get(keys.size() - 1);
        String title = "Final test accuracy against " + xKey + " (points: " + String.join(", ", grid.axes().get(xKey))
                + ")";
        List<String> failed = new ArrayList<>();
        List<String> fewer = new ArrayList<>();
        for (Combination c : combinations) {
            String name = c.values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", "));
            if (c.runs() == 0) {
                failed.add(name);
            } else if (c.runs() < repeat) {
                fewer.add(name);
            }
        }
        String note = (failed.isEmpty() ? "" : " (failed: " + String.join("; ", failed) + ")")
                + (fewer.isEmpty() ? "" : " (fewer than " + repeat + " runs: " + String.join("; ", fewer) + ")");
        if (title.length() + note.length() > TITLE_CHARACTERS) {
            note = " (" + (failed.isEmpty() ? "" : failed.size() + " failed")
                    + (failed.isEmpty() || fewer.isEmpty() ? "" : ", ")
                    + (fewer.isEmpty() ? "" : fewer.size() + " with fewer than " + repeat + " runs") + ": " + CSV + ")";
        }
        return title + (failed.isEmpty() && fewer.isEmpty() ? "" : note);
    }

    /**
     * The y axis of the plots of {@code series}, saying what the error bars are where there are any, and that the axis
     * cuts them where one reaches past 0 or 100 % ({@link Plots#percentLines}; sweep.json keeps the whole interval).
     */
    static String accuracyLabel(List<Plots.Series> series) {
        boolean bars = false;
        boolean cut = false;
        for (Plots.Series s : series) {
            double[] e = s.errorBars();
            for (int k = 0; e != null && k < e.length; k++) {
                bars |= e[k] > 0;
                cut |= e[k] > 0 && (s.y()[k] - e[k] < 0 || s.y()[k] + e[k] > 100);
            }
        }
        return "test accuracy [%]" + (bars ? ", bars: 95 % interval of the mean" : "")
                + (cut ? " (cut at 0 and 100 %)" : "");
    }

    /** Whether positive {@code x} span a factor of 10 or more: a logarithmic axis then spreads them (0.01, 0.1, 1). */
    private static boolean spansADecade(double[] x) {
        double min = Arrays.stream(x).min().orElse(0);
        double max = Arrays.stream(x).max().orElse(0);
        return min > 0 && max >= 10 * min;
    }

    /**
     * Compares finished sweeps of one grid key (e.g. one sweep per algorithm over {@code referenceOffsetStd}): writes
     * {@code compare.csv} (one row per value of the key, the mean final test accuracy and its 95 % half-interval of every
     * sweep, named by its folder) and {@code compare.png} (one line per sweep) into {@code out}. Every sweep must have
     * exactly that one grid key, in its {@code sweep.json}; values missing from a sweep, or without a successful run,
     * are left empty (not plotted), as is the interval of a single run. A value whose mean holds fewer runs than its
     * sweep's repeat (a run failed) is compared as it is and named in the warnings. Refuses an {@code out} that holds
     * an earlier comparison's files, which this one would replace.
     */
    public static Comparison compare(List<Path> sweeps, Path out) {
        if (sweeps.size() < 2) {
            throw new InvalidInputException("--compare needs at least two sweep folders, " + sweeps.size() + " given");
        }
        WritablePaths.requireWritableFolder("--out", out);
        List<String> held = COMPARISON_FILES.stream().filter(f -> Files.exists(out.resolve(f))).toList();
        if (!held.isEmpty()) {
            throw new InvalidInputException("--out " + out + " holds " + String.join(" and ", held) + " of an earlier "
                    + "comparison, which this one would replace: give another --out, or remove them");
        }
        String key = null;
        List<String> xValues = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Map<String, double[]>> bySweep = new LinkedHashMap<>();
        for (Path dir : sweeps) {
            Path file = dir.resolve(JSON);
            if (!Files.exists(file) && Files.exists(dir.resolve(Sweep.SPEC))) {
                throw new InvalidInputException("sweep '" + dir + "' is not finished (no " + JSON + "): complete it with "
                        + "sweep --resume " + dir + ", then compare");
            }
            JsonNode report;
            try {
                report = ResultFiles.json().readTree(BoundedFiles.readUtf8(file, "sweep report '" + file + "'",
                        BoundedFiles.JSON_LIMIT));
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("sweep report '" + file + "' is not valid JSON (" + StrictJson.syntaxError(e)
                        + "): give the folder of a finished sweep");
            }
            JsonNode combinations = report.path("combinations");
            int repeat = report.path("repeat").asInt(1);
            if (!combinations.isArray() || combinations.isEmpty()) {
                throw new InvalidInputException("sweep report '" + file + "' has no combinations: give the folder of a finished sweep");
            }
            Map<String, double[]> points = new LinkedHashMap<>();
            for (JsonNode c : combinations) {
                JsonNode values = c.path("values");
                if (values.size() != 1) {
                    List<String> keys = new java.util.ArrayList<>();
                    values.fieldNames().forEachRemaining(keys::add);
                    throw new InvalidInputException("sweep '" + dir + "' has the grid keys " + String.join(", ", keys) + ": --compare "
                            + "takes sweeps of one grid key each");
                }
                String k = values.fieldNames().next();
                if (key == null) {
                    key = k;
                } else if (!key.equals(k)) {
                    throw new InvalidInputException("sweep '" + dir + "' varies " + k + ", the first sweep " + key + ": compare sweeps of "
                            + "the same grid key");
                }
                String given = values.path(k).asText(); // 1 and 1.0 are one value, spelled as first seen
                String x = xValues.stream().filter(v -> Grid.asCompared(v).equals(Grid.asCompared(given))).findFirst()
                        .orElse(given);
                if (!xValues.contains(x)) {
                    xValues.add(x);
                }
                points.put(x, new double[] {number(c.path("mean")), number(c.path("ci95"))});
                if (c.path("runs").asInt(repeat) < repeat) {
                    warnings.add("sweep '" + dir + "' has " + c.path("runs").asInt() + " of " + repeat + " runs at " + key + " = "
                            + given + " (the others failed: sweep --resume " + dir + " retries them); compared as it is");
                }
            }
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            if (bySweep.put(name, points) != null) {
                throw new InvalidInputException("two sweep folders are named '" + name + "': the comparison names each sweep by its "
                        + "folder, give folders of different names");
            }
        }
        StringBuilder csv = new StringBuilder(key);
        bySweep.keySet().forEach(name -> csv.append(',').append(name).append(",ci95_").append(name));
        csv.append('\n');
        for (String x : xValues) {
            csv.append(x);
            for (Map<String, double[]> points : bySweep.values()) {
                double[] p = points.get(x);
                csv.append(p == null ? ",," : "," + field(p[0]) + "," + field(p[1]));
            }
            csv.append('\n');
        }
        boolean numeric = xValues.stream().allMatch(SweepReport::isFinite);
        List<Plots.Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> e : bySweep.entrySet()) {
            List<double[]> rows = new ArrayList<>();
            for (int k = 0; k < xValues.size(); k++) {
                double[] p = e.getValue().get(xValues.get(k));
                if (p != null && !Double.isNaN(p[0])) {
                    rows.add(new double[] {numeric ? Double.parseDouble(xValues.get(k)) : k, 100 * p[0],
                        Double.isNaN(p[1]) ? 0 : 100 * p[1]});
                }
            }
            rows.sort(Comparator.comparingDouble(r -> r[0]));
            series.add(new Plots.Series(e.getKey(), rows.stream().mapToDouble(r -> r[0]).toArray(),
                    rows.stream().mapToDouble(r -> r[1]).toArray(), true, rows.stream().mapToDouble(r -> r[2]).toArray()));
        }
        ResultFiles.writeText(out.resolve("compare.csv"), csv.toString());
        double[] x = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).toArray();
        if (numeric) {
            Plots.percentLines(out.resolve("compare.png"), "Final test accuracy against " + key, key,
                    accuracyLabel(series), series, spansADecade(x));
        } else {
            Plots.percentCategories(out.resolve("compare.png"), "Final test accuracy against " + key, key, accuracyLabel(series),
                    xValues, series);
        }
        return new Comparison(key, warnings);
    }

    /** The files a comparison writes into its folder. */
    private static final List<String> COMPARISON_FILES = List.of("compare.csv", "compare.png");

    /**
     * What {@link #compare} did: the grid key compared, and what the reader of the comparison should know (values
     * compared over fewer runs than their sweep's repeat).
     */
    public record Comparison(String key, List<String> warnings) {
    }

    /** A statistic of sweep.json: its value (a number, or "Infinity" as text), NaN for null (no runs, or too few). */
    private static double number(JsonNode value) {
        return value.isNumber() ? value.doubleValue() : value.isTextual() ? value.asDouble(Double.NaN) : Double.NaN;
    }

    /** A statistic as a CSV field: four decimals, empty when undefined. */
    private static String field(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static boolean isFinite(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
