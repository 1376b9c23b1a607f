package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** The power split of one-hot reads through wires ({@link OneHotReadPower}) against the exact solve of the same reads. */
class OneHotReadPowerTest {

    /**
     * With one driven line there are no other driven lines to take at 0 V: the ladders are the whole circuit, and every
     * part equals the exact solve's to rounding. 1 x 24 read forward and 24 x 1 backward, 2 ohm wires, 40 ohm drivers.
     * Measured: within 2.0e-14 of each part's own (the wires'; bound 1e-12).
     */
    @Test
    void aLoneDrivenLineIsExact() {
        SplittableRandom rng = new SplittableRandom(2);
        for (Direction direction : Direction.values()) {
            boolean forward = direction == Direction.FORWARD;
            CrossbarCircuit circuit = new CrossbarCircuit(forward ? 1 : 24, forward ? 24 : 1, 2, 40, new Sense.Ideal(),
                    direction);
            double[] g = conductances(24, rng);
            ArrayPower p = new OneHotReadPower(circuit).power(g, 0, 0.2);
            ArrayPower q = exact(circuit, g, 0, 0.2);
            double[][] parts = {{p.devices(), q.devices()}, {p.wires(), q.wires()}, {p.drivers(), q.drivers()},
                    {p.delivered(), q.delivered()}};
            for (double[] part : parts) {
                assertEquals(part[1], part[0], 1e-12 * part[1], direction + ": " + p + " against " + q);
            }
        }
    }

    /**
     * Random conductances in [1, 10] uS, the first, a third, the middle and the last line driven at 0.2 V in turn, both
     * directions: the parts add up to the delivered power, and each is off the exact solve's by the second-order rise of
     * the other driven lines. Measured (devices' error of the delivered power / the wires' and drivers' of their own):
     * 48 x 32, 1 ohm: 8.9e-9 / 2.9e-6 / 0; 1 ohm, 50 ohm drivers: 4.9e-8 / 1.2e-5 / 1.1e-6; 20 ohm: 5.0e-5 / 8.3e-4 / 0.
     * Bounds about 1.5 times those.
     */
    @ParameterizedTest
    @CsvSource({"1, 0, 1.3e-8, 4.3e-6, 0", "1, 50, 7.5e-8, 1.8e-5, 1.6e-6", "20, 0, 7.5e-5, 1.25e-3, 0"})
    void matchesTheExactSolveToSecondOrder(double wireOhm, double driverOhm, double devicesBound, double wiresBound,
                                           double driversBound) {
        int rows = 48;
        int cols = 32;
        SplittableRandom rng = new SplittableRandom(4);
        double[] g = conductances(rows * cols, rng);
        double devices = 0;
        double wires = 0;
        double drivers = 0;
        for (Direction direction : Direction.values()) {
            CrossbarCircuit circuit = new CrossbarCircuit(rows, cols, wireOhm, driverOhm, new Sense.Ideal(), direction);
            OneHotReadPower model = new OneHotReadPower(circuit);
            int lines = circuit.drivenLines();
            for (int line : new int[] {0, lines / 3, lines / 2, lines - 1}) {
                ArrayPower p = model.power(g, line, 0.2);
                ArrayPower q = exact(circuit, g, line, 0.2);
                assertEquals(p.delivered(), p.array(), 1e-13 * p.delivered(), direction + " line " + line + ": " + p);
                devices = Math.max(devices, Math.abs(p.devices() - q.devices()) / q.delivered());
                wires = Math.max(wires, Math.abs(p.wires() - q.wires()) / q.wires());
                drivers = driverOhm > 0 ? Math.max(drivers, Math.abs(p.drivers() - q.drivers()) / q.drivers()) : 0;
            }
        }
        assertTrue(devices < devicesBound, "devices' error " + devices);
        assertTrue(wires < wiresBound, "wires' error " + wires);
        assertTrue(drivers <= driversBound, "drivers' error " + drivers);
    }

    /**
     * The fast reader gives one-hot reads through wires this split (at 1 V, scaled by the voltage squared), with no unit
     * solve for a power model (a reciprocal 48 x 32 array: its refresh solves the columns, so a forward power model would
     * solve the rows a read drives), and a read that drives two lines the power model's.
     */
    @Test
    void theFastReaderSolvesNoLineForOneHotReads() {
        int rows = 48;
        int cols = 32;
        CrossbarCircuit circuit = new CrossbarCircuit(rows, cols, 1, 0, new Sense.Ideal(), Direction.FORWARD);
        double[] g = conductances(rows * cols, new SplittableRandom(5));
        FastCircuitReader fast = uncheckedFastReader(circuit);
        OneHotReadPower model = new OneHotReadPower(circuit);
        ArrayPower[] p = new ArrayPower[1];
        for (int line = 0; line < rows; line += 7) {
            double[][] volts = new double[1][rows];
            volts[0][line] = 0.15;
            fast.readPower(g, RowChanges.ALL, Direction.FORWARD, volts, new double[1][cols], p, 1);
            assertEquals(model.power(g, line, 1).times(0.15 * 0.15), p[0], "line " + line);
        }
        assertEquals(0, fast.powerSolves(), "no unit solve for one-hot reads");
        double[][] two = new double[1][rows];
        two[0][3] = 0.1;
        two[0][9] = 0.2;
        fast.readPower(g, RowChanges.ALL, Direction.FORWARD, two, new double[1][cols], p, 1);
        assertEquals(2, fast.powerSolves(), "the power model solves the two lines driven");
    }

    /**
     * The fast reader keeps a line's split while no changed row comes (a reference array's reads), and computes it
     * anew after a read, with or without power, is told of one: the same row read before and after a change of the
     * conductances, the change first told to a plain read.
     */
    @Test
    void theFastReaderKeepsALinesSplitUntilARowChanges() {
        int rows = 20;
        int cols = 12;
        CrossbarCircuit circuit = new CrossbarCircuit(rows, cols, 2, 0, new Sense.Ideal(), Direction.FORWARD);
        double[] g = conductances(rows * cols, new SplittableRandom(6));
        FastCircuitReader fast = uncheckedFastReader(circuit);
        OneHotReadPower model = new OneHotReadPower(circuit);
        double[][] volts = new double[1][rows];
        volts[0][5] = 0.2;
        ArrayPower[] p = new ArrayPower[1];
        fast.readPower(g, RowChanges.ALL, Direction.FORWARD, volts, new double[1][cols], p, 1);
        ArrayPower first = p[0];
        fast.readPower(g, RowChanges.NONE, Direction.FORWARD, volts, new double[1][cols], p, 1);
        assertEquals(first, p[0], "kept without a change");
        RowChanges changes = new RowChanges(rows);
        for (int j = 0; j < cols; j++) {
            g[3 * cols + j] *= 1.5; // row 3: the sensed columns' ladders change under row 5
        }
        changes.mark(3);
        fast.read(g, changes, Direction.FORWARD, new double[1][rows], new double[1][cols], 1);
        fast.readPower(g, RowChanges.NONE, Direction.FORWARD, volts, new double[1][cols], p, 1);
        assertEquals(model.power(g, 5, 1).times(0.2 * 0.2), p[0], "computed anew after the change");
        assertTrue(p[0].delivered() != first.delivered(), "the change moved the power: " + p[0] + " against " + first);
    }

    /** A fast reader of {@code circuit} whose spot checks lie past the tests' reads. */
    private static FastCircuitReader uncheckedFastReader(CrossbarCircuit circuit) {
        return new FastCircuitReader(circuit, 0.2, new IrDrop(IrDrop.Mode.FAST, 0.01, 1_000_000));
    }

    /** The exact power of the read that drives {@code line} of {@code circuit} alone at {@code volt} (V). */
    private static ArrayPower exact(CrossbarCircuit circuit, double[] g, int line, double volt) {
        double[][] volts = new double[1][circuit.drivenLines()];
        volts[0][line] = volt;
        ArrayPower[] q = new ArrayPower[1];
        new BehavioralReader(circuit).readPower(g, RowChanges.ALL, circuit.direction(), volts,
                new double[1][circuit.sensedLines()], q, 1);
        return q[0];
    }

    private static double[] conductances(int count, SplittableRandom rng) {
        double[] g = new double[count];
        for (int d = 0; d < count; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        return g;
    }
}
