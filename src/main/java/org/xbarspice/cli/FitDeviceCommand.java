package org.xbarspice.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.Variability;
import org.xbarspice.fit.DeviceFit;
import org.xbarspice.fit.FitLaw;
import org.xbarspice.fit.FitLaws;
import org.xbarspice.fit.FitReport;
import org.xbarspice.fit.FitResult;
import org.xbarspice.fit.PulseCsv;
import org.xbarspice.fit.PulseData;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice fit-device}: fits a step law to measured pulse-response data and writes a device preset. */
@Command(name = "fit-device", mixinStandardHelpOptions = true,
        description = {"Fits a device step law to measured pulse-response data (one-step-ahead least squares, Levenberg-"
                + "Marquardt) and writes a device preset that train, pulse-response and update take as --device FILE.json.",
            "",
            "Data (CSV): a header line naming the columns, in any order: pulse (pulse number, integer >= 0: the row is the "
                + "state read after that pulse; a number not above the previous row's starts a new sequence, but rows of the "
                + "same number, and cycle label, are readings of one state, whose mean the fit takes), polarity (up or "
                + "down, also +1/-1; may be empty on a sequence's first row and on a state's readings after its first), "
                + "and the state as weight (weight units, spanning 0 by at least 1e-9 of the span on either side, a span of "
                + "1e-6 to 1e6) or conductance_S (siemens, with "
                + "--g-range); optional cycle (integer label; without it a cycle starts where the polarity turns from down to "
                + "up, and where a sequence starts again). Lines starting with # are comments. Example:",
            "  pulse,polarity,conductance_S,cycle",
            "  0,,5.5e-06,0",
            "  1,up,5.56e-06,0",
            "",
            "Writes into --out DIR: <id>.json (the preset), fit.json (parameters with their standard uncertainties, the "
                + "cycle-to-cycle noise dwMinStd from the residuals, residual RMS, AIC of every law tried) and fit.png (data "
                + "and the fitted nominal map). Bad data are exit 2, naming the line, the column and the fix.",
            "",
            "With --simulate PRESET it writes synthetic data from that preset's law to --data instead of fitting."})
final class FitDeviceCommand implements Callable<Integer> {
    /** Read noise (in device steps) beyond which a simulation no fit can take is put down to it. */
    private static final double READ_NOISE_STEPS = 10;
    /** Most simulated readings each way (cycles x pulses x repeats), so a data file stays below about 200 MB. */
    private static final long MAX_SIMULATED = 2_500_000;
    /** Most readings of one simulated state. */
    private static final int MAX_REPEATS = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "The measured pulse-response data (CSV).")
    Path data;

    @Option(names = "--law", defaultValue = FitLaws.AUTO, paramLabel = "LAW",
            description = "auto (every law, the smallest AIC; laws within 2 of it tie and the one with fewer parameters wins, "
                    + "then one without a hard bound where the data stop short of the device's bound; a law whose fit fails "
                    + "is reported and left out) or one of soft-bounds, linear-step, constant-step, exp-step, pow-step, "
                    + "piecewise-step. Default: ${DEFAULT-VALUE}.")
    String law;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Nodes of the piecewise-step law (with --law piecewise-step or auto): its up and down steps at N "
                    + "equally spaced states from the lowest to the highest measured, 2.." + FitLaws.MAX_NODES + ". Default: "
                    + FitLaws.DEFAULT_NODES + ".")
    Integer nodes;

    @Option(names = "--g-range", paramLabel = "GMIN:GMAX",
            description = "Conductances (S) that stand for weights -1 and +1: w = 2 (G - (GMIN + GMAX) / 2) / (GMAX - GMIN), "
                    + "as a reference-column mapping over [-1, 1]. Required for conductance_S data; with weight data it sets "
                    + "the preset's conductances (default: 1e-6 S to 1e-5 S over the fitted bounds).")
    String gRange;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the preset, fit.json and fit.png here (none without it).")
    Path out;

    @Option(names = "--id", paramLabel = "NAME", description = "Preset id and file name. Default: fitted-<data file name>.")
    String id;

    @Option(names = "--source", paramLabel = "TEXT",
            description = "Citation of the measurement for the preset's source field. Default: the data file and the fit.")
    String source;

    @Option(names = "--spice-from", defaultValue = "onen-softbounds", paramLabel = "PRESET",
            description = "Preset (id or file) whose compact SPICE thresholds and pulse the fitted preset takes. Default: ${DEFAULT-VALUE}.")
    String spiceFrom;

    @Option(names = "--simulate", paramLabel = "PRESET",
            description = "Instead of fitting: write synthetic data from this preset's law (id or file) to --data, from w = 0, "
                    + "conductances when --g-range is given.")
    String simulate;

    @Option(names = "--cycles", defaultValue = "4", description = "With --simulate: cycles of up then down pulses (1..1000). Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--pulses", defaultValue = "300", paramLabel = "N",
            description = "With --simulate: pulses each way per cycle (1..100000). Default: ${DEFAULT-VALUE}.")
    int pulses;

    @Option(names = "--dw-min-std", paramLabel = "X",
            description = "With --simulate: cycle-to-cycle noise, relative std of each step (0..10). Default: the preset's.")
    Double dwMinStd;

    @Option(names = "--read-noise", defaultValue = "0", paramLabel = "X",
            description = "With --simulate: read noise of each state written, std in weight units (0..1; the states are those "
                    + "without it). Default: ${DEFAULT-VALUE}.")
    double readNoise;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "N",
            description = "With --simulate: readings of each state, each with read noise of its own, written as rows of one "
                    + "pulse number (1..100; a fit takes their mean). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "With --simulate: seed of the noise. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        ConductanceRange unitRange = gRange == null ? null : ConductanceRange.parse("--g-range", gRange);
        if (simulate != null) {
            return simulate(unitRange, console);
        }
        String simulateOnly = Main.given(spec, "--dw-min-std", "--read-noise", "--repeats", "--cycles", "--pulses",
                "--seed");
        if (simulateOnly != null) {
            throw new InvalidInputException(simulateOnly + " has no effect without --simulate PRESET: it sets the synthetic "
                    + "data; drop " + Main.flagOf(simulateOnly) + ", or add --simulate to write synthetic data");
        }
        if (nodes != null && !law.equalsIgnoreCase(FitLaws.AUTO) && !law.equalsIgnoreCase(FitLaws.PIECEWISE)) {
            throw new InvalidInputException("--nodes = " + nodes + " is only used by the " + FitLaws.PIECEWISE + " law: drop it, "
                    + "or give --law " + FitLaws.PIECEWISE + " or --law " + FitLaws.AUTO);
        }
        List<FitLaw> laws = FitLaws.named(law, nodes != null ? nodes : FitLaws.DEFAULT_NODES);
        String name = id != null ? DevicePreset.requireId("--id", id) : "fitted-" + stem(data).replaceAll("[^A-Za-z0-9._-]", "-");
        if (source != null && source.isBlank()) {
            throw new InvalidInputException("--source is blank: give the citation of the measurement, or leave it out");
        }
        CompactSpec spice = DevicePresets.load(spiceFrom).spice();
        if (out != null) {
            FitReport.requireFree(out, name);
        }
        PulseData measured = PulseCsv.read(data, unitRange, w -> spec.commandLine().getErr().println("warning: " + w));
        Map<String, String> notFitted = new LinkedHashMap<>();
        List<FitResult> results = DeviceFit.fitAll(measured, laws, notFitted);
        FitReport.print(measured, results, notFitted, console, spec.commandLine().getErr());
        if (out != null) {
            String citation = source != null ? source : "measured pulse-response data in " + data.getFileName()
                    + ", fitted by xbarspice fit-device (one-step-ahead weighted least squares)";
            DevicePreset preset = DeviceFit.preset(results.get(0), measured, name, citation, spice);
            Path file = FitReport.write(out, measured, results, notFitted, preset);
            console.println("wrote " + file + " (preset), " + out.resolve(FitReport.REPORT) + " and " + out.resolve(FitReport.PLOT));
        }
        console.flush();
        return 0;
    }

    private int simulate(ConductanceRange unitRange, PrintWriter console) {
        String fitOnly = Main.given(spec, "--nodes", "--law", "--out", "--id", "--source", "--spice-from");
        if (fitOnly != null) {
            throw new InvalidInputException(fitOnly + " has no effect with --simulate, which only writes synthetic data: drop "
                    + Main.flagOf(fitOnly) + ", and fit the data in a second call without --simulate");
        }
        Checks.inRange("--cycles", cycles, 1, 1000);
        Checks.inRange("--pulses", pulses, 1, 100_000);
        if ((long) cycles * pulses > MAX_SIMULATED) {
            throw new InvalidInputException("--cycles " + cycles + " x --pulses " + pulses + " = " + (long) cycles * pulses
                    + " pulses each way: at most " + MAX_SIMULATED + "; make one of them smaller");
        }
        WritablePaths.requireWritable("--data", data);
        if (Files.exists(data)) {
            throw new InvalidInputException("--data " + data + " exists: --simulate does not overwrite a data file (it may "
                    + "hold measurements); remove it or give another path");
        }
        DevicePreset preset = DevicePresets.load(simulate);
        Variability v = preset.model().variability();
        double std = dwMinStd != null ? Checks.inRange("--dw-min-std", dwMinStd, 0, Variability.MAX_STD, "(relative)") : v.dwMinStd();
        Checks.inRange("--read-noise", readNoise, 0, 1, "(weight units)");
        Checks.inRange("--repeats", repeats, 1, MAX_REPEATS);
        if ((long) cycles * pulses * repeats > MAX_SIMULATED) {
            throw new InvalidInputException("--cycles " + cycles + " x --pulses " + pulses + " x --repeats " + repeats + " = "
                    + (long) cycles * pulses * repeats + " readings each way: at most " + MAX_SIMULATED + "; make one of "
                    + "them smaller");
        }
        PulseData synthetic;
        try {
            synthetic = PulseData.simulate(preset.model().withVariability(new Variability(0, 0, 0, std)), cycles, pulses,
                    seed, readNoise, repeats, data.toString(), unitRange);
        } catch (InvalidInputException e) { // its fix spoke of measurements ("measure more up pulses", "shift the weights")
            double step = preset.model().dwMin();
            String fix = (readNoise > READ_NOISE_STEPS * step ? String.format(Locale.ROOT, "lower --read-noise: %s is %.3g "
                    + "times the device's nominal step (dwMin %s), noise that drowns the steps; or ", readNoise,
                    readNoise / step, step) : "")
                    + "raise --pulses (a fit needs at least " + PulseData.MIN_INCREMENTS + " increments each way off the "
                    + "bounds, and states on both sides of 0)" + (pulses < 100 ? ", e.g. --pulses 100" : "")
                    + ", or draw again (--seed): a symmetric device's states may stay on one side of 0";
            throw new InvalidInputException("--simulate " + simulate + " with --cycles " + cycles + " --pulses " + pulses
                    + " gives data no fit can take (" + e.getMessage() + "): nothing was written; " + fix, e);
        }
        String comment = String.format(Locale.ROOT, "synthetic pulse-response data: xbarspice fit-device --simulate %s --cycles %d "
                + "--pulses %d --dw-min-std %s --read-noise %s%s --seed %d%s --data %s%n%s law of preset %s, cycle-to-cycle "
                + "noise %s, read noise %s weight units%s, from w = 0", simulate, cycles, pulses, std, readNoise,
                repeats > 1 ? " --repeats " + repeats : "", seed, gRange == null ? "" : " --g-range " + gRange,
                data.getFileName(), preset.model().type(), preset.id(), std, readNoise,
                repeats > 1 ? " (each state read " + repeats + " times)" : "");
        PulseCsv.write(data, synthetic, comment);
        console.printf(Locale.ROOT, "wrote %s: %d states%s, %d cycles of %d up then %d down pulses of %s (dwMinStd %s, read "
                + "noise %s)%n", data, synthetic.rows(), repeats > 1 ? " read " + repeats + " times each" : "", cycles, pulses,
                pulses, preset.id(), std, readNoise);
        if (synthetic.zeroAtEdge()) {
            console.printf(Locale.ROOT, "warning: the states span [%.6g, %.6g]: the device returns to 0 and never passes it "
                    + "(symmetric steps without noise), so a fit of this file is refused (a device model needs wMin < 0 < "
                    + "wMax); add --dw-min-std, or simulate another preset%n", synthetic.wLow(), synthetic.wHigh());
        } else if (std == 0 && readNoise == 0) {
            console.printf(Locale.ROOT, "warning: without noise (dwMinStd 0, read noise 0) the states follow the law "
                    + "exactly, so a fit of this file is refused (the AIC cannot rank laws on them); add --dw-min-std or "
                    + "--read-noise%n");
        }
        console.flush();
        return 0;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
