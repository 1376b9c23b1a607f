package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.ReadPeripherals;
import org.xbarspice.behavioral.UniformQuantizer;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** DAC -> array -> noise -> ADC around a read. */
class PeripheralReaderTest {
    private static PeripheralReader reader(ReadPeripherals p, long seed) {
        SplittableRandom rng = new SplittableRandom(3);
        double[] g = new double[8 * 6];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        CrossbarCircuit c = new CrossbarCircuit(8, 6, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        return new PeripheralReader(new BehavioralReader(c, g), p, new SplittableRandom(seed));
    }

    private static double[][] inputs() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] v = new double[50][8];
        for (double[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = -0.25 + 0.5 * rng.nextDouble();
            }
        }
        return v;
    }

    @Test
    void readNoiseIsDeterministicBySeedAndHasTheRequestedStd() {
        double range = 1e-5;
        ReadPeripherals p = ReadPeripherals.off().withNoise(0.02, range);
        double[][] v = inputs();
        double[][] a = reader(p, 42).read(v);
        double[][] b = reader(p, 42).read(v);
        double[][] c = reader(p, 43).read(v);
        double[][] clean = reader(ReadPeripherals.off(), 42).read(v);
        for (int k = 0; k < v.length; k++) {
            assertArrayEquals(a[k], b[k], 0.0, "same seed, same result");
        }
        assertFalse(a[0][0] == c[0][0], "another seed, other draws");
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
        assertEquals(0.02 * range, std, 0.15 * 0.02 * range, "noise std = sigma * range");
    }

    @Test
    void dacAndAdcQuantiseAndSaturate() {
        double[][] v = inputs();
        PeripheralReader plain = reader(ReadPeripherals.off(), 1);
        UniformQuantizer dac = new UniformQuantizer(4, 0.2);
        PeripheralReader withDac = reader(ReadPeripherals.off().withDac(4, 0.2), 1);
        for (double[] x : v) {
            double[] qx = x.clone();
            dac.quantizeInPlace(qx);
            assertArrayEquals(plain.read(new double[][] {qx})[0], withDac.read(new double[][] {x})[0], 0.0, "DAC output feeds the array");
        }
        double iMax = 2e-6;
        UniformQuantizer adc = new UniformQuantizer(6, iMax);
        PeripheralReader withAdc = reader(ReadPeripherals.off().withAdc(6, iMax), 1);
        boolean sawSaturation = false;
        for (double[] x : v) {
            double[] analog = plain.read(new double[][] {x})[0];
            double[] digital = withAdc.read(new double[][] {x})[0];
            for (int l = 0; l < analog.length; l++) {
                assertEquals(adc.quantize(analog[l]), digital[l], 0.0);
                assertTrue(Math.abs(digital[l]) <= iMax);
                sawSaturation |= Math.abs(analog[l]) > iMax;
            }
        }
        assertTrue(sawSaturation, "the case exercises ADC saturation");
        assertTrue(ReadPeripherals.off().isOff());
    }
}
