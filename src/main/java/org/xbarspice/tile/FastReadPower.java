package org.xbarspice.tile;

import java.util.Arrays;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;

/**
 * The power split of fast reads ({@link FastCircuitReader}) in one direction by linear algebra, without a solve per
 * read. The read network (ideal sense, sense nodes at 0 V) is linear in the inputs v (V) of its driven lines, so the
 * power the sources deliver is the quadratic form {@code P = v' Y v} with Y (S) the driving-point admittances of the
 * driven lines (Y[a][b] = current delivered by source a when line b alone is at 1 V), the drivers dissipate
 * {@code Rd |Y v|^2} and the devices {@code v' D v} with {@code D[a][b] = sum_d G_d x_d^a x_d^b} (x^a: the device
 * voltages of the unit drive of line a). Y and the diagonal of D are exact, from one unit solve per driven line at
 * the conductances of the fast reader's last refresh (or, where its refresh bound is widened, its last carry): the
 * refresh's own when it solved this direction's unit drives for its matrix ({@link #setLine}), else one done the first
 * time a read drives that line (the lines a read drives first solved together, on the reader's solve threads: {@link
 * LineSolves}; through wires the fast reader gives a read of one line {@link OneHotReadPower}'s split instead). The
 * off-diagonal of D would need the device voltages of every pair of unit drives; it is modelled from each drive's own:
 * the unit drive of line a raises the nodes of every sensed line t by the currents it drives into it, and a device off
 * line a on t sees about {@code x = -rho_a(t) L(k, a)}, L the wire segments its node k and a's node share to t's end
 * (its sense), {@code rho_a(t)} fitted so that the devices of t off line a carry their exact current ({@link #rise}; a
 * first-order rise would be {@code r} times the current of a's device on t, and overestimates the rises that the other
 * devices screen).
 * Then {@code D[a][b]} (a != b) is the sum of three parts ({@link #devicePair}): line a's devices, {@code Y[a][b]}
 * times their own voltages weighted by b's rises at them; line b's alike; and the devices off both lines, {@code
 * sum_t rho_a(t) rho_b(t) sum_{k != a, b} G_k L(k, a) L(k, b)}. Inputs of one sign (a layer's sigmoid activations) add
 * that last part up over every pair: leaving it out, and taking line a's devices at their mean attenuation, erred by
 * 1 % of the delivered power and 10 % of the wires' on 257 x 129 at 1 ohm, 3.8 % and 16 % on 393 x 257 (2.8e-5 and
 * 2.2e-4 of the delivered power now: {@code bench/ReadPowerError}; {@code FastReadPowerTest} holds a 128 x 64 case);
 * inputs of random sign average it out. Wires = delivered - devices - drivers (0 without wires, the drivers then the
 * rest). Between two such sets of conductances a change dG adds {@code dY_aa = sum dG x_d^2} to the driving-point
 * admittance of line a (x_d the device's voltage per volt of its own line's unit drive; first order, as the transfer
 * matrix is carried): the delivered power gains {@code dY_aa v_a^2}, and the currents of line a's drive grow by
 * {@code 1 + s_a}, {@code s_a = dY_aa / Y_aa}, so the wires and drivers are those of the split above at the voltages
 * {@code v_a (1 + s_a)}, and the devices the rest (exact to first order in dG for a lone device, or a line whose devices drift alike;
 * until 2026-12-05 the whole {@code dY_aa v_a^2} went to the devices, the wires and drivers held at the refresh's
 * power: their own error about twice the lines' relative drift, whatever the IR drop, and the bulk of training's
 * 3-6 %). The sums {@code dY_aa} are kept per driven line and brought up to date for the rows marked as changed ({@link
 * #changed}; with the rows driven, only for those the read drives, so that a read costs O(driven^2) and not a pass over
 * the array; with the columns driven, by blocks of {@value #BLOCK_ROWS} rows: the blocks of the changed rows summed
 * anew, then each column's blocks, so that a transfer's one changed row costs {@code O(cols (BLOCK_ROWS + rows /
 * BLOCK_ROWS))} and not a pass over the array). Every sum depends on the conductances alone, not on the reads and
 * changes before, so that the fast reader keeps its models from epoch to epoch. The error of this split is measured by
 * the fast reader's spot checks against the exact solve ({@link IrDropCheck#maxEnergyError()}).
 */
final class FastReadPower {
    /** Rows per block of the columns' drift sums ({@link #sumColumns}). */
    static final int BLOCK_ROWS = 16;
    private final boolean forward;
    private final int rows;
    private final int cols;
    private final int driven;
    private final double driverOhm;
    /** Whether the circuit has wires: without, the wires' power is 0, not the remainder. */
    private final boolean wires;
    /**
     * Row b: the currents delivered by every driven line's source with line b alone at 1 V (S); Y is symmetric. One
     * array per row, so that {@link #power}'s sum over the rows runs vectorised.
     */
    private final double[][] y;
    /** Y's diagonal, {@code y[a][a]} (S), in one array for {@link #power}'s pass over the lines. */
    private final double[] yDiagonal;
    /** Each driven line's mean attenuation {@code D[a][a] / Y[a][a]}, for a pair that no rise weighs (no wires). */
    private final double[] alpha;
    /** D's diagonal (S). */
    private final double[] self;
    /** Each device's voltage per volt of its own line's unit drive, signed as the line's current. */
    private final double[] own;
    private final double[] gRef;
    private final long version;
    /** Solves driven lines' unit drives at {@code gRef} and sets them ({@link #setLine}). */
    private final LineSolves lineSolves;
    private final boolean[] solved;
    /** The driven lines a read drives that are not solved yet ({@link #power}). */
    private final int[] unsolved;
    /** {@code (Y v)} at the lines of {@link #summedLines}, in their order (A). */
    private final double[] work;
    /** The driven lines' voltages scaled by their drift ({@link #power}). */
    private final double[] scaledVolts;
    /** The sensed lines' count: the columns with the rows driven, else the rows. */
    private final int sensed;
    /**
     * The sums over the nodes of each sensed line s of lower place than p ({@link #place}) of {@code gRef}, {@code gRef
     * (place + 1)} and {@code gRef (place + 1)^2}, at {@code [p * sensed + s]}, p from 0 to {@code driven} (S).
     */
    private final double[] placeSum0;
    private final double[] placeSum1;
    private final double[] placeSum2;
    /**
     * Per driven line a and sensed line s, at {@code [a * sensed + s]}: the rise {@code rho} (V per volt on a, per wire
     * segment) of the sensed line's nodes by the unit drive of a, fitted to that drive's exact device voltages off line a
     * ({@link #setLine}): {@code x_k = -rho L(k, a)}, L the segments that node k and a's node share to the line's end.
     */
    private final double[] rise;
    /**
     * D's off-diagonal, {@code devicePairs[a][b] = D[a][b]} for driven lines a > b (S; the devices' power per volt on
     * each, {@link #pair}): rows allocated and filled for the lines {@link #paired} so far.
     */
    private final double[][] devicePairs;
    private final boolean[] paired;
    /** {@code (D_lower v)} at the lines of {@link #summedLines}, D_lower D's strictly lower triangle (A). */
    private final double[] devicePairsWork;
    /** The lines {@link #power} sums over: those not at 0 V (all of them with driver resistance), ascending. */
    private final int[] summedLines;
    /** Each device's {@code dG x_d^2} (S) at the conductances last seen, and their sum per driven line. */
    private final double[] driftTerm;
    private final double[] lineDrift;
    /**
     * With the columns driven: block k's sums of {@link #driftTerm} per column ({@code [k * cols + j]}, S), over rows
     * {@code [k BLOCK_ROWS, (k + 1) BLOCK_ROWS)} ascending, and whether a row of the block changed since; null with the
     * rows driven.
     */
    private final double[] blockDrift;
    private final boolean[] staleBlock;
    /** Rows whose conductances changed since their drift terms were last brought up to date; all at first. */
    private final boolean[] stale;
    /** Whether any row is stale (with the columns driven, a read brings every stale row up to date). */
    private boolean anyStale = true;

    /**
     * @param circuit   the read circuit of this direction
     * @param gRef      the conductances (S) the matrices are computed at (held, not copied: not to be changed)
     * @param version   the fast reader's version of the conductances these matrices belong to
     * @param lineSolves solves driven lines' unit drives at {@code gRef} exactly and sets them ({@link #setLine})
     */
    FastReadPower(CrossbarCircuit circuit, double[] gRef, long version, LineSolves lineSolves) {
        this.forward = circuit.direction() == Direction.FORWARD;
        this.rows = circuit.rows();
        this.cols = circuit.cols();
        this.driven = circuit.drivenLines();
        this.driverOhm = circuit.driverOhm();
        this.wires = circuit.wireOhm() > 0;
        this.gRef = gRef;
        this.version = version;
        this.lineSolves = lineSolves;
        this.y = new double[driven][driven];
        this.yDiagonal = new double[driven];
        this.alpha = new double[driven];
        this.self = new double[driven];
        this.own = new double[rows * cols];
        this.solved = new boolean[driven];
        this.unsolved = new int[driven];
        this.work = new double[driven];
        this.scaledVolts = new double[driven];
        this.driftTerm = new double[rows * cols];
        this.lineDrift = new double[driven];
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        this.blockDrift = forward ? null : new double[blocks * cols];
        this.staleBlock = forward ? null : new boolean[blocks];
        this.stale = new boolean[rows];
        Arrays.fill(stale, true);
        this.sensed = circuit.sensedLines();
        this.placeSum0 = new double[(driven + 1) * sensed];
        this.placeSum1 = new double[(driven + 1) * sensed];
        this.placeSum2 = new double[(driven + 1) * sensed];
        for (int p = 0; p < driven; p++) {
            int line = place(p);
            for (int t = 0; t < sensed; t++) {
                double g = gRef[device(line, t)];
                int at = p * sensed + t;
                placeSum0[at + sensed] = placeSum0[at] + g;
                placeSum1[at + sensed] = placeSum1[at] + g * (p + 1);
                placeSum2[at + sensed] = placeSum2[at] + g * (p + 1) * (p + 1);
            }
        }
        this.rise = new double[driven * sensed];
        this.devicePairs = new double[driven][];
        this.paired = new boolean[driven];
        this.devicePairsWork = new double[driven];
        this.summedLines = new int[driven];
    }

    /**
     * The place of driven line a's node on every sensed line, and the driven line at place p (the map is its own
     * inverse): the count of wire segments from the node to the line's end (its sense), less 1. A column's end lies past
     * its last row, a row's before its first column.
     */
    private int place(int a) {
        return forward ? driven - 1 - a : a;
    }

    /** The device where driven line a crosses sensed line t. */
    private int device(int a, int t) {
        return forward ? a * cols + t : t * cols + a;
    }

    /** The fast reader's version of the conductances these matrices were computed at. */
    long version() {
        return version;
    }

    /** Marks the rows of {@code changes} as changed since the last {@link #power}. */
    void changed(RowChanges changes) {
        if (!changes.any()) {
            return;
        }
        for (int i = 0; i < rows; i++) {
            if (changes.row(i)) {
                stale[i] = true;
                anyStale = true;
            }
        }
    }

    /**
     * The power of the read of driven-line voltages v (V) through conductances g (S), whose rows differ from those of
     * the previous call only where {@link #changed} marked them; the sense absorbs nothing.
     */
    ArrayPower power(double[] v, double[] g) {
        if (forward) {
            // a driven row's drift term is its own devices': only the rows this read drives are brought up to date
            for (int i = 0; i < rows; i++) {
                if (stale[i] && v[i] != 0) {
                    updateRow(i, g);
                }
            }
        } else if (anyStale) {
            for (int i = 0; i < rows; i++) {
                if (stale[i]) {
                    updateRow(i, g);
                    staleBlock[i / BLOCK_ROWS] = true;
                }
            }
            sumColumns();
            anyStale = false;
        }
        int unsolvedCount = 0;
        for (int b = 0; b < driven; b++) {
            unsolved[unsolvedCount] = b;
            unsolvedCount += v[b] != 0 && !solved[b] ? 1 : 0;
        }
        if (unsolvedCount > 0) {
            lineSolves.solve(this, unsolved, unsolvedCount, g);
        }
        // line a's currents scale by 1 + s_a (s_a = lineDrift[a] / Y[a][a]): the split at the refresh's conductances of
        // the voltages v_a (1 + s_a), its delivered power then brought to v (Y + dY) v, the difference to the devices
        double[] scaled = scaledVolts;
        for (int a = 0; a < driven; a++) {
            scaled[a] = v[a] == 0 || yDiagonal[a] <= 0 ? v[a] : v[a] * (1 + lineDrift[a] / yDiagonal[a]);
        }
        // the lines at 0 V add exactly 0 to every sum but the drivers': without driver resistance only the others are
        // summed, in the same order; the others' pairs are filled on their first read
        int[] lines = summedLines;
        int count = 0;
        for (int a = 0; a < driven; a++) {
            if (v[a] != 0 && !paired[a]) {
                pair(a);
            }
            lines[count] = a;
            count += v[a] != 0 || driverOhm > 0 ? 1 : 0;
        }
        double[] yv = work;
        double[] kv = devicePairsWork;
        Arrays.fill(yv, 0, count, 0.0);
        Arrays.fill(kv, 0, count, 0.0);
        for (int n = 0; n < count; n++) {
            int b = lines[n];
            double vb = scaled[b];
            if (vb == 0) {
                continue;
            }
            double[] yb = y[b];
            double[] kb = devicePairs[b];
            if (count == driven) {
                for (int a = 0; a < driven; a++) {
                    yv[a] += yb[a] * vb;
                }
                for (int a = 0; a < b; a++) {
                    kv[a] += kb[a] * vb;
                }
            } else {
                for (int m = 0; m < count; m++) {
                    yv[m] += yb[lines[m]] * vb;
                }
                for (int m = 0; m < n; m++) {
                    kv[m] += kb[lines[m]] * vb;
                }
            }
        }
        double delivered = 0;
        double drivers = 0;
        double devices = 0;
        double drift = 0;
        for (int m = 0; m < count; m++) {
            int a = lines[m];
            double va = scaled[a];
            delivered += va * yv[m];
            drivers += yv[m] * yv[m];
            devices += self[a] * va * va + 2 * va * kv[m];
            double dv = va - v[a]; // v' Y v' less v Y v, to second order in the drift but for Y's off-diagonal
            drift += lineDrift[a] * v[a] * v[a] - dv * (2 * yv[m] - yDiagonal[a] * dv);
        }
        drivers *= driverOhm;
        devices += drift;
        delivered += drift;
        if (!wires) { // the remainder is rounding (below 0 as often as above): the drivers take it
            return new ArrayPower(devices, 0, delivered - devices, 0, delivered);
        }
        return new ArrayPower(devices, delivered - devices - drivers, drivers, 0, delivered);
    }

    /**
     * Fills {@link #devicePairs} between driven line a (solved) and every line paired before it, and marks it paired.
     * Each value depends on its two lines alone, whichever was paired first (so that the power does not depend on the
     * reads before).
     */
    private void pair(int a) {
        devicePairs[a] = new double[a];
        for (int b = 0; b < driven; b++) {
            if (paired[b]) {
                devicePairs[Math.max(a, b)][Math.min(a, b)] = devicePair(Math.max(a, b), Math.min(a, b));
            }
        }
        paired[a] = true;
    }

    /**
     * {@code D[a][b]} (S) of two solved driven lines: line a's devices, {@code Y[a][b]} times their own voltages weighted
     * by b's rises at them; line b's alike; and the devices off both lines, which see both rises, {@code x_k = -rho_a
     * L(k, a)} and {@code -rho_b L(k, b)}: {@code sum_t rho_a(t) rho_b(t) sum_{k != a, b} G_k L(k, a) L(k, b)}, the
     * inner sum in closed form from {@link #placeSum0} and its kin.
     */
    private double devicePair(int a, int b) {
        int low = Math.min(place(a), place(b));
        int high = Math.max(place(a), place(b));
        int ra = a * sensed;
        int rb = b * sensed;
        double off = 0;
        double weightA = 0; // line a's devices weighted by b's rises at them, and their own voltages so weighted
        double ownA = 0;
        double weightB = 0;
        double ownB = 0;
        for (int t = 0; t < sensed; t++) {
            int da = device(a, t);
            int db = device(b, t);
            double wa = gRef[da] * rise[rb + t];
            double wb = gRef[db] * rise[ra + t];
            weightA += wa;
            ownA += wa * own[da];
            weightB += wb;
            ownB += wb * own[db];
            // the nodes before the lower place share their own place + 1 segments with both lines' nodes; those between
            // the two, low + 1 with the one and their own with the other; those past the higher, low + 1 and high + 1
            double shared = placeSum2[low * sensed + t]
                    + (low + 1) * (placeSum1[high * sensed + t] - placeSum1[(low + 1) * sensed + t])
                    + (double) (low + 1) * (high + 1) * (placeSum0[driven * sensed + t] - placeSum0[(high + 1) * sensed + t]);
            off += rise[ra + t] * rise[rb + t] * shared;
        }
        double attenuationA = weightA != 0 ? ownA / weightA : alpha[a];
        double attenuationB = weightB != 0 ? ownB / weightB : alpha[b];
        return y[b][a] * attenuationA + y[a][b] * attenuationB + off;
    }

    /**
     * Driven line b's row of Y, its devices' power and voltages, the rises its unit drive leaves along the sensed lines
     * ({@link #rise}) and its drift term at conductances g (S), from x, the device voltages (V) of its unit drive at
     * {@code gRef}. Lines may be set from several threads at once, each line by one.
     */
    void setLine(int b, double[] x, double[] g) {
        double sign = forward ? 1 : -1; // a driven column delivers the current flowing from column to row
        double devices = 0;
        double drift = 0;
        double[] leak = new double[sensed]; // per sensed line, the currents of its devices off line b
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int d = i * cols + j;
                double current = gRef[d] * x[d];
                devices += current * x[d];
                int line = forward ? i : j;
                y[b][line] += sign * current;
                if (line == b) {
                    own[d] = sign * x[d];
                    driftTerm[d] = (g[d] - gRef[d]) * x[d] * x[d];
                    drift += driftTerm[d];
                } else {
                    leak[forward ? j : i] += current;
                }
            }
        }
        // the rise that gives the devices off line b their currents, each through the segments it shares with b's node
        int pb = place(b);
        for (int t = 0; t < sensed; t++) {
            double shared = placeSum1[pb * sensed + t]
                    + (pb + 1) * (placeSum0[driven * sensed + t] - placeSum0[(pb + 1) * sensed + t]);
            rise[b * sensed + t] = shared > 0 ? -leak[t] / shared : 0;
        }
        self[b] = devices;
        double admittance = y[b][b];
        yDiagonal[b] = admittance;
        alpha[b] = admittance > 0 ? devices / admittance : 0;
        lineDrift[b] = forward ? drift : columnDriftByBlocks(b);
        solved[b] = true;
    }

    /** Column b's block sums of its drift terms and their total (S), as {@link #sumColumns} sums them. */
    private double columnDriftByBlocks(int b) {
        double drift = 0;
        for (int k = 0; k < staleBlock.length; k++) {
            double block = 0;
            for (int i = k * BLOCK_ROWS, end = Math.min(rows, i + BLOCK_ROWS); i < end; i++) {
                block += driftTerm[i * cols + b];
            }
            blockDrift[k * cols + b] = block;
            drift += block;
        }
        return drift;
    }

    /**
     * Brings row i's drift terms up to date with conductances g (S), and with rows driven its own line's {@link
     * #lineDrift} (with columns driven {@link #sumColumns} sums them; lines not yet solved stay 0).
     */
    private void updateRow(int i, double[] g) {
        stale[i] = false;
        double rowSum = 0;
        for (int j = 0, d = i * cols; j < cols; j++, d++) {
            double term = (g[d] - gRef[d]) * own[d] * own[d];
            rowSum += term;
            driftTerm[d] = term;
        }
        if (forward) {
            lineDrift[i] = rowSum;
        }
    }

    /**
     * Each column's {@link #lineDrift}: the blocks with a changed row ({@link #staleBlock}) summed anew row by row, then
     * every column's blocks in order, as {@link #setLine} sums them: every sum depends on the conductances alone, not on
     * the order of the changes and reads before (a model kept from one epoch to the next then gives a resumed run's
     * power; adding each changed row's difference did not).
     */
    private void sumColumns() {
        for (int k = 0; k < staleBlock.length; k++) {
            if (!staleBlock[k]) {
                continue;
            }
            staleBlock[k] = false;
            int at = k * cols;
            Arrays.fill(blockDrift, at, at + cols, 0);
            for (int i = k * BLOCK_ROWS, end = Math.min(rows, i + BLOCK_ROWS); i < end; i++) {
                for (int j = 0, d = i * cols; j < cols; j++, d++) {
                    blockDrift[at + j] += driftTerm[d];
                }
            }
        }
        Arrays.fill(lineDrift, 0);
        for (int k = 0; k < staleBlock.length; k++) {
            for (int j = 0, at = k * cols; j < cols; j++, at++) {
                lineDrift[j] += blockDrift[at];
            }
        }
    }

    /** The exact unit solves of a power model's driven lines ({@link #power}). */
    interface LineSolves {
        /**
         * Solves the unit drive of each of the driven lines {@code lines[0..count)} of {@code model} at its reference
         * conductances and sets it ({@link #setLine}, with the current conductances g, S).
         */
        void solve(FastReadPower model, int[] lines, int count, double[] g);
    }
}
