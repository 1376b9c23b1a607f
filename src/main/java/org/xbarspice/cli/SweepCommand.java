package org.xbarspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.PointExecutor;
import org.xbarspice.sweep.Sweep;
import org.xbarspice.sweep.SweepReport;
import org.xbarspice.train.Engine;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice sweep}: a {@link Sweep} (new, or resumed) on the in-process pool, and its report. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every combination of the --grid values (training config keys) from the base config the train "
                + "flags give, each --repeat times with the seeds seed, seed+1, ..., on a thread pool. Every run is a "
                + "training run of its engine (behavioral, ngspice or both) in points/NNN with its checkpoint; a run that "
                + "fails is retried once, then recorded as failed. Writes sweep.csv, sweep.json (with mean, standard "
                + "deviation and 95 %% interval per combination) and sweep.png; exit 1 when a run failed.")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    TrainOptions options;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...",
            description = "A training config key (a key of an object key as OBJECT.KEY, e.g. transferBuffer.momentum) and its "
                    + "values; one --grid per key, e.g. --grid algorithm=sgd,shd --grid tau=Infinity,2,1,0.5. A value that "
                    + "would change nothing in its run (wireOhm without irDrop) is refused, as is a flag that would change "
                    + "nothing in every run.")
    List<String> grid;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs per combination, with the seeds seed, seed+1, ... (Monte Carlo). Default: 1.")
    Integer repeat;

    @Mixin
    ExecutorOptions executorOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/sweep-<time>.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Run the points of the sweep in DIR that are not done (an interrupted one continues from its "
                    + "checkpoint); no other sweep or training flags.")
    Path resume;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the set-up put the data sets.")
    Path dataDir;

    @Option(names = "--compare", paramLabel = "DIR", arity = "2..*",
            description = "Compare finished sweeps of the same single grid key (e.g. one per algorithm): writes compare.csv and "
                    + "compare.png into --out (default: the current folder); no other flags.")
    List<Path> compare;

    /** Refuses a device given twice in effect, as a bundled id and as its file, as a repeated value is; returns the grid. */
    private static Grid distinctPresets(Grid grid) {
        List<String> devices = grid.axes().get("device");
        if (devices != null) {
            Map<DevicePreset, String> seen = new HashMap<>();
            for (String device : devices) {
                String same = seen.putIfAbsent(DevicePresets.load(device), device);
                if (same != null) {
                    throw new InvalidInputException("--grid device=" + String.join(",", devices) + " gives one preset twice ("
                            + same + " and " + device + "): every point would run twice; drop one");
                }
            }
        }
        return grid;
    }

    @Override
    public Integer call() {
        timeout.apply();
        if (compare != null) {
            String other = Main.given(spec, "--threads", "--spark", "--spark-conf", "--repeat", "--data-dir", "--timeout");
            if (grid != null || resume != null || options.config != null || options.flags().size() > 0 || other != null) {
                throw new InvalidInputException("--compare reads finished sweeps: give only the sweep folders and --out, not "
                        + (other != null ? other : "--grid, --resume, --config or training flags"));
            }
            Path dir = out != null ? out : Path.of(".");
            SweepReport.Comparison comparison = SweepReport.compare(compare, dir);
            comparison.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
            System.out.println("compared " + compare.size() + " sweeps over " + comparison.key() + ": wrote "
                    + dir.resolve("compare.csv") + ", compare.png");
            return 0;
        }
        PointExecutor executor = executorOptions.executor();
        Sweep sweep;
        if (resume != null) {
            if (grid != null || out != null || options.config != null || options.flags().size() > 0 || repeat != null) {
                throw new InvalidInputException("--resume runs the sweep in " + resume + " as it was set up: give no --grid, "
                        + "--repeat, --out, --config or training flags with it");
            }
            sweep = Sweep.resume(resume, dataDir);
        } else {
            if (grid == null) {
                throw new InvalidInputException("a sweep needs at least one --grid KEY=V1,V2,... (or --resume DIR)");
            }
            Grid axes = distinctPresets(Grid.parse(grid));
            ObjectNode flags = options.flags();
            for (String key : axes.axes().keySet()) {
                JsonNode flag = flags.at("/" + key.replace('.', '/'));
                if (!flag.isMissingNode()) { // the grid's values would replace the flag's
                    throw new InvalidInputException("--grid " + key + "=" + String.join(",", axes.axes().get(key)) + " and a "
                            + "flag (" + key + " = " + flag + ") both set " + key + ": the grid's values win; drop the flag");
                }
            }
            Path dir = out != null ? out : Path.of("runs", "sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            ObjectNode base = options.merged();
            sweep = Sweep.create(dir, base.toString(), axes, repeat != null ? repeat : 1, dataDir);
            options.refuseWithoutEffect(sweep.allPoints().stream().map(Sweep.Point::config).toList());
            timeout.apply(sweep.allPoints().stream().anyMatch(p -> p.config().engine() != Engine.BEHAVIORAL),
                    "no run of the sweep uses ngspice", "add --engine ngspice or both");
        }
        int total = sweep.allPoints().size();
        int toRun = sweep.pointsToRun();
        System.out.printf(Locale.ROOT, "%d runs%s %s -> %s%n", toRun, toRun < total ? " (of " + total + "; the others are done)" : "",
                executorOptions.where(), sweep.dir());
        AtomicInteger finished = new AtomicInteger();
        Map<String, String> warned = new ConcurrentHashMap<>();
        List<Sweep.Outcome> outcomes;
        try (InterruptNotice notice = new InterruptNotice("run what is missing (each run from its last checkpoint) with: "
                + "xbarspice sweep --resume " + sweep.dir() + executorOptions.resumeFlags())) {
            outcomes = sweep.run(executor, o -> {
                synchronized (finished) { // the count and its line together: [2/4] was printed before [1/4]
                    System.out.print(pointLines(o, finished.incrementAndGet(), toRun, sweep.repeat() > 1, warned));
                }
            });
        }
        SweepReport.write(sweep.dir(), sweep.grid(), sweep.repeat(), outcomes);
        System.out.println("wrote " + sweep.dir().resolve("sweep.csv") + ", sweep.json, sweep.png");
        List<Sweep.Outcome> failed = outcomes.stream().filter(o -> !o.succeeded()).toList();
        if (!failed.isEmpty()) {
            throw new XbarspiceException(failed.size() + " of " + total + " runs failed (the others are in the report; "
                    + "sweep --resume " + sweep.dir() + " retries them): " + failed.stream()
                    .map(o -> "points/" + o.point().folder() + " " + o.point().values() + ": " + o.failure()).toList());
        }
        return 0;
    }

    /**
     * What the sweep prints as a point ends, in one piece (points end on several threads): its figures, then its
     * warnings ({@link Sweep.Outcome#warnings}), each text whole once and for the points after as "as for" the first
     * point that gave it ({@code warned}, text to that point's values).
     */
    private static String pointLines(Sweep.Outcome o, int finished, int toRun, boolean seeds, Map<String, String> warned) {
        String point = o.point().values() + (seeds ? " seed " + o.point().config().seed() : "");
        StringBuilder lines = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %s: %s%n", finished, toRun, point,
                o.succeeded() ? String.format(Locale.ROOT, "test accuracy %.2f %% (%.1f s)", 100 * o.finalTestAccuracy(),
                        o.seconds()) : "FAILED (" + o.failure() + ")"));
        for (String w : o.warnings()) {
            String first = warned.putIfAbsent(w, point);
            lines.append("  warning: ").append(first == null ? w : "as for " + first).append(System.lineSeparator());
        }
        return lines.toString();
    }
}
