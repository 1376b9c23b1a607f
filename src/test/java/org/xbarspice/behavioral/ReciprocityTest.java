package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** A passive resistive network is reciprocal: the effective forward matrix is the backward one transposed. */
class ReciprocityTest {

    @Test
    void forwardEffectiveMatrixIsTransposeOfBackward() {
        int n = 6;
        int m = 4;
        double r = 2.0;
        SplittableRandom rng = new SplittableRandom(21);
        double[] g = new double[n * m];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-3 + 9e-3 * rng.nextDouble(); // large, so the IR drop is strong
        }
        CrossbarSolver fwd = new CrossbarSolver(new CrossbarCircuit(n, m, r, 0, new Sense.Ideal(), Direction.FORWARD), g);
        CrossbarSolver bwd = new CrossbarSolver(new CrossbarCircuit(n, m, r, 0, new Sense.Ideal(), Direction.BACKWARD), g);
        double[][] f = new double[n][]; // f[i][j]: current into Q_j for unit V_i
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            f[i] = fwd.read(e);
        }
        double[][] b = new double[m][]; // b[j][i]: current into P_i for unit V_j
        for (int j = 0; j < m; j++) {
            double[] e = new double[m];
            e[j] = 1;
            b[j] = bwd.read(e);
        }
        double maxDeviationFromG = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals(f[i][j], b[j][i], 1e-12 * Math.abs(f[i][j]), "effective G(" + i + "," + j + ")");
                maxDeviationFromG = Math.max(maxDeviationFromG, Math.abs(f[i][j] - g[i * m + j]) / g[i * m + j]);
            }
        }
        assertTrue(maxDeviationFromG > 0.01, "wires must change the effective matrix, got " + maxDeviationFromG);
    }
}
