package org.xbarspice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.xbarspice.train.Mlp;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * The heap a network takes while it trains, against the memory check's estimate ({@link TrainConfig#heapBytes()}): the
 * aihwkit configuration ({@code validation/irdrop-accuracy-mnist/aihwkit.json}) with other layers and extra keys, built
 * on 200 MNIST digits and trained on two of them (the fast mode's first update is spot-checked), the heap in use
 * measured after collections before and after. The figures of the README's memory paragraph and of {@link
 * TrainConfig}'s bytes per device.
 *
 * <p>Run: {@code java -Xmx8g -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.HeapUse LAYERS [EXTRA_KEYS]}, e.g. {@code 784-1024-10 ', "irDrop": true, "irDropMode": "fast"'}.
 */
public final class HeapUse {
    private HeapUse() {
    }

    public static void main(String[] args) throws Exception {
        TrainTest set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), 200, 10);
        String base = Files.readString(Path.of("validation/irdrop-accuracy-mnist/aihwkit.json")).strip();
        TrainConfig config = TrainConfig.parse(base.substring(0, base.length() - 1).replace("784-256-128-10", args[0])
                + (args.length > 1 ? args[1] : "") + "}", "HeapUse");
        long before = used();
        Mlp network = new Trainer(config, set).network();
        float[][] features = set.train().features();
        int[] order = new int[features.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        for (int k = 0; k < 2; k++) {
            network.trainBatch(features, set.train().labels(), order, k, 1, config.learningRate(), new Tally());
        }
        long after = used();
        System.out.printf(Locale.ROOT, "%s%s: %.1f MB in use after two samples, estimate %.1f MB (%.2fx)%n", args[0],
                args.length > 1 ? args[1] : "", (after - before) / 1e6, config.heapBytes() / 1e6,
                config.heapBytes() / (double) (after - before));
        System.out.println(network.tiles().size() + " layers"); // the network stays reachable until measured
    }

    /** The heap in use after collections (bytes). */
    private static long used() throws InterruptedException {
        for (int k = 0; k < 4; k++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
