package org.xbarspice.bench;

import java.util.Arrays;
import java.util.Locale;
import org.xbarspice.train.Mlp;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.Team;

/**
 * What the threads' short spins ({@link Team#wake}, {@link Team#SPIN_PROPERTY}) bring to training on two threads: the
 * network of {@link ShdBenchmark} on the first 1000 MNIST digits, trained in blocks of samples whose teams alternately
 * spin (the default bound) and do not (bound 0) in the order ABBA, so that a drift of the machine's speed falls on both
 * alike; each block timed by the wall clock (the spins' gain is in the threads' start and end latencies, which no CPU
 * time shows). One network, so both settings train the same weights and share the compiled code; the team is made
 * again before every block ({@link Mlp#setThreads}). Prints every block, then the medians and their ratio, and the
 * median of the ratios of neighbouring blocks with and without.
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.HandOver [wires [blocks [block [warmup]]]]} (defaults fast, 40, 200, 3000); wires {@code none}
 * for ideal wires, {@code fast} for the fast IR-drop mode at 1 ohm. Spot checks fall into some blocks, which the
 * medians leave out.
 */
public final class HandOver {
    private HandOver() {
    }

    public static void main(String[] args) {
        String wires = args.length > 0 ? args[0] : "fast";
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        TrainTest set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), 1000, 10);
        String circuit = wires.equals("none") ? "" : ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"" + wires + "\"";
        TrainConfig config = TrainConfig.parse(ShdBenchmark.CONFIG.substring(0, ShdBenchmark.CONFIG.length() - 1)
                + circuit + "}", "HandOver");
        Mlp network = new Trainer(config, set).network();
        float[][] features = set.train().features();
        int[] labels = set.train().labels();
        int[] order = new int[features.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Tally tally = new Tally();
        double lr = config.fastLearningRate();
        network.setThreads(2);
        int next = 0;
        for (int k = 0; k < warmup; k++, next = (next + 1) % order.length) {
            network.trainBatch(features, labels, order, next, 1, lr, tally);
        }
        double[] spinning = new double[(blocks + 1) / 2];
        double[] parking = new double[blocks / 2];
        double[] ratios = new double[blocks / 2];
        double[] times = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            boolean spin = (b + b / 2) % 2 == 0; // A B B A A B ...
            System.setProperty(Team.SPIN_PROPERTY, spin ? Long.toString(500) : "0");
            network.setThreads(2);
            long start = System.nanoTime();
            for (int k = 0; k < block; k++, next = (next + 1) % order.length) {
                network.trainBatch(features, labels, order, next, 1, lr, tally);
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
