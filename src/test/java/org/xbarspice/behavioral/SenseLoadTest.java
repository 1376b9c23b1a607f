package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;

/**
 * {@link CrossbarSolver#senseLoadInto}, the currents into sense nodes held at given voltages with the drivers at 0 V,
 * against the dense MNA of the same network: ideal wires (the closed form), wires, drivers, both directions.
 */
class SenseLoadTest {
    @ParameterizedTest
    @CsvSource({"0, 0, FORWARD", "0, 0, BACKWARD", "1, 0, FORWARD", "5, 0, BACKWARD", "0, 50, FORWARD", "2, 20, BACKWARD"})
    void senseLoadIsTheNetworksAdmittanceBetweenTheSenseNodes(double wireOhm, double driverOhm, Direction direction) {
        CrossbarCircuit c = new CrossbarCircuit(6, 9, wireOhm, driverOhm, Sense.Integrator.defaults(InputEncoding.AMPLITUDE,
                0.2), direction);
        SplittableRandom random = new SplittableRandom(3);
        double[] g = new double[c.rows() * c.cols()];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * random.nextDouble();
        }
        double[] senseVolt = new double[c.sensedLines()];
        for (int s = 0; s < senseVolt.length; s++) {
            senseVolt[s] = 1e-3 * (random.nextDouble() - 0.5);
        }
        double[] load = new double[c.sensedLines()];
        CrossbarSolver solver = new CrossbarSolver(c, g);
        solver.senseLoadInto(senseVolt, load);
        double[] expected = MnaReference.senseLoad(c, g, senseVolt);
        double worst = 0;
        double scale = 0;
        for (int s = 0; s < load.length; s++) {
            worst = Math.max(worst, Math.abs(load[s] - expected[s]));
            scale = Math.max(scale, Math.abs(expected[s]));
            assertTrue(load[s] * senseVolt[s] < 0, "a sense node above 0 V loses current to the array: line " + s);
        }
        // measured: 2.6e-16 without wires, 7.9e-13 to 1.2e-11 of the largest current with them (the solver's tolerance,
        // 1e-12 of the largest voltage); the bound 5e-11
        assertTrue(worst <= 5e-11 * scale, wireOhm + " ohm, " + driverOhm + " ohm, " + direction + ": " + worst / scale);
    }
}
