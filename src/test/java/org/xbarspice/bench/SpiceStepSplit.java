package org.xbarspice.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.data.Dataset;
import org.xbarspice.train.data.TrainTest;

/**
 * Where a SPICE-in-the-loop step spends its time: the {@link SpiceTrainBenchmark} network (SHD 64-16-10, 1 ohm wires,
 * kept read circuits, layers on one thread) with an engine that times every call: the reads (kept circuits: altered
 * and rerun), the update analyses (a netlist loaded and run each), and, for every update netlist, a second load of the
 * same text without its analysis ({@link SpiceEngine#keep}, closed at once), timed apart and not part of the step, so
 * that an update's load and its analysis can be told apart. Prints the means per step after one step of warm-up.
 *
 * <p>Run (LD_PRELOAD as for the tests): {@code java -Xss4m -cp target/test-classes:target/classes:$(cat
 * target/bench.classpath) org.xbarspice.bench.SpiceStepSplit [STEPS]} (default 20).
 */
public final class SpiceStepSplit {
    private SpiceStepSplit() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        SplittableRandom rng = new SplittableRandom(5);
        float[][] x = new float[500][64];
        int[] y = new int[500];
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < 64; i++) {
                x[k][i] = (float) rng.nextDouble();
            }
            y[k] = rng.nextInt(10);
        }
        Dataset d = new Dataset("random-8x8", x, y, 10);
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"shd\", \"dataset\": \"random-8x8\", \"layers\": \"64-16-10\", "
                + "\"learningRate\": 0.1, \"engine\": \"ngspice\", \"irDrop\": true, \"wireOhm\": 1}", "SpiceStepSplit");
        try (NgSpiceEngine ngspice = NgSpiceEngine.open(1)) {
            Timed engine = new Timed(ngspice);
            Trainer trainer = new Trainer(config, new TrainTest(d, d), SpiceTile.factory(SpiceTile.Setup.of(engine)));
            trainer.network().setThreads(1);
            trainer.step();
            engine.reset();
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                trainer.step();
            }
            double loads = engine.loadNanos * 1e-6 / steps;
            double step = (System.nanoTime() - t0) * 1e-6 / steps - loads; // the second loads are not part of the step
            double reads = engine.readNanos * 1e-6 / steps;
            double updates = engine.runNanos * 1e-6 / steps;
            System.out.printf(Locale.ROOT, "SHD 64-16-10, 1 ohm, %d steps: %.1f ms per step; reads %.1f ms (%.1f per step, "
                    + "%.1f %%); update analyses %.1f ms (%.1f per step, %.1f %%), of which loading their netlists %.1f ms "
                    + "(%.1f %% of the updates); outside ngspice %.1f ms (%.1f %%)%n", steps, step, reads,
                    (double) engine.readCount / steps, 100 * reads / step, updates, (double) engine.runCount / steps,
                    100 * updates / step, loads, 100 * loads / updates, step - reads - updates,
                    100 * (step - reads - updates) / step);
            System.out.printf(Locale.ROOT, "at most %.2fx faster with free reads, free netlist loads and nothing outside "
                    + "ngspice%n", step / (updates - loads));
        }
    }

    /** An engine that times its calls (wall clock, JNA included). */
    private static final class Timed implements SpiceEngine {
        private final SpiceEngine engine;
        long readNanos;
        long runNanos;
        long loadNanos;
        long readCount;
        long runCount;

        Timed(SpiceEngine engine) {
            this.engine = engine;
        }

        void reset() {
            readNanos = runNanos = loadNanos = readCount = runCount = 0;
        }

        @Override
        public SpiceResult run(String netlist, List<String> vectors) {
            long t0 = System.nanoTime();
            SpiceResult result = engine.run(netlist, vectors);
            long t1 = System.nanoTime();
            runNanos += t1 - t0;
            runCount++;
            try (KeptCircuit loaded = engine.keep(netlist, vectors)) {
                loadNanos += System.nanoTime() - t1;
            }
            return result;
        }

        @Override
        public KeptCircuit keep(String netlist, List<String> vectors) {
            KeptCircuit circuit = engine.keep(netlist, vectors);
            return new KeptCircuit() {
                @Override
                public SpiceResult run(List<String> alterations) {
                    long t0 = System.nanoTime();
                    SpiceResult result = circuit.run(alterations);
                    readNanos += System.nanoTime() - t0;
                    readCount++;
                    return result;
                }

                @Override
                public void close() {
                    circuit.close();
                }
            };
        }

        @Override
        public String version() {
            return engine.version();
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
