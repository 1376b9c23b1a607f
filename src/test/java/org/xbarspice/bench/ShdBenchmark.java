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
import org.xbarspice.train.Mlp;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.Dataset;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * Training speed of the two-array algorithms (SHD, c-TTv2, AGAD), in training samples per second: 784-256-128-10 sigmoid, batch 1, with the aihwkit configuration
 * (soft bounds +-1, dwMin 0.001, 30 % device-to-device spread of dwMin and of the bounds, 1 % of the up/down ratio,
 * 30 % cycle-to-cycle noise; 7-bit DAC, 9-bit ADC over +-12, output noise 0.06, noise and bound management; BL 31
 * with update management; lr_A 0.1, lr_C 0.01; one row of A transferred to C after every sample, aihwkit's
 * TransferCompound default {@code transfer_every = 1}, {@code n_reads_per_transfer = 1}; the 784-input layer on two
 * arrays of 392 inputs, as aihwkit's 512-line mapping). One invocation = forward, backward, the pulsed update of
 * every A and one transfer per array.
 *
 * <p>{@code data}: {@code synthetic} = 1000 random images whose pixels are non-zero with probability 0.19 (uniform
 * in [0, 1] then; MNIST digits have about 19 % non-zero pixels) with random labels (the errors stay large, so this is
 * the pulse-heavy start of training); {@code mnist} = the first 1000 digits of the {@code mnist} catalogue data (run
 * {@code scripts/setup-data.sh} first). {@code threads}: threads applying the arrays' updates (results are the same).
 * {@code wires}: {@code none} = ideal wires; {@code fast-1ohm} / {@code exact-1ohm} = 1 ohm wire segments in every read
 * and update with the fast or the exact IR-drop mode (the fast read matrices are computed in the set-up; the fast
 * mode's spot checks run as in training, one per 5000 updates of an array, the default). The network keeps training during the
 * measurement. {@code energy}: with the energy bookkeeping of every read and update (config key energy) or without.
 * Run with {@code ./xbarspice bench ShdBenchmark}, e.g. {@code -p wires=fast-1ohm -p data=mnist -p threads=2}.
 *
 * <p>The fast mode's spot checks make its speed periodic: a round of checks every 5000 samples (about 0.7 s on two
 * threads), and the first round also builds the exact updaters and compiles their code (about 1.9 s once). So the
 * warm-up (20 s, some 10000 samples at 500 per second) holds the first round, and the measurement (30 s) spans about
 * three periods: its mean is the speed of a long run, checks included. (With 9 s of warm-up and 15 s of measurement the
 * first round fell into one iteration, which came out at a third of the others.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 6)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
@State(Scope.Benchmark)
public class ShdBenchmark {
    private static final int SAMPLES = 1000;
    /** The configuration of the comparison with aihwkit 0.8. */
    static final String CONFIG = "{\"algorithm\": \"shd\", \"dataset\": \"mnist\", \"layers\": \"784-256-128-10\", "
            + "\"activation\": \"sigmoid\", \"batchSize\": 1, \"learningRate\": 0.01, \"fastLearningRate\": 0.1, "
            + "\"transferEvery\": 1, \"device\": \"onen-softbounds\", "
            + "\"variability\": {\"dwMinDtod\": 0.3, \"upDownDtod\": 0.01, \"boundsDtod\": 0.3, \"dwMinStd\": 0.3}, "
            + "\"bl\": 31, \"updateManagement\": true, \"dacBits\": 7, \"adcBits\": 9, \"outputNoise\": 0.06, \"outputBound\": 12}";

    @Param({"synthetic", "mnist"})
    String data;

    /**
     * The two-array algorithm: shd, or c-ttv2 / agad with aihwkit's defaults of their buffers (ttv2 and tiki-taka run
     * too); the arrays, peripherals and learning rates are the same.
     */
    @Param({"shd", "c-ttv2", "agad"})
    String algorithm;

    @Param({"1", "2"})
    int threads;

    @Param({"none", "fast-1ohm", "exact-1ohm"})
    String wires;

    /** Energy bookkeeping (config key energy): its cost is the difference between false and true. */
    @Param({"false", "true"})
    boolean energy;

    /** With energy: one circuit read and one update in how many of each kind the engines count (config key energyEvery). */
    @Param({"1"})
    int energyEvery;

    Mlp network;
    float[][] features;
    int[] labels;
    int[] order;
    Tally tally;
    double lr;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        TrainTest set;
        if (data.equals("mnist")) {
            set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), SAMPLES, 10);
        } else {
            SplittableRandom rng = new SplittableRandom(3);
            float[][] x = new float[SAMPLES][784];
            int[] y = new int[SAMPLES];
            for (int k = 0; k < SAMPLES; k++) {
                for (int i = 0; i < 784; i++) {
                    x[k][i] = rng.nextDouble() < 0.19 ? (float) rng.nextDouble() : 0f;
                }
                y[k] = rng.nextInt(10);
            }
            Dataset d = new Dataset("synthetic", x, y, 10);
            set = new TrainTest(d, d);
        }
        String circuit = wires.equals("none") ? ""
                : ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"" + wires.substring(0, wires.indexOf('-')) + "\"";
        TrainConfig config = TrainConfig.parse(CONFIG.substring(0, CONFIG.length() - 1).replace("\"shd\"", "\"" + algorithm + "\"")
                + circuit + ", \"energy\": " + energy + (energy ? ", \"energyEvery\": " + energyEvery : "") + "}", "ShdBenchmark");
        Trainer trainer = new Trainer(config, set);
        network = trainer.network();
        network.setThreads(threads);
        features = set.train().features();
        labels = set.train().labels();
        order = new int[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            order[k] = k;
        }
        tally = new Tally();
        lr = config.fastLearningRate();
        network.trainBatch(features, labels, order, 0, 1, lr, new Tally());
    }

    /** One training sample: forward, backward, pulsed update of A and one transfer, in all three layers. */
    @Benchmark
    public Tally trainOneSample() {
        network.trainBatch(features, labels, order, next, 1, lr, tally);
        next = next + 1 == SAMPLES ? 0 : next + 1;
        return tally;
    }
}
