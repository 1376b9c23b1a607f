package org.xbarspice.bench;

import java.util.Locale;
import java.util.function.IntConsumer;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.ReadCase;

/**
 * The exact IR-drop read ({@link CrossbarSolver}, one thread) of two builds of xbarspice compared in one JVM, as
 * {@link UpdateBuilds} compares updates: each build's classes in their own class loader, reads of the same vectors in
 * alternating blocks, each block timed by the thread's CPU time; prints the median, minimum and maximum of the block
 * ratios (speed-up of the second build), and whether the two builds' outputs agree bit for bit.
 *
 * <p>Workload: {@code ReadBenchmark}'s behavioral read, a size x size array at {@code wireOhm} (G in [1, 10] uS,
 * ideal sense), 16 input vectors in +-0.2 V read in turn.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.ReadBuilds BASE_CLASSES NEW_CLASSES [size [wireOhm [block [rounds]]]]} (defaults 256, 1, 40, 21),
 * the classes being build output directories, e.g. {@code git worktree add /tmp/base REV && (cd /tmp/base && mvn -q
 * compile)} and {@code /tmp/base/target/classes}.
 */
public final class ReadBuilds {
    private ReadBuilds() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        double wireOhm = args.length > 3 ? Double.parseDouble(args[3]) : 1;
        int block = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 21;
        Class<?>[] types = {int.class, double.class};
        IntConsumer[] builds = {PairedBuilds.load(args[0], Workload.class, types, size, wireOhm),
                PairedBuilds.load(args[1], Workload.class, types, size, wireOhm)};
        PairedBuilds.warmUp(builds, block);
        boolean same = true;
        for (int k = 0; k < Workload.VECTORS; k++) {
            builds[0].accept(k);
            builds[1].accept(k);
            same &= builds[0].toString().equals(builds[1].toString());
        }
        System.out.println("outputs of the two builds bit-identical: " + same);
        PairedBuilds.race(builds, 0, block, rounds, String.format(Locale.ROOT,
                "%d x %d at %.3g ohm, exact reads of %s against %s", size, size, wireOhm, args[1], args[0]), false);
    }

    /** One build's solver and input vectors; {@code accept(k)} reads vector k mod {@link #VECTORS}. */
    public static final class Workload implements IntConsumer {
        static final int VECTORS = 16;
        private final CrossbarSolver solver;
        private final double[][] inputs;
        private final double[] output;

        public Workload(int size, double wireOhm) {
            CrossbarCircuit c = new CrossbarCircuit(size, size, wireOhm, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(c, 1e-6, 1e-5, VECTORS, 0.2, 1);
            solver = new CrossbarSolver(c, draw.conductances());
            inputs = draw.inputs();
            output = new double[size];
        }

        @Override
        public void accept(int k) {
            solver.readInto(inputs[k % VECTORS], output);
        }

        /** The last read's output currents, as hexadecimal bit patterns (to compare builds across class loaders). */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (double v : output) {
                s.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
            }
            return s.toString();
        }
    }
}
