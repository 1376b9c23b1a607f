package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarspice.bench.CarriedReadError;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/** Fast IR-drop reads of a behavioral tile against the exact solves of the same tile state. */
class FastCircuitReadTest {
    private static final SoftBoundsDevice SOFT = new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.01, 0.3, 0));

    static TileSpec spec(double wireOhm, IrDrop irDrop) {
        return new TileSpec(SOFT, null, ReadOptions.ideal().withWireOhm(wireOhm), 31, true, false, 0, null, irDrop);
    }

    /**
     * A 196-input, 128-output tile with r = 1 ohm and a 128 x 64 tile with r = 5 ohm, weights spread over the range, then
     * 40 updates, each tile with its own mode's update (so the reads after them also differ by the fast update's error):
     * forward and backward reads of random inputs agree with the exact tile. Measured: right after the matrix was
     * computed 8.4e-11 and 1.2e-9 of the IR-drop effect (the matrix is exact to the unit solves' 1e-11); after the
     * updates 2.0e-4 and 3.6e-4 of the effect forward, 1.7e-5 and 1.04e-4 backward. Bounds about 1.2x the larger
     * measured value.
     */
    @ParameterizedTest
    @CsvSource({"196, 128, 1", "128, 64, 5"})
    void fastReadsMatchExactReads(int n, int m, double wireOhm) {
        BehavioralTile fast = new BehavioralTile(n, m, spec(wireOhm, IrDrop.fast()), 5);
        BehavioralTile exact = new BehavioralTile(n, m, spec(wireOhm, IrDrop.exact()), 5);
        BehavioralTile ideal = new BehavioralTile(n, m, spec(0, IrDrop.exact()), 5);
        SplittableRandom rng = new SplittableRandom(6);
        double[] w = new double[(n + 1) * m];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.6 * rng.nextDouble() - 0.8;
        }
        for (BehavioralTile t : new BehavioralTile[] {fast, exact, ideal}) {
            t.program(w);
        }
        double[] x = new double[n];
        double[] y = new double[m];
        double[] yExact = new double[m];
        double[] yIdeal = new double[m];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        fast.forward(x, y);
        exact.forward(x, yExact);
        ideal.forward(x, yIdeal);
        double fresh = maxDiff(y, yExact);
        double effect = maxDiff(yIdeal, yExact);
        for (int u = 0; u < 40; u++) {
            double[] d = new double[m];
            for (int j = 0; j < m; j++) {
                d[j] = 0.1 * (2 * rng.nextDouble() - 1);
            }
            for (BehavioralTile t : new BehavioralTile[] {fast, exact}) {
                t.update(x, d, 0.1);
            }
        }
        for (int k = 0; k < w.length; k += 97) {
            // measured at most 8.7e-5 weight units (2026-12-04); a regression bound
            assertEquals(exact.readWeights()[k], fast.readWeights()[k], 2e-4, "the twins' weights drifted apart at " + k);
        }
        fast.forward(x, y);
        exact.forward(x, yExact);
        double drifted = maxDiff(y, yExact);
        double[] d = new double[m];
        double[] delta = new double[n];
        double[] deltaExact = new double[n];
        for (int j = 0; j < m; j++) {
            d[j] = 2 * rng.nextDouble() - 1;
        }
        fast.backward(d, delta);
        exact.backward(d, deltaExact);
        double backward = maxDiff(delta, deltaExact);
        System.out.printf("%d x %d, r %.1f: fresh %.3e, after updates %.3e, backward %.3e, IR effect %.3e%n", n, m, wireOhm,
                fresh, drifted, backward, effect);
        assertTrue(effect > 0.05, "the wires must matter: IR effect " + effect);
        // measured, relative to the IR-drop effect (196 x 128 at 1 ohm / 128 x 64 at 5 ohm): fresh 8.4e-11 / 1.2e-9,
        // after updates 2.0e-4 / 3.6e-4, backward 1.7e-5 / 1.04e-4 (with every device's conductance that of the reads;
        // over each device's own bounds 1.3e-4 / 3.5e-4 and 2.2e-5 / 8.4e-5; first measured 1.9e-9 / 1.2e-9, 2.0e-3 /
        // 1.9e-3, 4.0e-4 / 6.6e-4)
        assertTrue(fresh < 1.5e-9 * effect, "fresh matrix " + fresh);
        assertTrue(drifted < 4.4e-4 * effect, "after updates " + drifted);
        assertTrue(backward < 1.25e-4 * effect, "backward " + backward);
    }

    /**
     * SHD's A starts at its reference R, the devices' symmetry points: its fast reader starts from the matrices R's
     * reader solves, carried over A's first update, and refreshes nothing (before, A's first read solved its own, one
     * unit solve per column; MNIST's 393 x 257 halves 1.5-3 s each); with drivers of 50 ohm (a circuit that is not
     * reciprocal: both directions' matrices taken) too. Its first read is spot-checked against the exact solve of its
     * state: measured 6.2e-8 and 2.2e-7 of the full-scale current, 1.1e-5 and 2.2e-5 of the IR-drop effect (without
     * the carry to A's conductances, by the changes' own terms alone, 1.65e-5 and 3.0e-3 with ideal drivers); bounds
     * about 1.5x.
     */
    @ParameterizedTest
    @CsvSource({"0, 1e-7, 1.7e-5", "50, 3.3e-7, 3.3e-5"})
    void anArrayAtItsReferenceStartsFromTheReferencesMatrices(double driverOhm, double bound, double effectBound) {
        TileSpec spec = new TileSpec(SOFT, null, ReadOptions.ideal().withWireOhm(1), 31, true, false, driverOhm, null,
                IrDrop.fast());
        BehavioralTile tile = new BehavioralTile(64, 32, spec, 5);
        tile.referenceAtSymmetryPoints();
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[64];
        double[] d = new double[32];
        draw(rng, x, d);
        tile.update(x, d, 0.1);
        double[] y = new double[32];
        tile.forward(x, y);
        IrDropCheck check = tile.irDropCheck();
        assertEquals(0, check.refreshes(), check.toString());
        assertEquals(1, check.reads(), check.toString());
        System.out.printf("drivers %.0f ohm: A's first read from R's matrices: %.3e of full scale, %.3e of the IR-drop "
                + "effect%n", driverOhm, check.maxReadError(), check.maxReadError() / check.maxReadEffect());
        assertTrue(check.maxReadError() < bound, check.toString());
        assertTrue(check.maxReadError() < effectBound * check.maxReadEffect(), check.toString());
    }

    /**
     * A weight array of weights spread over the range, read against a reference at weight 0 ({@code referenceArrays}),
     * is far from it: its reader solves its own first matrices, exact to the unit solves (measured 9.9e-14 of the
     * full-scale current; bound 1.5x).
     */
    @org.junit.jupiter.api.Test
    void anArrayFarFromItsReferenceSolvesItsOwnMatrices() {
        BehavioralTile tile = new BehavioralTile(64, 32, spec(1, IrDrop.fast()), 5);
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[65 * 32];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.6 * rng.nextDouble() - 0.8;
        }
        tile.program(w);
        tile.referenceAtZero();
        double[] x = new double[64];
        double[] d = new double[32];
        draw(rng, x, d);
        double[] y = new double[32];
        tile.forward(x, y);
        IrDropCheck check = tile.irDropCheck();
        assertEquals(1, check.refreshes(), check.toString());
        System.out.printf("an array far from its reference: first read %.3e of full scale%n", check.maxReadError());
        assertTrue(check.maxReadError() < 1.5e-13, check.toString());
    }

    /**
     * Each direction keeps its own check schedule: training alternates forward and backward reads, and with one count
     * for both an even interval (the default is 5000) checked one direction only (here, at an interval of 2, three
     * forward and three backward reads made three checks, all forward; now four, the first and third of each).
     */
    @org.junit.jupiter.api.Test
    void bothDirectionsAreChecked() {
        BehavioralTile fast = new BehavioralTile(20, 10, spec(5, new IrDrop(IrDrop.Mode.FAST, IrDrop.DEFAULT_REFRESH_DRIFT, 2)), 5);
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[20];
        double[] y = new double[10];
        double[] d = new double[10];
        double[] delta = new double[20];
        for (int step = 0; step < 3; step++) {
            draw(rng, x, d);
            fast.forward(x, y);
            fast.backward(d, delta);
        }
        assertEquals(4, fast.irDropCheck().reads(), fast.irDropCheck().toString());
    }

    /** Inputs in [0, 1) into {@code x} and errors in [-0.1, 0.1) into {@code d}. */
    private static void draw(SplittableRandom rng, double[] x, double[] d) {
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        for (int j = 0; j < d.length; j++) {
            d[j] = 0.1 * (2 * rng.nextDouble() - 1);
        }
    }

    /**
     * A fast run shorter than the check interval is still checked: its first read and its first update are solved
     * exactly too (before, the checks began at the interval's end, and a run of fewer updates reported none).
     */
    @org.junit.jupiter.api.Test
    void aRunShorterThanTheCheckIntervalIsChecked() {
        BehavioralTile fast = new BehavioralTile(20, 10, spec(5, IrDrop.fast()), 5);
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[20];
        double[] y = new double[10];
        double[] d = new double[10];
        for (int step = 0; step < 3; step++) {
            draw(rng, x, d);
            fast.forward(x, y);
            fast.update(x, d, 0.1);
        }
        IrDropCheck check = fast.irDropCheck();
        assertEquals(1, check.reads(), check.toString());
        assertEquals(1, check.updates(), check.toString());
        assertTrue(check.devicesChecked() > 0 && check.maxReadEffect() > 0, check.toString());
    }

    private static double maxDiff(double[] a, double[] b) {
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(a[k] - b[k]));
        }
        return max;
    }
    /**
     * The matrix carried through a conductance drift (no refresh) against exact solves of the drifted array: 196 x 128,
     * r = 1 ohm, conductances in [1, 10] uS, then each changed by up to +-2 % and the top quarter of the rows raised by
     * 2 % of the range (a drift of about 2 % of the total conductance, the default refresh bound). Measured largest error,
     * as a fraction of the full-scale current: forward 5.5e-6, backward 3.1e-5 (with the own term's slope T / G, not
     * through the device's divider, and the row and column terms on its old current: 1.8e-5 and 6.1e-5; with the device's
     * own term alone, as before the row and column terms: 4.6e-4 and 6.5e-4). Bounds 7e-6 and 4e-5.
     */
    @org.junit.jupiter.api.Test
    void carriedMatrixFollowsTheDrift() {
        for (Direction direction : Direction.values()) {
            // a refresh bound of 5 %: the drift of 2 % is carried, not refreshed
            CarriedReadError.Result carried = CarriedReadError.carried(196, 128, 1, 0.02, direction, 0.05);
            assertEquals(1, carried.refreshes(), "the drift stays below the bound: no refresh");
            boolean forward = direction == Direction.FORWARD;
            assertTrue(carried.worst() < (forward ? 7e-6 : 4e-5), direction + " read of the carried matrix off by "
                    + carried.worst());
        }
    }

    /**
     * On a tiny array the carry leaves only terms of second order in r G: 7 x 3 at 20 ohm (the wires take 0.3 % of the
     * current), the same experiment with a drift of 2 %. Measured 9.3e-9 forward and 3.0e-9 backward of the full-scale
     * current; with the own term's slope taken as the attenuation T / G instead of through the device's divider and the
     * row and column terms on its old current, 9.3e-6 and 8.3e-6 (first order in the drift). Bounds 1.2e-8 and 4e-9.
     */
    @org.junit.jupiter.api.Test
    void aTinyArraysCarriedMatrixIsExactToFirstOrderInRG() {
        for (Direction direction : Direction.values()) {
            CarriedReadError.Result carried = CarriedReadError.carried(7, 3, 20, 0.02, direction, 0.05);
            assertEquals(1, carried.refreshes(), "the drift stays below the bound: no refresh");
            double bound = direction == Direction.FORWARD ? 1.2e-8 : 4e-9;
            assertTrue(carried.worst() < bound, direction + " read of the carried matrix off by " + carried.worst());
        }
    }

    /**
     * The refresh bound widens where the wires take little of a read's current ({@code FastCircuitReader.refreshBound}):
     * the output layer of MNIST's network, 129 x 11 at 1 ohm (the wires take about 3 % of the current), drifts by 5 %
     * past a 2 % bound and reads on from its carried matrix, within 2.6e-7 of the full-scale current of the exact solve
     * forward and 1.05e-6 backward (measured 2.15e-7 and 8.80e-7); before the bound widened it was refreshed (2
     * refreshes). A 196 x 128 array at 5 ohm, whose wires take more than 10 % of the current, is
     * refreshed at the bound as before.
     */
    @org.junit.jupiter.api.Test
    void theRefreshBoundWidensWhereTheWiresTakeLittleOfTheCurrent() {
        for (Direction direction : Direction.values()) {
            CarriedReadError.Result widened = CarriedReadError.carried(129, 11, 1, 0.05, direction, 0.02);
            assertEquals(1, widened.refreshes(), direction + ": carried past 2 %, not refreshed");
            double bound = direction == Direction.FORWARD ? 2.6e-7 : 1.05e-6;
            assertTrue(widened.worst() < bound, direction + " read of the carried matrix off by " + widened.worst());
            CarriedReadError.Result heavy = CarriedReadError.carried(196, 128, 5, 0.05, direction, 0.02);
            assertEquals(2, heavy.refreshes(), direction + ": refreshed at the bound");
        }
    }

    /**
     * An array that drifts past the refresh bound between every two reads (as the A array of a small output layer does
     * in SHD) is read by exact solves while its matrix is stale, and its matrix is recomputed only once those solves
     * have cost as much as a refresh: 40 reads of a 40 x 6 array (a refresh is 6 unit solves) give the exact currents
     * (measured: within 8.3e-16 relative since the solver iterates on the column half and refines the row half; 1.3e-12
     * before; bound 3e-15) with 7 refreshes and 33 exact reads,
     * not 40 refreshes. Rows that did not change are not rescanned: a change
     * marked on row 3 alone, below the bound, refreshes nothing.
     */
    @org.junit.jupiter.api.Test
    void staleMatricesAreReadExactlyUntilARefreshPays() {
        int rows = 40;
        int cols = 6;
        CrossbarCircuit circuit = idealSense(rows, cols, 2, 0);
        FastCircuitReader fast = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        BehavioralReader exact = new BehavioralReader(circuit);
        SplittableRandom rng = new SplittableRandom(9);
        double[] g = new double[rows * cols];
        double[][] v = new double[1][rows];
        double[][] amps = new double[1][cols];
        double worst = 0;
        for (int read = 0; read < 40; read++) {
            for (int d = 0; d < g.length; d++) {
                g[d] = 1e-5 * (0.2 + rng.nextDouble());
            }
            for (int i = 0; i < rows; i++) {
                v[0][i] = 0.2 * rng.nextDouble();
            }
            fast.read(g, RowChanges.ALL, Direction.FORWARD, v, amps, 1);
            double[] reference = exact.read(g, v)[0];
            for (int j = 0; j < cols; j++) {
                worst = Math.max(worst, Math.abs(amps[0][j] - reference[j]) / Math.abs(reference[j]));
            }
        }
        assertTrue(worst < 3e-15, "reads differ from the exact solve by " + worst);
        assertEquals(7, fast.refreshes());
        assertEquals(33, fast.exactReads());
        RowChanges row3 = new RowChanges(rows);
        row3.mark(3);
        g[3 * cols] *= 1.001;
        fast.read(g, row3, Direction.FORWARD, v, amps, 1);
        assertEquals(7, fast.refreshes());
    }

    /**
     * A change of one row below the carry bound reaches the next read that needs that row (the reader keeps the matrices
     * it multiplies by and sets a row again only when its conductances changed): after a refresh, row 3 of a 40 x 6 array
     * with 2 ohm wires rises by 1 %, marked as changed; then a forward read that does not drive row 3 (the same as before
     * the change: the change's own term adds nothing to it, and what row 3 does to the others' IR drop waits for the next
     * carry), a backward read and a forward read that does. These two agree with the exact solve of the changed array to
     * the first-order term's error, against the change's own effect on the reads of the matrix before it, with ideal
     * drivers (one matrix for both directions) and with 30 ohm drivers (one per direction). Measured: errors of 3.0e-6 to
     * 5.4e-6 of the read against effects of 5.3e-4 to 5.7e-3, at least 156x smaller (134x with the own term's slope T / G,
     * not through the device's divider); the bound is 1/140 of the effect. A row left stale would err by its whole effect.
     */
    @ParameterizedTest
    @CsvSource({"0", "30"})
    void aChangedRowReachesTheReadsThatNeedIt(double driverOhm) {
        int rows = 40;
        int cols = 6;
        CrossbarCircuit circuit = idealSense(rows, cols, 2, driverOhm);
        FastCircuitReader fast = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        SplittableRandom rng = new SplittableRandom(4);
        double[] g = new double[rows * cols];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-5 * (0.2 + rng.nextDouble());
        }
        double[][] driving = new double[1][rows];
        for (int i = 0; i < rows; i++) {
            driving[0][i] = 0.2 * rng.nextDouble();
        }
        double[][] skipping = {driving[0].clone()};
        skipping[0][3] = 0;
        double[][] columns = new double[1][cols];
        for (int j = 0; j < cols; j++) {
            columns[0][j] = 0.2 * rng.nextDouble();
        }
        Direction forward = Direction.FORWARD;
        Direction backward = Direction.BACKWARD;
        double[][][] in = {skipping, columns, driving};
        Direction[] directions = {forward, backward, forward};
        double[][] before = new double[3][];
        for (int k = 0; k < 3; k++) {
            double[][] out = new double[1][directions[k] == forward ? cols : rows];
            fast.read(g, k == 0 ? RowChanges.ALL : RowChanges.NONE, directions[k], in[k], out, 1);
            before[k] = out[0];
        }
        for (int j = 0; j < cols; j++) {
            g[3 * cols + j] *= 1.01;
        }
        RowChanges row3 = new RowChanges(rows);
        row3.mark(3);
        for (int k = 0; k < 3; k++) {
            double[][] out = new double[1][directions[k] == forward ? cols : rows];
            fast.read(g, k == 0 ? row3 : RowChanges.NONE, directions[k], in[k], out, 1);
            if (k == 0) { // row 3 not driven: the change's own term adds nothing, what it does to the others waits
                assertArrayEquals(before[0], out[0]);
                continue;
            }
            double[] exact = new BehavioralReader(circuit.withDirection(directions[k])).read(g, in[k])[0];
            double error = 0;
            double effect = 0;
            for (int b = 0; b < exact.length; b++) {
                error = Math.max(error, Math.abs(out[0][b] - exact[b]));
                effect = Math.max(effect, Math.abs(before[k][b] - exact[b]));
            }
            assertTrue(error < effect / 140, "read " + k + " errs by " + error + " A against the change's " + effect + " A");
        }
        assertEquals(1, fast.refreshes());
    }

    /**
     * A refresh's unit solves spread over threads give the same matrix: reads of a 30 x 20 array with 2 ohm wires and
     * 30 ohm drivers (not reciprocal: both directions are solved), each after a change past the refresh bound, equal to
     * the last bit with 1 and with 3 solve threads (chunks of 10 driven lines), forward and backward; from the second
     * refresh on, the chunks' solvers are those of the first, set to the new conductances.
     */
    @org.junit.jupiter.api.Test
    void refreshOnSeveralThreadsGivesTheSameMatrix() {
        int rows = 30;
        int cols = 20;
        CrossbarCircuit circuit = idealSense(rows, cols, 2, 30);
        FastCircuitReader alone = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        FastCircuitReader team = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        team.setSolveThreads(3);
        SplittableRandom rng = new SplittableRandom(4);
        double[] g = new double[rows * cols];
        for (int step = 0; step < 3; step++) {
            for (int d = 0; d < g.length; d++) {
                g[d] = 1e-5 * (0.2 + rng.nextDouble());
            }
            for (Direction direction : Direction.values()) {
                int driven = direction == Direction.FORWARD ? rows : cols;
                double[][] v = new double[1][driven];
                for (int i = 0; i < driven; i++) {
                    v[0][i] = 0.2 * rng.nextDouble();
                }
                double[][] one = new double[1][rows + cols - driven];
                double[][] three = new double[1][rows + cols - driven];
                alone.read(g, RowChanges.ALL, direction, v, one, 1);
                team.read(g, RowChanges.ALL, direction, v, three, 1);
                org.junit.jupiter.api.Assertions.assertArrayEquals(one[0], three[0], 0, direction + " read, step " + step);
            }
        }
        assertEquals(alone.refreshes(), team.refreshes());
        assertTrue(team.refreshes() >= 2, "the changes refresh the matrices: " + team.refreshes());
    }

    /**
     * A reader starts from another's matrices only within its refresh bound (2 %, widened to at most 8 % where the wires
     * take little of the current) of the other's conductances: every conductance 10 % up is refused and leaves the
     * reader without matrices (its first read refreshes); 0.1 % up is taken. Both pass the wider check before a
     * reference is solved ({@link FastCircuitReader#mayStartFrom} at most 8 %), which 10 % fails too.
     */
    @org.junit.jupiter.api.Test
    void aReaderStartsFromAnothersMatricesOnlyWithinItsRefreshBound() {
        int rows = 30;
        int cols = 20;
        CrossbarCircuit circuit = idealSense(rows, cols, 2, 0);
        SplittableRandom rng = new SplittableRandom(5);
        double[] g = new double[rows * cols];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-5 * (0.2 + rng.nextDouble());
        }
        FastCircuitReader reference = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        reference.solveMatrices(g);
        double[] far = g.clone();
        double[] near = g.clone();
        for (int d = 0; d < g.length; d++) {
            far[d] *= 1.1;
            near[d] *= 1.001;
        }
        FastCircuitReader farReader = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        assertTrue(!farReader.mayStartFrom(g, far), "10 % is past the widest bound");
        assertTrue(!farReader.startFrom(reference, far), "10 % is past the bound");
        assertTrue(!farReader.hasMatrices());
        FastCircuitReader nearReader = new FastCircuitReader(circuit, 0.2, IrDrop.fast());
        assertTrue(nearReader.mayStartFrom(g, near));
        assertTrue(nearReader.startFrom(reference, near), "0.1 % is within the bound");
        assertTrue(nearReader.hasMatrices());
        assertEquals(0, nearReader.refreshes());
    }

    /** A forward circuit of rows x cols with wires of {@code wireOhm} and drivers of {@code driverOhm}, ideal sense. */
    private static CrossbarCircuit idealSense(int rows, int cols, double wireOhm, double driverOhm) {
        return new CrossbarCircuit(rows, cols, wireOhm, driverOhm, new Sense.Ideal(), Direction.FORWARD);
    }

    /** A fast reader's state that no reader of the circuit has is refused as a damaged checkpoint, naming what is off. */
    @org.junit.jupiter.api.Test
    void aDamagedStateIsRefused() {
        CrossbarCircuit circuit = new CrossbarCircuit(3, 2, 5, 0, new Sense.Ideal(), Direction.FORWARD);
        double[] g = new double[6];
        java.util.Arrays.fill(g, 1e-5);
        for (FastCircuitReader.State bad : java.util.List.of(
                new FastCircuitReader.State(-1, 0, 0, 0, 0, null, null, null, false, false),
                new FastCircuitReader.State(0, -1, 0, 0, 0, null, null, null, false, false),
                new FastCircuitReader.State(0, 0, 0, 0, 0, null, g, null, false, false),
                new FastCircuitReader.State(0, 0, 0, 0, 0, new double[5], null, null, false, false),
                new FastCircuitReader.State(0, 0, 0, 0, 0, g, new double[7], null, false, false),
                new FastCircuitReader.State(0, 0, 0, 0, 0, null, null, g, false, false),
                new FastCircuitReader.State(0, 0, 0, 0, 0, g, null, new double[4], false, false))) {
            FastCircuitReader reader = new FastCircuitReader(circuit, ReadOptions.READ_VOLT, IrDrop.fast());
            String message = org.junit.jupiter.api.Assertions.assertThrows(org.xbarspice.units.InvalidInputException.class,
                    () -> reader.restore(bad)).getMessage();
            assertTrue(message.startsWith("checkpoint: the fast reader state of a 3 x 2 array is damaged"), message);
        }
        FastCircuitReader reader = new FastCircuitReader(circuit, ReadOptions.READ_VOLT, IrDrop.fast());
        FastCircuitReader.State sound = new FastCircuitReader.State(4, 3, 2, Long.MAX_VALUE, 0, g, null, null, false,
                false);
        reader.restore(sound);
        assertTrue(reader.state().sameAs(sound));
    }
}
