package org.xbarspice.bench;

import java.util.SplittableRandom;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.FastCircuitReader;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.RowChanges;

/**
 * Error of the fast reads' power split against the exact solve (docs/ENERGY.md's figures, fast IR-drop
 * mode): conductances uniform in [1, 10] uS, ideal drivers and sense, five reads per direction right after the
 * refresh with inputs uniform in [LOW, 0.2] V (LOW = 0: inputs of one sign, as a layer's sigmoid activations; -0.2:
 * random signs; {@code one-hot}: one line at 0.2 V, the first, a third, the middle and the last in turn, as a
 * transfer's reads, whose split {@code OneHotReadPower} gives); prints the largest devices' error as a fraction of the
 * exact delivered power and the wires' own relative error. Run with {@code java -cp
 * target/test-classes:target/classes:$(cat target/bench.classpath) org.xbarspice.bench.ReadPowerError ROWS COLS OHM
 * LOW [DRIVER_OHM]}.
 */
public final class ReadPowerError {
    private ReadPowerError() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int cols = Integer.parseInt(args[1]);
        double wireOhm = Double.parseDouble(args[2]);
        boolean oneHot = args[3].equals("one-hot");
        double low = oneHot ? 0 : Double.parseDouble(args[3]);
        double driverOhm = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        CrossbarCircuit circuit = new CrossbarCircuit(rows, cols, wireOhm, driverOhm, new Sense.Ideal(), Direction.FORWARD);
        SplittableRandom rng = new SplittableRandom(3);
        double[] g = new double[rows * cols];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        FastCircuitReader fast = new FastCircuitReader(circuit, 0.2, new IrDrop(IrDrop.Mode.FAST, 0.01, 1_000_000));
        BehavioralReader exact = new BehavioralReader(circuit);
        for (Direction direction : Direction.values()) {
            int lines = direction == Direction.FORWARD ? rows : cols;
            int sensed = rows + cols - lines;
            double devices = 0;
            double wires = 0;
            int[] oneHotLines = {0, lines / 3, lines / 2, lines - 1};
            for (int k = 0; k < (oneHot ? oneHotLines.length : 5); k++) {
                double[][] volts = new double[1][lines];
                if (oneHot) {
                    volts[0][oneHotLines[k]] = 0.2;
                } else {
                    for (int a = 0; a < lines; a++) {
                        volts[0][a] = low + (0.2 - low) * rng.nextDouble();
                    }
                }
                ArrayPower[] p = new ArrayPower[1];
                ArrayPower[] q = new ArrayPower[1];
                fast.readPower(g, RowChanges.ALL, direction, volts, new double[1][sensed], p, 1);
                exact.readPower(g, RowChanges.ALL, direction, volts, new double[1][sensed], q, 1);
                devices = Math.max(devices, Math.abs(p[0].devices() - q[0].devices()) / q[0].delivered());
                wires = Math.max(wires, Math.abs(p[0].wires() - q[0].wires()) / q[0].wires());
            }
            System.out.printf("%s %d x %d, r %.1f ohm, drivers %.1f ohm, %s: devices %.3e of the delivered power, wires "
                    + "%.3e of their own%n", direction, rows, cols, wireOhm, driverOhm,
                    oneHot ? "one line at 0.2 V" : String.format("inputs in [%.1f, 0.2] V", low), devices, wires);
        }
    }
}
