package org.xbarspice.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.xbarspice.behavioral.LineUpdater;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.tile.BehavioralUpdater;
import org.xbarspice.tile.IrDrop;

/**
 * The fast IR-drop update ({@link LineUpdater}) of two builds of xbarspice compared in one JVM, so that this machine's
 * drift between processes (25 % and more from one run to the next) does not drown a change: each build's classes in
 * their own class loader, the same training updates applied in alternating blocks, each block timed by the thread's
 * CPU time; prints the median, minimum and maximum of the block ratios (speed-up of the second build). A build
 * compared with itself gave medians of 0.98-1.05 (rounds 0.87-1.49): differences below about 5 % are noise.
 *
 * <p>Workload: a rows x cols array of spread soft-bounds devices (as {@code LineUpdaterTest}), 1 ohm wires, ideal
 * drivers; 64 training updates drawn once (x non-zero with probability {@code density}, uniform in [0, 1] then; d
 * uniform in +-0.05; lr 0.1, dwMin 0.001, BL 31, update management), applied in turn; {@code density} 0: 64 one-row
 * transfers as {@code UpdateBenchmark}'s (x one-hot, d uniform in +-1, lr 0.01, no update management). With {@code
 * checkEvery} above 0 the updates go through a fast-mode tile updater ({@link BehavioralUpdater}) that spot-checks one
 * update in {@code checkEvery} against the exact solve (1: every update is a spot check and its fast update).
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.UpdateBuilds BASE_CLASSES NEW_CLASSES [rows [cols [density [block [rounds [checkEvery]]]]]]}
 * (defaults 393, 256, 0.2, 10, 21, 0), the classes being build output directories, e.g. {@code git worktree add
 * /tmp/base REV && (cd /tmp/base && mvn -q compile)} and {@code /tmp/base/target/classes}.
 */
public final class UpdateBuilds {
    private UpdateBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 393;
        int cols = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        double density = args.length > 4 ? Double.parseDouble(args[4]) : 0.2;
        int block = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 21;
        int checkEvery = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        Class<?>[] types = {int.class, int.class, double.class, int.class};
        IntConsumer[] builds = {PairedBuilds.load(args[0], Workload.class, types, rows, cols, density, checkEvery),
                PairedBuilds.load(args[1], Workload.class, types, rows, cols, density, checkEvery)};
        PairedBuilds.warmUp(builds, block);
        PairedBuilds.race(builds, 0, block, rounds, String.format(Locale.ROOT,
                "%d x %d, density %.2f, spot check every %d, updates of %s against %s", rows, cols, density, checkEvery,
                args[1], args[0]), false);
    }

    /** One build's array, updater and updates; {@code accept(k)} applies update k mod 64. */
    public static final class Workload implements IntConsumer {
        private final Consumer<UpdatePulses> updater;
        private final UpdatePulses[] updates = new UpdatePulses[64];

        public Workload(int rows, int cols, double density, int checkEvery) {
            PulseShape pulse = new PulseShape(1.2, 1e-8, 1e-9);
            DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(0.001, 1, 1, -1, 1,
                    new Variability(0.3, 0.1, 0.1, 0.3)), rows, cols, 11);
            UpdateCircuit circuit = new UpdateCircuit(rows, cols, 1, 0, pulse, 2 * pulse.durationSecond());
            ConductanceRange range = new ConductanceRange(1e-6, 1e-5);
            CompactSpec spec = new CompactSpec(0.8, 0.8, pulse);
            if (checkEvery > 0) {
                BehavioralUpdater tile = new BehavioralUpdater(circuit, range, spec, new IrDrop(IrDrop.Mode.FAST,
                        IrDrop.DEFAULT_REFRESH_DRIFT, checkEvery), null, 5);
                updater = pulses -> tile.update(array, pulses);
            } else {
                LineUpdater line = new LineUpdater(array, circuit, range, spec, 5);
                updater = line::apply;
            }
            SplittableRandom rng = new SplittableRandom(13);
            boolean transfers = density == 0;
            for (int k = 0; k < updates.length; k++) {
                double[] x = new double[rows];
                for (int i = 0; i < rows; i++) {
                    x[i] = rng.nextDouble() < density ? rng.nextDouble() : 0;
                }
                if (transfers) {
                    x[rng.nextInt(rows)] = 1;
                }
                double[] d = new double[cols];
                for (int j = 0; j < cols; j++) {
                    d[j] = (transfers ? 1 : 0.05) * (2 * rng.nextDouble() - 1);
                }
                updates[k] = transfers ? UpdatePulses.draw(x, d, 0.01, 0.001, 31, false, k)
                        : UpdatePulses.draw(x, d, 0.1, 0.001, 31, true, k);
            }
        }

        @Override
        public void accept(int k) {
            updater.accept(updates[k % updates.length]);
        }
    }
}
