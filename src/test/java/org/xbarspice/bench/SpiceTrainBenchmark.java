package org.xbarspice.bench;

import java.util.Locale;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.Dataset;
import org.xbarspice.train.data.TrainTest;

/**
 * SPICE-in-the-loop training speed, seconds per training step: a 64-16-10 sigmoid network (the size of 8x8 digits),
 * batch 1, every read and every pulse update an ngspice analysis ({@code quasi-static} updates), default peripherals
 * (7-bit DAC, 9-bit ADC, output noise 0.06), onen-softbounds devices, on 500 random 8x8 images (pixels uniform in
 * [0, 1]) with random labels. {@code algorithm}: sgd (one array per layer) or shd (A and C per layer, one row
 * transferred per step); {@code wireOhm}: 0 = ideal wires, else wire resistance per segment in reads and updates. The
 * layers update on one thread (training would use two ngspice instances), so that after each iteration it can print
 * the share of the wall time spent inside ngspice (netlist load, analysis, vector transfer): the rest is Java, JNA and
 * netlist text. {@code kept}: reads alter kept circuits (true) or load a netlist each (false). Run with
 * {@code ./xbarspice bench SpiceTrainBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
@State(Scope.Benchmark)
public class SpiceTrainBenchmark {
    private static final int SAMPLES = 500;

    @Param({"sgd", "shd"})
    String algorithm;

    @Param({"0", "1"})
    double wireOhm;

    /** Whether single-vector reads keep their circuits loaded and alter what changed ({@link SpiceTile.Setup#withKeptCircuits}). */
    @Param({"true", "false"})
    boolean kept;

    NgSpiceEngine engine;
    Trainer trainer;
    long startNanos;
    double engineSecondsAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(5);
        float[][] x = new float[SAMPLES][64];
        int[] y = new int[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            for (int i = 0; i < 64; i++) {
                x[k][i] = (float) rng.nextDouble();
            }
            y[k] = rng.nextInt(10);
        }
        Dataset d = new Dataset("random-8x8", x, y, 10);
        String json = String.format(Locale.ROOT, "{\"algorithm\": \"%s\", \"dataset\": \"random-8x8\", \"layers\": \"64-16-10\", "
                + "\"learningRate\": 0.1, \"engine\": \"ngspice\", \"irDrop\": %s, \"wireOhm\": %s}", algorithm,
                wireOhm > 0, wireOhm > 0 ? wireOhm : 1);
        TrainConfig config = TrainConfig.parse(json, "SpiceTrainBenchmark");
        engine = NgSpiceEngine.open(2);
        trainer = new Trainer(config, new TrainTest(d, d), SpiceTile.factory(SpiceTile.Setup.of(engine).withKeptCircuits(kept)));
        trainer.network().setThreads(1); // one analysis at a time, so the engine time is a share of the wall time
    }

    @Setup(Level.Iteration)
    public void mark() {
        startNanos = System.nanoTime();
        engineSecondsAtStart = engineSeconds();
    }

    /** One training step: forward and backward reads, the pulsed updates (and transfers) of both layers. */
    @Benchmark
    public EpochMetrics trainOneStep() {
        return trainer.step();
    }

    @TearDown(Level.Iteration)
    public void share() {
        double wall = (System.nanoTime() - startNanos) * 1e-9;
        double inside = engineSeconds() - engineSecondsAtStart;
        System.out.printf(Locale.ROOT, "  [inside ngspice %.1f %% of %.2f s, outside %.1f %%]%n", 100 * inside / wall, wall,
                100 * (1 - inside / wall));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /**
     * Kept against reloaded read circuits in one run, SHD, 1 ohm wires: blocks of {@code STEPS} steps alternate between
     * the two trainers (same seeds, same data), so that a machine shared with other work slows both alike; prints the
     * median step time of each and the median of the per-block ratios. Run (LD_PRELOAD as for the tests) with {@code
     * java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
     * org.xbarspice.bench.SpiceTrainBenchmark [BLOCKS] [STEPS]} (defaults 9 and 10; one block of each is warm-up).
     */
    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SpiceTrainBenchmark kept = new SpiceTrainBenchmark();
        SpiceTrainBenchmark reloaded = new SpiceTrainBenchmark();
        for (SpiceTrainBenchmark b : new SpiceTrainBenchmark[] {kept, reloaded}) {
            b.algorithm = "shd";
            b.wireOhm = 1;
            b.kept = b == kept;
            b.setUp();
        }
        double[] keptMs = new double[blocks - 1];
        double[] reloadedMs = new double[blocks - 1];
        double[] ratio = new double[blocks - 1];
        try {
            for (int k = 0; k < blocks; k++) {
                double a = block(kept, steps);
                double b = block(reloaded, steps);
                if (k > 0) {
                    keptMs[k - 1] = a;
                    reloadedMs[k - 1] = b;
                    ratio[k - 1] = b / a;
                    System.out.printf(Locale.ROOT, "block %d: kept %.1f ms/step, reloaded %.1f ms/step%n", k, a, b);
                }
            }
        } finally {
            kept.tearDown();
            reloaded.tearDown();
        }
        System.out.printf(Locale.ROOT, "SHD 64-16-10, 1 ohm wires, %d blocks of %d steps: kept %.1f ms/step, reloaded %.1f "
                + "ms/step, reloaded / kept %.2f (medians)%n", blocks - 1, steps, SpiceFileBenchmark.median(keptMs),
                SpiceFileBenchmark.median(reloadedMs), SpiceFileBenchmark.median(ratio));
    }

    /** Mean wall time of {@code steps} training steps (ms). */
    private static double block(SpiceTrainBenchmark b, int steps) {
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            b.trainOneStep();
        }
        return (System.nanoTime() - t0) * 1e-6 / steps;
    }

    private double engineSeconds() {
        double sum = 0;
        for (AnalogTile tile : trainer.network().tiles()) {
            if (tile instanceof ShdTile) {
                sum += ((SpiceTile) ((ShdTile) tile).fast()).engineSeconds() + ((SpiceTile) ((ShdTile) tile).slow()).engineSeconds();
            } else {
                sum += ((SpiceTile) tile).engineSeconds();
            }
        }
        return sum;
    }
}
