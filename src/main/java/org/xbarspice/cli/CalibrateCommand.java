package org.xbarspice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xbarspice.calibrate.CalibrationSetup;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.AnalysisProgress;
import org.xbarspice.report.CalibrationReport;
import org.xbarspice.report.CalibrationRun;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xbarspice calibrate}: fits the behavioral model to SPICE experiments on an array with wires. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Runs SPICE experiments on an array with wires (quasi-static mode: single-device pulse responses at the "
                + "corners and the centre, stochastic updates of the whole array), fits the behavioral step law, its dw_min "
                + "device-to-device spread and a position model of the IR-drop attenuation, reports the residuals before "
                + "and after on held-out updates, and writes a preset that train --device accepts. The drivers are ideal: "
                + "the position model has no term for their drop. A fit that does not converge writes nothing (exit 1).")
final class CalibrateCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Option(names = "--device", defaultValue = "onen-softbounds", description = "Nominal device preset id or JSON file, of a linear law (soft-bounds, linear-step, constant-step). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--rows", defaultValue = "16", description = "Rows N (2..128; not 2 x 2). Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--cols", defaultValue = "16", description = "Columns M (2..128; not 2 x 2). Default: ${DEFAULT-VALUE}.")
    int cols;

    @Option(names = "--wire-r", required = true, paramLabel = "OHM", description = "Wire segment resistance (ohm).")
    double wireOhm;

    @Option(names = "--bl", defaultValue = "31", description = "Pulse slots per stochastic update (1..64). Default: ${DEFAULT-VALUE}.")
    int bl;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate of the stochastic updates. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--fit-updates", defaultValue = "24", paramLabel = "N", description = "Stochastic updates the fit uses (1..1000). Default: ${DEFAULT-VALUE}.")
    int fitUpdates;

    @Option(names = "--held-out-updates", defaultValue = "12", paramLabel = "N",
            description = "Stochastic updates held out from the fit, one fixed x, d (1..1000). Default: ${DEFAULT-VALUE}.")
    int heldOutUpdates;

    @Option(names = "--pulses", defaultValue = "400", paramLabel = "N",
            description = "Pulses each way in each single-device pulse response (1..100000). Default: ${DEFAULT-VALUE}.")
    int pulses;

    @Option(names = "--chunk", defaultValue = "40", paramLabel = "N",
            description = "Pulse-response pulses per SPICE run, one recorded weight each (1..64). Default: ${DEFAULT-VALUE}.")
    int chunk;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the device sample, weights, x, d and pulse trains. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-iterations", defaultValue = "200", paramLabel = "N",
            description = "Iteration limit of each Levenberg-Marquardt fit (1..100000). Default: ${DEFAULT-VALUE}.")
    int maxIterations;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Write the calibrated preset here, and beside it FILE.report.json and the plots FILE.pulse-response.png, "
                    + "FILE.attenuation.png, FILE.attenuation-measured.png.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report (what --out writes as "
            + "FILE.report.json) to this file too, or alone without --out.")
    Path json;

    @Override
    public Integer call() {
        ResultFiles.outputs().preset("--device", device).filesOf("--out", out, CalibrationReport::files).file("--json", json);
        timeout.apply();
        CalibrationSetup setup = new CalibrationSetup(DevicePresets.load(device), rows, cols, wireOhm, bl, lr,
                fitUpdates, heldOutUpdates, pulses, chunk, seed, maxIterations);
        PrintWriter console = new PrintWriter(System.out, true);
        try (NgSpiceEngine spice = NgSpiceEngine.open(1); AnalysisProgress progress = new AnalysisProgress(System.out)) {
            CalibrationRun.run(spice, setup, out, json, console, progress);
        }
        return 0;
    }
}
