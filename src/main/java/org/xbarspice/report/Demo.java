package org.xbarspice.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ArrayRead;
import org.xbarspice.tile.ArrayUpdate;
import org.xbarspice.tile.ArrayUpdater;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.CostModel;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.PulseResponse;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.tile.SpiceReader;
import org.xbarspice.train.EpochEnergy;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * The end-to-end showcase as a library call: a read with IR drop in ngspice and in the behavioral model, a pulse
 * response, an update map with wires, SHD against analog SGD, IR drop in training, SHD with ngspice in the loop, and a
 * calibration. Writes its figures and {@code summary.json} into one folder and narrates on a console.
 */
public final class Demo {
    /** The peripherals of the energy figures. */
    private static final CostModel COST = new CostModel(PeripheryPresets.load(PeripheryPresets.DEFAULT));

    /** The demo's summary and the folder of its training runs, in its output folder. */
    private static final String SUMMARY = "summary.json";
    private static final String RUNS = "runs";

    private final Path dir;
    private final long seed;
    private final PrintStream console;
    /** The training runs done, by config. */
    private final Map<TrainConfig, TrainingRun.Result> trained = new HashMap<>();
    /** When the demo began (ns), for the steps' time stamps. */
    private final long start = System.nanoTime();

    /** A demo writing into {@code dir}; {@link #run(Path, long, PrintStream)} runs its steps (a test, one by one). */
    Demo(Path dir, long seed, PrintStream console) {
        this.dir = dir;
        this.seed = seed;
        this.console = console;
    }

    /**
     * Runs every step, writing into {@code dir} (created; refused, before any step, where it holds a demo already),
     * each random draw from {@code seed}.
     *
     * @return the summary (also written as {@code dir/summary.json})
     */
    public static Map<String, Object> run(Path dir, long seed, PrintStream console) {
        if (Files.exists(dir.resolve(SUMMARY)) || Files.exists(dir.resolve(RUNS))) {
            throw new InvalidInputException(dir + " holds a demo already: give another --out (or none: runs/demo-<time>)");
        }
        List<String> held = CalibrationReport.heldFiles(CalibrationRun.demoPreset(dir)); // step 6 would fail on them
        if (!held.isEmpty()) {
            throw new InvalidInputException(dir + " holds files of a demo's calibration step (" + String.join(", ", held)
                    + (held.size() == 1 ? " exists" : " exist") + "), which it would replace: give another --out (or none: "
                    + "runs/demo-<time>)");
        }
        return new Demo(dir, seed, console).run();
    }

    private Map<String, Object> run() {
        Map<String, Object> summary = new LinkedHashMap<>();
        try (NgSpiceEngine spice = NgSpiceEngine.open(1)) {
            step("ngspice " + spice.version() + " loaded in process");
            summary.put("ngspice", spice.version());
            summary.put("irDropRead", irDropRead(spice));
            summary.put("pulseResponse", pulseResponse(spice));
            summary.put("updateMap", updateMap(spice));
        }
        summary.put("shdVersusSgd", shdVersusSgd());
        summary.put("wiresInTraining", wiresInTraining());
        summary.put("spiceInTheLoop", spiceInTheLoop());
        try (NgSpiceEngine spice = NgSpiceEngine.open(1); AnalysisProgress progress = new AnalysisProgress(console)) {
            step("6. calibration of a 16x16 array (20 ohm wires) against quasi-static SPICE");
            summary.put("calibration", CalibrationRun.demo(spice, dir, new PrintWriter(console, true), progress));
        }
        summary.put("seconds", elapsed());
        ResultFiles.writeJson(dir.resolve(SUMMARY), summary);
        step("wrote " + dir.resolve(SUMMARY));
        return summary;
    }

    /** One 64x64 read with wires in both engines, against the ideal read of the same array. */
    private Map<String, Object> irDropRead(NgSpiceEngine spice) {
        double wireOhm = 2.5;
        int n = 64;
        CrossbarCircuit circuit = new CrossbarCircuit(n, n, wireOhm, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarCircuit ideal = new CrossbarCircuit(n, n, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        ConductanceRange range = DevicePresets.load("idealized").conductance();
        ReadCase draw = ReadCase.draw(circuit, range.gMinSiemens(), range.gMaxSiemens(), 32, 0.2, seed);
        step(String.format(Locale.ROOT, "1. read: %dx%d array, %.1f ohm wire segments, 32 random input vectors", n, n, wireOhm));
        ArrayRead inSpice = new ArrayRead(new SpiceReader(spice, circuit), draw.conductances());
        ArrayRead behavioral = new ArrayRead(new BehavioralReader(circuit), draw.conductances());
        inSpice.trackPower();
        behavioral.trackPower();
        Map<String, ReadComparison.EngineOutput> outputs = ReadComparison.run(List.of(inSpice, behavioral), draw.inputs());
        ReadReport report = ReadReport.of(circuit, false, draw, outputs, new ReadReport.Cost(COST, PeripheryPresets.DEFAULT, 0, 0,
                Double.POSITIVE_INFINITY, 0.2));
        ResultFiles.writeJson(dir.resolve("read-64x64.json"), report.toJson());
        step(String.format(Locale.ROOT, "   ngspice %.3f s, behavioral %.3f s, maxRelError %.2e",
                outputs.get(CrossbarReader.NGSPICE).seconds(), outputs.get(CrossbarReader.BEHAVIORAL).seconds(), report.maxRelError()));
        EnergyBreakdown spiceEnergy = report.energyPerVector(CrossbarReader.NGSPICE);
        EnergyBreakdown twinEnergy = report.energyPerVector(CrossbarReader.BEHAVIORAL);
        double energyDiff = Math.abs(twinEnergy.total() - spiceEnergy.total()) / spiceEnergy.total();
        step(String.format(Locale.ROOT, "   array energy per vector (100 ns): ngspice %.4g pJ (devices %.4g, wires %.4g), "
                + "behavioral %.4g pJ: relative difference %.1e", 1e12 * spiceEnergy.total(), 1e12 * spiceEnergy.devices(),
                1e12 * spiceEnergy.wires(), 1e12 * twinEnergy.total(), energyDiff));

        double[][] withWires = outputs.get(CrossbarReader.BEHAVIORAL).currents();
        double[][] noWires = new BehavioralReader(ideal).read(draw.conductances(), draw.inputs());
        double[][] errorPercent = new double[withWires.length][n];
        double worst = 0;
        double worstAmpere = 0;
        for (int k = 0; k < withWires.length; k++) {
            double scale = 0;
            for (double x : noWires[k]) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int j = 0; j < n; j++) {
                errorPercent[k][j] = 100 * (withWires[k][j] - noWires[k][j]) / scale;
                worst = Math.max(worst, Math.abs(errorPercent[k][j]));
                worstAmpere = Math.max(worstAmpere, Math.abs(withWires[k][j] - noWires[k][j]));
            }
        }
        Plots.heatMap(dir.resolve("ir-drop-error.png"), "Column current error caused by IR drop, relative to the vector's "
                + "largest ideal current", "column j", "input vector k", "%", errorPercent);

        double[] allHigh = new double[n];
        java.util.Arrays.fill(allHigh, 0.2);
        double[] volts = new CrossbarSolver(circuit, draw.conductances()).deviceVoltages(allHigh);
        double[][] fraction = new double[n][n];
        double minFraction = 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                fraction[i][j] = 100 * volts[i * n + j] / 0.2;
                minFraction = Math.min(minFraction, fraction[i][j] / 100);
            }
        }
        Plots.heatMap(dir.resolve("device-voltage.png"), "Voltage across each device, all rows driven at 0.2 V", "column j",
                "row i", "% of 0.2 V", fraction);
        // full scale as design counts it: every driven line at V_read on gMax
        double fullScalePercent = 100 * worstAmpere / (n * range.gMaxSiemens() * 0.2);
        step(String.format(Locale.ROOT, "   IR drop: column currents off by up to %.2f %% of the vector's largest ideal current "
                + "(%.2f %% of full scale, %d rows at gMax and 0.2 V, as design counts it); the worst device sees %.1f %% of "
                + "the drive voltage (ir-drop-error.png, device-voltage.png)", worst, fullScalePercent, n, 100 * minFraction));

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows", n);
        s.put("cols", n);
        s.put("wireResistanceOhm", wireOhm);
        s.put("vectors", draw.inputs().length);
        s.put("maxRelErrorBehavioralVsNgspice", report.maxRelError());
        Map<String, Object> energyPerVector = new LinkedHashMap<>(); // in this order on every run (Map.of's order is not)
        energyPerVector.put(CrossbarReader.NGSPICE, spiceEnergy);
        energyPerVector.put(CrossbarReader.BEHAVIORAL, twinEnergy);
        s.put("energyPerVectorJoule", energyPerVector);
        s.put("energyRelativeDifference", energyDiff);
        s.put("ngspiceSeconds", outputs.get(CrossbarReader.NGSPICE).seconds());
        s.put("behavioralSeconds", outputs.get(CrossbarReader.BEHAVIORAL).seconds());
        s.put("maxIrDropErrorPercentOfLargestIdealCurrent", worst);
        s.put("maxIrDropErrorPercentOfFullScale", fullScalePercent);
        s.put("minDeviceVoltageFraction", minFraction);
        return s;
    }

    /** The potentiation/depression curve of the soft-bounds device, SPICE and behavioral, on one plot. */
    Map<String, Object> pulseResponse(NgSpiceEngine spice) {
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        int count = 1500;
        step("2. pulse response: " + count + " up then " + count + " down pulses on one " + preset.id() + " device");
        PulseShape pulse = preset.spice().pulse();
        PulseResponse inSpice = PulseResponse.spice(spice, preset, pulse, count);
        PulseResponse behavioral = PulseResponse.behavioral(preset, pulse, count);
        double diff = PulseResponse.maxAbsDiff(inSpice.weights(), behavioral.weights());
        double[] index = new double[2 * count + 1];
        for (int g = 0; g < index.length; g++) {
            index[g] = g;
        }
        double range = preset.model().wMax() - preset.model().wMin();
        Plots.linesOverResiduals(dir.resolve("pulse-response.png"), String.format(Locale.ROOT, "%s: compact SPICE device vs "
                + "behavioral, max |difference| %.2g of the range", preset.id(), diff / range),
                "pulse number", "weight (weight units)", List.of(new Plots.Series(CrossbarReader.NGSPICE, index, inSpice.weights(), false),
                        new Plots.Series(CrossbarReader.BEHAVIORAL, index, behavioral.weights(), false)),
                "weight units", List.of(Plots.Series.difference(CrossbarReader.NGSPICE + " - " + CrossbarReader.BEHAVIORAL, index,
                        inSpice.weights(), behavioral.weights())));
        step(String.format(Locale.ROOT, "   ngspice %.2f s, behavioral %.4f s, max |difference| %.2e of the weight range (pulse-response.png)",
                inSpice.seconds(), behavioral.seconds(), diff / range));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("device", preset.id());
        s.put("pulsesEachWay", count);
        s.put("maxAbsDiffOfWeightRange", diff / range);
        s.put("ngspiceSeconds", inSpice.seconds());
        s.put("behavioralSeconds", behavioral.seconds());
        return s;
    }

    /**
     * One update of a 32x32 array with wires in which every row and column fires in every slot, so every
     * device gets BL coincidences: the map of the resulting steps shows where the wires starve the devices.
     */
    Map<String, Object> updateMap(NgSpiceEngine spice) {
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        int n = 32;
        int bl = 31;
        double wireOhm = 5;
        step(String.format(Locale.ROOT, "3. update map: %dx%d array, %.0f ohm wire segments, every device gets %d coincident pulses", n, n, wireOhm, bl));
        UpdateCircuit circuit = new UpdateCircuit(n, n, wireOhm, 0, preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        UpdatePulses pulses = UpdatePulses.draw(ones, ones, preset.model().dwMin() * bl, preset.model().dwMin(), bl, false, seed);
        DeviceArray array = DeviceArray.sample(preset.model(), n, n, seed);
        long t0 = System.nanoTime();
        ArrayUpdater quasiStatic = ArrayUpdate.updater(ArrayUpdate.Engine.QUASI_STATIC, spice, circuit, preset,
                IrDrop.exact(), seed);
        quasiStatic.trackEnergy(true);
        quasiStatic.update(array, pulses);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        DeviceArray twin = DeviceArray.sample(preset.model(), n, n, seed);
        t0 = System.nanoTime();
        ArrayUpdater twinUpdater = ArrayUpdate.updater(ArrayUpdate.Engine.BEHAVIORAL, spice, circuit, preset, IrDrop.exact(),
                seed);
        twinUpdater.trackEnergy(true);
        twinUpdater.update(twin, pulses);
        double twinSeconds = (System.nanoTime() - t0) * 1e-9;
        double twinDiff = 0;
        for (int k = 0; k < n * n; k++) {
            twinDiff = Math.max(twinDiff, Math.abs(twin.weight(k) - array.weight(k)));
        }
        double nominal = 0;
        for (int k = 0; k < bl; k++) {
            nominal = preset.model().applyPulse(nominal, true);
        }
        double[][] percent = new double[n][n];
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                percent[i][j] = 100 * array.weight(i * n + j) / nominal;
                min = Math.min(min, percent[i][j]);
                max = Math.max(max, percent[i][j]);
            }
        }
        Plots.heatMap(dir.resolve("update-map.png"), "Update step with IR drop, relative to the ideal step (quasi-static SPICE)",
                "column j", "row i", "%", percent);
        step(String.format(Locale.ROOT, "   quasi-static SPICE %.2f s: steps range from %.1f %% to %.1f %% of the ideal step (update-map.png)",
                seconds, min, max));
        step(String.format(Locale.ROOT, "   IR-drop-aware behavioral twin %.3f s, max |difference| %.1e of the ideal step",
                twinSeconds, twinDiff / nominal));
        double updateEnergy = quasiStatic.energy().delivered();
        double latency = CostModel.updateSeconds(pulses, circuit);
        double energyDiff = Math.abs(twinUpdater.energy().delivered() - updateEnergy) / updateEnergy;
        step(String.format(Locale.ROOT, "   update energy %.4g pJ (devices %.4g, wires %.4g pJ) in %.3g us; behavioral twin "
                + "within %.1e", 1e12 * updateEnergy, 1e12 * quasiStatic.energy().devices(), 1e12 * quasiStatic.energy().wires(),
                1e6 * latency, energyDiff));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows", n);
        s.put("cols", n);
        s.put("wireResistanceOhm", wireOhm);
        s.put("bl", bl);
        s.put("minStepPercentOfIdeal", min);
        s.put("maxStepPercentOfIdeal", max);
        s.put("quasiStaticSeconds", seconds);
        s.put("behavioralSeconds", twinSeconds);
        s.put("behavioralMaxAbsDiffOfIdealStep", twinDiff / nominal);
        s.put("updateEnergyJoule", quasiStatic.energy());
        s.put("updateEnergyRelativeDifference", energyDiff);
        s.put("updateLatencySeconds", latency);
        return s;
    }

    /** A short SHD-vs-SGD run on asymmetric soft-bounds devices, beside the floating-point baseline. */
    private Map<String, Object> shdVersusSgd() {
        String base = "{\"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\", \"activation\": \"sigmoid\", \"epochs\": 5, "
                + "\"trainSamples\": 2000, \"testSamples\": 1000, \"device\": \"onen-softbounds\", \"tau\": 0.5, \"seed\": " + seed;
        step("4. training: 64-16-10 on 8x8 MNIST digits (2000 / 1000 samples), 5 epochs; soft-bounds devices with tau = 0.5");
        Map<String, List<EpochMetrics>> runs = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, String> rates = Map.of("fp", "\"learningRate\": 0.1", "sgd", "\"learningRate\": 0.1",
                "shd", "\"learningRate\": 0.3, \"fastLearningRate\": 0.03, \"energy\": true");
        for (String algorithm : List.of("fp", "sgd", "shd")) {
            TrainConfig config = TrainConfig.parse(base + ", \"algorithm\": \"" + algorithm + "\", " + rates.get(algorithm) + "}",
                    "demo " + algorithm + " run");
            TrainingRun.Result result = train(algorithm, config);
            List<EpochMetrics> metrics = result.history();
            double seconds = result.seconds();
            runs.put(algorithm, metrics);
            double accuracy = 100 * metrics.get(metrics.size() - 1).testAccuracy();
            s.put(algorithm + "TestAccuracyPercent", accuracy);
            step(String.format(Locale.ROOT, "   %-3s test accuracy %.1f %% (%.1f s)", algorithm, accuracy, seconds));
            if (!result.energy().isEmpty()) {
                EpochEnergy last = result.energy().get(result.energy().size() - 1);
                s.put(algorithm + "EnergyPerSampleJoule", last.perSample());
                step(String.format(Locale.ROOT, "       energy per training sample %.4g nJ: reads %.4g, A updates %.4g, "
                        + "transfers %.4g nJ (runs/%s/energy.png)", 1e9 * last.perSample().total(),
                        1e9 * last.reads().total() / last.samples(), 1e9 * last.updates().total() / last.samples(),
                        1e9 * last.transfers().total() / last.samples(), algorithm));
            }
        }
        TrainReport.plotAccuracy(dir.resolve("shd-vs-sgd.png"), "SHD vs analog SGD on asymmetric devices (tau = 0.5), 8x8 digits", runs);
        step("   (shd-vs-sgd.png)");
        return s;
    }

    /**
     * SHD of step 4 (whose run stands for the ideal wires) again with wires in every read and update, in the fast IR-drop mode, with its spot checks against the
     * exact solves (the exact mode itself takes minutes here: one nodal solve per pulse slot).
     */
    private Map<String, Object> wiresInTraining() {
        double wireOhm = 20;
        String base = "{\"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\", \"activation\": \"sigmoid\", \"epochs\": 5, "
                + "\"trainSamples\": 2000, \"testSamples\": 1000, \"device\": \"onen-softbounds\", \"tau\": 0.5, \"seed\": " + seed
                + ", \"algorithm\": \"shd\", \"learningRate\": 0.3, \"fastLearningRate\": 0.03";
        step(String.format(Locale.ROOT, "4b. IR drop in training: the SHD run of step 4 with %.0f ohm wire segments in every read "
                + "and update (arrays of 65 x 17 and 17 x 11 devices), fast IR-drop mode checked against exact solves", wireOhm));
        Map<String, String> circuits = new LinkedHashMap<>();
        circuits.put("ideal wires", ", \"energy\": true}"); // the run of step 4
        circuits.put("fast IR drop", ", \"irDrop\": true, \"wireOhm\": " + wireOhm + ", \"irDropMode\": \"fast\", "
                + "\"irDropCheckEvery\": 200}");
        Map<String, List<EpochMetrics>> runs = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        for (Map.Entry<String, String> circuit : circuits.entrySet()) {
            TrainConfig config = TrainConfig.parse(base + circuit.getValue(), "demo run with " + circuit.getKey());
            TrainingRun.Result result = train("shd-" + circuit.getKey().replace(" ", "-").toLowerCase(Locale.ROOT), config); // ideal wires: step 4's
            List<EpochMetrics> metrics = result.history();
            double seconds = result.seconds();
            runs.put(circuit.getKey(), metrics);
            double accuracy = 100 * metrics.get(metrics.size() - 1).testAccuracy();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("testAccuracyPercent", accuracy);
            run.put("seconds", seconds);
            String checks = "";
            if (config.checksIrDrop()) {
                IrDropCheck c = result.irDropCheck();
                run.put("irDropCheck", c);
                checks = "; " + c.summary();
            }
            s.put(circuit.getKey(), run);
            step(String.format(Locale.ROOT, "   %-13s test accuracy %.1f %% (%.1f s)%s", circuit.getKey(), accuracy, seconds, checks));
        }
        TrainReport.plotAccuracy(dir.resolve("irdrop-training.png"), String.format(Locale.ROOT,
                "SHD with and without %.0f ohm wires, 8x8 digits", wireOhm), runs);
        step("   (irdrop-training.png)");
        return s;
    }

    /**
     * Trains {@code config} as a run in {@code runs/name}, or returns the result of the same config trained earlier in
     * this demo (its folder is the earlier one's).
     */
    private TrainingRun.Result train(String name, TrainConfig config) {
        TrainingRun.Result earlier = trained.get(config);
        if (earlier != null) {
            return earlier;
        }
        TrainTest data = DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
        TrainingRun.Result result = TrainingRun.start(dir.resolve(RUNS).resolve(name), config, data)
                .run(new TrainRunFiles(), TrainingRun.SILENT);
        trained.put(config, result);
        return result;
    }

    /** SHD with every read and update in ngspice, beside its behavioral twin in lockstep; the divergence plot. */
    private Map<String, Object> spiceInTheLoop() {
        int steps = 40;
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"shd\", \"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\", "
                + "\"learningRate\": 0.1, \"testSamples\": 200, \"engine\": \"both\", \"irDrop\": true, \"wireOhm\": 2, "
                + "\"steps\": " + steps + ", \"seed\": " + seed + "}", "demo SPICE-in-the-loop run");
        step("5. SPICE in the loop: SHD 64-16-10 on 8x8 digits, " + steps + " steps with every read and pulse update in ngspice "
                + "(2 ohm wires, quasi-static updates), the behavioral model in lockstep");
        Path run = dir.resolve("spice-in-the-loop");
        TrainTest data = DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir(), config.trainSamples(),
                config.testSamples());
        try {
            TrainingRun.start(run, config, data).run(new TrainRunFiles(), new ProgressBars(console));
            JsonNode summary = ResultFiles.json().readTree(run.resolve(TrainRunFiles.SUMMARY).toFile());
            step(String.format(Locale.ROOT, "   after %d steps: RMS weight difference ngspice - behavioral %.2e / %.2e of the range "
                    + "(layer 1 / 2; A arrays %.2e / %.2e), %.2f s per step for both engines; spice-in-the-loop/divergence.png",
                    steps, summary.at("/finalWeightRmsDiff/0").asDouble(), summary.at("/finalWeightRmsDiff/1").asDouble(),
                    summary.at("/finalFastWeightRmsDiff/0").asDouble(), summary.at("/finalFastWeightRmsDiff/1").asDouble(),
                    summary.get("trainSeconds").asDouble() / steps));
            return ResultFiles.json().convertValue(summary, Map.class);
        } catch (IOException e) {
            throw new XbarspiceException("the SPICE-in-the-loop run could not write its results in " + run + ": " + e.getMessage(), e);
        }
    }

    private double elapsed() {
        return (System.nanoTime() - start) * 1e-9;
    }

    private void step(String text) {
        console.printf(Locale.ROOT, "[%6.1f s] %s%n", elapsed(), text);
    }
}
