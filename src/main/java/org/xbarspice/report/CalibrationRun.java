package org.xbarspice.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.calibrate.Calibration;
import org.xbarspice.calibrate.CalibrationData;
import org.xbarspice.calibrate.CalibrationSetup;
import org.xbarspice.calibrate.Calibrator;
import org.xbarspice.calibrate.SpiceExperiments;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.spice.SpiceEngine;

/** A calibration as a library call: the SPICE experiments, the fit, the printed tables and the files. */
public final class CalibrationRun {
    private CalibrationRun() {
    }

    /**
     * Runs a calibration, prints its tables and writes its files (nothing when the fit fails); refused before any work
     * where they would replace an earlier calibration's ({@link CalibrationReport#requireNew}).
     *
     * @param preset   where the preset goes (null: no preset, report or plots)
     * @param report   where a copy of the report goes (null: none)
     * @param progress where the SPICE experiments show their progress (a bar each, the nominal devices' and the sampled
     *                 array's, when they last)
     * @return the report document
     */
    public static Map<String, Object> run(SpiceEngine spice, CalibrationSetup setup, Path preset, Path report,
                                          PrintWriter console, AnalysisProgress progress) {
        if (preset != null) {
            CalibrationReport.requireNew(preset);
        }
        console.printf(Locale.ROOT, "calibrating %s on a %d x %d array, %.3g ohm wires, ideal drivers (quasi-static SPICE) ...%n",
                setup.preset().id(), setup.rows(), setup.cols(), setup.wireOhm());
        long t0 = System.nanoTime();
        // the step law and the position model from the nominal devices, the spread from the array sampled with it
        progress.next("SPICE experiments");
        CalibrationData data = SpiceExperiments.run(spice, setup.withoutDeviceSpread(), progress);
        CalibrationData sampled = null;
        if (setup.hasDeviceSpread()) {
            progress.end();
            console.println("  and the same experiments on the array sampled with the preset's device-to-device spread ...");
            progress.next("SPICE experiments, sampled array");
            sampled = SpiceExperiments.run(spice, setup, progress);
        }
        progress.end();
        long t1 = System.nanoTime();
        Calibration c = Calibrator.fit(data, sampled, setup.preset(), setup.maxIterations());
        long t2 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("spice", (t1 - t0) * 1e-9);
        seconds.put("fit", (t2 - t1) * 1e-9);
        Map<String, Object> doc = CalibrationReport.document(setup, data, c, seconds);
        print(c, seconds, console);
        console.println(lawLine(c.preset().model()));
        if (preset != null) {
            CalibrationReport.write(preset, setup, data, c, seconds);
            console.println("wrote " + preset + " (preset" + (setup.wireOhm() == 0 ? ": its fitted steps only, no position "
                    + "model, which describes the wires' drop (calibrate with --wire-r OHM > 0 for one)" : "") + "), "
                    + CalibrationReport.sibling(preset, CalibrationReport.REPORT) + " and the plots beside it");
        }
        if (report != null) {
            ResultFiles.writeJson(report, doc);
            console.println("wrote " + report + " (the report)");
        }
        if (preset == null && report == null) {
            console.println("no file written: give --out FILE.json to keep the calibrated preset, its report and plots");
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
        // the misfit of a two-coefficient model is systematic, not noise: 16 x 16 at 20 ohm, seeds 1-4, c1 0.01755 to
        // 0.01881 against +- 1.0e-4 each
        console.println("fitted values (one sigma of the fit to these experiments, which other draws (--seed) move by several "
                + "sigma; nominal):");
        for (Calibration.Estimate e : c.estimates()) {
            console.printf(Locale.ROOT, "  %-38s %12.6g +- %-10.3g (%.6g) %s%n", e.name(), e.value(), e.sigma(), e.nominal(),
                    e.unit());
        }
    }

    /**
     * One line on the calibrated preset's law: its type, array-average step (weight units) and bounds, and a linear
     * step's gammas with the bounds they are taken over (a soft-bounds device calibrates to gammas near 1 over each
     * device's own bounds: the IR drop steepens its steps, while SPICE's states keep the nominal bounds).
     */
    static String lawLine(DeviceModel model) {
        String law = String.format(Locale.ROOT, "calibrated law: %s, dw_min %.5g (array average), bounds [%.4g, %.4g]",
                model.type(), model.dwMin(), model.wMin(), model.wMax());
        if (model instanceof LinearStepDevice linear) {
            law += String.format(Locale.ROOT, ", gammas %.5g up and %.5g down over %s bounds", linear.gammaUp(),
                    linear.gammaDown(), linear.slopesAtOwnBounds() ? "each device's own" : "the nominal");
        }
        return law;
    }

    /** Where the demo's calibration writes its preset in {@code dir} (its report and plots beside it). */
    static Path demoPreset(Path dir) {
        return dir.resolve("calibration-16x16.json");
    }

    /**
     * The demo's calibration step: a 16 x 16 array with 20 ohm wires, default experiments, files
     * {@code calibration-16x16.json} (+ report, plots) in {@code dir}; prints the before/after error.
     *
     * @return the figures for the demo summary
     */
    public static Map<String, Object> demo(SpiceEngine spice, Path dir, PrintWriter console, AnalysisProgress progress) {
        CalibrationSetup setup = CalibrationSetup.defaults(DevicePresets.load("onen-softbounds"), 16, 16, 20);
        Map<String, Object> doc = run(spice, setup, demoPreset(dir), null, console, progress);
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
