package org.xbarspice.design;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.PointExecutor;
import org.xbarspice.sweep.PointTasks;
import org.xbarspice.tile.ArrayUpdate;
import org.xbarspice.tile.ArrayUpdater;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.BehavioralUpdater;
import org.xbarspice.tile.RowChanges;
import org.xbarspice.tile.CostModel;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.tile.Seeds;
import org.xbarspice.tile.SpiceReader;
import org.xbarspice.tile.SpiceUpdater;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;

/**
 * An array design study: every combination of the {@link DesignAxis} values of a {@link Grid} (array size, wire and
 * driver resistance, device and conductance range, sense periphery, read voltage, pulse amplitude), each point measured
 * behaviorally with exact IR-drop solves, run by a {@link PointExecutor} (the in-process pool, or Spark).
 *
 * <p>At every point, from {@link DesignSettings#seed()}: conductances uniform in the point's range (row-major), then
 * {@link DesignSettings#vectors()} random input vectors uniform in [-readVolt, readVolt] per direction
 * ({@link ReadCase#draw}); the worst case drives every line at +readVolt.
 * <ul>
 * <li><b>Reads</b> ({@link BehavioralReader}, the nodal solve to 1e-13), forward and backward, against the ideal product
 *     of the same conductances and inputs: {@link ReadError} in % of full scale (driven lines x gMax x readVolt).</li>
 * <li><b>Updates</b>: the devices of the preset (its device-to-device spread sampled from the seed, no cycle-to-cycle
 *     noise) at the weights of those conductances; one pulse slot in which every row and every column fires, up
 *     (rows +Vp/2, columns -Vp/2) and, from the same weights, down; each device moved by the exact pulse map of its
 *     compact device at the voltage the programming network leaves it (one nodal solve per slot, the exact IR-drop
 *     mode of {@link BehavioralUpdater}), against the same map at the full Vp: {@link StepFidelity}.</li>
 * <li><b>SPICE spot checks</b> at points of at most {@link DesignSettings#spiceCheckMaxLines()} rows and columns: the
 *     same reads and updates in ngspice ({@link SpiceReader}, {@link SpiceUpdater} quasi-static), {@link SpiceCheck}.</li>
 * <li><b>Netlists</b>: with {@link DesignSettings#netlists()} each point writes its forward and backward read netlists
 *     (every random vector and the worst case) as {@code NNN-RxC-forward.cir} and {@code NNN-RxC-backward.cir}.</li>
 * </ul>
 * Every point's inputs are checked when the study is created, before anything runs or is written. A point that fails
 * while it runs (a solve that does not converge, ngspice) is recorded with its message; the others complete.
 */
public final class DesignStudy implements PointTasks<DesignResult> {
    private final Grid grid;
    private final DesignSettings settings;
    /**
     * The JSON of the device presets by the id or file given, all read when the study is created: another JVM's copy
     * ({@link #recipe()}) parses the same, whether or not it sees the files.
     */
    private final Map<String, byte[]> presetContents;
    /** The device presets by the id or file given, parsed from {@link #presetContents} (read-only afterwards). */
    private final Map<String, DevicePreset> presets;
    private final List<DesignPoint> points;

    /** @param presetContents the presets' JSON by id or file, or null to read them now */
    private DesignStudy(Grid given, DesignSettings settings, Map<String, byte[]> presetContents) {
        this.settings = settings;
        this.grid = complete(given);
        Map<String, byte[]> contents = new HashMap<>();
        Map<String, DevicePreset> loaded = new HashMap<>();
        for (String device : grid.axes().get(DesignAxis.DEVICE.key())) {
            contents.put(device, presetContents == null ? DevicePresets.contents(device) : presetContents.get(device));
            loaded.put(device, DevicePresets.parse(device, contents.get(device)));
        }
        this.presetContents = Map.copyOf(contents);
        this.presets = Map.copyOf(loaded);
        List<DesignPoint> list = new ArrayList<>();
        Map<List<Object>, DesignPoint> seen = new HashMap<>();
        for (Map<String, String> values : grid.points()) {
            DesignPoint p = point(list.size(), values);
            DesignPoint same = seen.putIfAbsent(List.of(p.rows(), p.cols(), p.wireOhm(), p.driverOhm(), presets.get(p.device()),
                    p.conductance(), p.sense(), p.readVolt(), p.pulseVolt()), p);
            if (same != null) {
                throw new InvalidInputException("the grid gives one design twice, as points " + same.index() + " and "
                        + p.index() + " (" + p.size() + ", " + p.device() + ", " + p.conductance().gMinSiemens() + ":"
                        + p.conductance().gMaxSiemens() + " S, Vp " + p.pulseVolt() + " V): an axis lists a value twice in "
                        + "effect, such as preset and the preset's own value, or a bundled id and its file; drop one");
            }
            list.add(p);
        }
        this.points = List.copyOf(list);
    }

    /**
     * A study of every combination of {@code grid}'s values (keys: {@link DesignAxis#key()}; an axis not given takes
     * its {@link DesignAxis#fallback()}, the sizes must be given). Every value and every point is checked here; the
     * errors name the flag, the value and what is allowed.
     */
    public static DesignStudy create(Grid grid, DesignSettings settings) {
        return new DesignStudy(grid, settings, null);
    }

    /**
     * Requires {@code dir} (--netlists) to be free for a study's netlists: a folder (new or existing) without netlists
     * ({@code *.cir}), which this study's would partly replace and partly leave beside its own, two studies mixed. For a
     * command to check before it runs the points, as {@link DesignReport#requireFree}.
     */
    public static void requireFreeNetlists(Path dir) {
        WritablePaths.requireWritableFolder("--netlists", dir);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            long held = files.filter(f -> f.getFileName().toString().endsWith(".cir")).count();
            if (held > 0) {
                throw new InvalidInputException("--netlists " + dir + " holds " + held + " netlists (.cir) already: give an empty "
                        + "or new folder, or remove them");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --netlists " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The grid in {@link DesignAxis} order with every axis, as checked. */
    private static Grid complete(Grid given) {
        given.axes().keySet().forEach(DesignAxis::of);
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (DesignAxis axis : DesignAxis.values()) {
            List<String> values = given.axes().get(axis.key());
            if (values == null) {
                if (axis.fallback() == null) {
                    throw new InvalidInputException("a design study needs " + axis.flag() + ": e.g. " + axis.flag()
                            + " 32,64,128 (N for N x N arrays, NxM for N rows and M columns)");
                }
                values = List.of(axis.fallback());
            }
            if (values.isEmpty()) { // a caller's empty list: a study of no points
                throw new InvalidInputException(axis.flag() + " has no values: give at least one, e.g. " + axis.flag() + " "
                        + (axis.fallback() != null ? axis.fallback() : "32,64"));
            }
            requireDistinct(axis, values);
            if (axis == DesignAxis.SENSE) { // as the reports name them, whatever case they were given in
                values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
            }
            axes.put(axis.key(), values);
        }
        return new Grid(axes);
    }

    /** Every value of {@code axis} once: the same design twice would only cost time. */
    private static void requireDistinct(DesignAxis axis, List<String> values) {
        Set<Object> seen = new HashSet<>();
        for (String v : values) {
            Object parsed = switch (axis) {
                case SIZE -> List.of(size(v)[0], size(v)[1]);
                case WIRE, DRIVER, READ_VOLT -> number(axis, v);
                case PULSE_VOLT -> DesignAxis.PRESET.equals(v) ? v : number(axis, v);
                case CONDUCTANCE -> DesignAxis.PRESET.equals(v) ? v : ConductanceRange.parse(DesignAxis.CONDUCTANCE.flag(), v);
                case DEVICE -> v;
                case SENSE -> v.toLowerCase(Locale.ROOT); // tia and TIA are one design
            };
            if (!seen.add(parsed)) {
                throw new InvalidInputException(axis.flag() + " " + String.join(",", values) + " gives " + v
                        + " twice: give every value once");
            }
        }
    }

    /** The point of one combination of grid values, every input checked. */
    private DesignPoint point(int index, Map<String, String> values) {
        DevicePreset preset = presets.get(DesignAxis.DEVICE.in(values));
        int[] size = size(DesignAxis.SIZE.in(values));
        String g = DesignAxis.CONDUCTANCE.in(values);
        ConductanceRange range = DesignAxis.PRESET.equals(g) ? preset.conductance()
                : ConductanceRange.parse(DesignAxis.CONDUCTANCE.flag(), g);
        String vp = DesignAxis.PULSE_VOLT.in(values);
        double pulseVolt = DesignAxis.PRESET.equals(vp) ? preset.spice().pulse().amplitudeVolt() : number(DesignAxis.PULSE_VOLT, vp);
        DesignPoint p = new DesignPoint(index, size[0], size[1], number(DesignAxis.WIRE, DesignAxis.WIRE.in(values)),
                number(DesignAxis.DRIVER, DesignAxis.DRIVER.in(values)), DesignAxis.DEVICE.in(values),
                range, DesignAxis.SENSE.in(values), number(DesignAxis.READ_VOLT, DesignAxis.READ_VOLT.in(values)), pulseVolt);
        check(p, preset);
        return p;
    }

    /** The checks of one point that its values alone do not make: circuits, read voltage and pulse against the device. */
    private static void check(DesignPoint p, DevicePreset preset) {
        p.readCircuit(Direction.FORWARD);
        CompactSpec spec = preset.spice();
        spec.requireReadVolt(DesignAxis.READ_VOLT.flag(), p.readVolt(), p.device());
        try {
            CompactSpec.requireV2Scheme(p.pulseVolt(), spec.thresholdUpVolt(), spec.thresholdDownVolt());
            updateCircuit(p, preset);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(DesignAxis.PULSE_VOLT.flag() + " " + p.pulseVolt() + " with " + p.device() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code N} or {@code NxM} as {rows, cols}, each 1..{@link CrossbarCircuit#MAX_LINES}. */
    private static int[] size(String text) {
        String[] parts = text.trim().split("x", -1);
        int[] out = new int[2];
        try {
            out[0] = Integer.parseInt(parts[0].trim());
            out[1] = parts.length == 1 ? out[0] : Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            out[0] = -1;
        }
        if (parts.length > 2 || out[0] < 1 || out[1] < 1 || out[0] > CrossbarCircuit.MAX_LINES || out[1] > CrossbarCircuit.MAX_LINES) {
            throw new InvalidInputException(DesignAxis.SIZE.flag() + " '" + text + "' is not an array size: give N (N x N) or "
                    + "NxM (N rows, M columns), each 1.." + CrossbarCircuit.MAX_LINES + ", e.g. 64 or 128x256");
        }
        return out;
    }

    /** A finite number of {@code axis}; its range is checked where it is used (the circuits). */
    private static double number(DesignAxis axis, String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(axis.flag() + " '" + text + "' is not a finite number (" + unit(axis) + ")"
                    + (axis == DesignAxis.PULSE_VOLT ? " or " + DesignAxis.PRESET : ""));
        }
        return v + 0.0; // -0 is 0: one design, not two
    }

    private static String unit(DesignAxis axis) {
        return axis == DesignAxis.WIRE || axis == DesignAxis.DRIVER ? "ohm" : "V";
    }

    /** The update circuit of a point: its array, wires and drivers, the preset's pulse at the point's amplitude. */
    private static UpdateCircuit updateCircuit(DesignPoint p, DevicePreset preset) {
        PulseShape nominal = preset.spice().pulse();
        PulseShape pulse = new PulseShape(p.pulseVolt(), nominal.widthSecond(), nominal.edgeSecond());
        return new UpdateCircuit(p.rows(), p.cols(), p.wireOhm(), p.driverOhm(), pulse, 2 * pulse.durationSecond());
    }

    /** The grid with every axis, in {@link DesignAxis} order. */
    public Grid grid() {
        return grid;
    }

    /** The settings. */
    public DesignSettings settings() {
        return settings;
    }

    /** Every point, in grid order (the last axis, the size, varying fastest). */
    public List<DesignPoint> points() {
        return points;
    }

    /**
     * Runs every point with {@code executor}, the largest arrays first (they take longest), telling {@code done} of each
     * result as it comes (from any thread); returns the results in grid order.
     */
    public List<DesignResult> run(PointExecutor executor, Consumer<DesignResult> done) {
        List<Integer> order = new ArrayList<>();
        for (DesignPoint p : points) {
            order.add(p.index());
        }
        order.sort(Comparator.comparingLong((Integer k) -> -(long) points.get(k).rows() * points.get(k).cols()));
        DesignResult[] byIndex = new DesignResult[points.size()];
        for (DesignResult r : executor.run(this, order, done)) {
            byIndex[r.point().index()] = r;
        }
        return List.of(byIndex);
    }

    @Override
    public String name() {
        return "xbarspice design (" + points.size() + " points)";
    }

    /** Measures point {@code index} (see the class comment); a failure is recorded in the result. */
    @Override
    public DesignResult run(int index) {
        DesignPoint p = points.get(index);
        try {
            return measure(p, presets.get(p.device()));
        } catch (RuntimeException e) {
            return failed(index, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public DesignResult failed(int index, String failure) {
        return new DesignResult(points.get(index), null, null, null, null, null, null, 0, 0, failure);
    }

    @Override
    public String encode(DesignResult result) {
        try {
            return ResultFiles.json().writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("a design result always serialises", e);
        }
    }

    @Override
    public DesignResult decode(int index, String text) {
        try {
            return ResultFiles.json().readValue(text, DesignResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("the result of design point " + index + " does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public Recipe<DesignResult> recipe() {
        return new Same(grid.axes(), settings.vectors(), settings.seed(), settings.maxErrorPercent(),
                settings.spiceCheckMaxLines(), settings.netlists() == null ? null : settings.netlists().toAbsolutePath().toString(),
                presetContents);
    }

    /**
     * The same study in another JVM: its grid and settings (the netlist folder as an absolute path), and its presets'
     * JSON as this study read it (a preset file on a path the executors do not see, or edited since, changed nothing).
     */
    private record Same(Map<String, List<String>> axes, int vectors, long seed, double maxErrorPercent, int spiceCheckMaxLines,
                        String netlists, Map<String, byte[]> presetContents) implements Recipe<DesignResult> {
        @Override
        public PointTasks<DesignResult> build() {
            return new DesignStudy(new Grid(axes), new DesignSettings(vectors, seed, maxErrorPercent, spiceCheckMaxLines,
                    netlists == null ? null : Path.of(netlists)), presetContents);
        }
    }

    /** How many points get an ngspice check: those of at most {@link DesignSettings#spiceCheckMaxLines()} lines. */
    public long spiceCheckedPoints() {
        return points.stream().filter(this::spiceChecked).count();
    }

    private boolean spiceChecked(DesignPoint p) {
        return p.rows() <= settings.spiceCheckMaxLines() && p.cols() <= settings.spiceCheckMaxLines();
    }

    private DesignResult measure(DesignPoint p, DevicePreset preset) {
        long t0 = System.nanoTime();
        CrossbarCircuit forward = p.readCircuit(Direction.FORWARD);
        CrossbarCircuit backward = p.readCircuit(Direction.BACKWARD);
        ConductanceRange range = p.conductance();
        ReadCase forwardCase = ReadCase.draw(forward, range.gMinSiemens(), range.gMaxSiemens(), settings.vectors(), p.readVolt(),
                settings.seed());
        double[] g = forwardCase.conductances();
        double[][] forwardInputs = withWorstCase(forwardCase.inputs(), p.readVolt());
        double[][] backwardInputs = withWorstCase(ReadCase.draw(backward, range.gMinSiemens(), range.gMaxSiemens(),
                settings.vectors(), p.readVolt(), settings.seed()).inputs(), p.readVolt());
        double[][] forwardRead = new double[forwardInputs.length][forward.sensedLines()];
        ArrayPower[] forwardPower = new ArrayPower[forwardInputs.length];
        new BehavioralReader(forward).readPower(g, RowChanges.ALL, Direction.FORWARD, forwardInputs, forwardRead, forwardPower,
                forwardInputs.length);
        double[][] backwardRead = new BehavioralReader(backward).read(g, backwardInputs);
        ReadError forwardError = ReadError.of(forwardRead, idealRead(forward, g, forwardInputs),
                p.fullScaleAmpere(Direction.FORWARD), forward.sense());
        ReadError backwardError = ReadError.of(backwardRead, idealRead(backward, g, backwardInputs),
                p.fullScaleAmpere(Direction.BACKWARD), backward.sense());
        long t1 = System.nanoTime();

        UpdateCircuit updateCircuit = updateCircuit(p, preset);
        Updates updates = new Updates(p, preset, g);
        BehavioralUpdater upUpdater = updates.updater(updateCircuit);
        upUpdater.trackEnergy(true);
        double[] up = updates.apply(upUpdater, true);
        double[] down = updates.apply(updates.updater(updateCircuit), false);
        StepFidelity upFidelity = updates.fidelity(up, updateCircuit, true);
        StepFidelity downFidelity = updates.fidelity(down, updateCircuit, false);
        long t2 = System.nanoTime();

        if (settings.netlists() != null) {
            String stem = String.format(Locale.ROOT, "%03d-%s-", p.index(), p.size());
            ResultFiles.writeText(settings.netlists().resolve(stem + "forward.cir"), CrossbarNetlist.read(forward, g, forwardInputs).text());
            ResultFiles.writeText(settings.netlists().resolve(stem + "backward.cir"), CrossbarNetlist.read(backward, g, backwardInputs).text());
        }
        SpiceCheck spice = null;
        if (spiceChecked(p)) {
            try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
                double readDiff = Math.max(
                        ReadComparison.maxRelError(new SpiceReader(engine, forward).read(g, forwardInputs), forwardRead),
                        ReadComparison.maxRelError(new SpiceReader(engine, backward).read(g, backwardInputs), backwardRead));
                ArrayUpdater quasiStatic = ArrayUpdate.updater(ArrayUpdate.Engine.QUASI_STATIC, engine, updateCircuit, range,
                        preset.spice(), preset.position(), IrDrop.exact(), 0);
                double updateDiff = Math.max(updates.relativeDifference(updates.apply(quasiStatic, true), up),
                        updates.relativeDifference(updates.apply(quasiStatic, false), down));
                spice = new SpiceCheck(readDiff, updateDiff, (System.nanoTime() - t2) * 1e-9, null);
            } catch (SpiceException e) { // a timeout, no convergence: the behavioral figures stand, the failure beside them
                spice = SpiceCheck.failed(e.getMessage(), (System.nanoTime() - t2) * 1e-9);
            }
        }
        return new DesignResult(p, forwardError, backwardError, upFidelity, downFidelity,
                energy(forward, forwardPower, upUpdater.energy(), updateCircuit), spice, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9,
                null);
    }

    /** The read peripherals' window and ADC sharing: the default periphery preset's. */
    private static final CostModel COST = new CostModel(PeripheryPresets.load(PeripheryPresets.DEFAULT));
    /** Resolution of the ADC conversions in a read's latency (bits). */
    private static final int LATENCY_ADC_BITS = 8;

    /** The energy figures of the random forward reads (the last power is the worst case's) and the full update. */
    private static EnergyFigures energy(CrossbarCircuit forward, ArrayPower[] readPower, ArrayEnergy update,
                                        UpdateCircuit updateCircuit) {
        double total = 0;
        double wires = 0;
        double drivers = 0;
        int random = readPower.length - 1;
        CostModel.ReadCost read = COST.readCost(forward, 0, 0, forward.sensedLines()); // no converters
        for (int k = 0; k < random; k++) {
            EnergyBreakdown e = read.energy(readPower[k], 0, 0); // no converters: the array's energy alone
            total += e.devices() + e.wires() + e.drivers();
            wires += e.wires();
            drivers += e.drivers();
        }
        double updateArray = update.array();
        return new EnergyFigures(total / random, 100 * wires / total, 100 * drivers / total,
                COST.readSeconds(forward, LATENCY_ADC_BITS, forward.sensedLines()), updateArray,
                100 * update.wires() / updateArray, 100 * update.drivers() / updateArray, updateCircuit.slotSecond());
    }

    /** The random inputs and, last, the worst case: every driven line at +readVolt. */
    private static double[][] withWorstCase(double[][] random, double readVolt) {
        double[][] out = Arrays.copyOf(random, random.length + 1);
        out[random.length] = new double[random[0].length];
        Arrays.fill(out[random.length], readVolt);
        return out;
    }

    /** The ideal product of the same conductances: ideal wires, drivers and sense. */
    private static double[][] idealRead(CrossbarCircuit circuit, double[] g, double[][] inputs) {
        return new BehavioralReader(new CrossbarCircuit(circuit.rows(), circuit.cols(), 0, 0, new Sense.Ideal(),
                circuit.direction())).read(g, inputs);
    }

    /** The full updates of one point: its devices, at the weights of its read conductances. */
    private final class Updates {
        private final DesignPoint p;
        private final DevicePreset preset;
        private final DeviceArray array;
        private final double[] start;

        Updates(DesignPoint p, DevicePreset preset, double[] g) {
            this.p = p;
            this.preset = preset;
            Variability v = preset.model().variability();
            DeviceModel model = preset.model().withVariability(new Variability(v.dwMinDtod(), v.upDownDtod(), v.boundsDtod(), 0));
            array = DeviceArray.sample(model, p.rows(), p.cols(), Seeds.derive(settings.seed(), 1));
            ConductanceRange range = p.conductance();
            start = new double[g.length];
            for (int d = 0; d < g.length; d++) {
                // the weight of conductance g[d] (DeviceConductance, over the nominal bounds); a device holds no weight
                // beyond its own bounds
                double x = (g[d] - range.gMinSiemens()) / range.span();
                double w = model.wMin() + (model.wMax() - model.wMin()) * x;
                start[d] = Math.min(Math.max(w, array.wMin(d)), array.wMax(d));
            }
        }

        /** The exact IR-drop-aware behavioral updater of the point. */
        BehavioralUpdater updater(UpdateCircuit circuit) {
            return new BehavioralUpdater(circuit, p.conductance(), preset.spice(), IrDrop.exact(), preset.position(),
                    Seeds.derive(settings.seed(), 2));
        }

        /** Weights after one full update of polarity {@code up} by {@code updater}, from the start weights. */
        double[] apply(ArrayUpdater updater, boolean up) {
            for (int d = 0; d < start.length; d++) {
                array.setWeight(d, start[d]);
            }
            updater.update(array, fullUpdate(p.rows(), p.cols(), up));
            return array.weights().clone();
        }

        /**
         * The step fractions of {@code after} against every device's exact map at the full amplitude of {@code circuit}'s
         * pulse, with the steps the updaters take on that circuit (a calibrated preset's full-pulse steps where it drops
         * the pulse).
         */
        StepFidelity fidelity(double[] after, UpdateCircuit circuit, boolean up) {
            PulseShape pulse = circuit.pulse();
            CompactDevice[] devices = circuit.compactDevices(array, preset.spice(), preset.position());
            double[] ideal = new double[start.length];
            double[] wMin = new double[start.length];
            double[] wMax = new double[start.length];
            double volt = up ? pulse.amplitudeVolt() : -pulse.amplitudeVolt();
            for (int d = 0; d < start.length; d++) {
                ideal[d] = devices[d].pulse(start[d], volt, pulse);
                wMin[d] = array.wMin(d);
                wMax[d] = array.wMax(d);
            }
            return StepFidelity.of(start, after, ideal, wMin, wMax);
        }

        /** max |a - b| / max |b - start|: the steps of two updates compared (0 when b has no step). */
        double relativeDifference(double[] a, double[] b) {
            double worst = 0;
            double scale = 0;
            for (int d = 0; d < start.length; d++) {
                worst = Math.max(worst, Math.abs(a[d] - b[d]));
                scale = Math.max(scale, Math.abs(b[d] - start[d]));
            }
            return scale == 0 ? 0 : worst / scale;
        }
    }

    /** One pulse slot in which every row and every column fires: up (rows +, columns +) or down (columns -). */
    private static UpdatePulses fullUpdate(int rows, int cols, boolean up) {
        long[] rowMasks = new long[rows];
        long[] colMasks = new long[cols];
        byte[] rowSign = new byte[rows];
        byte[] colSign = new byte[cols];
        Arrays.fill(rowMasks, 1L);
        Arrays.fill(colMasks, 1L);
        Arrays.fill(rowSign, (byte) 1);
        Arrays.fill(colSign, (byte) (up ? 1 : -1));
        return new UpdatePulses(rows, cols, 1, rowMasks, colMasks, rowSign, colSign);
    }
}
