package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.UniformQuantizer;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** The tile's peripherals (DAC -> array -> noise -> ADC) around a fixed array read in physical units. */
class ArrayReadTest {
    private static final double READ_VOLT = 0.2;

    private static ArrayRead reader(ReadOptions peripherals, double fullScale, long seed) {
        SplittableRandom rng = new SplittableRandom(3);
        double[] g = new double[8 * 6];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        CrossbarCircuit c = new CrossbarCircuit(8, 6, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        return new ArrayRead(new BehavioralReader(c), g, false, peripherals, READ_VOLT, fullScale, seed);
    }

    /** 50 vectors uniform in +-V_read. */
    private static double[][] inputs() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] v = new double[50][8];
        for (double[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = READ_VOLT * (2 * rng.nextDouble() - 1);
            }
        }
        return v;
    }

    private static ReadOptions peripherals(int dacBits, int adcBits, double noise) {
        return new ReadOptions(dacBits, adcBits, noise, adcBits == 0 ? Double.POSITIVE_INFINITY : 1, false, false, 0);
    }

    @Test
    void readNoiseIsDeterministicBySeedAndHasTheRequestedStd() {
        double range = 1e-5;
        ReadOptions p = peripherals(0, 0, 0.02);
        double[][] v = inputs();
        double[][] a = reader(p, range, 42).read(v);
        double[][] b = reader(p, range, 42).read(v);
        double[][] c = reader(p, range, 43).read(v);
        double[][] clean = reader(ReadOptions.ideal(), range, 42).read(v);
        for (int k = 0; k < v.length; k++) {
            assertArrayEquals(a[k], b[k], 0.0, "same seed, same result");
        }
        assertFalse(a[0][0] == c[0][0], "another seed, other draws");
        ArrayRead twice = reader(p, range, 42);
        assertArrayEquals(a[0], twice.read(v)[0], 0.0, "the first read of a fresh reader");
        assertFalse(a[0][0] == twice.read(v)[0][0], "a second read continues the noise stream instead of repeating it");
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int k = 0; k < v.length; k++) {
            for (int l = 0; l < a[k].length; l++) {
                double e = a[k][l] - clean[k][l];
                sum += e;
                sumSq += e * e;
                count++;
            }
        }
        double std = Math.sqrt(sumSq / count - (sum / count) * (sum / count));
        assertEquals(0.02 * range, std, 0.15 * 0.02 * range, "noise std = sigma * I_max");
    }

    @Test
    void dacAndAdcQuantiseAndSaturate() {
        double[][] v = inputs();
        ArrayRead plain = reader(ReadOptions.ideal(), 1, 1);
        UniformQuantizer dac = new UniformQuantizer(4, READ_VOLT);
        ArrayRead withDac = reader(peripherals(4, 0, 0), 1, 1);
        for (double[] x : v) {
            double[] qx = x.clone();
            for (int i = 0; i < qx.length; i++) {
                qx[i] = dac.quantize(qx[i]);
            }
            // the DAC levels over +-1 times V_read equal the levels over +-V_read up to rounding (1e-22 A here)
            assertArrayEquals(plain.read(new double[][] {qx})[0], withDac.read(new double[][] {x})[0], 1e-20,
                    "DAC output feeds the array");
        }
        double iMax = 2e-6;
        UniformQuantizer adc = new UniformQuantizer(6, iMax);
        ArrayRead withAdc = reader(peripherals(0, 6, 0), iMax, 1);
        boolean sawSaturation = false;
        for (double[] x : v) {
            double[] analog = plain.read(new double[][] {x})[0];
            double[] digital = withAdc.read(new double[][] {x})[0];
            for (int l = 0; l < analog.length; l++) {
                // the level of the analog current (levels over +-1 times I_max: equal up to rounding, 1e-22 A)
                assertEquals(adc.quantize(analog[l]), digital[l], 1e-20);
                assertTrue(Math.abs(digital[l]) <= iMax * (1 + 1e-15));
                sawSaturation |= Math.abs(analog[l]) > iMax;
            }
        }
        assertTrue(sawSaturation, "the case exercises ADC saturation");
    }
}
