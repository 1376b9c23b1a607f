package org.xbarspice.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.calibrate.Calibration;
import org.xbarspice.calibrate.CalibrationData;
import org.xbarspice.calibrate.CalibrationSetup;
import org.xbarspice.calibrate.Calibrator;
import org.xbarspice.units.InvalidInputException;

/**
 * The files of a calibration: the preset {@code FILE.json} and beside it {@code FILE.report.json} (setup, fitted values
 * with uncertainties, residual table, maps), {@code FILE.pulse-response.png} (SPICE vs fitted vs nominal, and SPICE
 * less fitted in a panel below) and
 * {@code FILE.attenuation.png} / {@code FILE.attenuation-measured.png} (fitted and per-device step attenuation). Every
 * file is written atomically, the preset last.
 */
public final class CalibrationReport {
    /** Suffixes of the files written beside a preset FILE.json (FILE.report.json, ...). */
    public static final String REPORT = ".report.json";
    private static final String PULSE_RESPONSE_PLOT = ".pulse-response.png";
    private static final String ATTENUATION_PLOT = ".attenuation.png";
    private static final String MEASURED_ATTENUATION_PLOT = ".attenuation-measured.png";

    private CalibrationReport() {
    }

    /** The report document (JSON-ready map). */
    public static Map<String, Object> document(CalibrationSetup setup, CalibrationData data, Calibration c,
                                               Map<String, Double> seconds) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("device", setup.preset().id());
        doc.put("rows", setup.rows());
        doc.put("cols", setup.cols());
        doc.put("wireResistanceOhm", setup.wireOhm());
        doc.put("bl", setup.bl());
        doc.put("lr", setup.lr());
        doc.put("fitUpdates", setup.fitUpdates());
        doc.put("heldOutUpdates", setup.heldOutUpdates());
        doc.put("responsePulses", setup.responsePulses());
        doc.put("responseChunk", setup.chunk());
        doc.put("seed", setup.seed());
        doc.put("spiceMode", "quasi-static");
        Calibration.ResidualRow heldOut = c.residual(Calibrator.HELD_OUT_ACCUMULATED);
        doc.put("heldOutRmsNominal", heldOut.nominal());
        doc.put("heldOutRmsAfter", heldOut.calibrated());
        doc.put("heldOutRmsPreset", heldOut.preset());
        doc.put("heldOutRmsChange", heldOut.spiceRms());
        // with a device-to-device spread the figures above are the nominal devices' (the position model's own error);
        // the array sampled with the spread, where only each device's own factor follows the draws:
        Calibration.ResidualRow sampled = c.residuals().stream()
                .filter(r -> r.experiment().equals(Calibrator.SAMPLED_HELD_OUT_ACCUMULATED)).findFirst().orElse(null);
        if (sampled != null) {
            doc.put("sampledHeldOutRmsNominal", sampled.nominal());
            doc.put("sampledHeldOutRmsAfter", sampled.calibrated());
            doc.put("sampledHeldOutRmsPreset", sampled.preset());
            doc.put("sampledHeldOutRmsPerDevice", sampled.perDevice());
            doc.put("sampledHeldOutRmsChange", sampled.spiceRms());
        }
        doc.put("residualUnit", "RMS of predicted - SPICE weight, fraction of the nominal weight range");
        doc.put("residuals", c.residuals());
        doc.put("positionModel", "V(i,j)/Vp = 1 - c1 U - c2 P, U = sM u + sN v, P = (sM u)^2 + (sN v)^2 "
                + "+ 2 ((1 - sM) sM u + (1 - sN) sN v), u = (j + 1) / M, v = (N - i) / N, sM = M / sqrt(N M), sN = N / sqrt(N M) "
                + "(on a square array 1 - c1 (u + v) - c2 (u^2 + v^2)); step at V from the compact device");
        Map<String, Object> fitted = new LinkedHashMap<>();
        for (Calibration.Estimate e : c.estimates()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", e.value());
            entry.put("sigma", e.sigma());
            entry.put("nominal", e.nominal());
            entry.put("unit", e.unit());
            fitted.put(e.name(), entry);
        }
        doc.put("fitted", fitted);
        doc.put("preset", c.presetWithPosition(setup.rows(), setup.cols(), setup.wireOhm()));
        doc.put("iterations", c.iterations());
        doc.put("evaluations", c.evaluations());
        doc.put("stepAttenuation", c.stepAttenuation());
        doc.put("measuredStepAttenuation", c.measuredAttenuation());
        doc.put("deviceFactors", c.deviceFactors());
        List<Map<String, Object>> curves = new ArrayList<>();
        for (int p = 0; p < data.curves().size(); p++) {
            CalibrationData.ResponseCurve curve = data.curves().get(p);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("row", curve.row());
            entry.put("col", curve.col());
            entry.put("pulseNumber", pulseNumbers(curve));
            entry.put("spice", curve.weights());
            entry.put("fitted", c.fittedResponse(p, curve));
            entry.put("nominal", Calibrator.curve(curve, c.nominal(), c.nominal().du(), c.nominal().dd()));
            curves.add(entry);
        }
        doc.put("pulseResponses", curves);
        doc.put("seconds", seconds);
        return doc;
    }

    /**
     * Writes the plots, the report and then the preset ({@code preset} = FILE.json); nothing is written before the
     * calibration is complete, so a failed fit leaves no files.
     */
    public static void write(Path preset, CalibrationSetup setup, CalibrationData data, Calibration c,
                             Map<String, Double> seconds) {
        writePlots(preset, setup, data, c);
        ResultFiles.writeJson(sibling(preset, REPORT), document(setup, data, c, seconds));
        ResultFiles.writeJson(preset, c.presetWithPosition(setup.rows(), setup.cols(), setup.wireOhm()));
    }

    /** Every file {@link #write} writes for {@code preset}: the preset, its report and its plots. */
    public static List<Path> files(Path preset) {
        return List.of(preset, sibling(preset, REPORT), sibling(preset, PULSE_RESPONSE_PLOT), sibling(preset, ATTENUATION_PLOT),
                sibling(preset, MEASURED_ATTENUATION_PLOT));
    }

    /**
     * Refuses, before any work, a preset path whose calibration would replace an earlier one's files ({@link #files}), or
     * one named as the report of another preset ({@code *}{@value #REPORT}).
     */
    public static void requireNew(Path preset) {
        String name = preset.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(REPORT)) {
            throw new InvalidInputException("--out " + preset + " is named as a calibration's report (" + REPORT
                    + "), which calibrate writes beside the preset: give the preset's own name, e.g. "
                    + preset.resolveSibling(name.substring(0, name.length() - REPORT.length()) + ".json"));
        }
        List<String> held = heldFiles(preset);
        if (!held.isEmpty()) {
            throw new InvalidInputException("--out " + preset + ": " + String.join(", ", held) + (held.size() == 1
                    ? " exists" : " exist") + " (an earlier calibration's), which this one would replace: give another --out, "
                    + "or remove " + (held.size() == 1 ? "it" : "them"));
        }
    }

    /** The names of the files of a calibration to {@code preset} ({@link #files}) that exist already. */
    static List<String> heldFiles(Path preset) {
        return files(preset).stream().filter(Files::exists).map(p -> p.getFileName().toString()).toList();
    }

    /** FILE.json -> FILE + suffix, in the same folder. */
    public static Path sibling(Path preset, String suffix) {
        String name = preset.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return preset.resolveSibling(base + suffix);
    }

    /**
     * The pulse-response plot's lines: per device its SPICE curve (dots) and fitted curve, then the nominal model's;
     * and below them the residuals, SPICE - fitted. A device's lines and residual share one colour, its index among the
     * curves; the nominal line takes the next.
     */
    public record ResponsePlot(List<Plots.Series> curves, List<Plots.Series> residuals) {
    }

    /** The {@link ResponsePlot} of a calibration's pulse responses. */
    public static ResponsePlot responsePlot(CalibrationData data, Calibration c) {
        List<Plots.Series> series = new ArrayList<>();
        List<Plots.Series> residuals = new ArrayList<>();
        int devices = data.curves().size();
        for (int p = 0; p < devices; p++) {
            CalibrationData.ResponseCurve curve = data.curves().get(p);
            double[] x = pulseNumbers(curve);
            String at = "(" + curve.row() + ", " + curve.col() + ")";
            double[] fitted = c.fittedResponse(p, curve);
            series.add(new Plots.Series("SPICE " + at, x, curve.weights(), true).inColour(p));
            series.add(new Plots.Series("fitted " + at, x, fitted, false).inColour(p));
            residuals.add(Plots.Series.difference("SPICE - fitted " + at, x, curve.weights(), fitted).inColour(p));
        }
        CalibrationData.ResponseCurve first = data.curves().get(0);
        series.add(new Plots.Series("nominal", pulseNumbers(first),
                Calibrator.curve(first, c.nominal(), c.nominal().du(), c.nominal().dd()), false).inColour(devices));
        return new ResponsePlot(series, residuals);
    }

    private static void writePlots(Path preset, CalibrationSetup setup, CalibrationData data, Calibration c) {
        ResponsePlot response = responsePlot(data, c);
        Plots.linesOverResiduals(sibling(preset, PULSE_RESPONSE_PLOT), String.format(Locale.ROOT,
                "%s, %d x %d, %.3g ohm wires: pulse responses of single devices at (row, column)", setup.preset().id(),
                setup.rows(), setup.cols(), setup.wireOhm()), "pulse number", "weight (weight units)", response.curves(),
                "weight units", response.residuals());
        // on one colour range, so that the two maps compare by colour
        Plots.heatMap(sibling(preset, ATTENUATION_PLOT), "Fitted step attenuation, position model", "column j", "row i",
                "step / step under the full pulse", c.stepAttenuation(), c.measuredAttenuation());
        Plots.heatMap(sibling(preset, MEASURED_ATTENUATION_PLOT),
                "Per-device step attenuation (fitted map x device factor)", "column j", "row i",
                "step / step under the full pulse", c.measuredAttenuation(), c.stepAttenuation());
    }

    private static double[] pulseNumbers(CalibrationData.ResponseCurve curve) {
        int[] chunks = curve.chunkSteps();
        double[] x = new double[chunks.length + 1];
        for (int k = 0; k < chunks.length; k++) {
            x[k + 1] = x[k] + Math.abs(chunks[k]);
        }
        return x;
    }
}
