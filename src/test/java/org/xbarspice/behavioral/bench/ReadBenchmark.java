package org.xbarspice.behavioral.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolveStatistics;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * Timing of the behavioral read (prints, asserts nothing; excluded from {@code mvn test}). Run:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes
 * org.xbarspice.behavioral.bench.ReadBenchmark}. Case: N x N, r = 1 ohm, ideal drivers, K = 100 input
 * vectors, G uniform in [1e-6, 1e-5] S, inputs uniform in [-0.2, 0.2] V, seeded.
 */
public final class ReadBenchmark {
    private ReadBenchmark() {
    }

    public static void main(String[] args) {
        int k = 100;
        int reps = 5;
        for (int size : new int[] {64, 256}) {
            for (Sense sense : new Sense[] {new Sense.Ideal(), Sense.Tia.defaults()}) {
                for (Direction dir : Direction.values()) {
                    run(size, 1.0, sense, dir, k, reps, false);
                }
            }
            run(size, 1.0, new Sense.Ideal(), Direction.FORWARD, k, reps, true);
            run(size, 0.1, new Sense.Ideal(), Direction.FORWARD, k, reps, false);
            run(size, 10.0, new Sense.Ideal(), Direction.FORWARD, k, reps, false);
            run(size, 0.0, new Sense.Ideal(), Direction.FORWARD, k, reps, false);
            reReadAfterUpdate(size);
        }
    }

    /** Warm start where it pays: the same input read again after a small (1e-3 relative) conductance change. */
    private static void reReadAfterUpdate(int size) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] g = new double[size * size];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = -0.2 + 0.4 * rng.nextDouble();
        }
        CrossbarCircuit c = new CrossbarCircuit(size, size, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarSolver cold = new CrossbarSolver(c, g);
        CrossbarSolver warm = new CrossbarSolver(c, g, SolverOptions.defaults().withWarmStart(true));
        warm.read(v);
        int coldSum = 0;
        int warmSum = 0;
        int updates = 10;
        for (int u = 0; u < updates; u++) {
            for (int d = 0; d < g.length; d++) {
                g[d] *= 1 + 1e-3 * (rng.nextDouble() - 0.5);
            }
            cold.setConductances(g);
            warm.setConductances(g);
            cold.read(v);
            warm.read(v);
            coldSum += cold.statistics().lastPcgIterations();
            warmSum += warm.statistics().lastPcgIterations();
        }
        System.out.printf(Locale.ROOT, "%3dx%-3d r=1.0  re-read after 1e-3 update: PCG iterations cold %.1f, warm %.1f (mean of %d)%n",
                size, size, (double) coldSum / updates, (double) warmSum / updates, updates);
    }

    private static void run(int size, double wire, Sense sense, Direction dir, int k, int reps, boolean warm) {
        SplittableRandom rng = new SplittableRandom(2024);
        double[] g = new double[size * size];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        double[][] in = new double[k][size];
        for (double[] v : in) {
            for (int i = 0; i < size; i++) {
                v[i] = -0.2 + 0.4 * rng.nextDouble();
            }
        }
        CrossbarCircuit c = new CrossbarCircuit(size, size, wire, 0, sense, dir);
        long t0 = System.nanoTime();
        CrossbarSolver reader = new CrossbarSolver(c, g, SolverOptions.defaults().withWarmStart(warm));
        long build = System.nanoTime() - t0;
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        do {
            reader.read(in); // warm-up (JIT), at least 2 s and 3 batches
        } while (System.nanoTime() < warmUntil);
        double[] perVector = new double[reps];
        double[][] out = null;
        SolveStatistics stats = null;
        for (int r = 0; r < reps; r++) {
            reader.resetStatistics();
            long t = System.nanoTime();
            out = reader.read(in);
            perVector[r] = (System.nanoTime() - t) / 1e3 / k;
            stats = reader.statistics();
        }
        Arrays.sort(perVector);
        // accuracy of the default tolerance against a 100x tighter solve
        CrossbarSolver tight = new CrossbarSolver(c, g, SolverOptions.defaults().withTolerance(1e-15));
        double[][] ref = tight.read(in);
        double worst = 0;
        for (int v = 0; v < k; v++) {
            double scale = 0;
            for (double x : ref[v]) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int l = 0; l < ref[v].length; l++) {
                worst = Math.max(worst, Math.abs(out[v][l] - ref[v][l]) / scale);
            }
        }
        // IR-drop size: deviation from the ideal read
        CrossbarSolver ideal = new CrossbarSolver(new CrossbarCircuit(size, size, 0, 0, new Sense.Ideal(), dir), g);
        double[] id = ideal.read(in[0]);
        double irDrop = 0;
        double scale = 0;
        for (int l = 0; l < id.length; l++) {
            irDrop = Math.max(irDrop, Math.abs(id[l] - ref[0][l]));
            scale = Math.max(scale, Math.abs(id[l]));
        }
        System.out.printf(Locale.ROOT,
                "%3dx%-3d r=%-4s %-5s %-8s warm=%-5s unknowns=%6d nnz=%7d build=%6.1f ms | per vector: median %8.1f us"
                        + " (min %8.1f) | PCG it mean %.2f max %d | passes %d | rel.res %.1e | err vs tol 1e-15: %.1e"
                        + " | IR-drop effect %.1f %%%n",
                size, size, wire, sense.getClass().getSimpleName(), dir, warm, reader.unknowns(), reader.nonZeros(),
                build / 1e6, perVector[reps / 2], perVector[0], stats.meanPcgIterations(), stats.maxPcgIterations(),
                stats.activeSetPasses(), stats.lastRelativeResidual(), worst, 100 * irDrop / scale);
    }
}
