package org.xbarspice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * Training speed over a long run, round by round, where JMH's few seconds per iteration would mix the steady state with
 * the rare expensive events (the fast mode's read-matrix refreshes and spot checks): the network of
 * {@link ShdBenchmark} (784-256-128-10, aihwkit configuration, SHD) trained as {@code train} trains it ({@link
 * Trainer#step}): {@value #TRAIN_SAMPLES} MNIST digits an epoch in the order each epoch shuffles, {@value #TEST_SAMPLES}
 * test samples evaluated at each epoch's end (in the round that holds it, as the spot checks); {@code warm} samples
 * first, then {@code rounds} rounds of {@code samples} samples, each printed with its samples per second (wall clock)
 * and the CPU time per sample of the main thread and of all the others (the helpers of the layers' updates and of the
 * read-matrix refreshes, the JVM's own), and the update spot checks and read-matrix refreshes it held (a round's speed
 * follows them: two runs of 16 rounds of 1000 samples on 2026-12-07 were slow in the same rounds, those of the spot
 * checks, 346-471 samples/s against 517-713 in the rounds beside them), then all rounds' samples over their time. Until the fifty-sixth session it
 * trained on the first 2000 digits in order, over and over, without tests, and read about 1.1x faster than {@code
 * train} on the same machine (docs/irdrop-training-history.md).
 *
 * <p>Run: {@code java -Xss4m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.SteadyTraining [warm [samples [rounds [threads [mode [energy [checkEvery [energyEvery
 * [referenceArrays]]]]]]]]]} (defaults 300, 500, 11, 2, fast, false, 5000, 1, false); mode {@code none} for ideal
 * wires, else {@code fast} or {@code exact} at 1 ohm; checkEvery the fast mode's spot-check interval (updates of an
 * array; 1000000 puts the checks out of the run); energyEvery with energy, one read and one update in how many counted
 * (key {@code energyEvery}); referenceArrays whether the weight arrays are read against reference arrays of their own
 * (key {@code referenceArrays}).
 */
public final class SteadyTraining {
    /** Training digits an epoch and test samples at its end (of {@code mnist}, the fixed 8000/2000 split). */
    static final int TRAIN_SAMPLES = 8000;
    static final int TEST_SAMPLES = 1000;
    /** The run's epochs: more than any bench runs, so that the trainer never finishes. */
    private static final int EPOCHS = 1000;

    private SteadyTraining() {
    }

    public static void main(String[] args) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 11;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String mode = args.length > 4 ? args[4] : "fast";
        boolean energy = args.length > 5 && Boolean.parseBoolean(args[5]);
        int checkEvery = args.length > 6 ? Integer.parseInt(args[6]) : 5000;
        int energyEvery = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        boolean referenceArrays = args.length > 8 && Boolean.parseBoolean(args[8]);
        TrainTest set = DatasetCatalog.load("mnist", DatasetCatalog.defaultDataDir(), TRAIN_SAMPLES, TEST_SAMPLES);
        String circuit = mode.equals("none") ? ""
                : ", \"irDrop\": true, \"wireOhm\": 1, \"irDropMode\": \"" + mode + "\", \"irDropCheckEvery\": " + checkEvery
                + ", \"referenceArrays\": " + referenceArrays;
        TrainConfig config = TrainConfig.parse(ShdBenchmark.CONFIG.substring(0, ShdBenchmark.CONFIG.length() - 1)
                + circuit + ", \"energy\": " + energy + (energy ? ", \"energyEvery\": " + energyEvery : "")
                + ", \"threads\": " + threads + ", \"epochs\": " + EPOCHS + "}", "SteadyTraining");
        Trainer trainer = new Trainer(config, set);
        long start = System.nanoTime();
        for (int k = 0; k < warm; k++) {
            trainer.step();
        }
        System.out.printf(Locale.ROOT, "warm-up: %d samples in %.1f s%n", warm, (System.nanoTime() - start) * 1e-9);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double total = 0;
        IrDropCheck done = trainer.irDropCheck();
        for (int r = 0; r < rounds; r++) {
            long wall = System.nanoTime();
            long cpu = mx.getCurrentThreadCpuTime();
            long all = allThreadsCpu(mx);
            for (int k = 0; k < samples; k++) {
                trainer.step();
            }
            double seconds = (System.nanoTime() - wall) * 1e-9;
            long main = mx.getCurrentThreadCpuTime() - cpu;
            long others = allThreadsCpu(mx) - all - main;
            IrDropCheck now = trainer.irDropCheck();
            System.out.printf(Locale.ROOT, "round %2d: %.1f samples/s, CPU per sample: main thread %.2f ms, the others "
                    + "%.2f ms; update spot checks %d, read-matrix refreshes %d%n", r, samples / seconds,
                    main * 1e-6 / samples, others * 1e-6 / samples, now.updates() - done.updates(),
                    now.refreshes() - done.refreshes());
            done = now;
            total += seconds;
        }
        // the rounds together, those that hold spot checks with the others: a long run's speed
        System.out.printf(Locale.ROOT, "all %d rounds: %.1f samples/s%n", rounds, rounds * samples / total);
    }

    /** The CPU time of every live thread (ns); a thread that ends between two calls drops out of the difference. */
    private static long allThreadsCpu(ThreadMXBean mx) {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            sum += Math.max(t, 0);
        }
        return sum;
    }
}
