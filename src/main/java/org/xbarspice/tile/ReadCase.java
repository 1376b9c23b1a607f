package org.xbarspice.tile;

import java.util.SplittableRandom;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * The array and the input vectors of one read.
 *
 * @param conductances siemens, row-major rows x cols
 * @param inputs       volt, [vector][driven line]
 */
public record ReadCase(double[] conductances, double[][] inputs) {

    /**
     * Requires {@code devices} conductances and K >= 1 input vectors of {@code drivenLines} values each.
     */
    public ReadCase requireShape(int devices, int drivenLines) {
        if (conductances.length != devices) {
            throw new InvalidInputException("the array has " + conductances.length + " conductances, the circuit needs "
                    + devices);
        }
        if (inputs.length == 0) {
            throw new InvalidInputException("no input vectors: a read needs at least one");
        }
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].length != drivenLines) {
                throw new InvalidInputException("input vector " + k + " has " + inputs[k].length
                        + " values, the circuit has " + drivenLines + " driven lines");
            }
        }
        return this;
    }

    /**
     * Draws from {@code seed}: conductances uniform in [gMin, gMax] (S), then {@code vectors} input vectors
     * uniform in [-readVolt, readVolt] (V). The conductances come first (row-major), so the same seed gives
     * the same array whatever the number of vectors.
     */
    public static ReadCase draw(CrossbarCircuit circuit, double gMinSiemens, double gMaxSiemens, int vectors,
                                double readVolt, long seed) {
        new ConductanceRange(gMinSiemens, gMaxSiemens); // refuses a range out of order or out of bounds (it was taken)
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[circuit.rows() * circuit.cols()];
        for (int k = 0; k < g.length; k++) {
            g[k] = gMinSiemens + (gMaxSiemens - gMinSiemens) * rng.nextDouble();
        }
        return new ReadCase(g, drawInputs(rng, vectors, circuit.drivenLines(), readVolt));
    }

    /**
     * Draws a differential array from {@code seed}: weights uniform in [wMin, wMax] of the device, each stored as a
     * (G+, G-) pair by {@code mapping} (see {@link DifferentialArray}), then {@code vectors} logical input vectors
     * uniform in [-readVolt, readVolt].
     */
    public static ReadCase drawDifferential(CrossbarCircuit logical, DeviceModel device, ConductanceRange range,
                                            WeightMapping mapping, int vectors, double readVolt, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = logical.rows() * logical.cols();
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = device.wMin() + (device.wMax() - device.wMin()) * rng.nextDouble();
        }
        double[] gPositive = new double[n];
        double[] gNegative = new double[n];
        mapping.toConductances(range, w, gPositive, gNegative);
        double[] g = DifferentialArray.interleave(gPositive, gNegative, logical.rows(), logical.cols());
        return new ReadCase(g, drawInputs(rng, vectors, logical.drivenLines(), readVolt));
    }

    private static double[][] drawInputs(SplittableRandom rng, int vectors, int lines, double readVolt) {
        Checks.inRange("vectors", vectors, 1, 1_000_000);
        Checks.positive("read voltage", readVolt, "V");
        double[][] v = new double[vectors][lines];
        for (double[] row : v) {
            for (int d = 0; d < row.length; d++) {
                row[d] = readVolt * (2 * rng.nextDouble() - 1);
            }
        }
        return v;
    }
}
