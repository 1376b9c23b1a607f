package org.xbarspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xbarspice sweep}: a grid of training runs (e.g. algorithm x tau x seed) on a thread pool; one CSV
 * table, one JSON file and one plot of the final test accuracy. Each run is single-threaded and seeded by
 * its own config, so the results do not depend on the number of threads.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every combination of the --grid values (training config keys) from the base config the train "
                + "flags give, in parallel; write sweep.csv, sweep.json and sweep.png (final test accuracy against the last "
                + "grid key, one line per combination of the others).")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--grid", required = true, paramLabel = "KEY=V1,V2,...",
            description = "A training config key and its values; repeat for more keys, e.g. --grid algorithm=sgd,shd --grid tau=Infinity,2,1,0.5.")
    List<String> grid;

    @Option(names = "--threads", defaultValue = "2", description = "Runs in parallel. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/sweep-<time>.")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the set-up put the data sets.")
    Path dataDir;

    /** One finished run. */
    record Run(Map<String, String> point, TrainConfig config, List<EpochMetrics> metrics, double seconds, IrDropCheck irDropCheck) {
    }

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new InvalidInputException("--threads = " + threads + " is not allowed: use 1 or more");
        }
        Map<String, List<String>> axes = axes();
        ObjectNode base = (ObjectNode) ResultFiles.json().readTree(options.resolve().toJson());
        List<Map<String, String>> points = new ArrayList<>();
        cartesian(new ArrayList<>(axes.keySet()), axes, 0, new LinkedHashMap<>(), points);
        List<TrainConfig> configs = new ArrayList<>();
        for (Map<String, String> point : points) {
            ObjectNode node = base.deepCopy();
            for (Map.Entry<String, String> e : point.entrySet()) {
                node.set(e.getKey(), value(e.getValue()));
            }
            configs.add(TrainConfig.parse(node.toString(), "sweep point " + point));
        }
        Path dir = out != null ? out : Path.of("runs", "sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path data = dataDir != null ? dataDir : DatasetCatalog.defaultDataDir();
        Map<String, TrainTest> datasets = new ConcurrentHashMap<>();
        System.out.printf(Locale.ROOT, "%d runs on %d thread(s) -> %s%n", configs.size(), threads, dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger finished = new AtomicInteger();
        List<Future<Run>> futures = new ArrayList<>();
        try {
            for (int k = 0; k < configs.size(); k++) {
                TrainConfig config = configs.get(k);
                Map<String, String> point = points.get(k);
                futures.add(pool.submit(() -> {
                    TrainTest set = datasets.computeIfAbsent(config.dataset() + "/" + config.trainSamples() + "/" + config.testSamples(),
                            key -> DatasetCatalog.load(config.dataset(), data, config.trainSamples(), config.testSamples()));
                    long start = System.nanoTime();
                    Trainer trainer = new Trainer(config, set);
                    List<EpochMetrics> metrics = trainer.run(m -> { });
                    Run run = new Run(point, config, metrics, (System.nanoTime() - start) * 1e-9, trainer.irDropCheck());
                    System.out.printf(Locale.ROOT, "[%d/%d] %s: test accuracy %.2f %% (%.1f s)%n", finished.incrementAndGet(),
                            configs.size(), point, 100 * metrics.get(metrics.size() - 1).testAccuracy(), run.seconds());
                    return run;
                }));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(get(f));
            }
            write(dir, axes, runs);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("wrote " + dir.resolve("sweep.csv") + ", sweep.json, sweep.png");
        return 0;
    }

    private Map<String, List<String>> axes() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new InvalidInputException("--grid " + g + " is not KEY=V1,V2,...: e.g. --grid algorithm=sgd,shd");
            }
            axes.put(g.substring(0, eq), List.of(g.substring(eq + 1).split(",")));
        }
        return axes;
    }

    private static void cartesian(List<String> keys, Map<String, List<String>> axes, int depth, Map<String, String> point,
                                  List<Map<String, String>> out) {
        if (depth == keys.size()) {
            out.add(new LinkedHashMap<>(point));
            return;
        }
        for (String v : axes.get(keys.get(depth))) {
            point.put(keys.get(depth), v);
            cartesian(keys, axes, depth + 1, point, out);
        }
        point.remove(keys.get(depth));
    }

    /** A grid value as JSON: a number or boolean when it reads as one, else a string. */
    private static JsonNode value(String text) {
        try {
            return ResultFiles.json().readTree(text);
        } catch (IOException e) {
            return ResultFiles.json().getNodeFactory().textNode(text);
        }
    }

    private static Run get(Future<Run> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new XbarspiceException("a sweep run failed: " + e.getCause(), e.getCause());
        }
    }

    private static void write(Path dir, Map<String, List<String>> axes, List<Run> runs) {
        List<String> keys = new ArrayList<>(axes.keySet());
        int epochs = runs.stream().mapToInt(r -> r.metrics().size()).max().orElse(0);
        StringBuilder csv = new StringBuilder(String.join(",", keys));
        for (int e = 1; e <= epochs; e++) {
            csv.append(",testAccuracyEpoch").append(e);
        }
        csv.append(",finalTestAccuracy,seconds\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Run r : runs) {
            for (String k : keys) {
                csv.append(r.point().get(k)).append(',');
            }
            List<Double> accuracy = new ArrayList<>();
            for (EpochMetrics m : r.metrics()) {
                csv.append(String.format(Locale.ROOT, "%.4f,", m.testAccuracy()));
                accuracy.add(m.testAccuracy());
            }
            double last = accuracy.get(accuracy.size() - 1);
            csv.append(String.format(Locale.ROOT, "%.4f,%.1f%n", last, r.seconds()));
            Map<String, Object> entry = new LinkedHashMap<>(r.point());
            entry.put("testAccuracy", accuracy);
            entry.put("seconds", r.seconds());
            if (r.irDropCheck().reads() + r.irDropCheck().updates() > 0) {
                entry.put("irDropCheck", r.irDropCheck());
            }
            json.add(entry);
        }
        ResultFiles.writeText(dir.resolve("sweep.csv"), csv.toString());
        ResultFiles.writeJson(dir.resolve("sweep.json"), json);
        String xKey = keys.get(keys.size() - 1);
        List<String> xValues = axes.get(xKey);
        Map<String, double[]> lines = new LinkedHashMap<>();
        for (Run r : runs) {
            Map<String, String> others = new LinkedHashMap<>(r.point());
            others.remove(xKey);
            String name = others.isEmpty() ? "final test accuracy" : others.toString();
            double[] y = lines.computeIfAbsent(name, n -> new double[xValues.size()]);
            y[xValues.indexOf(r.point().get(xKey))] = 100 * r.metrics().get(r.metrics().size() - 1).testAccuracy();
        }
        double[] x = new double[xValues.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = k;
        }
        List<Plots.Series> series = new ArrayList<>();
        lines.forEach((name, y) -> series.add(new Plots.Series(name, x, y, true)));
        Plots.lines(dir.resolve("sweep.png"), "Final test accuracy against " + xKey + " (points: " + String.join(", ", xValues) + ")",
                xKey + " (index)", "test accuracy [%]", series);
    }
}
