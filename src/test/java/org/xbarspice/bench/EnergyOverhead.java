package org.xbarspice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The cost of the energy bookkeeping, measured so that a shared machine does not drown it: the {@link ShdBenchmark}
 * network four times in one JVM (the same configuration and seed; energy off, on, on, off, so that whatever the order
 * of loading favours falls on both kinds alike: with one of each, the one loaded second measured 0.99x and 1.02x the
 * first when both were the same), each in a class loader of its own (as {@link PairedBuilds}: they do not share compiled
 * code, whose profile would otherwise mix the runs), trained in blocks of samples one after the other (each round
 * begins with the next network), each block timed by the thread's CPU time (what other processes take from the
 * machine does not count) and by the wall clock; prints every round's ratio on/off (the time of the two networks with
 * energy over that of the two without), their median, minimum and maximum, and the ratio of the total CPU times
 * (which holds the blocks that ran a spot check). JMH
 * cannot interleave two parameter values in one fork, and its throughput on a loaded machine varies by more than the
 * effect.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.EnergyOverhead [wires [rounds [block [warmup [data [every]]]]]]} (defaults none, 15, 300, 3000,
 * synthetic, 1; data as {@link ShdBenchmark#data}, every as {@link ShdBenchmark#energyEvery}; {@code ./xbarspice bench}
 * writes target/bench.classpath).
 */
public final class EnergyOverhead {
    private EnergyOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String wires = args.length > 0 ? args[0] : "none";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        String data = args.length > 4 ? args[4] : "synthetic";
        int every = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Class<?>[] types = {String.class, String.class, boolean.class, int.class};
        // two networks of each kind, loaded off, on, on, off, so that what the order of loading favours (where each
        // network's arrays lie in the heap) falls on both kinds alike
        IntConsumer[] builds = new IntConsumer[4];
        for (int b = 0; b < 4; b++) {
            boolean energy = b == 1 || b == 2;
            builds[b] = PairedBuilds.load("target/classes", Workload.class, types, wires, data, energy, energy ? every : 1);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int k = 0; k < warmup; k++) {
            for (IntConsumer build : builds) {
                build.accept(k);
            }
        }
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        long onTotal = 0;
        long offTotal = 0;
        for (int r = 0; r < rounds; r++) {
            long[] offTime = new long[2];
            long[] onTime = new long[2];
            for (int t = 0; t < 4; t++) {
                int b = (t + r) % 4; // each round begins with the next network
                long[] time = time(builds[b], block, mx);
                long[] sum = b == 1 || b == 2 ? onTime : offTime;
                sum[0] += time[0];
                sum[1] += time[1];
            }
            onTotal += onTime[0];
            offTotal += offTime[0];
            cpu[r] = (double) onTime[0] / offTime[0];
            wall[r] = (double) onTime[1] / offTime[1];
            System.out.printf(Locale.ROOT, "round %2d: off %.1f / on %.1f samples per CPU second, ratio on/off CPU %.4f, wall %.4f%n",
                    r, 2 * block / (offTime[0] * 1e-9), 2 * block / (onTime[0] * 1e-9), cpu[r], wall[r]);
        }
        System.out.printf(Locale.ROOT, "wires %s, %s data, energy every %d, %d rounds of %d samples: on/off CPU time median "
                + "%.4f (min %.4f, max %.4f), wall median %.4f (min %.4f, max %.4f); total CPU time on/off %.4f (the rounds "
                + "with spot checks included)%n", wires, data, every, rounds, block, median(cpu), min(cpu), max(cpu),
                median(wall), min(wall), max(wall), (double) onTotal / offTotal);
    }

    /**
     * One network of {@link ShdBenchmark} on 1 thread, in the class loader it was loaded by; {@code accept} trains one
     * sample.
     */
    public static final class Workload implements IntConsumer {
        private final ShdBenchmark state = new ShdBenchmark();

        public Workload(String wires, String data, boolean energy, int every) {
            state.data = data;
            state.algorithm = "shd";
            state.threads = 1;
            state.wires = wires;
            state.energy = energy;
            state.energyEvery = every;
            state.setUp();
        }

        @Override
        public void accept(int k) {
            state.trainOneSample();
        }
    }

    private static long[] time(IntConsumer b, int samples, ThreadMXBean mx) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int k = 0; k < samples; k++) {
            b.accept(k);
        }
        return new long[] {mx.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
