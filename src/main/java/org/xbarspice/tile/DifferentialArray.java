package org.xbarspice.tile;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.units.InvalidInputException;

/**
 * Weights stored as differential pairs (PHYSICS.md section 4): a logical rows x cols weight array is a
 * physical rows x 2cols crossbar whose column pair (2j, 2j+1) holds (G+, G-) of weight column j.
 * Forward: rows are driven as usual and I_j = I_2j - I_2j+1. Backward: the pair is driven with
 * (+d_j, -d_j) by an inverting second driver, and each row senses sum_j (G+_ij - G-_ij) d_j directly.
 */
public final class DifferentialArray {
    private DifferentialArray() {
    }

    /**
     * The physical circuit of a logical one: twice the columns, everything else equal.
     *
     * @throws InvalidInputException if the doubled columns exceed {@link CrossbarCircuit#MAX_LINES}
     */
    public static CrossbarCircuit physical(CrossbarCircuit logical) {
        if (2 * logical.cols() > CrossbarCircuit.MAX_LINES) {
            throw new InvalidInputException("--cols = " + logical.cols() + " is out of range with --differential: each weight "
                    + "takes two physical columns, so --cols must be <= " + CrossbarCircuit.MAX_LINES / 2);
        }
        return new CrossbarCircuit(logical.rows(), 2 * logical.cols(), logical.wireOhm(), logical.driverOhm(),
                logical.sense(), logical.direction());
    }

    /** Physical conductances (S, row-major rows x 2cols) with G+ and G- of each weight side by side. */
    public static double[] interleave(double[] gPositive, double[] gNegative, int rows, int cols) {
        double[] g = new double[2 * rows * cols];
        for (int k = 0; k < rows * cols; k++) {
            g[2 * k] = gPositive[k];
            g[2 * k + 1] = gNegative[k];
        }
        return g;
    }

    /** A netlist comment line that says how a differential read's physical lines pair up ({@link #driveInputs}). */
    public static String netlistComment(Direction direction) {
        return "* differential pairs: weight j is (G+, G-) in columns 2j and 2j+1; " + (direction == Direction.FORWARD
                ? "output j is the current of column 2j minus that of column 2j+1" : "each pair is driven with (+v, -v)");
    }

    /** Physical drive voltages for logical inputs (V): backward reads drive each pair with (+d, -d). */
    public static double[][] driveInputs(Direction direction, double[][] logical) {
        if (direction == Direction.FORWARD) {
            return logical;
        }
        double[][] physical = new double[logical.length][];
        for (int k = 0; k < logical.length; k++) {
            physical[k] = new double[2 * logical[k].length];
            for (int j = 0; j < logical[k].length; j++) {
                physical[k][2 * j] = logical[k][j];
                physical[k][2 * j + 1] = -logical[k][j];
            }
        }
        return physical;
    }

    /** Logical outputs (A) from physical sensed currents: forward reads subtract each pair. */
    public static double[][] senseOutputs(Direction direction, double[][] physical) {
        if (direction == Direction.BACKWARD) {
            return physical;
        }
        double[][] logical = new double[physical.length][];
        for (int k = 0; k < physical.length; k++) {
            logical[k] = new double[physical[k].length / 2];
            for (int j = 0; j < logical[k].length; j++) {
                logical[k][j] = physical[k][2 * j] - physical[k][2 * j + 1];
            }
        }
        return logical;
    }
}
