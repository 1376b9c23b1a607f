package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.ShapedLaw;
import org.xbarspice.report.AnalysisProgress;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceTimeoutException;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.PulseResponse;
import org.xbarspice.units.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice pulse-response}: the potentiation/depression curve of one device in SPICE and/or behaviorally. */
@Command(name = "pulse-response", mixinStandardHelpOptions = true,
        description = "N up then N down pulses on one device from w = 0: the compact SPICE device (transient) and the "
                + "behavioral model equivalent to it at that pulse.")
final class PulseResponseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /**
     * The step of one pulse at w = 0 (fraction of the range) beyond which an ngspice run of a shaped law is warned about:
     * its compact device matches the law to first order in the step (the behavioral curve is the law's).
     */
    static final double LARGE_STEP = 0.01;
    /**
     * The step of one pulse at w = 0 (fraction of the range) from which a response is warned of as saturating within a
     * few pulses, when the pulse is the user's (--vp 1e6 V took the device from bound to bound in one pulse without a
     * word); a preset's own pulse is not (a device of few states may take such steps).
     */
    static final double SATURATING_STEP = 0.1;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--device", defaultValue = "onen-softbounds", description = "Device preset id (" + DevicePresets.BUNDLED + ") or JSON file. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--pulses", defaultValue = "1000", paramLabel = "N", description = "Pulses in each direction (1..100000). Default: ${DEFAULT-VALUE}.")
    int pulses;

    @Option(names = "--engine", defaultValue = "both", description = "ngspice | behavioral | both. Default: ${DEFAULT-VALUE}.")
    EngineChoice engine;

    @Mixin
    PulseOptions pulseOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the curves and the equivalent behavioral parameters as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot the curves.")
    Path plot;

    @Override
    public Integer call() {
        ResultFiles.outputs().preset("--device", device).file("--json", json).png("--plot", plot);
        timeout.apply(engine.usesNgspice());
        Checks.inRange("--pulses", pulses, 1, 100_000);
        DevicePreset preset = DevicePresets.load(device);
        PulseShape pulse = pulseOptions.pulse(preset.spice());
        Map<String, PulseResponse> curves = new LinkedHashMap<>();
        if (engine.usesNgspice()) {
            String slow = pulse.slowTransient(2L * pulses, "raise --rise, or use --engine behavioral");
            if (slow != null) {
                spec.commandLine().getErr().println("warning: " + slow);
            }
            // a progress bar for a transient that lasts (about 2.4 s per 1,000 pulses each way)
            try (NgSpiceEngine spice = NgSpiceEngine.open(1); AnalysisProgress progress = new AnalysisProgress(System.out)) {
                progress.next("ngspice transient");
                curves.put(CrossbarReader.NGSPICE, PulseResponse.spice(spice, preset, pulse, pulses, progress));
            } catch (SpiceTimeoutException e) {
                throw e.withAdvice("or run fewer pulses (--pulses), or the behavioral model alone (--engine behavioral)");
            }
        }
        if (engine.usesBehavioral()) {
            curves.put(CrossbarReader.BEHAVIORAL, PulseResponse.behavioral(preset, pulse, pulses));
        }
        DeviceModel equivalent = PulseResponse.equivalentModel(preset, pulse);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("device", preset.id());
        doc.put("pulses", pulses);
        doc.put("pulse", pulse);
        doc.put("equivalentBehavioralModel", equivalent);
        doc.put("symmetryPoint", equivalent.symmetryPoint());
        Map<String, double[]> weights = new LinkedHashMap<>();
        curves.forEach((engineName, curve) -> weights.put(engineName, curve.weights()));
        doc.put("weights", weights);
        Map<String, Double> seconds = new LinkedHashMap<>();
        curves.forEach((engineName, curve) -> seconds.put(engineName, curve.seconds()));
        doc.put("seconds", seconds);
        Double diff = null;
        if (curves.size() == 2) {
            diff = PulseResponse.maxAbsDiff(curves.get(CrossbarReader.NGSPICE).weights(), curves.get(CrossbarReader.BEHAVIORAL).weights());
            doc.put("maxAbsDiff", diff);
        }
        if (json != null) {
            ResultFiles.writeJson(json, doc);
        }
        if (plot != null) {
            List<Plots.Series> series = new ArrayList<>();
            double[] index = new double[2 * pulses + 1];
            for (int g = 0; g < index.length; g++) {
                index[g] = g;
            }
            curves.forEach((engineName, curve) -> series.add(new Plots.Series(engineName, index, curve.weights(), false)));
            String title = preset.id() + ": " + pulses + " up then " + pulses + " down pulses of " + pulse.amplitudeVolt()
                    + " V";
            if (diff == null) {
                Plots.lines(plot, title, "pulse number", "weight (weight units)", series);
            } else { // the curves lie on each other: their difference below, its largest in the title
                Plots.linesOverResiduals(plot, title + String.format(Locale.ROOT, ", max |difference| %.2g", diff),
                        "pulse number", "weight (weight units)", series, "weight units", List.of(Plots.Series.difference(
                                CrossbarReader.NGSPICE + " - " + CrossbarReader.BEHAVIORAL, index,
                                curves.get(CrossbarReader.NGSPICE).weights(), curves.get(CrossbarReader.BEHAVIORAL).weights())));
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d up + %d down pulses of %.3g V, %.3g s wide: equivalent %s model dw_up(0) = %.4g, "
                        + "dw_down(0) = %.4g, bounds [%.4g, %.4g], symmetry point %.4g%n", preset.id(), pulses, pulses,
                pulse.amplitudeVolt(), pulse.widthSecond(), equivalent.type(), equivalent.stepUp(0), equivalent.stepDown(0),
                equivalent.wMin(), equivalent.wMax(), equivalent.symmetryPoint());
        curves.forEach((engineName, curve) -> System.out.printf(Locale.ROOT, "  %-10s %.3f s, w after the up pulses %.4f, at the end %.4f%n",
                engineName, curve.seconds(), curve.weights()[pulses], curve.weights()[2 * pulses]));
        double range = equivalent.wMax() - equivalent.wMin();
        if (diff != null) {
            System.out.printf(Locale.ROOT, "  maxAbsDiff = %.3e (weight units; range %.3g)%n", diff, range);
        }
        double step = Math.max(equivalent.stepUp(0), equivalent.stepDown(0));
        if (step >= SATURATING_STEP * range && pulseOptions.given()) { // a preset's own pulse is its designer's choice
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: one pulse moves the device by %.2g of its range at w = 0, "
                    + "so the response saturates within a few pulses: lower --vp (%s's own is %s V) or --tp%n", step / range, preset.id(),
                    preset.spice().pulse().amplitudeVolt());
        }
        if (engine.usesNgspice() && preset.model() instanceof ShapedLaw && step > LARGE_STEP * range) {
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: one pulse moves the device by %.2g of its range at w = 0: "
                    + "the compact SPICE device of a shaped law follows the law to first order in one pulse's step, and parts from it at steps "
                    + "this large (reram-es, 12 pulses: 2.7e-5 of the weight units apart at steps of 0.1 %% of the range, 1.4e-2 "
                    + "at 1.8 %%, 0.24 at 4.5 %%): take pulses nearer the preset's for a comparison%n", step / range);
        }
        for (Path written : new Path[] {json, plot}) { // as every other command names what it wrote
            if (written != null) {
                System.out.println("wrote " + written);
            }
        }
        return 0;
    }
}
