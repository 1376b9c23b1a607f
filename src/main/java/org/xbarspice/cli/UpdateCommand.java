package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.report.AnalysisProgress;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ArrayUpdate;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

        /** The library's engines this choice runs, in the order they run. */
        List<ArrayUpdate.Engine> engines() {
            return this == ALL ? List.of(ArrayUpdate.Engine.values()) : List.of(ArrayUpdate.Engine.valueOf(name()));
        }

        /** The command-line name ({@link Main#flagName}). */
        @Override
        public String toString() {
            return Main.flagName(this);
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

    @Option(names = "--engine", defaultValue = "all",
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
        // a mode given changes nothing there, exact too (the default, so it was taken in silence where fast was refused)
        boolean modeGiven = Main.given(spec, "--ir-drop-mode") != null;
        if (modeGiven && wireOhm == 0 && driverOhm == 0) {
            throw new InvalidInputException("--ir-drop-mode " + irDropMode + " has no effect without wire or driver "
                    + "resistance: the update is then exact at no cost; give --wire-r OHM or --driver-r OHM, or leave the mode out");
        }
        if (modeGiven && engine != UpdateEngine.BEHAVIORAL && engine != UpdateEngine.ALL) {
            throw new InvalidInputException("--ir-drop-mode " + irDropMode + " has no effect with the " + engine
                    + " engine: it sets how the behavioral engine solves the wires; use --engine behavioral or all");
        }
        DevicePreset preset = DevicePresets.load(device);
        PulseShape pulse = pulseOptions.pulse(preset.spice());
        UpdateCircuit circuit = new UpdateCircuit(rows, cols, wireOhm, driverOhm, pulse,
                slotSecond != null ? slotSecond : 2 * pulse.durationSecond());
        ArrayUpdate.Setup setup = new ArrayUpdate.Setup(circuit, preset, lr, bl, mode, seed);
        if (engine == UpdateEngine.TRANSIENT || engine == UpdateEngine.ALL) {
            // up to four polarity phases of bl slots each
            String slow = pulse.slowTransient(4L * bl, "the transient takes as long; use --engine quasi-static, or raise --rise");
            if (slow != null) {
                spec.commandLine().getErr().println("warning: " + slow);
            }
        }
        ArrayUpdate.Result result;
        try (NgSpiceEngine spice = usesSpice() ? NgSpiceEngine.open(1) : null;
             AnalysisProgress progress = new AnalysisProgress(System.out)) {
            result = ArrayUpdate.run(setup, engine.engines(), spice == null ? null : SpiceEngine.reporting(spice, progress),
                    name -> {
                        progress.next(name); // a bar for a SPICE engine's analysis that lasts
                        System.out.printf(Locale.ROOT, "running %s ...%n", name);
                    });
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rows", rows);
        doc.put("cols", cols);
        doc.put("bl", bl);
        doc.put("lr", lr);
        doc.put("seed", seed);
        doc.put("device", preset.id());
        doc.put("pulse", pulse);
        doc.put("slotSecond", circuit.slotSecond());
        doc.put("wireResistanceOhm", wireOhm);
        doc.put("driverResistanceOhm", driverOhm);
        doc.put("irDropMode", mode.id());
        doc.put("x", result.x());
        doc.put("d", result.d());
        doc.put("deltaWeights", result.deltaWeights());
        doc.put("seconds", result.seconds());
        doc.put("energyJoule", result.energyJoule());
        doc.put("latencySecond", result.latencySecond());
        doc.put("maxAbsDiff", result.maxAbsDiff());
        doc.put("halfSelectMaxChange", result.halfSelectMaxChange());
        doc.put("warnings", result.warnings());
        if (result.irDropCheck() != null) {
            doc.put("irDropCheck", result.irDropCheck());
        }
        if (json != null) {
            ResultFiles.writeJson(json, doc);
        }
        System.out.printf(Locale.ROOT, "%dx%d update, BL %d, Vp %.3g V, wire %.3g ohm, driver %.3g ohm, %d active slot(s)%n",
                rows, cols, bl, pulse.amplitudeVolt(), wireOhm, driverOhm, result.pulses().activeSlots().size());
        result.seconds().forEach((name, s) -> System.out.printf(Locale.ROOT, "  %-13s %.3f s, largest |dw| %.3e%n", name, s,
                maxAbs(result.deltaWeights().get(name))));
        result.energyJoule().forEach((name, e) -> System.out.printf(Locale.ROOT, "  %-13s energy %.4g pJ (devices %.4g, "
                + "wires %.4g, drivers %.4g pJ), every firing slot%n", name, 1e12 * e.total(), 1e12 * e.devices(),
                1e12 * e.wires(), 1e12 * e.drivers()));
        IrDropCheck check = result.irDropCheck();
        if (check != null) {
            System.out.printf(Locale.ROOT, "  behavioral    %s mode against the exact IR-drop update: step error %.2g %% mean, %.2g %% "
                    + "worst (%.2g %% of a nominal step) over %d devices%s%n", mode.id(), 100 * check.meanStepError(),
                    100 * check.maxStepError(), 100 * check.maxStepErrorOfNominal(), check.devicesChecked(),
                    check.updateEnergyChecks() == 0 ? "" : String.format(Locale.ROOT, "; energy split within %.2g of the delivered, the "
                            + "wires' %.2g %% and the drivers' %.2g %% of their own", check.maxUpdateEnergyError(),
                            100 * check.maxUpdateWireEnergyError(), 100 * check.maxUpdateDriverEnergyError()));
        }
        System.out.printf(Locale.ROOT, "  latency %.4g us (%d phase(s) x BL %d x slot %.3g s)%n",
                1e6 * result.latencySecond(), result.pulses().phases().size(), bl, circuit.slotSecond());
        result.maxAbsDiff().forEach((pair, v) -> System.out.printf(Locale.ROOT, "  maxAbsDiff %s = %.3e%n", pair, v));
        System.out.printf(Locale.ROOT, "  halfSelectMaxChange = %.3e of the weight range%n", result.halfSelectMaxChange());
        for (String warning : result.warnings()) {
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
