package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * The both-ends-driven programming network of {@link CrossbarSolver#programming} agrees with a dense MNA solve of
 * the same circuit ({@link ProgrammingReference}) on random 5 x 7 arrays, G in [1, 10] uS, row and column sources
 * in [-0.6, 0.6] V, r in {0, 0.1, 1, 10} ohm and driver 0 or 50 ohm: device voltages within 1e-10 of the largest
 * source voltage.
 */
class ProgrammingNetworkTest {
    private static final int ROWS = 5;
    private static final int COLS = 7;

    @TestFactory
    List<DynamicTest> deviceVoltagesMatchDenseMna() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 101;
        for (double r : new double[] {0, 0.1, 1, 10}) {
            for (double rd : new double[] {0, 50}) {
                long caseSeed = seed++;
                tests.add(DynamicTest.dynamicTest("r=" + r + " Rd=" + rd, () -> compare(r, rd, caseSeed)));
            }
        }
        return tests;
    }

    private static void compare(double r, double rd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[ROWS * COLS];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        CrossbarCircuit c = new CrossbarCircuit(ROWS, COLS, r, rd, new Sense.Ideal(), Direction.BACKWARD);
        CrossbarSolver solver = CrossbarSolver.programming(c, g, SolverOptions.defaults());
        double[] out = new double[ROWS * COLS];
        for (int v = 0; v < 3; v++) {
            double[] rowVolt = uniform(rng, ROWS);
            double[] colVolt = uniform(rng, COLS);
            solver.deviceVoltages(rowVolt, colVolt, out);
            double[] ref = ProgrammingReference.deviceVoltages(ROWS, COLS, r, rd, g, rowVolt, colVolt);
            double dropMax = 0;
            for (int d = 0; d < out.length; d++) {
                // measured at most 3.1e-13 of 0.6 V (2026-12-04); a regression bound
                assertEquals(ref[d], out[d], 8e-13 * 0.6, "device voltage " + d);
                dropMax = Math.max(dropMax, Math.abs(ref[d] - (rowVolt[d / COLS] - colVolt[d % COLS])));
            }
            if (r + rd > 0) {
                assertTrue(dropMax > 1e-7, "the case has a measurable IR drop: " + dropMax + " V");
            }
        }
    }

    private static double[] uniform(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = -0.6 + 1.2 * rng.nextDouble();
        }
        return v;
    }

    @Test
    void readAndProgrammingCallsAreKeptApart() {
        double[] g = new double[ROWS * COLS];
        Arrays.fill(g, 5e-6);
        CrossbarCircuit c = new CrossbarCircuit(ROWS, COLS, 1, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarSolver programming = CrossbarSolver.programming(c, g, SolverOptions.defaults());
        assertThrows(IllegalStateException.class, () -> programming.read(new double[ROWS]));
        assertThrows(IllegalStateException.class, () -> programming.deviceVoltages(new double[ROWS]));
        CrossbarSolver read = new CrossbarSolver(c, g);
        assertThrows(IllegalStateException.class,
                () -> read.deviceVoltages(new double[ROWS], new double[COLS], new double[ROWS * COLS]));
    }
}
