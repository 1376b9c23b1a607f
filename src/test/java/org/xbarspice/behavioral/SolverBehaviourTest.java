package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.InvalidInputException;

/** Conductance updates, warm start, convergence failure and input checks. */
class SolverBehaviourTest {
    private static final int N = 24;
    private static final int M = 20;

    private static double[] conductances(SplittableRandom rng) {
        double[] g = new double[N * M];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        return g;
    }

    private static double[][] inputs(SplittableRandom rng, int k, int n) {
        double[][] v = new double[k][n];
        for (double[] row : v) {
            for (int i = 0; i < n; i++) {
                row[i] = -0.2 + 0.4 * rng.nextDouble();
            }
        }
        return v;
    }

    private static void assertClose(double[][] expected, double[][] actual, double rel) {
        for (int k = 0; k < expected.length; k++) {
            double scale = 0;
            for (double e : expected[k]) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int l = 0; l < expected[k].length; l++) {
                assertEquals(expected[k][l], actual[k][l], rel * scale, "vector " + k + " line " + l);
            }
        }
    }

    @Test
    void setConductancesEqualsFreshReader() {
        SplittableRandom rng = new SplittableRandom(5);
        CrossbarCircuit c = new CrossbarCircuit(N, M, 1.0, 20, Sense.Tia.defaults(), Direction.BACKWARD);
        double[] g1 = conductances(rng);
        double[] g2 = conductances(rng);
        double[][] v = inputs(rng, 3, M);
        CrossbarSolver reader = new CrossbarSolver(c, g1);
        double[][] before = reader.read(v);
        reader.setConductances(g2);
        double[][] after = reader.read(v);
        double[][] fresh = new CrossbarSolver(c, g2).read(v);
        assertClose(fresh, after, 1e-13);
        assertTrue(Math.abs(before[0][0] - after[0][0]) > 1e-3 * Math.abs(after[0][0]), "conductances changed the result");
    }

    @Test
    void warmStartAgreesAndSavesIterations() {
        SplittableRandom rng = new SplittableRandom(6);
        CrossbarCircuit c = new CrossbarCircuit(N, M, 10.0, 0, new Sense.Ideal(), Direction.FORWARD);
        double[] g = conductances(rng);
        double[][] v = inputs(rng, 1, N);
        CrossbarSolver cold = new CrossbarSolver(c, g);
        CrossbarSolver warm = new CrossbarSolver(c, g, SolverOptions.defaults().withWarmStart(true));
        warm.read(v);
        // a small conductance change, as after one training update, then the same input again
        double[] g2 = g.clone();
        for (int d = 0; d < g2.length; d++) {
            g2[d] *= 1 + 1e-3 * (rng.nextDouble() - 0.5);
        }
        cold.setConductances(g2);
        warm.setConductances(g2);
        double[][] a = cold.read(v);
        int coldIterations = cold.statistics().lastPcgIterations();
        double[][] b = warm.read(v);
        int warmIterations = warm.statistics().lastPcgIterations();
        assertClose(a, b, 1e-12);
        assertTrue(warmIterations < coldIterations, "warm " + warmIterations + " < cold " + coldIterations);
    }

    @Test
    void tooFewIterationsThrowsNotConverged() {
        SplittableRandom rng = new SplittableRandom(7);
        CrossbarCircuit c = new CrossbarCircuit(N, M, 10.0, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarSolver reader = new CrossbarSolver(c, conductances(rng), new SolverOptions(1e-13, 2, false, 0));
        SolverNotConvergedException e = assertThrows(SolverNotConvergedException.class,
                () -> reader.read(inputs(rng, 1, N)[0]));
        assertTrue(e.getMessage().contains("2 iterations"), e.getMessage());
        // a command's user cannot raise the iterations: the message names what they can change first
        assertTrue(e.getMessage().contains("lower the wire resistance, use a smaller array, or, from Java, raise"),
                e.getMessage());
    }

    @Test
    void zeroInputGivesZeroAndStatisticsCount() {
        SplittableRandom rng = new SplittableRandom(8);
        CrossbarCircuit c = new CrossbarCircuit(N, M, 1.0, 10, Sense.Tia.defaults(), Direction.FORWARD);
        CrossbarSolver reader = new CrossbarSolver(c, conductances(rng));
        assertArrayEquals(new double[M], reader.read(new double[N]));
        reader.read(inputs(rng, 4, N));
        SolveStatistics s = reader.statistics();
        assertEquals(5, s.vectors());
        assertTrue(s.maxPcgIterations() > 0 && s.maxPcgIterations() < 50, s.toString());
        assertEquals(2 * N * M, reader.unknowns());
    }

    @Test
    void badInputsAreRejectedWithTheirValue() {
        CrossbarCircuit c = new CrossbarCircuit(2, 3, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CrossbarSolver(c, new double[] {1e-6, 1e-6, -1e-6, 1e-6, 1e-6, 1e-6}));
        assertTrue(e.getMessage().contains("G[0][2]") && e.getMessage().contains("S"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new CrossbarSolver(c, new double[5]));
        CrossbarSolver reader = new CrossbarSolver(c, new double[6]);
        assertThrows(InvalidInputException.class, () -> reader.read(new double[3]));
        assertThrows(InvalidInputException.class, () -> reader.read(new double[] {0.1, Double.NaN}));
        // all-zero conductances are allowed: nothing flows
        assertArrayEquals(new double[3], reader.read(new double[] {0.1, 0.2}));
    }
}
