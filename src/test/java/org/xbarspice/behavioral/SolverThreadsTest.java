package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * A solve on two threads ({@link SolverOptions#threads} = 2) gives the same currents, device voltages and
 * statistics bit for bit as on one: reads in both directions with ideal sense, driver resistance and a saturating TIA
 * (the active set re-solves), on arrays large enough for the helper ({@link CrossbarSolver#MIN_CROSSPOINTS_FOR_TWO_THREADS})
 * with odd row or column counts (parts of unequal size), and the programming network.
 */
class SolverThreadsTest {
    @TestFactory
    List<DynamicTest> twoThreadsGiveTheSameBits() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{257, 257}, {255, 300}};
        Sense[] senses = {new Sense.Ideal(), new Sense.Tia(1e6, 5e3, 0.02)};
        long seed = 3;
        for (int[] shape : shapes) {
            for (Sense sense : senses) {
                for (Direction dir : Direction.values()) {
                    CrossbarCircuit c = new CrossbarCircuit(shape[0], shape[1], 1.0, 50, sense, dir);
                    long caseSeed = seed++;
                    tests.add(DynamicTest.dynamicTest(shape[0] + " x " + shape[1] + " " + sense.getClass().getSimpleName()
                            + " " + dir, () -> compareReads(c, caseSeed)));
                }
            }
            CrossbarCircuit c = new CrossbarCircuit(shape[0], shape[1], 2.0, 100, new Sense.Ideal(), Direction.FORWARD);
            long caseSeed = seed++;
            tests.add(DynamicTest.dynamicTest(shape[0] + " x " + shape[1] + " programming network",
                    () -> compareProgramming(c, caseSeed)));
        }
        return tests;
    }

    private static double[] conductances(CrossbarCircuit c, SplittableRandom rng) {
        double[] g = new double[c.rows() * c.cols()];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-5 * rng.nextDouble();
        }
        return g;
    }

    private static double[] volts(int count, SplittableRandom rng) {
        double[] v = new double[count];
        for (int k = 0; k < count; k++) {
            v[k] = -0.3 + 0.6 * rng.nextDouble();
        }
        return v;
    }

    private static void compareReads(CrossbarCircuit c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = conductances(c, rng);
        CrossbarSolver one = new CrossbarSolver(c, g);
        CrossbarSolver two = new CrossbarSolver(c, g, SolverOptions.defaults().withThreads(2));
        for (int v = 0; v < 3; v++) {
            double[] in = volts(c.drivenLines(), rng);
            assertArrayEquals(one.read(in), two.read(in));
            assertArrayEquals(one.deviceVoltages(in), two.deviceVoltages(in));
            assertArrayEquals(one.saturation(), two.saturation());
        }
        assertEquals(one.statistics(), two.statistics());
    }

    private static void compareProgramming(CrossbarCircuit c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = conductances(c, rng);
        CrossbarSolver one = CrossbarSolver.programming(c, g, SolverOptions.defaults());
        CrossbarSolver two = CrossbarSolver.programming(c, g, SolverOptions.defaults().withThreads(2));
        double[] a = new double[g.length];
        double[] b = new double[g.length];
        for (int v = 0; v < 3; v++) {
            double[] rowVolt = volts(c.rows(), rng);
            double[] colVolt = volts(c.cols(), rng);
            one.deviceVoltages(rowVolt, colVolt, a);
            two.deviceVoltages(rowVolt, colVolt, b);
            assertArrayEquals(a, b);
        }
        assertEquals(one.statistics(), two.statistics());
    }
}
