package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ArrayUpdater;
import org.xbarspice.tile.BehavioralUpdater;
import org.xbarspice.tile.CostModel;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.Seeds;
import org.xbarspice.tile.SpiceUpdater;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code xbarspice update}: one stochastic pulse update of a random array in SPICE (two modes) and behaviorally. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "One fully parallel stochastic update (V/2 scheme) of an array whose weights start uniform in half "
                + "the device range, for x (rows) and d (columns) uniform in [-1, 1]: W += lr x d'. The same pulse trains "
                + "run in the SPICE transient, the SPICE quasi-static mode and the behavioral model.")
final class UpdateCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    /** Engines selectable on the command line, by the names the help shows: transient, quasi-static, behavioral, all. */
    enum UpdateEngine {
        TRANSIENT, QUASI_STATIC, BEHAVIORAL, ALL;

        /** The command-line name: the constant in lower case with '-' for '_'. */
        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@code --engine} by {@link #id()}, ignoring case. */
        static final class Converter implements ITypeConverter<UpdateEngine> {
            @Override
            public UpdateEngine convert(String value) {
                for (UpdateEngine e : values()) {
                    if (e.id().equalsIgnoreCase(value)) {
                        return e;
                    }
                }
                throw new TypeConversionException("'" + value + "' is not an engine: use one of "
                        + Arrays.stream(values()).map(UpdateEngine::id).collect(Collectors.joining(", ")));
            }
        }
    }

    @Option(names = "--rows", defaultValue = "16", description = "Rows N (1..512). Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--cols", defaultValue = "16", description = "Columns M (1..512). Default: ${DEFAULT-VALUE}.")
    int cols;

    @Option(names = "--bl", defaultValue = "31", description = "Pulse slots per train (1..64). Default: ${DEFAULT-VALUE}.")
    int bl;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--wire-r", defaultValue = "0", paramLabel = "OHM", description = "Wire segment resistance (ohm). Default: ${DEFAULT-VALUE}.")
    double wireOhm;

    @Option(names = "--driver-r", defaultValue = "0", paramLabel = "OHM", description = "Driver output resistance (ohm). Default: ${DEFAULT-VALUE}.")
    double driverOhm;

    @Option(names = "--slot", paramLabel = "S", description = "Slot period (s). Default: twice the pulse duration.")
    Double slotSecond;

    @Option(names = "--device", defaultValue = "onen-softbounds", description = "Device preset id (" + DevicePresets.BUNDLED + ") or JSON file. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--engine", defaultValue = "all", converter = UpdateEngine.Converter.class,
            description = "transient | quasi-static | behavioral | all. The transient takes minutes beyond 32x32. SPICE devices "
                    + "have no cycle-to-cycle noise, so with a SPICE engine the behavioral model runs without it. Default: ${DEFAULT-VALUE}.")
    UpdateEngine engine;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of x, d, the initial weights and the pulse trains. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--ir-drop-mode", defaultValue = "exact",
            description = "exact | fast | calibrated: how the behavioral engine solves wires and drivers, as in train "
                    + "(calibrated needs a preset written by calibrate). Default: ${DEFAULT-VALUE}.")
    String irDropMode;

    @Mixin
    PulseOptions pulseOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the weight changes of every engine as JSON.")
    Path json;

    @Override
    public Integer call() {
        ResultFiles.outputs().preset("--device", device).file("--json", json);
        Checks.positive("--lr", lr, "");
        Checks.inRange("--bl", bl, 1, UpdatePulses.MAX_BL);
        timeout.apply(usesSpice());
        IrDrop.Mode mode = IrDrop.Mode.of(irDropMode);
        if (mode != IrDrop.Mode.EXACT && wireOhm == 0 && driverOhm == 0) {
            throw new InvalidInputException("--ir-drop-mode " + irDropMode + " has no effect without wire or driver "
                    + "resistance: the update is then exact at no cost; give --wire-r OHM or --driver-r OHM, or leave the mode out");
        }
        if (mode != IrDrop.Mode.EXACT && engine != UpdateEngine.BEHAVIORAL && engine != UpdateEngine.ALL) {
            throw new InvalidInputException("--ir-drop-mode " + irDropMode + " has no effect with the " + engine.id()
                    + " engine: it sets how the behavioral engine solves the wires; use --engine behavioral or all");
        }
        DevicePreset preset = DevicePresets.load(device);
        PulseShape pulse = pulseOptions.pulse(preset.spice());
        CompactSpec.requireV2Scheme(pulse.amplitudeVolt(), preset.spice().thresholdUpVolt(), preset.spice().thresholdDownVolt());
        UpdateCircuit circuit = new UpdateCircuit(rows, cols, wireOhm, driverOhm, pulse,
                slotSecond != null ? slotSecond : 2 * pulse.durationSecond());
        // independent streams: x, d and the start weights; the pulse trains; the devices; the cycle-to-cycle noise
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0));
        double[] x = uniform(rows, -1, 1, rng);
        double[] d = uniform(cols, -1, 1, rng);
        double[] start = uniform(rows * cols, preset.model().wMin() / 2, preset.model().wMax() / 2, rng);
        UpdatePulses pulses = UpdatePulses.draw(x, d, lr, preset.model().dwMin(), bl, true, Seeds.derive(seed, 1));

        Map<String, double[][]> deltas = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, EnergyBreakdown> energies = new LinkedHashMap<>();
        // SPICE devices have no cycle-to-cycle noise: when SPICE runs, the behavioral twin runs without it too
        DeviceModel model = usesSpice() ? preset.model().withVariability(new Variability(
                preset.model().variability().dwMinDtod(), preset.model().variability().upDownDtod(),
                preset.model().variability().boundsDtod(), 0)) : preset.model();
        try (NgSpiceEngine spice = usesSpice() ? NgSpiceEngine.open(1) : null) {
            for (ArrayUpdater updater : updaters(spice, circuit, preset, mode)) {
                DeviceArray array = DeviceArray.sample(model, rows, cols, Seeds.derive(seed, 2));
                for (int k = 0; k < start.length; k++) {
                    array.setWeight(k, start[k]);
                }
                // the change from the start as the device holds it (clipped to its own bounds, which spread with boundsDtod)
                double[] before = array.weights().clone();
                System.out.printf(Locale.ROOT, "running %s ...%n", updater.engine());
                updater.trackEnergy(true);
                long t0 = System.nanoTime();
                updater.update(array, pulses);
                seconds.put(updater.engine(), (System.nanoTime() - t0) * 1e-9);
                energies.put(updater.engine(), CostModel.update(updater.energy()));
                double[][] delta = new double[rows][cols];
                for (int k = 0; k < start.length; k++) {
                    delta[k / cols][k % cols] = array.weight(k) - before[k];
                }
                deltas.put(updater.engine(), delta);
            }
        }
        double range = preset.model().wMax() - preset.model().wMin();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rows", rows);
        doc.put("cols", cols);
        doc.put("bl", bl);
        doc.put("lr", lr);
        doc.put("device", preset.id());
        doc.put("pulse", pulse);
        doc.put("slotSecond", circuit.slotSecond());
        doc.put("wireResistanceOhm", wireOhm);
        doc.put("driverResistanceOhm", driverOhm);
        doc.put("irDropMode", irDropMode);
        doc.put("x", x);
        doc.put("d", d);
        doc.put("deltaWeights", deltas);
        doc.put("seconds", seconds);
        doc.put("energyJoule", energies);
        doc.put("latencySecond", CostModel.updateSeconds(pulses, circuit));
        Map<String, Double> diffs = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(deltas.keySet());
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                diffs.put(names.get(a) + " vs " + names.get(b), maxAbsDiff(deltas.get(names.get(a)), deltas.get(names.get(b))));
            }
        }
        doc.put("maxAbsDiff", diffs);
        double halfSelect = 0;
        for (double[][] delta : deltas.values()) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (pulses.coincidences(i, j) == 0) {
                        halfSelect = Math.max(halfSelect, Math.abs(delta[i][j]) / range);
                    }
                }
            }
        }
        doc.put("halfSelectMaxChange", halfSelect);
        double saturation = PulseTrainDrawer.saturation(x, d, lr, preset.model().dwMin(), bl);
        List<String> warnings = new ArrayList<>();
        if (saturation > 1) {
            warnings.add(String.format(Locale.ROOT, "the largest step asked, lr max|x| max|d| = %.3g, is %.3g times the most "
                    + "an update gives, BL dw_min = %.3g (weight units): the largest lines fire in every slot and the steps "
                    + "fall short of lr x d; lower --lr (now %s) below %.3g, or raise --bl", saturation * bl
                    * preset.model().dwMin(), saturation, bl * preset.model().dwMin(), lr, lr / saturation));
        }
        doc.put("warnings", warnings);
        if (json != null) {
            ResultFiles.writeJson(json, doc);
        }
        System.out.printf(Locale.ROOT, "%dx%d update, BL %d, Vp %.3g V, wire %.3g ohm, driver %.3g ohm, %d active slot(s)%n",
                rows, cols, bl, pulse.amplitudeVolt(), wireOhm, driverOhm, pulses.activeSlots().size());
        seconds.forEach((name, s) -> System.out.printf(Locale.ROOT, "  %-13s %.3f s, largest |dw| %.3e%n", name, s,
                maxAbs(deltas.get(name))));
        energies.forEach((name, e) -> System.out.printf(Locale.ROOT, "  %-13s energy %.4g pJ (devices %.4g, wires %.4g, "
                + "drivers %.4g pJ), every firing slot%n", name, 1e12 * e.total(), 1e12 * e.devices(), 1e12 * e.wires(),
                1e12 * e.drivers()));
        System.out.printf(Locale.ROOT, "  latency %.4g us (%d phase(s) x BL %d x slot %.3g s)%n",
                1e6 * CostModel.updateSeconds(pulses, circuit), pulses.phases().size(), bl, circuit.slotSecond());
        diffs.forEach((pair, v) -> System.out.printf(Locale.ROOT, "  maxAbsDiff %s = %.3e%n", pair, v));
        System.out.printf(Locale.ROOT, "  halfSelectMaxChange = %.3e of the weight range%n", halfSelect);
        for (String warning : warnings) {
            spec.commandLine().getErr().println("warning: " + warning);
        }
        if (json != null) {
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private boolean usesSpice() {
        return engine != UpdateEngine.BEHAVIORAL;
    }

    private List<ArrayUpdater> updaters(NgSpiceEngine spice, UpdateCircuit circuit, DevicePreset preset, IrDrop.Mode mode) {
        List<ArrayUpdater> out = new ArrayList<>();
        if (engine == UpdateEngine.TRANSIENT || engine == UpdateEngine.ALL) {
            out.add(new SpiceUpdater(spice, circuit, preset.conductance(), preset.spice(), preset.position(),
                    SpiceUpdater.Mode.TRANSIENT));
        }
        if (engine == UpdateEngine.QUASI_STATIC || engine == UpdateEngine.ALL) {
            out.add(new SpiceUpdater(spice, circuit, preset.conductance(), preset.spice(), preset.position(),
                    SpiceUpdater.Mode.QUASI_STATIC));
        }
        if (engine == UpdateEngine.BEHAVIORAL || engine == UpdateEngine.ALL) {
            IrDrop irDrop = new IrDrop(mode, IrDrop.DEFAULT_REFRESH_DRIFT, IrDrop.DEFAULT_CHECK_EVERY);
            out.add(new BehavioralUpdater(circuit, preset.conductance(), preset.spice(), irDrop, preset.position(),
                    Seeds.derive(seed, 3)));
        }
        return out;
    }

    private static double[] uniform(int n, double lo, double hi, SplittableRandom rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (hi - lo) * rng.nextDouble();
        }
        return v;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    private static double maxAbs(double[][] a) {
        double worst = 0;
        for (double[] row : a) {
            for (double v : row) {
                worst = Math.max(worst, Math.abs(v));
            }
        }
        return worst;
    }
}
