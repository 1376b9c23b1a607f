package org.xbarspice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.Algorithm;
import org.xbarspice.train.Toy;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice toy}: the 1-D problem of PHYSICS.md section 3 through the same device and update code as the tiles. */
@Command(name = "toy", mixinStandardHelpOptions = true,
        description = "Minimise E = (w - 0.5)^2 / 2 from noisy gradients g = (w - 0.5) + sigma xi on soft-bounds devices "
                + "(bounds +-tau, step dw_min, symmetry point 0) with analog SGD or SHD; reports the stationary mean and "
                + "std over the second half of the steps and, for sgd, the mean the fixed-point equation predicts.")
final class ToyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The share of saturated steps ({@link Toy.Result#saturatedFraction}) beyond which the run is warned about. */
    static final double SATURATED = 0.01;

    @Option(names = "--algorithm", defaultValue = "sgd", description = "sgd | shd. Default: ${DEFAULT-VALUE}.")
    String algorithm;

    @Option(names = "--sigma", defaultValue = "1", description = "Gradient noise std. Default: ${DEFAULT-VALUE}.")
    double sigma;

    @Option(names = "--tau", defaultValue = "1", description = "Device bounds +-tau (1/tau = asymmetry), > 0.5 so that the minimum lies inside the device's range. "
            + "Default: ${DEFAULT-VALUE}.")
    double tau;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (shd: lr_A = lr_C). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--dw-min", defaultValue = "0.001", description = "Step of one pulse at w = 0 (weight units), > 0 and "
            + "below tau. Default: ${DEFAULT-VALUE}.")
    double dwMin;

    @Option(names = "--bl", defaultValue = "31", description = "Pulse slots per update. Default: ${DEFAULT-VALUE}.")
    int bl;

    @Option(names = "--steps", defaultValue = "2000000", description = "Steps. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the settings and results as JSON.")
    Path json;

    @Override
    public Integer call() {
        WritablePaths.requireWritable("--json", json);
        Algorithm chosen = Ids.match(algorithm, List.of(Algorithm.SGD, Algorithm.SHD), Algorithm::id).orElseThrow(() ->
                new InvalidInputException("--algorithm = '" + algorithm + "' is not allowed: toy runs " + Algorithm.SGD.id()
                        + " or " + Algorithm.SHD.id()));
        Toy.Settings settings = new Toy.Settings(chosen, sigma, tau, lr, bl, steps, seed, dwMin);
        long start = System.nanoTime();
        Toy.Result r = Toy.run(settings);
        double seconds = (System.nanoTime() - start) * 1e-9;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("algorithm", settings.algorithm().id());
        doc.put("sigma", sigma);
        doc.put("tau", tau);
        doc.put("lr", lr);
        doc.put("dwMin", dwMin);
        doc.put("bl", bl);
        doc.put("steps", steps);
        doc.put("seed", seed);
        doc.put("target", Toy.TARGET);
        doc.put("stationaryMean", r.stationaryMean());
        doc.put("stationaryStd", r.stationaryStd());
        if (settings.algorithm() == Algorithm.SGD) {
            doc.put("predictedMean", r.predictedMean());
            doc.put("relErrorVsPredicted", Math.abs(r.stationaryMean() - r.predictedMean()) / Math.abs(r.predictedMean()));
        } else {
            doc.put("relErrorVsTarget", Math.abs(r.stationaryMean() - Toy.TARGET) / Toy.TARGET);
            doc.put("meanAbsFast", r.meanAbsFast());
            doc.put("asymmetryMean", r.asymmetryMean());
        }
        doc.put("meanAbsGradient", r.meanAbsGradient());
        doc.put("saturatedFraction", r.saturatedFraction());
        doc.put("seconds", seconds);
        if (json != null) {
            ResultFiles.writeJson(json, doc);
        }
        System.out.printf(Locale.ROOT, "%s, sigma %.3g, tau %.3g, lr %.3g, %d steps: stationary mean %.4f, std %.4f (optimum %.1f)%s%n",
                settings.algorithm().id(), sigma, tau, lr, steps, r.stationaryMean(), r.stationaryStd(), Toy.TARGET,
                settings.algorithm() == Algorithm.SGD ? String.format(Locale.ROOT, ", fixed point predicts %.4f", r.predictedMean())
                        : String.format(Locale.ROOT, "; C's own asymmetry holds it at %.4f (E|A - A_sp| %.4f, E|g| %.3f)",
                        r.asymmetryMean(), r.meanAbsFast(), r.meanAbsGradient()));
        PrintWriter err = spec.commandLine().getErr(); // warnings with the errors, as the other commands'
        if (r.saturatedFraction() > SATURATED) {
            err.printf(Locale.ROOT, "warning: %.0f %% of the averaged steps asked for more than BL = %d pulses (lr |g| > BL "
                    + "dwMin = %.3g): those updates are cut to BL and the small-lr fixed point does not describe the run; "
                    + "lower --lr%n", 100 * r.saturatedFraction(), bl, bl * dwMin);
        }
        // SGD's mean relaxes in 1 / lr steps; SHD's two arrays settle more slowly, which this bound does not cover
        if (chosen == Algorithm.SGD && steps < Toy.stationarySteps(lr)) {
            long needed = Toy.stationarySteps(lr);
            err.printf(Locale.ROOT, "warning: the first half of the run, dropped as burn-in, is shorter than five "
                    + "relaxation times (1 / lr = %.3g steps each): its mean is still moving; %s%n", 1 / lr,
                    needed <= Toy.MAX_STEPS ? "give --steps " + needed + " or more"
                            : "raise --lr (--steps is at most " + Toy.MAX_STEPS + ")");
        }
        return 0;
    }
}
