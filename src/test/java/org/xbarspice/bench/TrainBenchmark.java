package org.xbarspice.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.train.Activation;
import org.xbarspice.train.Mlp;
import org.xbarspice.train.Tally;

/**
 * Floating-point SGD speed, in training samples per second: 784-256-128-10 sigmoid, batch 1, lr 0.1, on 1000
 * random samples whose pixels are non-zero with probability {@code density} (uniform in [0, 1] then; MNIST
 * digits have about 19 % non-zero pixels, and the tile skips zero inputs). Run with
 * {@code ./xbarspice bench TrainBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
@State(Scope.Benchmark)
public class TrainBenchmark {
    private static final int SAMPLES = 1000;

    @Param({"1.0", "0.2"})
    double density;

    Mlp network;
    float[][] features;
    int[] labels;
    int[] order;
    Tally tally;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3);
        features = new float[SAMPLES][784];
        labels = new int[SAMPLES];
        order = new int[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            for (int i = 0; i < 784; i++) {
                features[k][i] = rng.nextDouble() < density ? (float) rng.nextDouble() : 0f;
            }
            labels[k] = rng.nextInt(10);
            order[k] = k;
        }
        network = Mlp.floatingPoint(new int[] {784, 256, 128, 10}, Activation.SIGMOID, new SplittableRandom(1));
        tally = new Tally();
    }

    /** One training sample: forward, backward and update of all three layers. */
    @Benchmark
    public Tally trainOneSample() {
        network.trainBatch(features, labels, order, next, 1, 0.1, tally);
        next = next + 1 == SAMPLES ? 0 : next + 1;
        return tally;
    }
}
