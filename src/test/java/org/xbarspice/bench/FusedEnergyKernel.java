package org.xbarspice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.UpdateEnergyMeter;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * What counting the energy of ideal-wire updates costs the pulse kernel ({@link PulseUpdater#apply(UpdatePulses,
 * UpdateEnergyMeter)} against {@link PulseUpdater#apply(UpdatePulses)}): two copies of one rows x cols soft-bounds array
 * (device-to-device spread, cycle-to-cycle noise), the same 64 dense training updates applied to each in alternating
 * blocks, each block timed by the thread's CPU time; prints the median, minimum and maximum of the block ratios
 * (counted over plain).
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.FusedEnergyKernel [rows [cols [block [rounds]]]]} (defaults 257, 128, 200, 25).
 */
public final class FusedEnergyKernel {
    private FusedEnergyKernel() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 257;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        PulseShape pulse = new PulseShape(1.2, 1e-8, 1e-9);
        DeviceModel model = new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.1, 0.1, 0.3));
        DeviceArray plainArray = DeviceArray.sample(model, rows, cols, 11);
        DeviceArray countedArray = DeviceArray.sample(model, rows, cols, 11);
        PulseUpdater plain = new PulseUpdater(plainArray, 5);
        PulseUpdater counted = new PulseUpdater(countedArray, 5);
        UpdateEnergyMeter meter = new UpdateEnergyMeter(new UpdateCircuit(rows, cols, 0, 0, pulse,
                2 * pulse.durationSecond()), countedArray, new ConductanceRange(1e-6, 1e-5));
        SplittableRandom rng = new SplittableRandom(13);
        UpdatePulses[] updates = new UpdatePulses[64];
        for (int k = 0; k < updates.length; k++) {
            double[] x = new double[rows];
            for (int i = 0; i < rows; i++) {
                x[i] = rng.nextDouble();
            }
            double[] d = new double[cols];
            for (int j = 0; j < cols; j++) {
                d[j] = 0.05 * (2 * rng.nextDouble() - 1);
            }
            updates[k] = UpdatePulses.draw(x, d, 0.1, 0.001, 31, true, k);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] ratio = new double[rounds];
        int next = 0;
        for (int r = -5; r < rounds; r++) { // five rounds of warm-up
            long t0 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < block; k++) {
                plain.apply(updates[(next + k) % updates.length]);
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < block; k++) {
                counted.apply(updates[(next + k) % updates.length], meter);
            }
            long t2 = mx.getCurrentThreadCpuTime();
            next += block;
            if (r >= 0) {
                ratio[r] = (double) (t2 - t1) / (t1 - t0);
            }
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%d x %d, %d rounds of %d updates: counted / plain CPU time median %.3f (min %.3f, "
                + "max %.3f)%n", rows, cols, rounds, block, ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
    }
}
