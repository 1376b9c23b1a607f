package org.xbarspice.bench;

import java.util.SplittableRandom;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.FastCircuitReader;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.RowChanges;

/**
 * Error of the fast reads' carried matrix after a conductance drift with no recomputation (the table in
 * docs/IR-DROP-TRAINING.md): conductances uniform in [1, 10] uS, one fast read, then each conductance changed by up to
 * +-x and the top quarter of the rows raised by x of the range, and a second fast read against the exact solve, as a
 * fraction of the full-scale current, forward and backward: with the changes carried ({@code FastCircuitReader}'s
 * carry) and by each device's own term only (a refresh bound so loose that the drift stays below a tenth of it). Run with
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath) org.xbarspice.bench.CarriedReadError ROWS COLS OHM DRIFT}.
 */
public final class CarriedReadError {
    private CarriedReadError() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int cols = Integer.parseInt(args[1]);
        double wireOhm = Double.parseDouble(args[2]);
        double drift = Double.parseDouble(args[3]);
        for (Direction direction : Direction.values()) {
            System.out.printf("%s %d x %d, r %.1f ohm, drift %.3f: largest error, fraction of full scale: carried %.3e, own"
                    + " term only %.3e%n", direction, rows, cols, wireOhm, drift,
                    carried(rows, cols, wireOhm, drift, direction, Math.min(1, 5 * drift)).worst(),
                    carried(rows, cols, wireOhm, drift, direction, 1).worst());
        }
    }

    /**
     * The outcome of {@link #carried}.
     *
     * @param worst     the largest |I_fast - I_exact| after the drift, as a fraction of the full-scale current
     * @param refreshes times the fast reader computed its matrix (1: the drift was carried, not recomputed)
     */
    public record Result(double worst, long refreshes) {
    }

    /**
     * The experiment of the class comment on a rows x cols array with wires of {@code wireOhm} and a relative drift of
     * {@code drift}, read in {@code direction}, with a refresh bound {@code bound} (above the drift: no recomputation).
     */
    public static Result carried(int rows, int cols, double wireOhm, double drift, Direction direction, double bound) {
        CrossbarCircuit circuit = new CrossbarCircuit(rows, cols, wireOhm, 0, new Sense.Ideal(), Direction.FORWARD);
        FastCircuitReader fast = new FastCircuitReader(circuit, 0.2, new IrDrop(IrDrop.Mode.FAST, bound, 1_000_000));
        SplittableRandom rng = new SplittableRandom(3);
        double[] g = new double[rows * cols];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        boolean forward = direction == Direction.FORWARD;
        double[][] v = new double[1][forward ? rows : cols];
        for (int i = 0; i < v[0].length; i++) {
            v[0][i] = 0.2 * rng.nextDouble();
        }
        double[][] out = new double[1][forward ? cols : rows];
        fast.read(g, RowChanges.ALL, direction, v, out, 1);
        for (int d = 0; d < g.length; d++) {
            double raised = d / cols < rows / 4 ? 9e-6 * drift : 0;
            g[d] = Math.min(1e-5, Math.max(1e-6, g[d] * (1 + drift * (2 * rng.nextDouble() - 1)) + raised));
        }
        fast.read(g, RowChanges.ALL, direction, v, out, 1);
        double[] exact = new BehavioralReader(circuit.withDirection(direction)).read(g, v)[0];
        double fullScale = 0;
        for (int j = 0; j < cols; j++) {
            double column = 0;
            for (int i = 0; i < rows; i++) {
                column += g[i * cols + j];
            }
            fullScale = Math.max(fullScale, column * 0.2);
        }
        double worst = 0;
        for (int k = 0; k < exact.length; k++) {
            worst = Math.max(worst, Math.abs(out[0][k] - exact[k]) / fullScale);
        }
        return new Result(worst, fast.refreshes());
    }
}
