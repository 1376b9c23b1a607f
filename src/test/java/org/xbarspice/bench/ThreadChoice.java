package org.xbarspice.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;

/**
 * What {@code train --threads 0} chooses ({@link TrainConfig#resolvedThreads()}) against the time of one and of two
 * threads, network by network: SHD on each case's data, a trainer for each thread count, warmed up, then rounds of
 * samples in the order one, two, two, one (so that the machine's drift falls on both), each timed by the wall clock;
 * prints the median milliseconds per sample of each and their ratio, beside the choice for this machine. Each trainer
 * runs in a class loader of its own ({@link PairedBuilds#load}): in one loader the two shared their compiled code, and
 * one thread ran 784-128-10 at 0.22-0.23 ms a sample against 0.14 in {@code train} (two threads then looked 1.3-1.4x
 * faster, where {@code train} ran them 1.4-1.6x slower). The cases are
 * those of {@code TrainConfig.TWO_THREADS}: through ideal wires 64-16-10, 64-64-10, 64-256-128-10 (8 x 8 digits),
 * 784-128-10 and 784-256-128-10 (MNIST), and with 1 ohm wires in the fast mode 64-64-10, 64-256-10 and 64-256-128-10,
 * the last also with the wires in its reads alone.
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.ThreadChoice [warm [samples [rounds]]]} (defaults 1000, 500, 4).
 */
public final class ThreadChoice {
    private ThreadChoice() {
    }

    private static final String WIRES = ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"fast\"";

    /** Data set, layers and circuit keys of each case. */
    private static final List<String[]> CASES = List.of(
            new String[] {"mnist-8x8", "64-16-10", ""},
            new String[] {"mnist-8x8", "64-64-10", ""},
            new String[] {"mnist-8x8", "64-256-128-10", ""},
            new String[] {"mnist", "784-128-10", ""},
            new String[] {"mnist", "784-256-128-10", ""},
            new String[] {"mnist-8x8", "64-64-10", WIRES},
            new String[] {"mnist-8x8", "64-256-10", WIRES},
            new String[] {"mnist-8x8", "64-256-128-10", WIRES},
            new String[] {"mnist-8x8", "64-256-128-10", WIRES + ", \"irDropIn\": \"reads\""});

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        for (String[] c : CASES) {
            IntConsumer[] trainers = new IntConsumer[2];
            String json = "{\"algorithm\": \"shd\", \"dataset\": \"" + c[0] + "\", \"layers\": \"" + c[1]
                    + "\", \"epochs\": 1000" + c[2] + "}";
            for (int t = 0; t < 2; t++) {
                trainers[t] = PairedBuilds.load("target/classes", Workload.class, new Class<?>[] {String.class, int.class},
                        json, t + 1);
                for (int k = 0; k < warm; k++) {
                    trainers[t].accept(k);
                }
            }
            TrainConfig auto = TrainConfig.parse(json, "ThreadChoice");
            double[][] ms = new double[2][2 * rounds];
            int[] done = new int[2];
            for (int r = 0; r < rounds; r++) {
                for (int t : new int[] {0, 1, 1, 0}) {
                    long start = System.nanoTime();
                    for (int k = 0; k < samples; k++) {
                        trainers[t].accept(k);
                    }
                    ms[t][done[t]++] = (System.nanoTime() - start) * 1e-6 / samples;
                }
            }
            double one = median(ms[0]);
            double two = median(ms[1]);
            System.out.printf(Locale.ROOT, "%-10s %-14s %-40s one thread %.3f ms/sample, two %.3f (one / two %.2f); threads 0"
                    + " takes %d%n", c[0], c[1], c[2].isEmpty() ? "ideal wires" : c[2].substring(2), one, two, one / two,
                    auto.resolvedThreads());
        }
    }

    /** One trainer of the config {@code json} on {@code threads} threads, a sample a call. */
    public static final class Workload implements IntConsumer {
        private final Trainer trainer;

        public Workload(String json, int threads) {
            TrainConfig config = TrainConfig.parse(json, "ThreadChoice").withThreads(threads);
            trainer = new Trainer(config, DatasetCatalog.load(config.dataset(), DatasetCatalog.defaultDataDir()));
        }

        @Override
        public void accept(int k) {
            trainer.step();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
