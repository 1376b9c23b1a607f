package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The PWL drive of an integrator read, as the netlist writes it and the behavioral engine integrates it. */
class DriverWaveformTest {
    /**
     * A PWM pulse one edge wide (0.002 V of a 0.2 V full scale, t_read / 100) is a triangle: as a trapezoid its top ran
     * from t + 1.1e-8 to t + 1.1000000000000001e-8, two times that ngspice's parser read in swapped order ("non-increasing
     * PWL time points"). Its area stays the input's, v t_read.
     */
    @Test
    void aPulseOneEdgeWideIsATriangleOfTheSameArea() {
        Sense.Integrator integ = Sense.Integrator.defaults(InputEncoding.PWM, 0.2);
        double v = 0.2 * integ.edgeSecond() / integ.readSecond();
        double[] wave = CrossbarNetlist.driverWaveform(integ, new double[][] {{v}}, 0);
        double area = 0;
        for (int p = 0; p + 3 < wave.length; p += 2) {
            assertTrue(wave[p + 2] - wave[p] > 1e-6 * integ.edgeSecond() || p + 3 == wave.length - 1 && wave[p + 2] == wave[p],
                    "times " + wave[p] + ", " + wave[p + 2]);
            area += (wave[p + 2] - wave[p]) * (wave[p + 1] + wave[p + 3]) / 2;
        }
        assertEquals(1 + 3 + 1, wave.length / 2, java.util.Arrays.toString(wave)); // 0, the triangle, the end (6 points before)
        assertEquals(v * integ.readSecond(), area, 1e-12 * v * integ.readSecond());
    }
}
