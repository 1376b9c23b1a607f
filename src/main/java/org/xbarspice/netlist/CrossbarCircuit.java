package org.xbarspice.netlist;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.SpiceNumber;

/**
 * Geometry and periphery of one crossbar read circuit (PHYSICS.md section 5).
 *
 * <p>Topology, rows i = 0..N-1, columns j = 0..M-1: the device G_ij joins row node R(i,j) and column
 * node C(i,j); row i is the chain P_i - r - R(i,0) - r - R(i,1) ... R(i,M-1) (far end open); column j
 * is C(0,j) (far end open) - r - C(1,j) ... C(N-1,j) - r - Q_j. Forward: P_i driven through the
 * driver resistance, Q_j sensed; backward: Q_j driven, P_i sensed. With r = 0 each line is one node.
 *
 * @param rows       N, 1..512
 * @param cols       M, 1..512
 * @param wireOhm    resistance of one wire segment r (ohm), 0 for ideal wires, else 1e-9..1e6
 * @param driverOhm  output resistance of each driver (ohm), 0 for ideal drivers, else 1e-9..1e6
 * @param sense      the sense periphery of each sensed line
 * @param direction  which lines are driven
 */
public record CrossbarCircuit(int rows, int cols, double wireOhm, double driverOhm, Sense sense, Direction direction) {
    /** Largest number of rows or columns. */
    public static final int MAX_LINES = 512;
    /**
     * Smallest non-zero wire or driver resistance (ohm): 1e-9, numerically ideal wires for both engines (ngspice raises
     * anything below 1e-12 to 1e-12; 1e-320 made the IR-drop solver's preconditioner divide by an infinite 1/r).
     */
    public static final double MIN_OHM = 1e-9;
    /** Largest wire or driver resistance (ohm). */
    public static final double MAX_OHM = 1e6;
    /**
     * Largest ratio of the driver resistance to the wire segment's: beyond it a line is one node of wires tied to its
     * source by a driver 1e10 times weaker, and the IR-drop solves lose their tolerance to rounding (1e-9 ohm wires with
     * 100 ohm drivers, and 1e-8 ohm with 1 kohm, failed on 64 x 64 reads and updates; 1e10 held on reads up to 512 x 512
     * and updates up to 256 x 256). Wires that small against the driver are ideal.
     */
    public static final double MAX_DRIVER_PER_WIRE = 1e10;

    public CrossbarCircuit {
        checkArray(rows, cols, wireOhm, driverOhm);
        if (sense == null) {
            throw new InvalidInputException("sense is missing: use ideal, tia or integrator");
        }
        if (direction == null) {
            throw new InvalidInputException("direction is missing: use forward or backward");
        }
    }

    /**
     * The checks every crossbar circuit (read or update) makes: rows and columns in 1..{@link #MAX_LINES}, wire and
     * driver resistances 0 (ideal) or in [{@link #MIN_OHM}, {@link #MAX_OHM}], the driver at most {@link
     * #MAX_DRIVER_PER_WIRE} times the wire.
     */
    static void checkArray(int rows, int cols, double wireOhm, double driverOhm) {
        Checks.inRange("rows", rows, 1, MAX_LINES);
        Checks.inRange("cols", cols, 1, MAX_LINES);
        checkResistances(wireOhm, driverOhm);
    }

    /**
     * Requires wire and driver resistances (ohm) of a crossbar circuit: each 0 (ideal) or in [{@link #MIN_OHM}, {@link
     * #MAX_OHM}], the driver at most {@link #MAX_DRIVER_PER_WIRE} times the wire. For configs to check before any work.
     */
    public static void checkResistances(double wireOhm, double driverOhm) {
        Checks.zeroOrInRange("wire resistance", "--wire-r; key wireOhm of a train config", wireOhm, MIN_OHM, MAX_OHM, "ohm");
        Checks.zeroOrInRange("driver resistance", "--driver-r; key driverOhm of a train config", driverOhm, MIN_OHM, MAX_OHM, "ohm");
        if (wireOhm > 0 && driverOhm / wireOhm > MAX_DRIVER_PER_WIRE) {
            throw new InvalidInputException("driver resistance " + Checks.readable(driverOhm) + " ohm is "
                    + SpiceNumber.format(driverOhm / wireOhm) + " times the wire segment's " + Checks.readable(wireOhm) + " ohm: beyond " + SpiceNumber.format(MAX_DRIVER_PER_WIRE)
                    + " the IR-drop solves fail to rounding, and such wires are ideal against the driver: use --wire-r 0 "
                    + "(key wireOhm of a train config), or wires of at least " + SpiceNumber.format(driverOhm / MAX_DRIVER_PER_WIRE) + " ohm");
        }
    }

    /** The same circuit driven in {@code other} direction. */
    public CrossbarCircuit withDirection(Direction other) {
        return other == direction ? this : new CrossbarCircuit(rows, cols, wireOhm, driverOhm, sense, other);
    }

    /** Number of driven lines (rows forward, columns backward). */
    public int drivenLines() {
        return direction.drivenLines(rows, cols);
    }

    /** Number of sensed lines (columns forward, rows backward). */
    public int sensedLines() {
        return direction.sensedLines(rows, cols);
    }

    /** The largest conductance sum of a sensed line (S) over conductances {@code g} (S, row-major). */
    public double largestSensedLineSiemens(double[] g) {
        boolean columns = direction == Direction.FORWARD;
        double[] lines = new double[columns ? cols : rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                lines[columns ? j : i] += g[i * cols + j];
            }
        }
        double largest = 0;
        for (double line : lines) {
            largest = Math.max(largest, line);
        }
        return largest;
    }
}
