package org.xbarspice.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * network (784-256-128-10, aihwkit configuration, SHD, 1 ohm wires in fast mode, spot checks out of the run) on the same
 * MNIST digits, each build's network in its own class loader, trained in alternating blocks of samples on one thread and
 * timed by that thread's CPU time, so that this machine's drift between processes (10 % and more) falls on both builds
 * alike. Prints each round's ms per sample and the median, minimum and maximum of the ratios (speed-up of the second
 * build). {@link UpdateBuilds} times one array's updates alone, whose data stay in the caches and whose pulses are drawn,
 * not those of a network.
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.TrainingBuilds BASE_CLASSES NEW_CLASSES [warm [block [rounds [energy]]]]} (defaults 300, 100, 15,
 * false), the classes being build output directories (as {@link UpdateBuilds}).
 */
public final class TrainingBuilds {
    private TrainingBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int block = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        boolean energy = args.length > 5 && Boolean.parseBoolean(args[5]);
        IntConsumer[] builds = {workload(args[0], energy), workload(args[1], energy)};
        for (IntConsumer build : builds) {
            for (int k = 0; k < warm; k++) {
                build.accept(k);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int next = warm;
        double[] speedUp = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] seconds = new double[2];
            for (int b : r % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                long start = mx.getCurrentThreadCpuTime();
                for (int k = 0; k < block; k++) {
                    builds[b].accept(next + k);
                }
                seconds[b] = (mx.getCurrentThreadCpuTime() - start) * 1e-9;
            }
            next += block;
            speedUp[r] = seconds[0] / seconds[1];
            System.out.printf(Locale.ROOT, "round %2d: %.3f / %.3f ms per sample, speed-up %.3f%n", r,
                    seconds[0] * 1e3 / block, seconds[1] * 1e3 / block, speedUp[r]);
        }
        Arrays.sort(speedUp);
        System.out.printf(Locale.ROOT, "%d rounds of %d samples after %d: speed-up of %s over %s median %.3f (min %.3f, "
                + "max %.3f)%n", rounds, block, warm, args[1], args[0], speedUp[rounds / 2], speedUp[0],
                speedUp[rounds - 1]);
    }

    /** A {@link Workload} of the build whose classes are in {@code classes}, in a class loader of its own. */
    private static IntConsumer workload(String classes, boolean energy) throws Exception {
        List<URL> path = new ArrayList<>();
        path.add(new File(classes + "/").toURI().toURL());
        path.add(new File("target/test-classes/").toURI().toURL());
        for (String jar : Files.readString(Path.of("target/bench.classpath")).trim().split(File.pathSeparator)) {
            path.add(new File(jar).toURI().toURL());
        }
        ClassLoader loader = new URLClassLoader(path.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        return (IntConsumer) Class.forName(Workload.class.getName(), true, loader)
                .getConstructor(boolean.class).newInstance(energy);
    }

    /** One build's network and data; {@code accept(k)} trains on digit k mod 2000. */
    public static final class Workload implements IntConsumer {
        private final Mlp network;
        private final float[][] features;
        private final int[] labels;
        private final int[] order;
        private final Tally tally = new Tally();
        private final double lr;

        public Workload(boolean energy) {
            TrainTest set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), 2000, 10);
            TrainConfig config = TrainConfig.parse(ShdBenchmark.CONFIG.substring(0, ShdBenchmark.CONFIG.length() - 1)
                    + ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 1000000"
                    + ", \"energy\": " + energy + "}", "TrainingBuilds");
            network = new Trainer(config, set).network();
            network.setThreads(1);
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
