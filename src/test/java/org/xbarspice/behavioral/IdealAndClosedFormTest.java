package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;

/** Ideal crossbar and the r = 0 closed form. */
class IdealAndClosedFormTest {
    private static final int N = 9;
    private static final int M = 13;

    private static double[] conductances(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[N * M];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        return g;
    }

    private static double[] inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = -0.2 + 0.4 * rng.nextDouble();
        }
        return v;
    }

    @Test
    void idealForwardIsExactlyGTransposeV() {
        double[] g = conductances(1);
        double[] v = inputs(N, 2);
        CrossbarSolver reader = new CrossbarSolver(new CrossbarCircuit(N, M, 0, 0, new Sense.Ideal(), Direction.FORWARD), g);
        assertEquals(0, reader.unknowns());
        double[] got = reader.read(v);
        for (int j = 0; j < M; j++) {
            double s = 0.0;
            for (int i = 0; i < N; i++) {
                s += g[i * M + j] * v[i];
            }
            assertEquals(s, got[j], 0.0, "I_" + j + " must equal sum_i G_ij V_i bit for bit");
        }
    }

    @Test
    void idealBackwardIsExactlyGV() {
        double[] g = conductances(3);
        double[] v = inputs(M, 4);
        CrossbarSolver reader = new CrossbarSolver(new CrossbarCircuit(N, M, 0, 0, new Sense.Ideal(), Direction.BACKWARD), g);
        double[][] got = reader.read(new double[][] {v, v});
        for (int i = 0; i < N; i++) {
            double s = 0.0;
            for (int j = 0; j < M; j++) {
                s += g[i * M + j] * v[j];
            }
            assertEquals(s, got[0][i], 0.0, "I_" + i);
            assertEquals(s, got[1][i], 0.0, "I_" + i + " of the second vector");
        }
    }

    @Test
    void idealIntegratorIsScaledByFiniteGain() {
        double[] g = conductances(5);
        double[] v = inputs(N, 6);
        Sense.Integrator in = new Sense.Integrator(1e3, 10e-12, 100e-9, 1e-9, 10e-9, InputEncoding.AMPLITUDE, 0.2);
        double[] got = new CrossbarSolver(new CrossbarCircuit(N, M, 0, 0, in, Direction.FORWARD), g).read(v);
        double[] ideal = new CrossbarSolver(new CrossbarCircuit(N, M, 0, 0, new Sense.Ideal(), Direction.FORWARD), g).read(v);
        for (int j = 0; j < M; j++) {
            assertEquals(ideal[j] * 1e3 / 1001, got[j], 1e-15 * Math.abs(ideal[j]));
        }
    }

    @Test
    void noWiresFiniteDriverGivesDividerClosedForm() {
        double[] g = conductances(7);
        double rd = 50;
        double gd = 1 / rd;
        // forward: row node R_i = V_i gd / (gd + rowsum), columns at 0
        double[] v = inputs(N, 8);
        CrossbarSolver fwd = new CrossbarSolver(new CrossbarCircuit(N, M, 0, rd, new Sense.Ideal(), Direction.FORWARD), g);
        assertEquals(N, fwd.unknowns());
        double[] dv = fwd.deviceVoltages(v);
        double[] cur = fwd.read(v);
        double[] expectedCur = new double[M];
        for (int i = 0; i < N; i++) {
            double rowsum = 0;
            for (int j = 0; j < M; j++) {
                rowsum += g[i * M + j];
            }
            double vr = v[i] * gd / (gd + rowsum);
            assertTrue(Math.abs(vr - v[i]) > 1e-5 * Math.abs(v[i]), "the driver drop is visible");
            for (int j = 0; j < M; j++) {
                assertEquals(vr, dv[i * M + j], 1e-14 * Math.abs(vr), "V(R_" + i + ")");
                expectedCur[j] += g[i * M + j] * vr;
            }
        }
        for (int j = 0; j < M; j++) {
            assertEquals(expectedCur[j], cur[j], 1e-14 * Math.abs(expectedCur[j]) + 1e-22, "I_" + j);
        }
        // backward: column node C_j = V_j gd / (gd + colsum), rows at 0
        double[] u = inputs(M, 9);
        CrossbarSolver bwd = new CrossbarSolver(new CrossbarCircuit(N, M, 0, rd, new Sense.Ideal(), Direction.BACKWARD), g);
        double[] dvb = bwd.deviceVoltages(u);
        for (int j = 0; j < M; j++) {
            double colsum = 0;
            for (int i = 0; i < N; i++) {
                colsum += g[i * M + j];
            }
            double vc = u[j] * gd / (gd + colsum);
            for (int i = 0; i < N; i++) {
                assertEquals(-vc, dvb[i * M + j], 1e-14 * Math.abs(vc), "V(R) - V(C_" + j + ")");
            }
        }
    }
}
