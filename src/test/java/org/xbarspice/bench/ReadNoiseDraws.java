package org.xbarspice.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.fit.DeviceFit;
import org.xbarspice.fit.FitLaws;
import org.xbarspice.fit.FitResult;
import org.xbarspice.fit.PulseData;
import org.xbarspice.units.XbarspiceException;

/**
 * The read-noise fit over many draws (docs/FITTING.md's "Read noise" figures): a soft-bounds device (steps 0.01, bounds
 * -1 and 1, dwMinStd 0.2), a linear step (0.01 x 1.1 and 0.9, gammas 0.5 and 0.7, dwMinStd 0.2) or a constant step held
 * at its bounds (0.01, dwMinStd 0.1), 4 cycles of 300 pulses each way, read with noise NOISE (weight units), seeds 1 to
 * DRAWS, each fitted with its own law: prints the fits that did not settle, and per parameter, dwMinStd and the read
 * noise the mean over the draws, their spread and the mean stated uncertainty; then how many of 100 draws the data's own
 * test ({@link PulseData#readNoise()}) finds read noise in. Run with {@code java -cp
 * target/test-classes:target/classes:$(cat target/bench.classpath) org.xbarspice.bench.ReadNoiseDraws LAW NOISE DRAWS},
 * LAW one of soft-bounds, linear-step, constant-step.
 */
public final class ReadNoiseDraws {
    private ReadNoiseDraws() {
    }

    public static void main(String[] args) {
        String law = args[0];
        double noise = Double.parseDouble(args[1]);
        int draws = Integer.parseInt(args[2]);
        DeviceModel truth = switch (law) {
            case "soft-bounds" -> new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2));
            case "linear-step" -> new LinearStepDevice(0.01, 1.1, 0.9, -1, 1, 0.5, 0.7, new Variability(0, 0, 0, 0.2));
            case "constant-step" -> new ConstantStepDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.1));
            default -> throw new IllegalArgumentException("LAW is soft-bounds, linear-step or constant-step, not " + law);
        };
        Map<String, double[]> sums = new LinkedHashMap<>(); // per quantity: sum, sum of squares, sum of stated sigmas, n
        int unsettled = 0;
        for (long seed = 1; seed <= draws; seed++) {
            FitResult fit;
            try {
                fit = DeviceFit.fit(PulseData.simulate(truth, 4, 300, seed, noise, "draw " + seed, null),
                        FitLaws.named(law).get(0));
            } catch (XbarspiceException e) {
                unsettled++;
                System.out.println("seed " + seed + ": " + e.getMessage());
                continue;
            }
            for (FitResult.Estimate e : fit.parameters()) {
                add(sums, e.name(), e.value(), e.sigma());
            }
            add(sums, "dwMinStd", fit.dwMinStd(), fit.dwMinStdSigma());
            add(sums, "readNoise", fit.readNoise().std(), fit.readNoise().stdSigma());
        }
        System.out.printf(Locale.ROOT, "%s, read noise %s, %d draws: %d did not settle%n", law, noise, draws, unsettled);
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            double mean = s[0] / s[3];
            double spread = Math.sqrt((s[1] - s[0] * mean) / (s[3] - 1));
            double stated = s[2] / s[3];
            System.out.printf(Locale.ROOT, "  %-10s mean %.5f  spread %.5f  stated %.5f  spread / stated %.2f%n", e.getKey(),
                    mean, spread, stated, spread / stated);
        }
        int detected = 0;
        for (long seed = 1; seed <= 100; seed++) {
            detected += PulseData.simulate(truth, 4, 300, seed, noise, "draw", null).readNoise().detected() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "the data's own test finds read noise in %d of 100 draws%n", detected);
    }

    private static void add(Map<String, double[]> sums, String name, double value, double sigma) {
        double[] s = sums.computeIfAbsent(name, x -> new double[4]);
        s[0] += value;
        s[1] += value * value;
        s[2] += sigma;
        s[3]++;
    }
}
