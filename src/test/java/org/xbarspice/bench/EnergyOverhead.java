package org.xbarspice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of the energy bookkeeping, measured so that a shared machine does not drown it: the {@link ShdBenchmark}
 * network twice in one JVM (the same configuration and seed, energy off and on), trained in alternating blocks of
 * samples, each block timed by the thread's CPU time (what other processes take from the machine does not count) and
 * by the wall clock; prints every block pair's ratio on/off, their median, minimum and maximum, and the ratio of the
 * total CPU times (which holds the blocks that ran a spot check, in one network or the other). JMH cannot
 * interleave two parameter values in one fork, and its throughput on a loaded machine varies by more than the effect.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.EnergyOverhead [wires [rounds [block [warmup [data [every]]]]]]} (defaults none, 15, 300, 3000,
 * synthetic, 1; data as {@link ShdBenchmark#data}, every as {@link ShdBenchmark#energyEvery}; {@code ./xbarspice bench}
 * writes target/bench.classpath).
 */
public final class EnergyOverhead {
    private EnergyOverhead() {
    }

    public static void main(String[] args) {
        String wires = args.length > 0 ? args[0] : "none";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        String data = args.length > 4 ? args[4] : "synthetic";
        int every = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        ShdBenchmark off = state(wires, data, false, 1);
        ShdBenchmark on = state(wires, data, true, every);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int k = 0; k < warmup; k++) {
            off.trainOneSample();
            on.trainOneSample();
        }
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        long onTotal = 0;
        long offTotal = 0;
        for (int r = 0; r < rounds; r++) {
            long[] offTime;
            long[] onTime;
            if (r % 2 == 0) {
                offTime = time(off, block, mx);
                onTime = time(on, block, mx);
            } else {
                onTime = time(on, block, mx);
                offTime = time(off, block, mx);
            }
            onTotal += onTime[0];
            offTotal += offTime[0];
            cpu[r] = (double) onTime[0] / offTime[0];
            wall[r] = (double) onTime[1] / offTime[1];
            System.out.printf(Locale.ROOT, "round %2d: off %.1f / on %.1f samples per CPU second, ratio on/off CPU %.4f, wall %.4f%n",
                    r, block / (offTime[0] * 1e-9), block / (onTime[0] * 1e-9), cpu[r], wall[r]);
        }
        System.out.printf(Locale.ROOT, "wires %s, %s data, energy every %d, %d rounds of %d samples: on/off CPU time median "
                + "%.4f (min %.4f, max %.4f), wall median %.4f (min %.4f, max %.4f); total CPU time on/off %.4f (the rounds "
                + "with spot checks included)%n", wires, data, every, rounds, block, median(cpu), min(cpu), max(cpu),
                median(wall), min(wall), max(wall), (double) onTotal / offTotal);
    }

    private static ShdBenchmark state(String wires, String data, boolean energy, int every) {
        ShdBenchmark b = new ShdBenchmark();
        b.data = data;
        b.algorithm = "shd";
        b.threads = 1;
        b.wires = wires;
        b.energy = energy;
        b.energyEvery = every;
        b.setUp();
        return b;
    }

    private static long[] time(ShdBenchmark b, int samples, ThreadMXBean mx) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int k = 0; k < samples; k++) {
            b.trainOneSample();
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
