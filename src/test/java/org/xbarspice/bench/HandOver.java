package org.xbarspice.bench;

import java.util.Arrays;
import java.util.Locale;
import org.xbarspice.units.Team;

/**
 * What the threads' short spins ({@link Team#wake}, {@link Team#SPIN_PROPERTY}) bring to training on two threads: the
 * network of {@link ShdBenchmark} on the first 1000 MNIST digits, trained in blocks of samples whose teams alternately
 * spin (the default bound) and do not (bound 0) in the order ABBA, so that a drift of the machine's speed falls on both
 * alike; each block timed by the wall clock (the spins' gain is in the threads' start and end latencies, which no CPU
 * time shows). One network, so both settings train the same weights and share the compiled code; the team is made
 * again before every block ({@code Mlp.setThreads}). Prints every block, then the medians and their ratio, and the
 * median of the ratios of neighbouring blocks with and without.
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.HandOver [wires [blocks [block [warmup]]]]} (defaults fast, 40, 200, 3000); wires {@code none}
 * for ideal wires, {@code fast} for the fast IR-drop mode at 1 ohm ({@link ShdBenchmark}'s {@code wires}). Spot
 * checks fall into some blocks, which the medians leave out.
 */
public final class HandOver {
    private HandOver() {
    }

    public static void main(String[] args) {
        String wires = args.length > 0 ? args[0] : "fast";
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        ShdBenchmark bench = new ShdBenchmark();
        bench.data = "mnist";
        bench.algorithm = "shd";
        bench.threads = 2;
        bench.wires = wires.equals("none") ? "none" : wires + "-1ohm";
        bench.setUp();
        for (int k = 0; k < warmup; k++) {
            bench.trainOneSample();
        }
        double[] spinning = new double[(blocks + 1) / 2];
        double[] parking = new double[blocks / 2];
        double[] ratios = new double[blocks / 2];
        double[] times = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            boolean spin = (b + b / 2) % 2 == 0; // A B B A A B ...
            if (spin) {
                System.clearProperty(Team.SPIN_PROPERTY); // the default bound
            } else {
                System.setProperty(Team.SPIN_PROPERTY, "0");
            }
            bench.network.setThreads(2);
            long start = System.nanoTime();
            for (int k = 0; k < block; k++) {
                bench.trainOneSample();
            }
            times[b] = (System.nanoTime() - start) * 1e-3 / block;
            System.out.printf(Locale.ROOT, "block %2d, %s: %.0f us per sample%n", b, spin ? "spinning" : "parking ", times[b]);
            (spin ? spinning : parking)[b / 2] = times[b];
            if (b % 2 == 1) {
                ratios[b / 2] = spin ? times[b - 1] / times[b] : times[b] / times[b - 1];
            }
        }
        System.clearProperty(Team.SPIN_PROPERTY);
        double on = median(spinning);
        double off = median(parking);
        System.out.printf(Locale.ROOT, "median us per sample: spinning %.0f, parking %.0f: %.3fx; median of the pairs' "
                + "ratios %.3fx (range %.3f-%.3f)%n", on, off, off / on, median(ratios),
                Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
