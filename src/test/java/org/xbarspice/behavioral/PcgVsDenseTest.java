package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;

/**
 * The PCG solution agrees with dense MNA of the full circuit (every periphery node, sources, op-amp as a
 * VCVS) on random 5 x 7 arrays, G in [1, 10] uS, inputs in [-0.2, 0.2] V, for r in {0.1, 1, 10, 0} ohm,
 * driver 0 or 50 ohm, ideal / TIA / integrator sense, both directions: currents within 1e-10 of the
 * largest output, device voltages within 1e-10 of the input range.
 */
class PcgVsDenseTest {
    private static final int ROWS = 5;
    private static final int COLS = 7;

    @TestFactory
    List<DynamicTest> pcgMatchesDenseLu() {
        List<DynamicTest> tests = new ArrayList<>();
        double[] wires = {0.1, 1, 10, 0};
        double[] drivers = {0, 50};
        Sense[] senses = {new Sense.Ideal(), Sense.Tia.defaults(), Sense.Integrator.defaults(InputEncoding.PWM, 0.2)};
        long seed = 11;
        for (double r : wires) {
            for (double rd : drivers) {
                for (Sense s : senses) {
                    for (Direction dir : Direction.values()) {
                        long caseSeed = seed++;
                        CrossbarCircuit c = new CrossbarCircuit(ROWS, COLS, r, rd, s, dir);
                        String name = "r=" + r + " Rd=" + rd + " " + s.getClass().getSimpleName() + " " + dir;
                        tests.add(DynamicTest.dynamicTest(name, () -> compare(c, caseSeed)));
                    }
                }
            }
        }
        return tests;
    }

    static void compare(CrossbarCircuit c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[c.rows() * c.cols()];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        CrossbarSolver reader = new CrossbarSolver(c, g);
        for (int v = 0; v < 3; v++) {
            double[] in = new double[c.drivenLines()];
            for (int k = 0; k < in.length; k++) {
                in[k] = -0.2 + 0.4 * rng.nextDouble();
            }
            MnaReference.Read ref = MnaReference.crossbar(c, g, in, null);
            double[] got = reader.read(in);
            double scale = 0;
            for (double x : ref.currents()) {
                scale = Math.max(scale, Math.abs(x));
            }
            assertTrue(scale > 1e-7, "reference currents are not trivially small");
            for (int k = 0; k < got.length; k++) {
                // measured at most 4.5e-13 of the largest current (2026-12-04); a regression bound
                assertEquals(ref.currents()[k], got[k], 1e-12 * scale, "current " + k + " of " + c);
            }
            double[] dv = reader.deviceVoltages(in);
            for (int d = 0; d < dv.length; d++) {
                // measured at most 2.5e-13 of the 0.2 V input range (2026-12-04); a regression bound
                assertEquals(ref.deviceVoltages()[d], dv[d], 6e-13 * 0.2, "device voltage " + d + " of " + c);
            }
        }
    }
}
