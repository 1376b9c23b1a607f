package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;

/** Small circuits whose equations are written out by hand. */
class HandSolvedTest {

    /**
     * 2 x 2 with wires, ideal drivers, ideal sense, forward. Unknowns in order
     * R00 R01 R10 R11 C00 C01 C10 C11; every equation is KCL "currents leaving the node = 0".
     */
    @Test
    void twoByTwoWithWiresMatchesHandWrittenNodalEquations() {
        double r = 2.0;
        double w = 1 / r;
        double g00 = 0.01;
        double g01 = 0.05;
        double g10 = 0.02;
        double g11 = 0.08;
        double v0 = 0.3;
        double v1 = -0.2;
        double[][] y = {
            // R00: w(R00 - V0) + w(R00 - R01) + g00(R00 - C00) = 0
            {2 * w + g00, -w, 0, 0, -g00, 0, 0, 0},
            // R01: w(R01 - R00) + g01(R01 - C01) = 0 (far end open)
            {-w, w + g01, 0, 0, 0, -g01, 0, 0},
            // R10: w(R10 - V1) + w(R10 - R11) + g10(R10 - C10) = 0
            {0, 0, 2 * w + g10, -w, 0, 0, -g10, 0},
            // R11: w(R11 - R10) + g11(R11 - C11) = 0
            {0, 0, -w, w + g11, 0, 0, 0, -g11},
            // C00: g00(C00 - R00) + w(C00 - C10) = 0 (far end open)
            {-g00, 0, 0, 0, g00 + w, 0, -w, 0},
            // C01: g01(C01 - R01) + w(C01 - C11) = 0
            {0, -g01, 0, 0, 0, g01 + w, 0, -w},
            // C10: g10(C10 - R10) + w(C10 - C00) + w(C10 - 0) = 0 (Q0 held at 0 V)
            {0, 0, -g10, 0, -w, 0, g10 + 2 * w, 0},
            // C11: g11(C11 - R11) + w(C11 - C01) + w(C11 - 0) = 0
            {0, 0, 0, -g11, 0, -w, 0, g11 + 2 * w},
        };
        double[] b = {w * v0, 0, w * v1, 0, 0, 0, 0, 0};
        double[] v = new LUDecomposition(new Array2DRowRealMatrix(y)).getSolver()
                .solve(new ArrayRealVector(b)).toArray();
        double[] expected = {w * v[6], w * v[7]}; // current through the last segment into Q_j

        CrossbarCircuit c = new CrossbarCircuit(2, 2, r, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarSolver reader = new CrossbarSolver(c, new double[] {g00, g01, g10, g11});
        double[] got = reader.read(new double[] {v0, v1});
        for (int j = 0; j < 2; j++) {
            assertEquals(expected[j], got[j], 1e-12 * Math.abs(expected[j]), "I_" + j);
        }
        // the IR drop is large here: the ideal G'V would be far off
        double ideal0 = g00 * v0 + g10 * v1;
        assertTrue(Math.abs(got[0] - ideal0) > 1e-3 * Math.abs(ideal0), "wire resistance must matter");
        double[] dv = reader.deviceVoltages(new double[] {v0, v1});
        double[] expectedDv = {v[0] - v[4], v[1] - v[5], v[2] - v[6], v[3] - v[7]};
        for (int d = 0; d < 4; d++) {
            assertEquals(expectedDv[d], dv[d], 1e-12 * 0.3, "device voltage " + d);
        }
    }

    /** 1 x 1: source, driver R, wire segment, device, wire segment, TIA: one series loop. */
    @Test
    void oneByOneWithDriverWireAndTiaIsASeriesLoop() {
        double rd = 100;
        double r = 3;
        double g = 1e-3;
        double a0 = 1e4;
        double rf = 2e3;
        double vIn = 0.5;
        for (Direction dir : Direction.values()) {
            // linear TIA: inverting input tied to ground through (1 + A0) / Rf
            Sense.Tia tia = new Sense.Tia(a0, rf, 5.0);
            double iin = vIn / (rd + r + 1 / g + r + rf / (1 + a0));
            double expected = iin * a0 / (1 + a0);
            CrossbarSolver reader = new CrossbarSolver(new CrossbarCircuit(1, 1, r, rd, tia, dir), new double[] {g});
            double got = reader.read(new double[] {vIn})[0];
            assertEquals(expected, got, 1e-12 * expected, dir + " linear TIA");
            assertArrayEquals(new int[] {0}, reader.saturation());
            double sign = dir == Direction.FORWARD ? 1 : -1; // V(R) - V(C): current flows from the driven side
            assertEquals(sign * iin / g, reader.deviceVoltages(new double[] {vIn})[0], 1e-12 * iin / g, "device voltage");

            // saturated TIA: Vlim = 0.2 V < Rf * I; the output sits at -Vlim and S is tied to it through Rf
            Sense.Tia low = new Sense.Tia(a0, rf, 0.2);
            CrossbarSolver sat = new CrossbarSolver(new CrossbarCircuit(1, 1, r, rd, low, dir), new double[] {g});
            assertEquals(0.2 / rf, sat.read(new double[] {vIn})[0], 1e-15 * 0.2 / rf, dir + " saturated TIA");
            assertArrayEquals(new int[] {-1}, sat.saturation());
            double iSat = (vIn - (-0.2)) / (rd + r + 1 / g + r + rf);
            assertEquals(sign * iSat / g, sat.deviceVoltages(new double[] {vIn})[0], 1e-12 * iSat / g);
            // negative input saturates the other way
            assertEquals(-0.2 / rf, sat.read(new double[] {-vIn})[0], 1e-15 * 0.2 / rf);
            assertArrayEquals(new int[] {1}, sat.saturation());

            // integrator: ideal virtual ground, current scaled by A0 / (1 + A0)
            Sense.Integrator in = Sense.Integrator.defaults(InputEncoding.AMPLITUDE, 0.2);
            CrossbarSolver integ = new CrossbarSolver(new CrossbarCircuit(1, 1, r, rd, in, dir), new double[] {g});
            double a = in.openLoopGain();
            double expectedInt = vIn / (rd + 2 * r + 1 / g) * a / (1 + a);
            assertEquals(expectedInt, integ.read(new double[] {vIn})[0], 1e-12 * expectedInt, dir + " integrator");
        }
    }
}
