package org.xbarspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.xbarspice.train.data.Dataset;
import org.xbarspice.train.data.TrainTest;

/**
 * Trains a network on a data set as a {@link TrainConfig} says. Deterministic: the seed fixes the initial
 * weights and every epoch's sample order, all sums run in a fixed order on one thread, so the same config and
 * data give bit-identical metrics. Not thread-safe.
 */
public final class Trainer {
    private final TrainConfig config;
    private final TrainTest data;
    private final Mlp network;
    private final SplittableRandom shuffle;
    private final int[] order;
    private int epochsDone;

    /** Checks the config against the data (before any training) and builds the initial network from the seed. */
    public Trainer(TrainConfig config, TrainTest data) {
        config.checkFits(data);
        this.config = config;
        this.data = data;
        SplittableRandom seeds = new SplittableRandom(config.seed());
        this.network = Mlp.floatingPoint(config.layerSizes(), config.activation(), seeds.split());
        this.shuffle = seeds.split();
        this.order = new int[data.train().size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
    }

    /** Runs the next epoch: reshuffles the training order, trains minibatch by minibatch, evaluates the test set. */
    public EpochMetrics epoch() {
        for (int k = order.length - 1; k > 0; k--) {
            int r = shuffle.nextInt(k + 1);
            int t = order[k];
            order[k] = order[r];
            order[r] = t;
        }
        Dataset train = data.train();
        Tally trained = new Tally();
        for (int from = 0; from < order.length; from += config.batchSize()) {
            int count = Math.min(config.batchSize(), order.length - from);
            network.trainBatch(train.features(), train.labels(), order, from, count, config.learningRate(), trained);
        }
        Tally tested = new Tally();
        network.evaluate(data.test().features(), data.test().labels(), tested);
        epochsDone++;
        return new EpochMetrics(epochsDone, trained.meanLoss(), trained.accuracy(), tested.meanLoss(), tested.accuracy());
    }

    /** Runs the epochs not run yet, up to {@code config.epochs()}, handing each result to {@code progress}; returns them. */
    public List<EpochMetrics> run(Consumer<EpochMetrics> progress) {
        List<EpochMetrics> metrics = new ArrayList<>();
        while (epochsDone < config.epochs()) {
            EpochMetrics m = epoch();
            metrics.add(m);
            progress.accept(m);
        }
        return metrics;
    }

    /** The network being trained. */
    public Mlp network() {
        return network;
    }
}
