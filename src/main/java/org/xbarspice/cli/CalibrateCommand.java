package org.xbarspice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.calibrate.Calibration;
import org.xbarspice.calibrate.CalibrationData;
import org.xbarspice.calibrate.CalibrationSetup;
import org.xbarspice.calibrate.Calibrator;
import org.xbarspice.calibrate.SpiceExperiments;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.CalibrationReport;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xbarspice calibrate}: fits the behavioral model to SPICE experiments on an array with wires. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Runs SPICE experiments on an array with wires (quasi-static mode: single-device pulse responses at the "
                + "corners and the centre, stochastic updates of the whole array), fits the behavioral step law, its dw_min "
                + "device-to-device spread and a position model of the IR-drop attenuation, reports the residuals before "
                + "and after on held-out updates, and writes a preset that train --device accepts. A fit that does not "
                + "converge writes nothing (exit 1).")
final class CalibrateCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Option(names = "--device", defaultValue = "onen-softbounds", description = "Nominal device preset id or JSON file. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--rows", defaultValue = "16", description = "Rows N (2..128). Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--cols", defaultValue = "16", description = "Columns M (2..128). Default: ${DEFAULT-VALUE}.")
    int cols;

    @Option(names = "--wire-r", required = true, paramLabel = "OHM", description = "Wire segment resistance (ohm).")
    double wireOhm;

    @Option(names = "--driver-r", defaultValue = "0", paramLabel = "OHM", description = "Driver output resistance (ohm). Default: ${DEFAULT-VALUE}.")
    double driverOhm;

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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report (as FILE.report.json) to FILE.")
    Path json;

    @Override
    public Integer call() {
        timeout.apply();
        requireDistinctOutputs(out, json);
        CalibrationSetup setup = new CalibrationSetup(DevicePresets.load(device), rows, cols, wireOhm, driverOhm, bl, lr,
                fitUpdates, heldOutUpdates, pulses, chunk, seed, maxIterations);
        PrintWriter console = new PrintWriter(System.out, true);
        try (NgSpiceEngine spice = NgSpiceEngine.open(1)) {
            run(spice, setup, out, json, console);
        }
        return 0;
    }

    /**
     * Refuses (exit 2, before anything runs) a report path that is the preset or one of the files written beside it,
     * which the report would overwrite.
     */
    static void requireDistinctOutputs(Path preset, Path report) {
        if (preset == null || report == null) {
            return;
        }
        Path target = report.toAbsolutePath().normalize();
        for (Path written : CalibrationReport.files(preset)) {
            if (written.toAbsolutePath().normalize().equals(target)) {
                throw new InvalidInputException("--json " + report + " is the same file as " + written + ", which --out " + preset
                        + " writes: give --json another path, or leave it out (the report is written beside the preset as "
                        + CalibrationReport.sibling(preset, CalibrationReport.REPORT).getFileName() + ")");
            }
        }
    }

    /**
     * Runs a calibration, prints its tables and writes its files (nothing when the fit fails).
     *
     * @param preset where the preset goes (null: no preset, report or plots)
     * @param report where a copy of the report goes (null: none)
     * @return the report document
     */
    static Map<String, Object> run(SpiceEngine spice, CalibrationSetup setup, Path preset, Path report, PrintWriter console) {
        console.printf(Locale.ROOT, "calibrating %s on a %d x %d array, %.3g ohm wires, %.3g ohm drivers (quasi-static SPICE) ...%n",
                setup.preset().id(), setup.rows(), setup.cols(), setup.wireOhm(), setup.driverOhm());
        long t0 = System.nanoTime();
        CalibrationData data = SpiceExperiments.run(spice, setup);
        long t1 = System.nanoTime();
        Calibration c = Calibrator.fit(data, setup.preset(), setup.maxIterations());
        long t2 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("spice", (t1 - t0) * 1e-9);
        seconds.put("fit", (t2 - t1) * 1e-9);
        Map<String, Object> doc = CalibrationReport.document(setup, data, c, seconds);
        print(c, seconds, console);
        if (preset != null) {
            CalibrationReport.write(preset, setup, data, c, seconds);
            console.println("wrote " + preset + " (preset), " + CalibrationReport.sibling(preset, CalibrationReport.REPORT)
                    + " and the plots beside it");
        }
        if (report != null) {
            ResultFiles.writeJson(report, doc);
        }
        return doc;
    }

    private static void print(Calibration c, Map<String, Double> seconds, PrintWriter console) {
        console.printf(Locale.ROOT, "SPICE %.2f s, fit %.2f s (%d Levenberg-Marquardt iterations)%n", seconds.get("spice"),
                seconds.get("fit"), c.iterations());
        console.println("residuals, RMS of predicted - SPICE weight in % of the weight range:");
        console.printf(Locale.ROOT, "  %-40s %7s %9s %10s %9s %10s %11s%n", "experiment", "points", "nominal", "calibrated",
                "preset", "perDevice", "SPICE change");
        for (Calibration.ResidualRow r : c.residuals()) {
            console.printf(Locale.ROOT, "  %-40s %7d %9.4f %10.4f %9.4f %10.4f %11.4f%n", r.experiment(), r.points(),
                    100 * r.nominal(), 100 * r.calibrated(), 100 * r.preset(), 100 * r.perDevice(), 100 * r.spiceRms());
        }
        console.println("fitted values (one sigma; nominal):");
        for (Calibration.Estimate e : c.estimates()) {
            console.printf(Locale.ROOT, "  %-38s %12.6g +- %-10.3g (%.6g) %s%n", e.name(), e.value(), e.sigma(), e.nominal(),
                    e.unit());
        }
    }

    /**
     * The demo's calibration step: a 16 x 16 array with 20 ohm wires, default experiments, files
     * {@code calibration-16x16.json} (+ report, plots) in {@code dir}; prints the before/after error.
     *
     * @return the figures for the demo summary
     */
    static Map<String, Object> demo(SpiceEngine spice, Path dir, PrintWriter console) {
        CalibrationSetup setup = CalibrationSetup.defaults(DevicePresets.load("onen-softbounds"), 16, 16, 20);
        Map<String, Object> doc = run(spice, setup, dir.resolve("calibration-16x16.json"), null, console);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : new String[] {"heldOutRmsNominal", "heldOutRmsAfter", "heldOutRmsPreset", "heldOutRmsChange", "seconds"}) {
            summary.put(key, doc.get(key));
        }
        console.printf(Locale.ROOT, "calibration 16x16, 20 ohm wires: held-out per-device change predicted within %.3f %% of the"
                + " weight range (nominal model: %.3f %%)%n", 100 * (double) doc.get("heldOutRmsAfter"),
                100 * (double) doc.get("heldOutRmsNominal"));
        return summary;
    }
}
