package org.xbarspice.fit;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.Variability;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;

/** The files and the printed table of a device fit. */
public final class FitReport {
    /** The fit's report in the output folder. */
    public static final String REPORT = "fit.json";
    /** The plot of data against fit in the output folder. */
    public static final String PLOT = "fit.png";
    /**
     * Cycle-to-cycle noise (relative) above which the fit is warned of: on soft-bounds data of 10 cycles of 300 pulses
     * with noise 1 and 2 every law fitted about the noise (1.9495-1.9601 at 2), with noise 3 pow-step (which holds
     * soft-bounds) ran off to 24.7 (the others 2.90-2.92).
     */
    static final double NOISY = 2.5;

    private FitReport() {
    }

    /**
     * Writes {@value #PLOT}, {@value #REPORT} and last the preset {@code <id>.json} into {@code dir}, each atomically.
     *
     * @param results   the fitted laws, the preset's first
     * @param notFitted the laws that could not be fitted and why ({@link DeviceFit#fitAll(PulseData, List, Map)})
     * @return the preset file
     */
    public static Path write(Path dir, PulseData data, List<FitResult> results, Map<String, String> notFitted,
                             DevicePreset preset) {
        FitResult best = results.get(0);
        plot(dir.resolve(PLOT), data, best);
        Path presetFile = dir.resolve(preset.id() + ".json");
        ResultFiles.writeJson(dir.resolve(REPORT), document(data, results, notFitted, presetFile.getFileName().toString()));
        ResultFiles.writeJson(presetFile, preset);
        return presetFile;
    }

    /**
     * Requires {@code dir} (--out) to be free for a fit: a folder (new or existing) without an earlier fit's {@value
     * #REPORT} and preset {@code <id>.json}, which this one would replace, or leave beside its own preset. For a command to
     * check before it fits.
     */
    public static void requireFree(Path dir, String id) {
        WritablePaths.requireWritableFolder("--out", dir);
        if ((id + ".json").equals(REPORT)) {
            throw new InvalidInputException("--id " + id + " would write the preset to " + REPORT + ", the file of the fit's "
                    + "report: give another --id");
        }
        for (Path file : files(dir, id)) {
            WritablePaths.requireWritable("--out", file);
        }
        if (Files.exists(dir.resolve(REPORT))) {
            throw new InvalidInputException("--out " + dir + " holds a fit already (its " + REPORT + "): give "
                    + "another --out, or remove that fit");
        }
    }

    /** Every file {@link #write} writes into {@code dir} for the preset {@code id}. */
    public static List<Path> files(Path dir, String id) {
        return List.of(dir.resolve(PLOT), dir.resolve(REPORT), dir.resolve(id + ".json"));
    }

    /** The content of {@value #REPORT}, with the laws that could not be fitted (key {@code notFitted}: law to reason). */
    public static Map<String, Object> document(PulseData data, List<FitResult> results, Map<String, String> notFitted,
                                               String presetFile) {
        FitResult best = results.get(0);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", data.label());
        doc.put("rows", data.rows());
        doc.put("cycles", data.cycles());
        doc.put("increments", best.increments());
        doc.put("incrementsLeftOut", data.incrementsLeftOut());
        if (data.unitRange() != null) {
            doc.put("unitRangeSiemens", data.unitRange());
        }
        doc.put("method", "one-step-ahead weighted least squares (Levenberg-Marquardt): each measured increment against the "
                + "law's nominal pulse map from the measured state before it (with read noise, from the state the reading before "
                + "that predicts), residuals relative to the nominal step (with read noise, to their whole deviation)");
        doc.put("law", best.law());
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (FitResult.Estimate e : best.parameters()) {
            Map<String, Object> entry = new LinkedHashMap<>(); // in this order on every run (Map.of's order is not)
            entry.put("value", e.value());
            entry.put("sigma", e.atLimit() ? null : e.sigma());
            entry.put("unit", e.unit());
            if (e.atLimit()) {
                entry.put("atLimit", true);
            }
            parameters.put(e.name(), entry);
        }
        doc.put("parameters", parameters);
        Map<String, Object> noise = new LinkedHashMap<>();
        noise.put("value", best.dwMinStd());
        noise.put("sigma", best.dwMinStdSigma());
        noise.put("unit", "relative");
        noise.put("clamped", best.dwMinStdClamped());
        noise.put("measurable", !best.dwMinStdUnmeasured());
        noise.put("presetValue", best.model().variability().dwMinStd());
        doc.put("dwMinStd", noise);
        doc.put("readNoise", readNoise(best.readNoise()));
        doc.put("repeatedReadings", repeatedReadings(data.repeatedReadings()));
        doc.put("correlation", best.correlation());
        doc.put("rmsResidual", best.rmsResidual());
        doc.put("trajectoryRms", best.trajectoryRms());
        doc.put("aic", best.aic());
        doc.put("model", best.model());
        Map<String, Object> approaches = new LinkedHashMap<>();
        for (boolean high : new boolean[] {false, true}) {
            PulseData.Approach a = data.approach(high);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("extreme", a.extreme());
            side.put("reached", a.reached());
            side.put("stepRatio", Double.isFinite(a.stepRatio()) ? a.stepRatio() : null);
            side.put("stepRatioError", Double.isFinite(a.stepRatioError()) ? a.stepRatioError() : null);
            side.put("nearRuns", a.nearRuns());
            side.put("held", a.held());
            approaches.put(high ? "highest" : "lowest", side);
        }
        doc.put("extremes", approaches);
        doc.put("preset", presetFile);
        List<Map<String, Object>> laws = new ArrayList<>();
        for (FitResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("law", r.law());
            row.put("aic", r.aic());
            row.put("deltaAic", r.aic() - best.aic());
            row.put("dwMinStd", r.dwMinStd());
            row.put("readNoise", r.readNoise().std());
            row.put("rmsResidual", r.rmsResidual());
            row.put("trajectoryRms", r.trajectoryRms());
            row.put("iterations", r.iterations());
            laws.add(row);
        }
        doc.put("laws", laws);
        if (!notFitted.isEmpty()) {
            doc.put("notFitted", new LinkedHashMap<>(notFitted));
        }
        return doc;
    }

    /** fit.json's entry of the read noise: its value and uncertainty, whether detected, and the least it would show. */
    private static Map<String, Object> readNoise(ReadNoise noise) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("value", noise.std());
        entry.put("sigma", noise.detected() ? noise.stdSigma() : null);
        entry.put("unit", "weight units");
        entry.put("detected", noise.detected());
        entry.put("detectionLimit", Double.isFinite(noise.limit()) ? noise.limit() : null);
        return entry;
    }

    /** fit.json's entry of the repeated readings ({@link RepeatedReadings}), null where every state was read once. */
    private static Map<String, Object> repeatedReadings(RepeatedReadings repeats) {
        if (!repeats.present()) {
            return null;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("states", repeats.states());
        entry.put("fewest", repeats.fewest());
        entry.put("most", repeats.most());
        entry.put("readNoise", repeats.std());
        entry.put("readNoiseSigma", repeats.stdSigma());
        entry.put("stateReadNoise", repeats.stateStd());
        entry.put("leftOut", repeats.leftOut());
        entry.put("unit", "weight units");
        return entry;
    }

    /**
     * Prints the laws tried (with --law auto), a line for each law that could not be fitted, and the chosen law's
     * parameters on {@code out}; a warning on {@code err} when the chosen noise was clamped.
     */
    public static void print(PulseData data, List<FitResult> results, Map<String, String> notFitted, PrintWriter out,
                             PrintWriter err) {
        FitResult best = results.get(0);
        out.printf(Locale.ROOT, "%s: %s, %d cycles, %d increments fitted (%d up, %d down; %d left out at or near the "
                + "lowest and highest states), states in [%.6g, %.6g]%n", data.label(), data.repeatedReadings().present()
                ? data.rows() + " states (" + data.readings() + " readings)" : data.rows() + " rows", data.cycles(),
                data.increments(), data.increments(true), data.increments(false), data.incrementsLeftOut(), data.wLow(),
                data.wHigh());
        if (results.size() + notFitted.size() > 1) { // laws tried (with one fitted, the table said nothing of it)
            out.printf(Locale.ROOT, "  %-14s %12s %8s %10s %14s %14s%n", "law", "AIC", "dAIC", "dwMinStd", "rms increment",
                    "rms trajectory");
            for (FitResult r : results) {
                double dAic = r.aic() - best.aic();
                out.printf(Locale.ROOT, "  %-14s %12.1f %8.1f %10.4f %14.4g %14.4g%s%n", r.law(), r.aic(),
                        Math.abs(dAic) < 0.05 ? 0.0 : dAic, // a tie within the printed digits (it printed -0.0)
                        r.dwMinStd(), r.rmsResidual(), r.trajectoryRms(), r == best ? "  <- chosen" : "");
            }
        }
        for (Map.Entry<String, String> e : notFitted.entrySet()) {
            out.printf(Locale.ROOT, "  %-14s not fitted: %s%n", e.getKey(), e.getValue());
        }
        out.printf(Locale.ROOT, "%s law (one sigma):%n", best.law());
        for (FitResult.Estimate e : best.parameters()) {
            if (e.atLimit()) {
                out.printf(Locale.ROOT, "  %-10s %14.6g %-13s %s (at its limit: the data ask for a value beyond it)%n",
                        e.name(), e.value(), "", e.unit());
            } else {
                out.printf(Locale.ROOT, "  %-10s %14.6g +- %-10.3g %s%n", e.name(), e.value(), e.sigma(), e.unit());
            }
        }
        if (best.dwMinStdUnmeasured()) {
            out.printf(Locale.ROOT, "  %-10s %14s    %-10s relative (cycle-to-cycle noise: none measurable beside the read "
                    + "noise; at most about %.3g)%n", "dwMinStd", "none", "", best.dwMinStdSigma());
        } else {
            out.printf(Locale.ROOT, "  %-10s %14.6g +- %-10.3g %s%n", "dwMinStd", best.dwMinStd(), best.dwMinStdSigma(),
                    "relative (cycle-to-cycle noise)");
        }
        printReadNoise(best, data.repeatedReadings().present(), out);
        printRepeats(data.repeatedReadings(), best.readNoise(), out);
        if (best.dwMinStdClamped()) {
            err.printf(Locale.ROOT, "warning: the fitted dwMinStd %.6g is above the largest the device models accept (%s): the "
                    + "preset stores %s (clamped, see fit.json); noise this large suggests the law does not fit these data%n",
                    best.dwMinStd(), Variability.MAX_STD, best.model().variability().dwMinStd());
        }
        if (best.dwMinStd() > NOISY && !best.dwMinStdClamped()) {
            err.printf(Locale.ROOT, "warning: the fitted cycle-to-cycle noise dwMinStd %.3g is above %.3g, a step's noise "
                    + "well beyond the step: the fit takes each increment relative to its own law's step, and there the laws with "
                    + "more parameters can run off (soft-bounds data with noise 3: pow-step, which holds soft-bounds, fitted "
                    + "noise 24.7); compare with the simpler laws (--law) and check the fit against fit.png%n",
                    best.dwMinStd(), NOISY);
        }
        out.printf(Locale.ROOT, "  rms increment residual %.4g, rms trajectory %.4g (weight units), AIC %.1f%n",
                best.rmsResidual(), best.trajectoryRms(), best.aic());
        printBounds(data, best, out, err);
        FitResult closer = closerTrajectory(results);
        if (closer != null) {
            double dAic = closer.aic() - best.aic();
            err.printf(Locale.ROOT, "warning: %s's nominal map, chained from each cycle's start, follows the measured "
                    + "states %.3g times closer than the chosen %s's (trajectory RMS %.4g against %.4g weight units, AIC "
                    + "%.1f %s): %s; compare them in fit.png (--law %s)%n", closer.law(),
                    best.trajectoryRms() / closer.trajectoryRms(), best.law(), closer.trajectoryRms(), best.trajectoryRms(),
                    Math.abs(dAic), dAic >= 0 ? "higher" : "lower", dAic >= 0
                    ? "the AIC weighs single steps and leaves out those from and to the lowest and highest states, where the "
                    + "two laws part"
                    : "the laws within " + DeviceFit.AIC_TIE + " of the AIC tie, and the chosen one has fewer parameters or "
                    + "no hard bound where the data stop short of one", closer.law());
        }
    }

    /**
     * The read noise of the states ({@link ReadNoise}): its value, or the least the data would have shown; where it
     * leaves dwMinStd undetermined within its uncertainty, what would fix it.
     */
    private static void printReadNoise(FitResult best, boolean repeated, PrintWriter out) {
        ReadNoise noise = best.readNoise();
        if (!noise.detected()) {
            out.printf(Locale.ROOT, "  %-10s %14s    %-10s weight units (%s)%n", "readNoise", "none", "",
                    Double.isFinite(noise.limit()) ? String.format(Locale.ROOT, "the increments show none above about %.3g",
                            noise.limit()) : "too few runs of three increments of one polarity to tell");
            return;
        }
        out.printf(Locale.ROOT, "  %-10s %14.6g +- %-10.3g weight units (of each %s; told apart from dwMinStd by the "
                + "anticorrelation of consecutive increments)%n", "readNoise", noise.std(), noise.stdSigma(),
                repeated ? "state, the mean of its readings" : "reading");
        if (best.dwMinStdSigma() > best.dwMinStd() / 2 && !best.dwMinStdUnmeasured()) {
            out.printf(Locale.ROOT, "  the read noise outweighs the steps' own noise: dwMinStd is barely determined; more "
                    + "cycles or quieter readings (averaged) would fix it%n");
        }
    }

    /**
     * The read noise the repeated readings show ({@link RepeatedReadings}), that of a state's mean that follows, and how
     * it compares with the fit's (the read noise of the states, from their increments): beyond {@value
     * ReadNoise#DETECTED} combined standard errors apart, what that says.
     */
    private static void printRepeats(RepeatedReadings repeats, ReadNoise fitted, PrintWriter out) {
        if (!repeats.present()) {
            return;
        }
        String times = repeats.fewest() == repeats.most() ? repeats.most() + " times" + (repeats.states() > 1 ? " each" : "")
                : repeats.fewest() + " to " + repeats.most() + " times";
        String states = repeats.states() == 1 ? "the state read " + times : "the " + repeats.states() + " states read " + times;
        if (repeats.variance() == 0) {
            out.printf(Locale.ROOT, "  %-10s %14s    %-10s weight units (%s gave the same value each time: rows written "
                    + "more than once, or readings coarser than the noise)%n", "repeats", "0", "", states);
            return;
        }
        out.printf(Locale.ROOT, "  %-10s %14.6g +- %-10.3g weight units (of one reading: the spread of %s about %s%s)%n",
                "repeats", repeats.std(), repeats.stdSigma(), states, repeats.states() == 1 ? "its mean" : "their means",
                repeats.leftOut() == 0 ? "" : "; " + repeats.leftOut() + (repeats.leftOut() == 1 ? " reading" : " readings")
                + " far from its state's others left out");
        double expected = repeats.stateStd();
        double expectedSigma = repeats.stdSigma() * Math.sqrt(repeats.share());
        if (!fitted.detected()) {
            out.printf(Locale.ROOT, "  a state's mean has %.3g of it, which the increments do not show apart from the steps' "
                    + "noise%n", expected);
            return;
        }
        double apart = (fitted.std() - expected) / Math.hypot(fitted.stdSigma(), expectedSigma);
        out.printf(Locale.ROOT, "  a state's mean has %.3g +- %.2g of it; the increments show %.3g +- %.2g%s%n", expected,
                expectedSigma, fitted.std(), fitted.stdSigma(), apart > ReadNoise.DETECTED
                ? String.format(Locale.ROOT, " (%.1f standard errors more: part of the states' noise lasts over their "
                + "readings, a slow drift or an offset that averaging does not take away, or readings quantized coarser than "
                + "their noise)", apart)
                : apart < -ReadNoise.DETECTED
                ? String.format(Locale.ROOT, " (%.1f standard errors less: the readings of one state vary more than the "
                + "states do; check that they are readings of one state, not of states pulses apart)", -apart)
                : " (alike)");
    }

    /** A law whose chained map follows the states this many times closer than the chosen one's is named. */
    static final double CLOSER = 3;
    /** ... when its AIC is at most this much above the chosen one's (beyond, the data give it next to no support). */
    static final double CLOSER_AIC = 10;

    /**
     * The law of smallest AIC (at most {@value #CLOSER_AIC} above the chosen one's) whose chained nominal map follows
     * the measured states {@value #CLOSER} times closer than the chosen one's, or null. A linear step held at its hard
     * bounds of -1 and 1 (4 cycles of 600 pulses, seed 50) gave pow-step the AIC by 4.0, with a trajectory RMS of
     * 0.569 against linear-step's 0.0034 (a fuzz helper found it on a file of its own, where nothing was said).
     *
     * @param results the laws fitted, the chosen one first, then by AIC ({@link DeviceFit#fitAll})
     */
    static FitResult closerTrajectory(List<FitResult> results) {
        FitResult best = results.get(0);
        for (FitResult r : results.subList(1, results.size())) {
            if (r.aic() - best.aic() <= CLOSER_AIC && CLOSER * r.trajectoryRms() < best.trajectoryRms()) {
                return r;
            }
        }
        return null;
    }

    /**
     * Where the data stop short of a bound (the states turned back with the steps towards it still large): a warning on
     * {@code err} when the chosen law puts a hard bound there, else a line on {@code out} that its bound there is
     * extrapolated.
     */
    private static void printBounds(PulseData data, FitResult best, PrintWriter out, PrintWriter err) {
        List<String> hard = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (boolean high : new boolean[] {true, false}) {
            PulseData.Approach a = data.approach(high);
            if (a.reached()) {
                continue;
            }
            String pulses = high ? "up" : "down";
            String steps = String.format(Locale.ROOT, "the states go no %s than %.6g, ", high ? "higher" : "lower",
                    a.extreme()) + (!Double.isFinite(a.farStep())
                    ? String.format(Locale.ROOT, "with no %s runs in the half of the span away from it to compare its "
                    + "steps with", pulses)
                    : a.nearRuns() < PulseData.MIN_NEAR
                    ? String.format(Locale.ROOT, "with only %d %s runs towards it in all, too few to compare their steps",
                    a.nearRuns(), pulses)
                    : !Double.isFinite(a.stepRatio()) || !(a.farStep() > 0)
                    ? String.format(Locale.ROOT, "where the median %s step far from it is 0 or below (readings coarser "
                    + "than the steps), so that its steps cannot be compared", pulses)
                    : String.format(Locale.ROOT, "where the %s steps are %.2f +- %.2f of those far from it", pulses,
                    a.stepRatio(), a.stepRatioError()));
            double bound = high ? best.model().wMax() : best.model().wMin();
            if (bound == a.extreme()) {
                hard.add(high ? "upper" : "lower");
                evidence.add(steps);
            } else {
                String name = high ? "wMax" : "wMin";
                String sigma = best.parameters().stream().filter(e -> e.name().equals(name) && !e.atLimit()).findFirst()
                        .map(e -> String.format(Locale.ROOT, " +- %.3g", e.sigma())).orElse("");
                out.printf(Locale.ROOT, "  %s bound %.6g%s: extrapolated from the steps' decline (%s)%n",
                        high ? "upper" : "lower", bound, sigma, steps);
            }
        }
        if (!hard.isEmpty()) {
            boolean both = hard.size() > 1;
            err.printf(Locale.ROOT, "warning: the data do not show the device's %s bound%s: %s; %s puts "
                    + "%s at %s, and training clips the weights there, though the device may reach further: measure more "
                    + "pulses a cycle, until the steps vanish or the state stops moving, or fit a law whose bounds come from "
                    + "its steps (--law soft-bounds or pow-step)%n", String.join(" and ", hard), both ? "s" : "",
                    String.join(", and ", evidence), best.law(), both ? "its hard bounds" : "a hard bound",
                    both ? "these states" : "this state");
        }
    }

    /**
     * Measured states and the fitted nominal map chained from each cycle's first state, against the running pulse count;
     * their difference in a panel below.
     */
    private static void plot(Path png, PulseData data, FitResult fit) {
        double[] x = new double[data.rows()];
        double[] measured = new double[data.rows()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i == 0 ? 0 : x[i - 1] + Math.max(0, data.pulse(i) - data.pulse(i - 1));
            measured[i] = data.weight(i);
        }
        double[] chained = data.chained(fit.model());
        String states = data.repeatedReadings().present() ? "measured (each state the mean of its readings)" : "measured";
        Plots.linesOverResiduals(png, fit.law() + " fit to " + data.label(), "pulses", "weight (weight units)",
                List.of(new Plots.Series(states, x, measured, false),
                        new Plots.Series("fit: nominal map chained from each cycle's start", x, chained, false)),
                "weight units", List.of(Plots.Series.difference("measured - fit", x, measured, chained)));
    }
}
