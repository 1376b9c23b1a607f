package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** Differential pairs read out the weights: forward I = (G+ - G-)' V, backward I = (G+ - G-) d. */
class DifferentialArrayTest {
    @Test
    void idealDifferentialReadsAreProportionalToTheWeights() {
        int rows = 3;
        int cols = 2;
        double[] w = {0.5, -1, 0, 0.25, -0.75, 1};
        ConductanceRange range = new ConductanceRange(1e-6, 1e-5);
        WeightMapping mapping = new WeightMapping.DifferentialPair(1);
        double[] gp = new double[w.length];
        double[] gn = new double[w.length];
        mapping.toConductances(range, w, gp, gn);
        double[] g = DifferentialArray.interleave(gp, gn, rows, cols);
        double span = range.gMaxSiemens() - range.gMinSiemens();

        CrossbarCircuit forward = new CrossbarCircuit(rows, cols, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        double[] x = {0.1, -0.2, 0.05};
        double[] y = new ArrayRead(new BehavioralReader(DifferentialArray.physical(forward)), g, true, ReadOptions.ideal(), 1, 1, 0).read(new double[][] {x})[0];
        for (int j = 0; j < cols; j++) {
            double expected = 0;
            for (int i = 0; i < rows; i++) {
                expected += w[i * cols + j] * span * x[i];
            }
            assertEquals(expected, y[j], 1e-18, "column " + j);
        }

        CrossbarCircuit backward = new CrossbarCircuit(rows, cols, 0, 0, new Sense.Ideal(), Direction.BACKWARD);
        double[] d = {0.2, -0.1};
        double[] z = new ArrayRead(new BehavioralReader(DifferentialArray.physical(backward)), g, true, ReadOptions.ideal(), 1, 1, 0).read(new double[][] {d})[0];
        for (int i = 0; i < rows; i++) {
            double expected = 0;
            for (int j = 0; j < cols; j++) {
                expected += w[i * cols + j] * span * d[j];
            }
            assertEquals(expected, z[i], 1e-18, "row " + i);
        }
    }

    @Test
    void backwardDrivesEachPairWithOppositeVoltages() {
        assertArrayEquals(new double[] {0.1, -0.1, -0.2, 0.2},
                DifferentialArray.driveInputs(Direction.BACKWARD, new double[][] {{0.1, -0.2}})[0]);
        assertArrayEquals(new double[] {3, -1},
                DifferentialArray.senseOutputs(Direction.FORWARD, new double[][] {{4, 1, 0, 1}})[0]);
    }
}
