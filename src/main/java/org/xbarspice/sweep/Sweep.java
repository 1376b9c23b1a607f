package org.xbarspice.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.NoEffect;
import org.xbarspice.train.RunFolderLock;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.ShutdownGuard;
import org.xbarspice.units.WritablePaths;
import org.xbarspice.units.XbarspiceException;

/**
 * A grid of training runs in one folder: every combination of the {@link Grid}'s values, each run {@code repeat}
 * times with the seeds {@code seed, seed + 1, ...}, every point a {@link TrainingRun} of any engine in its own folder
 * ({@code points/NNN}, with its checkpoint), run by a {@link PointExecutor} (the in-process pool by default). A point that
 * fails is retried once, then recorded as failed with its message while the others complete. {@link #resume} runs
 * only the points not yet done (a point interrupted mid-run continues from its checkpoint). The folder holds
 * {@value #SPEC} (what to run) and, when done, the report of {@code SweepReport}.
 */
public final class Sweep implements PointTasks<Sweep.Outcome> {
    /** The sweep's base config, grid and repeat count, written first (for {@link #resume}). */
    public static final String SPEC = "sweep-spec.json";
    /** The folder of the points' runs, one folder each. */
    private static final String POINTS = "points";
    /** A point's outcome, written in its folder when it ends. */
    static final String OUTCOME = "outcome.json";

    /**
     * One training run of the sweep.
     *
     * @param index  position in the sweep (grid order, replicas of a combination together)
     * @param values the grid values of the point
     * @param replica 0 .. repeat - 1
     * @param config  the run's config (the base with the values and the replica's seed)
     */
    public record Point(int index, Map<String, String> values, int replica, TrainConfig config) {
        /** The point's folder name under {@code points/}. */
        public String folder() {
            return String.format(Locale.ROOT, "%03d", index);
        }
    }

    /**
     * How a point ended.
     *
     * @param point        the point
     * @param testAccuracy test accuracy after every epoch (0..1); empty when it failed
     * @param seconds      training time (s)
     * @param irDropCheck  the fast IR-drop spot checks of the run, or null without them
     * @param warnings     what to know before trusting the run's figures, as its summary keeps them (empty for a failed
     *                     point)
     * @param failure      null, or why the point failed (after its retry)
     */
    public record Outcome(Point point, List<Double> testAccuracy, double seconds, IrDropCheck irDropCheck,
                          List<String> warnings, String failure) {
        public Outcome {
            testAccuracy = List.copyOf(testAccuracy);
            warnings = List.copyOf(warnings);
        }

        /** Whether the point trained to its end. */
        public boolean succeeded() {
            return failure == null;
        }

        /** The last epoch's test accuracy (0..1), NaN for a failed point. */
        public double finalTestAccuracy() {
            return testAccuracy.isEmpty() ? Double.NaN : testAccuracy.get(testAccuracy.size() - 1);
        }
    }

    private final Path dir;
    private final ObjectNode base;
    private final Grid grid;
    private final int repeat;
    private final Path dataDir;
    /**
     * Only in a copy built by an executor ({@link #recipe()}): the points whose config this JVM cannot read (a preset file
     * it does not see), by index, with why; their place in {@link #points} holds a point without a config.
     */
    private final Map<Integer, InvalidInputException> unreadable = new HashMap<>();
    private final List<Point> points;

    /**
     * @param inExecutor built by an executor from the {@link #recipe()}: a point whose config cannot be read here fails
     *                   alone when it {@link #run}s, and the data are not checked again (the driver checked them)
     */
    private Sweep(Path dir, ObjectNode base, Grid grid, int repeat, Path dataDir, boolean inExecutor) {
        this.dir = Objects.requireNonNull(dir, "sweep folder");
        this.base = base;
        this.grid = grid;
        if (repeat < 1 || repeat > 1000) {
            throw new InvalidInputException("--repeat " + repeat + " is not allowed: give 1 to 1000 seeds per point");
        }
        if (repeat > 1 && grid.axes().containsKey("seed")) {
            throw new InvalidInputException("--repeat " + repeat + " and --grid seed=... both choose seeds: use one of them");
        }
        long runs = (long) repeat * grid.axes().values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
        if (runs > Grid.MAX_POINTS) { // every run's config is built before the first runs
            throw new InvalidInputException("the sweep would run " + runs + " trainings (grid combinations x --repeat " + repeat
                    + "), more than " + Grid.MAX_POINTS + ": split the study into several sweeps");
        }
        this.repeat = repeat;
        this.dataDir = dataDir;
        this.points = points(inExecutor);
        if (!inExecutor) {
            checkData();
        }
    }

    /**
     * Every point's data set exists and fits its model, its weights fit in this JVM's heap, and its steps limit lets it
     * finish an epoch (a sweep compares the runs' epochs): mistakes of the whole sweep are refused before it starts.
     */
    private void checkData() {
        Map<String, TrainTest> loaded = new HashMap<>();
        for (Point p : points) {
            TrainConfig c = p.config();
            c.checkMemory(Runtime.getRuntime().maxMemory());
            TrainTest data = loaded.computeIfAbsent(c.dataset() + "/" + c.trainSamples() + "/" + c.testSamples(), key -> load(c));
            try {
                c.checkFits(data);
            } catch (InvalidInputException e) { // which point, and a fix the sweep takes (not --model beside --grid layers)
                throw new InvalidInputException("sweep point " + p.values() + ": " + e.getMessage() + unfitFix(), e);
            }
            int epochSteps = c.stepsPerEpoch(data.train().size());
            if (c.steps() > 0 && c.steps() < epochSteps) {
                throw new InvalidInputException("sweep point " + p.values() + ": steps = " + c.steps() + " stops its runs within "
                        + "their first epoch of " + epochSteps + " steps, and a sweep compares the runs' epochs: give --steps 0 "
                        + "(no limit) or at least " + epochSteps + ", or fewer --train-samples");
            }
            // an ngspice run stopped within a later epoch reports its accuracy there as its final one, the sweep its last
            // whole epoch's (two figures under one name, 0.40 against 0.60)
            if (c.steps() > 0 && c.steps() < (long) c.epochs() * epochSteps && c.steps() % epochSteps != 0) {
                throw new InvalidInputException("sweep point " + p.values() + ": steps = " + c.steps() + " stops its runs within "
                        + "epoch " + (c.steps() / epochSteps + 1) + " (" + epochSteps + " steps an epoch), and a sweep compares "
                        + "the runs' whole epochs: give --steps 0 (no limit) or a multiple of " + epochSteps + " (e.g. "
                        + (c.steps() / epochSteps * epochSteps) + ")");
            }
        }
    }

    /**
     * What a sweep that varies the data or the model adds to the fix of a point whose model does not fit its data
     * ({@link TrainConfig#checkFits} advises one {@code --model}): every data set of the grid meets every model, and a
     * {@code --model} beside {@code --grid layers} is refused.
     */
    private String unfitFix() {
        if (grid.axes().containsKey("dataset")) {
            return "; in a sweep every data set of --grid dataset meets every model: run data sets of other sizes in "
                    + "sweeps of their own";
        }
        return grid.axes().containsKey("layers") ? "; in a sweep, give --grid layers only models that fit the data" : "";
    }

    /** The data of a point's config. */
    private TrainTest load(TrainConfig c) {
        return DatasetCatalog.load(c.dataset(), dataDir != null ? dataDir : DatasetCatalog.defaultDataDir(), c.trainSamples(),
                c.testSamples());
    }

    /**
     * A new sweep in {@code dir}: the base config (JSON of {@link TrainConfig} keys, each left out taking its default;
     * checked only as part of the points, as the grid may change what makes it valid) with every grid point; all point
     * configs, their data sets and whether their models fit them are checked before anything is written, and so is
     * every grid value against {@link NoEffect}: a value set for a point must change something in its run. Presets and
     * data sets named by a relative path, in the base or the grid, are kept absolute ({@link TrainConfig#absolutePath}),
     * so that a resume from another folder, or a Spark executor, finds them. Refused where {@code dir} is a file or holds
     * a sweep already (resume that one, {@link #resume}).
     *
     * @param dataDir where the data sets are (null: the default)
     */
    public static Sweep create(Path dir, String baseConfig, Grid grid, int repeat, Path dataDir) {
        WritablePaths.requireWritableFolder("--out", dir);
        SweepReport.requireWritable("--out", dir);
        ObjectNode base = json(baseConfig);
        TrainConfig.absolutePaths(base);
        Map<String, List<String>> axes = new LinkedHashMap<>();
        grid.axes().forEach((key, values) -> axes.put(key, TrainConfig.PATH_KEYS.contains(key)
                ? values.stream().map(v -> TrainConfig.absolutePath(key, v)).toList() : values));
        Sweep sweep = new Sweep(dir, base, new Grid(axes), repeat, dataDir, false);
        Map<TrainConfig, Point> runs = new HashMap<>();
        for (Point p : sweep.points) {
            Point same = runs.putIfAbsent(p.config(), p);
            if (same != null) { // values spelled two ways (sgd and SGD), which the grid's own check takes as two
                throw new InvalidInputException("sweep points " + same.values() + " and " + p.values() + " are the same run: "
                        + "give each value of a --grid key once");
            }
        }
        for (Point p : sweep.points) {
            Set<String> given = new HashSet<>(p.values().keySet());
            sweep.base.fieldNames().forEachRemaining(given::add);
            p.values().forEach((key, value) -> {
                NoEffect.Reason reason = NoEffect.of(p.config(), key, given);
                if (reason != null) {
                    // irDrop false beside wires in one grid: the point it names was told to add --ir-drop, which the grid
                    // already varies (a fuzz helper)
                    String ideal = key.equals("wireOhm") && sweep.grid.axes().containsKey("irDrop")
                            ? "; to compare ideal wires with these, give --ir-drop and --grid wireOhm=0," + value
                            + " instead of --grid irDrop (its point at 0 ohm is ideal wires)" : "";
                    throw new InvalidInputException(reason.message("sweep point " + p.values() + ": " + key + " = " + value,
                            "", "--grid " + key) + ideal);
                }
            });
        }
        if (Files.exists(dir.resolve(SPEC)) || Files.exists(dir.resolve(POINTS))) {
            // a second sweep there would leave the first one's points beside its own
            throw new InvalidInputException(dir + " holds a sweep already: run what is missing of it with --resume " + dir
                    + ", or give another --out");
        }
        if (Files.exists(dir.resolve(TrainingRun.CONFIG))) { // the sweep's files would land among the run's
            throw new InvalidInputException("--out " + dir + " holds a training run (" + TrainingRun.CONFIG + "): give the "
                    + "sweep a folder of its own");
        }
        List<String> reports = SweepReport.held(dir);
        if (!reports.isEmpty()) { // another study's report, which this one would replace
            throw new InvalidInputException("--out " + dir + " holds " + String.join(", ", reports) + " already, which a new "
                    + "sweep would replace: give another --out, or remove them");
        }
        return sweep;
    }

    /**
     * The sweep in {@code dir} (its {@value #SPEC}), to run the points not yet done; refused at once where a run is using
     * the folder (before, the refusal came from {@link #run}, after the command had announced the runs to do).
     */
    public static Sweep resume(Path dir, Path dataDir) {
        RunFolderLock.requireFree(dir);
        SweepReport.requireWritable("--resume", dir);
        Sweep sweep;
        try {
            sweep = read(dir, dataDir, false);
        } catch (InvalidInputException e) {
            // a preset file of the grid deleted since refused the whole sweep with a point's message alone, as though
            // the grid had been given wrong
            List<String> missing = missingFiles(dir.resolve(SPEC));
            if (missing.isEmpty()) {
                throw e;
            }
            throw new InvalidInputException(e.getMessage() + "; the sweep ran with " + String.join(", ", missing) + ", "
                    + "which no longer exist" + (missing.size() > 1 ? "" : "s") + ": restore "
                    + (missing.size() > 1 ? "them" : "it") + " at that path and resume again", e);
        }
        sweep.requirePointsAsSpecified();
        return sweep;
    }

    /**
     * The files {@code spec}'s settings name that no longer exist: its values that end in .json or hold a path
     * separator (a preset or periphery file, a data folder), checked where the spec can be read at all.
     */
    private static List<String> missingFiles(Path spec) {
        List<String> missing = new ArrayList<>();
        try {
            JsonNode node = ResultFiles.json().readTree(spec.toFile());
            List<JsonNode> values = new ArrayList<>();
            node.path("base").forEach(values::add);
            node.path("grid").forEach(axis -> axis.forEach(values::add));
            for (JsonNode value : values) {
                String text = value.isTextual() ? value.asText() : "";
                if ((text.endsWith(".json") || text.contains("/")) && !Files.exists(Path.of(text)) && !missing.contains(text)) {
                    missing.add(text);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable spec: its own message stands
        }
        return missing;
    }

    /**
     * Refuses a spec that no longer gives the configs its points ran with (a hand-edited {@value #SPEC}): a finished
     * point would be reported under the new values, a started one would go on with the old. Only the keys the spec sets
     * are compared: a key it leaves out took its default, which a later version may have changed.
     */
    private void requirePointsAsSpecified() {
        Set<String> specified = new HashSet<>(); // the keys the spec sets: a default changed since holds no point
        base.fieldNames().forEachRemaining(specified::add);
        grid.axes().keySet().forEach(key -> specified.add(key.split("\\.")[0]));
        specified.addAll(List.of("threads", "seed")); // the points' own (one thread, a seed per replica)
        for (Point p : points) {
            Path ran = folder(p).resolve(TrainingRun.CONFIG);
            if (Files.isRegularFile(ran)) {
                List<String> changed = TrainConfig.load(ran).differences(p.config(), specified::contains);
                if (!changed.isEmpty()) {
                    throw new InvalidInputException(dir.resolve(SPEC) + " gives point " + p.folder() + " " + p.values()
                            + " another config than it ran with (" + String.join(", ", changed) + "): restore the spec, or "
                            + "run the new grid as a new sweep in another folder; nothing was changed");
                }
            }
        }
    }

    /**
     * The sweep in {@code dir} as its {@value #SPEC} gives it, whoever holds the folder (a Spark task's driver does);
     * {@code inExecutor}: see the constructor.
     */
    private static Sweep read(Path dir, Path dataDir, boolean inExecutor) {
        Path spec = dir.resolve(SPEC);
        if (!Files.isRegularFile(spec)) {
            boolean trainingRun = Files.isRegularFile(dir.resolve(TrainingRun.CHECKPOINT));
            throw new InvalidInputException("--resume " + dir + ": no " + SPEC + " there; a sweep writes it before its first "
                    + "point" + (trainingRun ? " (the folder holds a training run: resume it with train --resume " + dir + ")"
                    : ""));
        }
        String label = "sweep spec " + spec;
        JsonNode node = TrainConfig.readObject(BoundedFiles.readUtf8(spec, label, BoundedFiles.JSON_LIMIT), label);
        String form = ": it needs base (an object of config keys), grid (each key an array of one or more values) and "
                + "repeat (a whole number), as the sweep wrote them; restore it, or start a new sweep in another folder";
        Map<String, List<String>> axes = new LinkedHashMap<>();
        node.path("grid").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
            if (!e.getValue().isArray() || values.isEmpty()) {
                throw new InvalidInputException(label + ": grid key " + e.getKey() + " = " + e.getValue() + form);
            }
            axes.put(e.getKey(), values);
        });
        if (!(node.get("base") instanceof ObjectNode baseNode) || axes.isEmpty() || !node.path("repeat").isInt()) {
            throw new InvalidInputException(label + " is not a sweep spec" + form);
        }
        return new Sweep(dir, baseNode, new Grid(axes), node.get("repeat").asInt(), dataDir, inExecutor);
    }

    private static ObjectNode json(String text) {
        JsonNode node;
        try {
            node = ResultFiles.json().readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException("not a JSON object: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInputException("not a JSON object but " + (node.isMissingNode() ? "nothing" : node.getNodeType()));
        }
        return object;
    }

    private List<Point> points(boolean inExecutor) {
        List<Point> out = new ArrayList<>();
        List<String> bufferKeys = grid.axes().keySet().stream().filter(k -> k.startsWith("transferBuffer."))
                .map(k -> k.substring("transferBuffer.".length())).toList();
        for (Map<String, String> values : grid.points()) {
            if (values.containsKey("algorithm")) {
                TrainConfig.requireOwnBuffer(base, values.get("algorithm"), bufferKeys);
            }
            for (int r = 0; r < repeat; r++) {
                ObjectNode node = base.deepCopy();
                values.forEach((key, value) -> put(node, key, value(value)));
                if (node.path("threads").asInt(0) == 0) { // automatic: one, as the points run in parallel already
                    node.put("threads", 1);
                }
                if (repeat > 1) {
                    node.put("seed", base.path("seed").asLong(TrainConfig.DEFAULT_SEED) + r);
                }
                String label = "sweep point " + values + (repeat > 1 ? " replica " + r : "");
                TrainConfig config = null;
                try {
                    config = TrainConfig.parse(node.toString(), label);
                } catch (InvalidInputException e) {
                    if (!inExecutor) {
                        throw e;
                    }
                    unreadable.put(out.size(), e);
                }
                out.add(new Point(out.size(), values, r, config));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Sets the grid key {@code key} of a point's config: a key of the config, or {@code OBJECT.KEY} inside one of its
     * object keys (e.g. {@code transferBuffer.momentum}), which is created when the base has none.
     */
    private static void put(ObjectNode node, String key, JsonNode value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            node.set(key, value);
            return;
        }
        String outer = key.substring(0, dot);
        JsonNode inner = node.get(outer);
        if (inner != null && !inner.isNull() && !inner.isObject()) {
            throw new InvalidInputException("--grid " + key + ": " + outer + " = " + inner + " is not an object: give --grid "
                    + outer + "=... itself");
        }
        put(inner instanceof ObjectNode object ? object : node.putObject(outer), key.substring(dot + 1), value);
    }

    /**
     * A grid value as JSON: a number or boolean when the whole text reads as one, else a string ({@code 0.1 0.2} is the
     * string, which the config then refuses, not 0.1).
     */
    private static JsonNode value(String text) {
        try {
            return ResultFiles.json().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
        } catch (IOException e) {
            return ResultFiles.json().getNodeFactory().textNode(text);
        }
    }

    /** The sweep's folder. */
    public Path dir() {
        return dir;
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** Runs per combination of grid values. */
    public int repeat() {
        return repeat;
    }

    /** Every point, in order. */
    public List<Point> allPoints() {
        return points;
    }

    /** How many points have no finished run recorded in their folders yet: those {@link #run} trains. */
    public int pointsToRun() {
        int count = 0;
        for (Point p : points) {
            Outcome earlier = recorded(p);
            count += earlier != null && earlier.succeeded() ? 0 : 1;
        }
        return count;
    }

    /** The folder of point {@code p}. */
    public Path folder(Point p) {
        return dir.resolve(POINTS).resolve(p.folder());
    }

    /**
     * Runs the points not yet done with {@code executor} (writing {@value #SPEC} first), then returns every point's
     * outcome, earlier sessions' included, in order. When the executor fails before any point began (Spark that does
     * not start), a new sweep's {@value #SPEC} (and the folder, if this call made it) is removed again. The sweep holds
     * its folder meanwhile ({@link RunFolderLock}): a second run of it, new or resumed, in this process or another, is
     * refused at once, as bad input.
     */
    public List<Outcome> run(PointExecutor executor, Consumer<Outcome> done) {
        boolean newSweep = !Files.exists(dir.resolve(SPEC));
        boolean newFolder = !Files.exists(dir);
        RunFolderLock lock = RunFolderLock.take(dir); // one process at a time runs a sweep's points, new or resumed
        RuntimeException failure = null;
        boolean unusedFolder = false;
        try {
            return runHeld(executor, done);
        } catch (RuntimeException e) {
            failure = e;
            if (newSweep && !Files.exists(dir.resolve(POINTS)) && !ShutdownGuard.stopping()) {
                // the executor failed before any point began (Spark that does not start): leave no trace, the spec and
                // the lock file removed while the lock is held (another process may take the folder once it is not);
                // not when it failed because the JVM stops (Ctrl-C): the notice then says to resume, from the spec
                unusedFolder = newFolder;
                try {
                    Files.deleteIfExists(dir.resolve(SPEC));
                    Files.deleteIfExists(dir.resolve(RunFolderLock.FILE));
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        } finally {
            try {
                lock.close();
            } catch (RuntimeException release) {
                if (failure == null) {
                    throw release;
                }
                failure.addSuppressed(release);
            }
            if (unusedFolder) {
                try {
                    Files.deleteIfExists(dir); // refused where another run has begun in the folder meanwhile
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
        }
    }

    /** {@link #run} while the sweep holds its folder. */
    private List<Outcome> runHeld(PointExecutor executor, Consumer<Outcome> done) {
        ObjectNode spec = ResultFiles.json().createObjectNode();
        spec.set("base", base);
        ObjectNode axes = spec.putObject("grid");
        grid.axes().forEach((key, values) -> values.forEach(axes.putArray(key)::add));
        spec.put("repeat", repeat);
        ResultFiles.writeJson(dir.resolve(SPEC), spec);
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        List<Integer> todo = new ArrayList<>();
        for (Point p : points) {
            Outcome earlier = recorded(p);
            if (earlier != null && earlier.succeeded()) {
                outcomes.put(p.index(), earlier);
            } else {
                todo.add(p.index());
            }
        }
        List<Outcome> ran = executor.run(this, todo, done);
        for (Outcome o : ran) {
            outcomes.put(o.point().index(), o);
        }
        List<Outcome> all = new ArrayList<>();
        for (Point p : points) {
            all.add(outcomes.get(p.index()));
        }
        return all;
    }

    @Override
    public String name() {
        return "xbarspice sweep " + dir.getFileName();
    }

    /** Runs point {@code index} ({@link #runPoint}); in an executor's copy, throws for a point whose config it cannot read. */
    @Override
    public Outcome run(int index) {
        InvalidInputException cannotRead = unreadable.get(index);
        if (cannotRead != null) {
            throw cannotRead;
        }
        return runPoint(points.get(index));
    }

    @Override
    public String encode(Outcome outcome) {
        return outcomeJson(outcome);
    }

    @Override
    public Outcome decode(int index, String text) {
        return parseOutcome(points.get(index), text);
    }

    @Override
    public Outcome failed(int index, String failure) {
        Point p = points.get(index);
        return record(p, new Outcome(p, List.of(), 0, null, List.of(), failure));
    }

    /** The sweep again from its folder's {@value #SPEC} ({@link #read}), while the driver holds the folder. */
    @Override
    public Recipe<Outcome> recipe() {
        return new FromFolder(dir.toAbsolutePath().toString(), dataDir == null ? null : dataDir.toAbsolutePath().toString());
    }

    /** A sweep resumed from its folder, with the data folder given (null: the default). */
    private record FromFolder(String dir, String dataDir) implements Recipe<Outcome> {
        @Override
        public PointTasks<Outcome> build() {
            return read(Path.of(dir), dataDir == null ? null : Path.of(dataDir), true);
        }
    }

    /**
     * Runs one point to its end in its folder (continuing from its checkpoint if an earlier session left one), once more
     * if it fails while its thread is not interrupted (an executor that stops); records and returns its outcome. Never
     * throws for a failed run: the failure is in the outcome.
     */
    public Outcome runPoint(Point p) {
        String failure = null;
        for (int attempt = 0; attempt < 2 && (attempt == 0 || !Thread.currentThread().isInterrupted()); attempt++) {
            try {
                return record(p, train(p));
            } catch (RuntimeException e) {
                // the message of a refusal says it all (it was headed by its class name); a bug's name helps its report
                failure = e instanceof XbarspiceException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        return failed(p.index(), failure);
    }

    private Outcome train(Point p) {
        Path folder = folder(p);
        boolean started = Files.isRegularFile(folder.resolve(TrainingRun.CHECKPOINT));
        TrainingRun run = started ? resumeFrom(folder)
                : TrainingRun.startOver(folder, p.config(), load(p.config())); // over what a failed attempt left
        TrainingRun.Result result = run.run(new TrainRunFiles(), TrainingRun.SILENT);
        if (result.history().isEmpty()) {
            throw new IllegalStateException("the run ended without a finished epoch");
        }
        List<Double> accuracy = new ArrayList<>();
        for (EpochMetrics m : result.history()) {
            accuracy.add(m.testAccuracy());
        }
        return new Outcome(p, accuracy, result.seconds(), p.config().checksIrDrop() ? result.irDropCheck() : null,
                result.warnings(), null);
    }

    /**
     * The run of a point's folder from its checkpoint; a checkpoint that cannot be resumed (damaged, or not one of
     * xbarspice) fails with how to start the point over, as every {@code --resume} would meet it again.
     */
    private TrainingRun resumeFrom(Path folder) {
        Path checkpoint = folder.resolve(TrainingRun.CHECKPOINT);
        try {
            return TrainingRun.resume(folder, null, null, null, this::load);
        } catch (InvalidInputException e) {
            if (e.getMessage() == null || !e.getMessage().contains(checkpoint.toString())) {
                throw e;
            }
            throw new InvalidInputException(e.getMessage() + "; remove " + checkpoint + " and run sweep --resume " + dir
                    + " again: the point then starts over", e);
        }
    }

    private Outcome record(Point p, Outcome outcome) {
        ResultFiles.writeText(folder(p).resolve(OUTCOME), outcomeJson(outcome));
        return outcome;
    }

    /** The outcome as the JSON of a point's {@value #OUTCOME} (how executors send it to the driver too). */
    private String outcomeJson(Outcome outcome) {
        Point p = outcome.point();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("values", p.values());
        doc.put("replica", p.replica());
        doc.put("seed", p.config().seed());
        doc.put("testAccuracy", outcome.testAccuracy());
        doc.put("seconds", outcome.seconds());
        doc.put("irDropCheck", outcome.irDropCheck());
        doc.put("warnings", outcome.warnings());
        doc.put("failure", outcome.failure());
        try {
            return ResultFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException("an outcome always serialises", e);
        }
    }

    /** The outcome of point {@code p} from its JSON ({@link #outcomeJson}). */
    private Outcome parseOutcome(Point p, String json) {
        JsonNode doc = json(json);
        List<Double> accuracy = new ArrayList<>();
        doc.path("testAccuracy").forEach(v -> accuracy.add(v.asDouble()));
        IrDropCheck check = doc.path("irDropCheck").isObject()
                ? ResultFiles.json().convertValue(doc.get("irDropCheck"), IrDropCheck.class) : null;
        List<String> warnings = new ArrayList<>(); // none in the outcomes of versions before 2026-12-05
        doc.path("warnings").forEach(w -> warnings.add(w.asText()));
        String failure = doc.path("failure").isTextual() ? doc.get("failure").asText() : null;
        return new Outcome(p, accuracy, doc.path("seconds").asDouble(), check, warnings, failure);
    }

    /** The outcome an earlier session recorded for {@code p}, or null. */
    private Outcome recorded(Point p) {
        Path file = folder(p).resolve(OUTCOME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return parseOutcome(p, BoundedFiles.readUtf8(file, file.toString(), BoundedFiles.JSON_LIMIT));
        } catch (InvalidInputException e) { // damaged from outside (it is written whole): which of the points, and what to do
            throw new InvalidInputException(file + " is damaged (" + e.getMessage() + "): remove it, and --resume takes that "
                    + "point's run from its folder again");
        }
    }
}
