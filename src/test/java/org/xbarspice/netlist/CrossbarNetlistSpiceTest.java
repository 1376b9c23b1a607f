package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.xbarspice.spice.SharedEngine;
import org.xbarspice.spice.SpiceResult;

/** ngspice runs of generated netlists against closed forms that need no solver. */
@Tag("ngspice")
class CrossbarNetlistSpiceTest {

    static double[][] idealForward(double[] g, int rows, int cols, double[][] v) {
        double[][] out = new double[v.length][cols];
        for (int k = 0; k < v.length; k++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[k][j] += g[i * cols + j] * v[k][i];
                }
            }
        }
        return out;
    }

    static double[] conductances(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        return g;
    }

    static double[][] inputs(int k, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] v = new double[k][n];
        for (double[] row : v) {
            for (int d = 0; d < n; d++) {
                row[d] = -0.2 + 0.4 * rng.nextDouble();
            }
        }
        return v;
    }

    private static double[][] simulate(Netlist<double[][]> netlist) {
        SpiceResult result = SharedEngine.get().run(netlist.text(), netlist.vectors());
        return netlist.decode(result.vectors());
    }

    private static void assertClose(double[][] expected, double[][] actual, double relTol) {
        double scale = 0;
        for (double[] row : expected) {
            for (double x : row) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int k = 0; k < expected.length; k++) {
            for (int s = 0; s < expected[k].length; s++) {
                assertEquals(expected[k][s], actual[k][s], relTol * scale, "vector " + k + " line " + s);
            }
        }
    }

    @Test
    void idealReadInNgspiceIsGTransposeV() {
        int rows = 6;
        int cols = 5;
        double[] g = conductances(rows * cols, 1);
        double[][] v = inputs(7, rows, 2);
        CrossbarCircuit c = new CrossbarCircuit(rows, cols, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        // measured 6.1e-16 of the largest output (2026-12-02); a regression bound
        assertClose(idealForward(g, rows, cols, v), simulate(CrossbarNetlist.read(c, g, v)), 3e-15);
    }

    @Test
    void singleInputVectorWorks() {
        double[] g = conductances(4, 3);
        double[][] v = inputs(1, 2, 4);
        CrossbarCircuit c = new CrossbarCircuit(2, 2, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        // measured together with the 6 x 5 read above: at most 6.1e-16 (2026-12-02); a regression bound
        assertClose(idealForward(g, 2, 2, v), simulate(CrossbarNetlist.read(c, g, v)), 3e-15);
    }

    @Test
    void integratorReadsEqualTheDcCurrentForBothEncodings() {
        int rows = 4;
        int cols = 3;
        double[] g = conductances(rows * cols, 5);
        double[][] v = inputs(3, rows, 6);
        double[][] expected = idealForward(g, rows, cols, v);
        for (InputEncoding encoding : InputEncoding.values()) {
            Sense.Integrator integ = Sense.Integrator.defaults(encoding, 0.2);
            double gain = integ.openLoopGain() / (1 + integ.openLoopGain());
            double[][] scaled = new double[expected.length][cols];
            for (int k = 0; k < expected.length; k++) {
                for (int j = 0; j < cols; j++) {
                    scaled[k][j] = expected[k][j] * gain;
                }
            }
            CrossbarCircuit c = new CrossbarCircuit(rows, cols, 0, 0, integ, Direction.FORWARD);
            assertClose(scaled, simulate(CrossbarNetlist.read(c, g, v)), 1e-4); // measured 3.0e-5 (2026-12-02)
        }
    }
}
