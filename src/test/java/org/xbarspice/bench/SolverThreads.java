package org.xbarspice.bench;

import java.util.Arrays;
import java.util.Locale;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.units.PhasePair;

/**
 * What {@link SolverOptions#threads} = 2 brings to exact reads: first the hand-over cost of {@link PhasePair} alone
 * (phases whose two parts do nothing, back to back), then a size x size array at 1 ohm (G in [1, 10] uS, one input in
 * +-0.2 V, ideal sense) read by a one-thread and a two-thread solver in alternating rounds of back-to-back reads in
 * one JVM, so that a drift of the machine's speed falls on both alike; prints every round, then the median of the
 * rounds' ratios. Below {@code CrossbarSolver.MIN_CROSSPOINTS_FOR_TWO_THREADS} both solvers run on one thread.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.SolverThreads [size [reads [rounds]]]} (defaults 256, 60, 12).
 */
public final class SolverThreads {
    private SolverThreads() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;

        PhasePair pair = new PhasePair();
        int phases = 200_000;
        double[] handOver = new double[5];
        for (int r = 0; r < handOver.length; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < phases; k++) {
                pair.run(part -> { });
            }
            handOver[r] = (System.nanoTime() - t0) / 1e3 / phases;
        }
        System.out.printf(Locale.ROOT, "empty phases, us each (5 rounds of %d): %s%n", phases, Arrays.toString(handOver));

        CrossbarCircuit c = new CrossbarCircuit(size, size, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(c, 1e-6, 1e-5, 1, 0.2, 1);
        CrossbarSolver one = new CrossbarSolver(c, draw.conductances());
        CrossbarSolver two = new CrossbarSolver(c, draw.conductances(), SolverOptions.defaults().withThreads(2));
        double[] in = draw.inputs()[0];
        double[] out = new double[size];
        for (int k = 0; k < reads; k++) { // warm-up of both
            one.readInto(in, out);
            two.readInto(in, out);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double oneMs = timeReads(one, in, out, reads);
            double twoMs = timeReads(two, in, out, reads);
            ratio[r] = oneMs / twoMs;
            System.out.printf(Locale.ROOT, "round %2d: 1 thread %.3f ms, 2 threads %.3f ms a read, %.2fx%n", r, oneMs, twoMs,
                    ratio[r]);
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%d x %d: median speed-up of 2 threads %.2fx%n", size, size, ratio[rounds / 2]);
    }

    private static double timeReads(CrossbarSolver solver, double[] in, double[] out, int reads) {
        long t0 = System.nanoTime();
        for (int k = 0; k < reads; k++) {
            solver.readInto(in, out);
        }
        return (System.nanoTime() - t0) / 1e6 / reads;
    }
}
