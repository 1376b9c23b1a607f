package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Sense;
import org.xbarspice.report.AnalysisProgress;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ReadReport;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.tile.ReadOptions;
import picocli.CommandLine.Command;
import org.xbarspice.units.Checks;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice read}: a vector-matrix product through a random array, in ngspice and/or the behavioral model. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read random input vectors through a random crossbar (conductances uniform in the device's "
                + "[Gmin, Gmax], inputs uniform in [-V_read, V_read]) with ngspice, the behavioral model, or both.")
final class ReadCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Mixin
    CircuitOptions circuitOptions;

    @Mixin
    ReadCaseOptions caseOptions;

    @Mixin
    PeripheralOptions peripheralOptions;

    @Option(names = "--engine", defaultValue = "both", description = "ngspice | behavioral | both. Default: ${DEFAULT-VALUE}.")
    EngineChoice engine;

    @Mixin
    PeripheryOption periphery;

    @Option(names = "--solver-threads", paramLabel = "N", defaultValue = "1",
            description = "Threads of each behavioral nodal solve with wires: 1, or 2 (from 256 x 256 crosspoints on, every "
                    + "step of the solve split with a helper thread that spins between the steps, so it needs a free "
                    + "core; the currents are the same bit for bit). Default: ${DEFAULT-VALUE}.")
    int solverThreads;

    @Option(names = "--ir-drop-mode", defaultValue = "exact",
            description = "exact | fast: how the behavioral engine solves the wires and drivers, as in train. fast reads "
                    + "through the effective transfer matrix, computed from one unit solve per line of the shorter side "
                    + "(it pays from about that many vectors on), and checks its first vector against the exact solve "
                    + "(printed, and irDropCheck in --json). Default: ${DEFAULT-VALUE}.")
    String irDropMode;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full result as JSON.")
    Path json;

    @Option(names = "--energy-plot", paramLabel = "FILE.png",
            description = "Write the energy per input vector of each engine as stacked bars (devices, wires, drivers, DAC, "
                    + "ADC, sense).")
    Path energyPlot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResultFiles.outputs().input("--array", caseOptions.array).preset("--device", caseOptions.device)
                .preset("--periphery", periphery.preset).file("--json", json).png("--energy-plot", energyPlot);
        Checks.inRange("--solver-threads", solverThreads, 1, 2);
        String threads = Main.given(spec, "--solver-threads");
        if (threads != null && !engine.usesBehavioral()) {
            throw new InvalidInputException(threads + " has no effect with --engine ngspice: it sets the behavioral solve; "
                    + "add --engine behavioral or both, or drop --solver-threads");
        }
        timeout.apply(engine.usesNgspice());
        CrossbarCircuit logical = circuitOptions.circuit(caseOptions.array, caseOptions.differential);
        if (threads != null && logical.wireOhm() == 0 && logical.driverOhm() == 0 && logical.sense() instanceof Sense.Ideal) {
            throw new InvalidInputException(threads + " has no effect without wire or driver resistance: the behavioral read "
                    + "of that circuit is a product, with no nodal solve to split; give --wire-r or --driver-r, or drop "
                    + "--solver-threads");
        }
        // the calibrated mode is known (and refused with its reason: it changes updates only), not offered
        IrDrop.Mode mode = Ids.match(irDropMode, List.of(IrDrop.Mode.values()), IrDrop.Mode::id).orElseThrow(() ->
                new InvalidInputException("irDropMode = " + Ids.unknown(irDropMode, List.of(IrDrop.Mode.EXACT,
                        IrDrop.Mode.FAST), IrDrop.Mode::id)));
        boolean modeGiven = Main.given(spec, "--ir-drop-mode") != null; // exact, the default, too: it was taken in silence
        if (modeGiven && logical.wireOhm() == 0 && logical.driverOhm() == 0) {
            throw new InvalidInputException("--ir-drop-mode = " + irDropMode + " has no effect without wire or driver "
                    + "resistance: the read is then exact at no cost; give wire or driver resistance (--wire-r OHM or "
                    + "--driver-r OHM), or drop --ir-drop-mode");
        }
        if (modeGiven && !engine.usesBehavioral()) {
            throw new InvalidInputException("--ir-drop-mode = " + irDropMode + " has no effect with --engine ngspice: it "
                    + "sets how the behavioral engine solves the wires; add --engine behavioral or both");
        }
        CrossbarCircuit circuit = caseOptions.physical(logical);
        ReadOptions peripherals = peripheralOptions.peripherals();
        ReadReport.Cost cost = new ReadReport.Cost(periphery.costModel(peripherals.adcBits()), periphery.preset,
                peripherals.dacBits(), peripherals.adcBits(), peripheralOptions.fullScaleAmpere(), circuitOptions.readVolt);
        ReadCase draw = caseOptions.readCase(logical, circuitOptions.readVolt, peripherals.outputNoise() > 0,
                !peripherals.isIdeal(), cost, engine.usesNgspice());
        ReadComparison.Setup setup = new ReadComparison.Setup(circuit, draw, caseOptions.differential, peripherals,
                circuitOptions.readVolt, peripheralOptions.fullScaleAmpere(), mode, solverThreads, caseOptions.seed);
        ReadComparison.Result result;
        if (engine.usesNgspice()) {
            try (NgSpiceEngine spice = NgSpiceEngine.open(1); AnalysisProgress progress = new AnalysisProgress(System.out)) {
                progress.next("ngspice read"); // ngspice reads first, and the behavioral engine reports nothing
                result = ReadComparison.run(setup, true, engine.usesBehavioral(), SpiceEngine.reporting(spice, progress));
            }
        } else {
            result = ReadComparison.run(setup, false, true, null);
        }
        Map<String, ReadComparison.EngineOutput> outputs = result.outputs();
        IrDropCheck fastRead = result.fastRead();
        ReadReport report = ReadReport.of(circuit, caseOptions.differential, draw, outputs, cost);
        if (json != null) {
            ResultFiles.writeJson(json, report.toJson(mode, fastRead));
        }
        System.out.println(report.summary());
        if (fastRead != null) {
            // a first vector of zeros has no IR drop to check: the line read "error 0.00 (the IR drop itself 0.00)"
            String check = fastRead.maxReadEffect() == 0 ? "the first vector drives no line, so its check against the "
                    + "exact solve shows nothing" : String.format(Locale.ROOT, "first vector against the exact solve: error "
                    + "%.3g of full scale (the IR drop itself %.3g)", fastRead.maxReadError(), fastRead.maxReadEffect());
            System.out.printf(Locale.ROOT, "fast IR-drop reads: %d transfer matrix computation(s), %d vector(s) solved "
                    + "exactly; %s%n", fastRead.refreshes(), fastRead.exactReads(), check);
        }
        for (String warning : report.warnings()) {
            spec.commandLine().getErr().println("warning: " + warning);
        }
        if (json != null) {
            System.out.println("wrote " + json);
        }
        if (energyPlot != null) {
            Map<String, EnergyBreakdown> bars = new LinkedHashMap<>();
            for (String engine : outputs.keySet()) {
                bars.put(engine, report.energyPerVector(engine));
            }
            Plots.energyBars(energyPlot, String.format(Locale.ROOT, "Energy of one read, %dx%d, %s ohm wires (%s)",
                    circuit.rows(), circuit.cols(), circuit.wireOhm(), cost.periphery()), bars);
            System.out.println("wrote " + energyPlot);
        }
        return 0;
    }
}
