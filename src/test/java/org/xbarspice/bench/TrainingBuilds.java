package org.xbarspice.bench;

import java.util.Locale;
import java.util.function.IntConsumer;
import org.xbarspice.train.Mlp;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * Training speed of two builds of xbarspice compared in one JVM, on the workload that matters: {@link SteadyTraining}'s
 * network (784-256-128-10, aihwkit configuration, SHD, 1 ohm wires in fast mode, spot checks out of the run; or ideal
 * wires, mode {@code none}) on the same MNIST digits (the first 2,000 in order, over and over: the same work for both
 * builds; {@link SteadyTraining}, when it trained on them, read about 1.1x faster than it does on {@code train}'s
 * shuffled epochs), each build's network twice, loaded first build, second, second, first, each in its own class
 * loader ({@link PairedBuilds#race}: with one network each, the one loaded second ran 6-8 % faster when both
 * were the same build, so until 2026-12-06 every comparison was run in both orders; mirrored, the same build against
 * itself read 0.977-1.039), trained in blocks of samples one network after the other on one thread and timed by that
 * thread's CPU time, so that this machine's drift between processes (10 % and more) falls on both builds alike. Prints
 * each round's ms per sample and the median, minimum and maximum of the ratios (speed-up of the second build). With
 * {@code threads} above 1 each network spreads its updates over that many threads ({@link Mlp#setThreads}) and the
 * blocks are timed by the wall clock. {@link UpdateBuilds} times one array's updates alone, whose data stay in the
 * caches and whose pulses are drawn, not those of a network.
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.TrainingBuilds BASE_CLASSES NEW_CLASSES [warm [block [rounds [energy [threads [mode
 * [energyEvery]]]]]]]} (defaults 300, 100, 15, false, 1, fast, 1; mode {@code fast}, {@code exact} or {@code none};
 * energyEvery with energy, one read and one update in how many counted), the classes being build output directories
 * (as {@link UpdateBuilds}).
 */
public final class TrainingBuilds {
    private TrainingBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int block = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        boolean energy = args.length > 5 && Boolean.parseBoolean(args[5]);
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        String mode = args.length > 7 ? args[7] : "fast";
        int every = args.length > 8 ? Integer.parseInt(args[8]) : 1;
        Class<?>[] types = {boolean.class, int.class, String.class, int.class};
        IntConsumer[] builds = PairedBuilds.loadMirrored(args[0], args[1], Workload.class, types, energy, threads, mode,
                every);
        for (IntConsumer build : builds) {
            for (int k = 0; k < warm; k++) {
                build.accept(k);
            }
        }
        PairedBuilds.race(builds, warm, block, rounds, String.format(Locale.ROOT,
                "MNIST samples after %d, wires %s, energy %b (every %d), %d threads, of %s against %s", warm, mode, energy,
                every, threads, args[1], args[0]),
                threads > 1);
    }

    /** One build's network and data; {@code accept(k)} trains on digit k mod 2000. */
    public static final class Workload implements IntConsumer {
        private final Mlp network;
        private final float[][] features;
        private final int[] labels;
        private final int[] order;
        private final Tally tally = new Tally();
        private final double lr;

        public Workload(boolean energy, int threads, String mode, int every) {
            TrainTest set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), 2000, 10);
            String wires = mode.equals("none") ? ""
                    : ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"" + mode + "\", \"irDropCheckEvery\": 1000000";
            TrainConfig config = TrainConfig.parse(ShdBenchmark.CONFIG.substring(0, ShdBenchmark.CONFIG.length() - 1)
                    + wires + ", \"energy\": " + energy + (energy ? ", \"energyEvery\": " + every : "") + "}",
                    "TrainingBuilds");
            network = new Trainer(config, set).network();
            network.setThreads(threads);
            features = set.train().features();
            labels = set.train().labels();
            order = new int[features.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            lr = config.fastLearningRate();
        }

        @Override
        public void accept(int k) {
            network.trainBatch(features, labels, order, k % order.length, 1, lr, tally);
        }
    }
}
