package org.xbarspice.tile;

import java.util.Arrays;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.Team;

/**
 * Fast circuit reads ({@link IrDrop.Mode#FAST}) of a linear crossbar (ideal sense): every read is a product with the
 * effective transfer matrix {@code T} ({@code T[i][j]} = current sensed at column j per volt on row i in a forward read;
 * for a backward read, the current sensed at row i per volt on column j), which makes a read cost what an ideal read
 * costs.
 *
 * <p>{@code T} is computed exactly from unit solves of {@link CrossbarSolver} (one per driven line; with ideal drivers
 * the network is reciprocal, the backward matrix equals the forward one, and the direction with fewer lines is
 * solved). Between two such refreshes a conductance change {@code dG} is carried to first order ({@link #carry(double[])}:
 * each device's own current change and what it does to its row's IR drop and its column's leak), once per change, until
 * the relative drift {@code sum |G - G_ref| / sum G_ref} (kept row by row, for the rows the caller marks as changed) passes
 * the refresh bound ({@link #refreshBound}: {@code refreshDrift}, widened where the wires and drivers take little of a
 * read's current); then {@code T} is recomputed, or, when the previous {@code T} served fewer vectors than a refresh
 * costs unit solves, the reads are solved exactly until they have cost one refresh ({@link #exactReads()}). The
 * first read of each direction and every {@code checkEvery}-th of that direction after it also solve their first vector
 * exactly and record the difference ({@link #maxError()}): counted together, an even interval checked only one direction
 * of training's alternating forward and backward reads. Only the reads of {@code T} count (those solved exactly while it
 * is stale need no check). Not thread-safe.
 */
public final class FastCircuitReader implements CrossbarReader {

    private final CrossbarCircuit circuit;
    private final int rows;
    private final int cols;
    private final boolean reciprocal;
    private final double refreshDrift;
    /**
     * The drift after which T is recomputed (a share of {@code sum G_ref}), set at each refresh: {@code refreshDrift}
     * times {@code WIDENED_SHARE / e}, between 1 and {@link #MOST_WIDENING}, where e is the share of a read of every line
     * at 1 V that the wires and drivers take, {@code 1 - sum T_ref / sum G_ref} (4 where e is not above 0). The carried
     * matrix errs in proportion to the IR effect e, to first order in the drift since the last carry (a tenth of {@code
     * refreshDrift}, not widened) and to second order in the drift since the refresh, so a bound of {@code refreshDrift
     * 0.1 / e} keeps the error of an array whose IR effect is below 10 % at that of one whose effect is 10 %. On MNIST 784-256-128-10 at 1 ohm only the output layer's arrays (e 0.025-0.03) are widened; its A array,
     * which drifted past 2 % within about six reads, was refreshed or read exactly at nearly every transfer.
     */
    private double refreshBound;
    /** The share of the current that the wires and drivers take at the refresh ({@link #refreshBound}'s e). */
    private double wireShare;
    /** Share of a read's current below which an array's refresh bound is widened ({@link #refreshBound}). */
    static final double WIDENED_SHARE = 0.1;
    /**
     * Most an array's refresh bound is widened: the carried matrix's error of second order in the drift stays below
     * about {@code (4 refreshDrift)^2} of the IR effect (0.6 % at the default 2 %).
     */
    static final double MOST_WIDENING = 4;
    private final int checkEvery;
    private final double readVolt;
    private final double[] gRef;
    private double[] forwardRef;
    private double[] backwardRef;
    /** Each device's attenuation at the refresh, {@code T_ref / G_ref} (1 where G_ref = 0), per direction. */
    private double[] forwardSensitivity;
    private double[] backwardSensitivity;
    /**
     * The same at the conductances of the last carry, {@code T_ref / G_ref (1 + G_ref R) / (1 + G_carried R)} with R
     * the device's own path ({@link #ownPath}): the own term of the changes since the carry is this times {@code
     * (G - G_carried) / (1 + G R)} ({@link #setRow}).
     */
    private double[] forwardCarriedSensitivity;
    private double[] backwardCarriedSensitivity;
    /**
     * The matrices carried to the conductances {@code gCarried} ({@link #carry(double[])}), and the drift since then,
     * row by row and in all (S), as {@link #rowDrift}.
     */
    private double[] forwardEffective;
    private double[] backwardEffective;
    private final double[] gCarried;
    private final double[] carriedRowDrift;
    private double carriedDriftSum;
    /** Whether the matrices were carried since the last refresh; until then {@code gCarried} is {@link #gRef}. */
    private boolean carriedSinceRefresh;
    /**
     * The matrices the reads multiply by, {@code effective + (G - G_carried) .* sensitivity} (the same array for both
     * directions on a reciprocal circuit), each row set again before a read needs it once its conductances changed or
     * the matrices were carried ({@link #staleRows}): a read streams one array instead of four, each element the same
     * sum as before. In SHD training the network's forward and backward reads of C come between transfers that change
     * one row of it.
     */
    private double[] forwardMatrix;
    private double[] backwardMatrix;
    private final boolean[] staleRows;
    /** Scratch: each device's current change per volt since the refresh (S), and one sum per column. */
    private final double[] change;
    private final double[] columnSum;
    private double gRefSum;
    /**
     * The exact solver of each direction (index 0 forward) and the conductances it was last set to: a solver is set only
     * when a solve of its direction needs it (the exact reads of a one-hot transfer read are forward only; a refresh of a
     * reciprocal circuit solves one direction).
     */
    private final CrossbarSolver[] exactSolvers = new CrossbarSolver[2];
    private final double[][] exactG = new double[2][];
    /**
     * The helper threads of a refresh's unit solves ({@link #setSolveThreads}), null with one thread, and the number of
     * chunks of driven lines they share; each chunk beyond the caller's on a solver of its own, per direction (index 0
     * forward), built at its first refresh and set to each later refresh's conductances. Built anew at every refresh,
     * those solvers were two thirds of what training on MNIST allocated in its steady state (JFR, samples 2000-5500),
     * and the young collections that garbage caused paused it for 30-110 ms every 5-10 s; the 129 x 10 output layer,
     * whose matrix goes stale about every 16 samples, refreshed in 0.71-0.76 ms instead of 0.79-0.87 ms (timers, 2
     * threads). A kept solver holds about 250 bytes per device once it has solved (some 25 MB for 393 x 256).
     */
    private Team team;
    private int solveChunks = 1;
    private final CrossbarSolver[][] chunkSolvers = new CrossbarSolver[2][0];
    /** The driven lines 0, 1, 2, ... of a refresh's unit solves, as many as the longer side's. */
    private int[] everyLine = new int[0];
    /** Reads served so far (calls with at least one vector). */
    private long forwardReads;
    private long backwardReads;
    /** Refreshes since the construction or {@link #restart(boolean)} with counts. */
    private long refreshes;
    /**
     * The conductances the power models are computed at (S): the last refresh's, or, where the refresh bound is widened
     * ({@link #refreshBound}), those of the first carry after which the conductances had drifted from the models' by
     * more than {@code refreshDrift}, so that the power split's first-order drift terms ({@link FastReadPower}) see the
     * drift they saw before the bound was widened (over a widened bound the wires' power erred by up to 29 % of its own
     * on the spiral at 20 ohm); and whether they moved from the refresh's.
     */
    private final double[] gPower;
    private boolean powerMoved;
    /** The version of {@link #gPower}: the power models of an older version are computed anew. */
    private long powerVersion;
    private long checks;
    private double maxError;
    private double maxEffect;
    /** {@code sum_j |G - G_ref|} of each row, kept up to date row by row, and their sum (S). */
    private final double[] rowDrift;
    private double driftSum;
    /**
     * Share of {@code refreshDrift} after which the matrices are carried again (a carry costs a few passes over the array;
     * the changes since the last one go by their own term only, which errs 5-11x more per unit of drift: the table of
     * docs/IR-DROP-TRAINING.md, {@code bench/CarriedReadError}); not widened with the refresh bound ({@link
     * #refreshBound}).
     */
    static final double CARRY_SHARE = 0.1;
    /** Unit solves of one refresh; vectors read from T since the last refresh and in the period before it. */
    private final int refreshCost;
    private long servedSinceRefresh;
    private long lastPeriod = Long.MAX_VALUE;
    /** Vectors solved exactly since T went stale, and in all. */
    private long staleSolves;
    private long exactReads;
    private FastReadPower forwardPower;
    private FastReadPower backwardPower;
    /** The power splits of one-hot reads through wires, per direction, made at their first such read; null before. */
    private OneHotReadPower forwardOneHot;
    private OneHotReadPower backwardOneHot;
    /**
     * Per direction and driven line, the one-hot split at 1 V ({@link #oneHotAtOneVolt}), kept until a read is told of a
     * changed row: the reference arrays' never change. Null where not computed since.
     */
    private ArrayPower[] forwardOneHotUnits;
    private ArrayPower[] backwardOneHotUnits;
    /**
     * Whether reads of each direction that drive more than one line (or any line, without wires) have asked for their
     * power ({@link #readPower}): a refresh that solves the unit drives of such a direction fills its power model from
     * the same solves, and a carry moves the power models' conductances {@link #gPower} only once either has. Part
     * of the {@link State}: a restored reader that forgot them let {@code gPower} stay where the one it continues
     * moved it, and its power parted from that reader's (3.3e-7 of the delivered power on 12 x 8 at 0.2 ohm, {@code
     * FastReadPowerTest}; a training run resumed within an epoch counted other energy).
     */
    private boolean forwardPowered;
    private boolean backwardPowered;
    /** Unit solves done for the power models alone, not taken from a refresh. */
    private long powerSolves;
    private long energyChecks;
    private double maxEnergyError;
    private double maxWireEnergyError;
    private double maxDriverEnergyError;

    /**
     * @param circuit  a circuit with an ideal sense (the fast read is linear in the inputs)
     * @param readVolt the full-scale read voltage (V), for the full-scale current of the checks
     * @param irDrop   the drift after which T is recomputed and the interval of the exact checks (in reads)
     */
    public FastCircuitReader(CrossbarCircuit circuit, double readVolt, IrDrop irDrop) {
        if (!(circuit.sense() instanceof Sense.Ideal)) {
            throw new InvalidInputException("fast IR-drop reads need an ideal sense, not " + circuit.sense()
                    + ": use irDropMode exact with a TIA");
        }
        this.circuit = circuit;
        this.rows = circuit.rows();
        this.cols = circuit.cols();
        this.reciprocal = circuit.driverOhm() == 0;
        this.refreshDrift = irDrop.refreshDrift();
        this.checkEvery = irDrop.checkEvery();
        this.readVolt = Checks.positive("read voltage", readVolt, "V");
        this.gRef = new double[rows * cols];
        this.rowDrift = new double[rows];
        this.gCarried = new double[rows * cols];
        this.gPower = new double[rows * cols];
        this.carriedRowDrift = new double[rows];
        this.staleRows = new boolean[rows];
        this.change = new double[rows * cols];
        this.columnSum = new double[cols];
        this.refreshCost = reciprocal ? Math.min(rows, cols) : rows + cols;
    }

    @Override
    public CrossbarCircuit circuit() {
        return circuit;
    }

    /**
     * Spreads a refresh's unit solves over up to {@code threads} threads (the caller and helper threads of this reader's
     * own, which end when idle), at most {@value #MOST_SOLVE_CHUNKS}: each thread's share of the driven lines on a solver
     * of its own, kept from refresh to refresh ({@link #team}; about 25 MB for 393 x 256, which the bound keeps in reach;
     * 2 threads refresh 1.5-1.9x faster than 1, {@code ReadBenchmark.fastReadMatrixRefresh}). The matrices are
     * bit-identical whatever the number (every unit solve starts cold). 1, the default: the caller alone.
     */
    @Override
    public void setSolveThreads(int threads) {
        Checks.inRange("solve threads", threads, 1, Team.MAX_THREADS);
        int chunks = Math.min(threads, MOST_SOLVE_CHUNKS);
        if (chunks != solveChunks) {
            solveChunks = chunks;
            team = chunks == 1 ? null : new Team("read-matrix", chunks - 1);
        }
    }

    @Override
    public boolean checksNext(Direction direction) {
        return (direction == Direction.FORWARD ? forwardReads : backwardReads) % checkEvery == 0;
    }

    /**
     * With {@code counts} starts the checks' figures again; the matrices, the check schedule ({@link #state()}) and the
     * power models stay: their lines are solved at the conductances {@link #gPower}, which the state holds, and their
     * sums depend on the conductances alone ({@link FastReadPower}), so that a reader restored from the state, which
     * solves each line again when a read first drives it (or takes it from its next refresh), gives the same power as
     * this one. (Dropped at every epoch, the models of MNIST's four 393 x 257 arrays solved their rows again each epoch:
     * up to 1,572 solves of about 5 ms.)
     */
    @Override
    public void restart(boolean counts) {
        if (!counts) {
            return;
        }
        refreshes = 0;
        exactReads = 0;
        powerSolves = 0;
        checks = 0;
        maxError = 0;
        maxEffect = 0;
        energyChecks = 0;
        maxEnergyError = 0;
        maxWireEnergyError = 0;
        maxDriverEnergyError = 0;
    }

    /**
     * What the reads so far leave to the next ones, but the conductances: the conductances of the last refresh, of the
     * last carry and of the power models, the check schedule, the counters that choose between a refresh and exact
     * reads, and whether the reads of each direction asked for power. Restored into a new reader ({@link #restore}), it
     * reads on exactly as this one: the matrices are recomputed from those conductances (unit solves start cold), and
     * the drifts from the conductances of the next read. Held as given (no copies).
     *
     * @param forwardReads  forward reads since the construction (their check schedule)
     * @param backwardReads backward reads since the construction (their check schedule)
     * @param served      vectors read from the matrix since its refresh
     * @param lastPeriod  vectors the matrix before served ({@link Long#MAX_VALUE} before a second refresh)
     * @param staleSolves vectors solved exactly since the matrix went stale
     * @param reference   the conductances of the last refresh (S), or null before the first read
     * @param carried     the conductances the matrices were last carried to (S), or null when not carried since the refresh
     * @param power       the conductances the power models are computed at (S), or null when they are the refresh's
     * @param forwardPowered  whether forward reads have asked for their power (the power models then follow the drift)
     * @param backwardPowered whether backward reads have
     */
    public record State(long forwardReads, long backwardReads, long served, long lastPeriod, long staleSolves,
                        double[] reference, double[] carried, double[] power, boolean forwardPowered,
                        boolean backwardPowered) {
        /** Whether {@code other} holds the same numbers (arrays compared by content); false for null. */
        public boolean sameAs(State other) {
            return other != null && forwardReads == other.forwardReads && backwardReads == other.backwardReads
                    && served == other.served && lastPeriod == other.lastPeriod
                    && staleSolves == other.staleSolves && Arrays.equals(reference, other.reference)
                    && Arrays.equals(carried, other.carried) && Arrays.equals(power, other.power)
                    && forwardPowered == other.forwardPowered && backwardPowered == other.backwardPowered;
        }
    }

    /** This reader's {@link State}, copied. */
    public State state() {
        return new State(forwardReads, backwardReads, servedSinceRefresh, lastPeriod, staleSolves,
                forwardRef == null ? null : gRef.clone(),
                carriedSinceRefresh ? gCarried.clone() : null, powerMoved ? gPower.clone() : null, forwardPowered,
                backwardPowered);
    }

    /**
     * Continues from {@code state} ({@link #state()} of a reader of the same circuit), before this reader's first read;
     * a state that no reader of this circuit has (negative counters, conductances of another size, a carry without a
     * refresh) is refused as a damaged checkpoint.
     */
    public void restore(State state) {
        if (forwardRef != null) {
            throw new IllegalStateException("a reader that has read cannot be restored");
        }
        int devices = rows * cols;
        boolean fits = state.forwardReads() >= 0 && state.backwardReads() >= 0 && state.served() >= 0
                && state.lastPeriod() >= 0 && state.staleSolves() >= 0
                && (state.reference() == null ? state.carried() == null : state.reference().length == devices)
                && (state.carried() == null || state.carried().length == devices)
                && (state.power() == null || state.reference() != null && state.power().length == devices);
        if (!fits) {
            throw new InvalidInputException("checkpoint: the fast reader state of a " + rows + " x " + cols + " array is "
                    + "damaged (counters " + state.forwardReads() + ", " + state.backwardReads() + ", " + state.served()
                    + ", " + state.lastPeriod() + ", "
                    + state.staleSolves() + "; conductances " + length(state.reference()) + ", " + length(state.carried())
                    + " and " + length(state.power())
                    + " for " + devices + " devices): resume from a checkpoint written by xbarspice");
        }
        if (state.reference() != null) {
            refresh(state.reference());
            if (state.carried() != null) {
                carry(state.carried());
            }
            System.arraycopy(state.power() != null ? state.power() : state.reference(), 0, gPower, 0, devices);
            powerMoved = state.power() != null; // no power model yet: the first read with power builds one at gPower
        }
        // only now: the refresh and the carry above fill no model and leave gPower, which is set to the state's
        forwardPowered = state.forwardPowered();
        backwardPowered = state.backwardPowered();
        forwardReads = state.forwardReads();
        backwardReads = state.backwardReads();
        servedSinceRefresh = state.served();
        lastPeriod = state.lastPeriod();
        staleSolves = state.staleSolves();
        refreshes = 0;
    }

    private static String length(double[] values) {
        return values == null ? "none" : Integer.toString(values.length);
    }

    /** Most threads a refresh's unit solves are spread over ({@link #setSolveThreads}). */
    static final int MOST_SOLVE_CHUNKS = 8;

    @Override
    public void read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, int count) {
        read(g, changed, direction, volts, amps, null, count);
    }

    /**
     * As {@link #read(double[], RowChanges, Direction, double[][], double[][], int)}; when the reads are solved exactly
     * (a stale matrix) and {@code power} is not null, their power splits go into it. Returns whether they were.
     */
    private boolean read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps,
                         ArrayPower[] power, int count) {
        boolean forward = direction == Direction.FORWARD;
        if (changed.any()) { // every kept one-hot split goes: a sensed line crosses every row
            clear(forwardOneHotUnits);
            clear(backwardOneHotUnits);
        }
        if (forwardPower != null) {
            forwardPower.changed(changed);
        }
        if (backwardPower != null) {
            backwardPower.changed(changed);
        }
        if (forwardRef == null) {
            refresh(g);
        } else if (changed.any() && drift(g, changed) > refreshBound * gRefSum || staleSolves > 0) {
            if (lastPeriod >= refreshCost || staleSolves + count > refreshCost) {
                refresh(g);
            } else {
                exactReads(g, forward, volts, amps, power, count);
                return true;
            }
        }
        if (carriedDriftSum > CARRY_SHARE * refreshDrift * gRefSum) {
            carry(g);
        }
        double[] matrix = forward ? forwardMatrix : backwardMatrix;
        for (int k = 0; k < count; k++) {
            setStaleRows(g, forward ? volts[k] : null);
            product(matrix, forward, volts[k], amps[k]);
        }
        servedSinceRefresh += count;
        if (count > 0 && (forward ? forwardReads++ : backwardReads++) % checkEvery == 0) {
            check(g, forward, volts[0], amps[0]);
        }
        return false;
    }

    /**
     * Fast reads ({@link #read}) with their power split: through wires, that of {@link OneHotReadPower} for a read
     * that drives one line, at the current conductances; else that of {@link FastReadPower}, whose matrices are computed
     * from unit solves at each refresh's conductances: the refresh's own for the directions it solves (both, unless the
     * circuit is reciprocal), else one of the line a read drives, the first time it drives it. A read that {@link #read}
     * checks against the exact solve also has its power split checked against that solve's ({@link #maxEnergyError()}).
     */
    @Override
    public void readPower(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps,
                          ArrayPower[] power, int count) {
        boolean forward = direction == Direction.FORWARD;
        boolean wires = circuit.wireOhm() > 0;
        int driven = forward ? rows : cols;
        int[] lines = new int[count]; // the one line each read drives through wires, else -1: the power model's
        boolean modelled = false;
        for (int k = 0; k < count; k++) {
            lines[k] = wires ? drivenLine(volts[k], driven) : -1;
            modelled |= lines[k] < 0;
        }
        if (modelled && forward) {
            forwardPowered = true;
        } else if (modelled) {
            backwardPowered = true;
        }
        long checked = checks;
        if (read(g, changed, direction, volts, amps, power, count)) {
            return;
        }
        ArrayPower exact = checks > checked ? exactSolvers[forward ? 0 : 1].power() : null;
        for (int k = 0; k < count; k++) {
            int line = lines[k];
            power[k] = line >= 0 ? oneHotAtOneVolt(forward, g, line).times(volts[k][line] * volts[k][line])
                    : powerModel(forward).power(volts[k], g);
        }
        if (exact != null && exact.delivered() > 0) {
            ArrayPower fast = power[0];
            double parts = Math.max(Math.max(Math.abs(fast.devices() - exact.devices()), Math.abs(fast.wires() - exact.wires())),
                    Math.max(Math.abs(fast.drivers() - exact.drivers()), Math.abs(fast.delivered() - exact.delivered())));
            maxEnergyError = Math.max(maxEnergyError, parts / exact.delivered());
            if (exact.wires() > 0) {
                maxWireEnergyError = Math.max(maxWireEnergyError, Math.abs(fast.wires() - exact.wires()) / exact.wires());
            }
            if (exact.drivers() > 0) {
                maxDriverEnergyError = Math.max(maxDriverEnergyError,
                        Math.abs(fast.drivers() - exact.drivers()) / exact.drivers());
            }
            energyChecks++;
        }
    }

    /**
     * The one line that voltages v (V) of the {@code driven} lines drive (not at 0 V), or -1 where they drive none or
     * more than one.
     */
    private static int drivenLine(double[] v, int driven) {
        int line = -1;
        for (int a = 0; a < driven; a++) {
            if (v[a] != 0) {
                if (line >= 0) {
                    return -1;
                }
                line = a;
            }
        }
        return line;
    }

    /** Drops the kept splits {@code units} (null: none kept). */
    private static void clear(ArrayPower[] units) {
        if (units != null) {
            Arrays.fill(units, null);
        }
    }

    /**
     * The power split of the read that drives {@code line} alone at 1 V through conductances g (S), in {@code
     * direction}: kept from the last read that computed it while no changed row came since (always taken at 1 V and
     * scaled, so that the power does not depend on whether it was kept).
     */
    private ArrayPower oneHotAtOneVolt(boolean forward, double[] g, int line) {
        if (forward && forwardOneHot == null) {
            forwardOneHot = new OneHotReadPower(circuit.withDirection(Direction.FORWARD));
            forwardOneHotUnits = new ArrayPower[rows];
        } else if (!forward && backwardOneHot == null) {
            backwardOneHot = new OneHotReadPower(circuit.withDirection(Direction.BACKWARD));
            backwardOneHotUnits = new ArrayPower[cols];
        }
        ArrayPower[] units = forward ? forwardOneHotUnits : backwardOneHotUnits;
        if (units[line] == null) {
            units[line] = (forward ? forwardOneHot : backwardOneHot).power(g, line, 1);
        }
        return units[line];
    }

    /** The power model of a direction at {@link #gPower}, made anew when that moved. */
    private FastReadPower powerModel(boolean forward) {
        FastReadPower model = forward ? forwardPower : backwardPower;
        if (model == null || model.version() != powerVersion) {
            model = powerModel(forward, gPower, powerVersion);
            if (forward) {
                forwardPower = model;
            } else {
                backwardPower = model;
            }
        }
        return model;
    }

    /** Unit solves done for the power splits alone so far (the lines of a direction a refresh did not solve). */
    long powerSolves() {
        return powerSolves;
    }

    /** Power splits compared with the exact solve so far. */
    public long energyChecks() {
        return energyChecks;
    }

    /**
     * Largest error of the checked power splits: the largest |P_fast - P_exact| over devices, wires, drivers and the
     * delivered power, as a fraction of the exact delivered power.
     */
    public double maxEnergyError() {
        return maxEnergyError;
    }

    /** Largest |P_fast - P_exact| / P_exact of the wires' power in the checked power splits. */
    public double maxWireEnergyError() {
        return maxWireEnergyError;
    }

    @Override
    public String engine() {
        return BEHAVIORAL;
    }

    /** Continues the read spot checks, refreshes and exact reads counted in {@code checks} (their read fields). */
    public void restoreChecks(IrDropCheck checks) {
        this.checks = checks.reads();
        maxError = checks.maxReadError();
        maxEffect = checks.maxReadEffect();
        refreshes = checks.refreshes();
        exactReads = checks.exactReads();
        energyChecks = checks.energyChecks();
        maxEnergyError = checks.maxEnergyError();
        maxWireEnergyError = checks.maxWireEnergyError();
        maxDriverEnergyError = checks.maxDriverEnergyError();
    }

    /**
     * The read spot checks so far as an {@link IrDropCheck} (its read, refresh and read-energy fields; the update fields
     * 0), as a tile and the {@code read} command report them.
     */
    public IrDropCheck irDropCheck() {
        return new IrDropCheck(checks, maxError, maxEffect, 0, 0, 0, 0, 0, refreshes, exactReads, energyChecks,
                maxEnergyError, maxWireEnergyError, maxDriverEnergyError, 0, 0, 0, 0);
    }

    /** Reads compared with the exact solve so far. */
    public long checks() {
        return checks;
    }

    /** Largest |I_fast - I_exact| of the checked reads, as a fraction of the full-scale current. */
    public double maxError() {
        return maxError;
    }

    /** Largest |I_ideal - I_exact| of the checked reads, as a fraction of the full-scale current. */
    public double maxEffect() {
        return maxEffect;
    }

    /** Vectors solved exactly because T was stale (see {@link #read(double[], RowChanges, Direction, double[][], double[][], int)}). */
    public long exactReads() {
        return exactReads;
    }

    /** Times T was computed from unit solves. */
    public long refreshes() {
        return refreshes;
    }

    /**
     * The relative drift numerator {@code sum |G - G_ref|} (S), its rows recomputed where they changed, and likewise
     * the drift since the carry, {@code sum |G - G_carried|}; both sums taken anew over the rows, so that they depend on
     * the conductances alone and not on the order of the changes ({@link #restore}).
     */
    private double drift(double[] g, RowChanges changed) {
        for (int i = 0; i < rows; i++) {
            if (changed.row(i)) {
                double row = 0;
                double sinceCarry = 0;
                if (carriedSinceRefresh) {
                    for (int d = i * cols, end = d + cols; d < end; d++) {
                        row += Math.abs(g[d] - gRef[d]);
                        sinceCarry += Math.abs(g[d] - gCarried[d]);
                    }
                } else { // the carry is the refresh's: the same sum
                    for (int d = i * cols, end = d + cols; d < end; d++) {
                        row += Math.abs(g[d] - gRef[d]);
                    }
                    sinceCarry = row;
                }
                rowDrift[i] = row;
                staleRows[i] = true;
                carriedRowDrift[i] = sinceCarry;
            }
        }
        driftSum = 0;
        carriedDriftSum = 0;
        for (int i = 0; i < rows; i++) {
            driftSum += rowDrift[i];
            carriedDriftSum += carriedRowDrift[i];
        }
        return driftSum;
    }

    /**
     * Reads solved exactly, while T is stale and not yet worth recomputing: a refresh costs {@link #refreshCost} unit
     * solves, so when the previous T served fewer vectors than that before it went stale, reads are solved one by one
     * until they have cost as much as a refresh (then T is recomputed): never more than twice the cheaper of the two.
     */
    private void exactReads(double[] g, boolean forward, double[][] volts, double[][] amps, ArrayPower[] power, int count) {
        CrossbarSolver exact = exactSolver(g, forward);
        for (int k = 0; k < count; k++) {
            exact.readInto(volts[k], amps[k]);
            if (power != null) {
                power[k] = exact.power();
            }
        }
        staleSolves += count;
        exactReads += count;
    }

    /** Computes T exactly for conductances g (unit solves). */
    private void refresh(double[] g) {
        if (forwardRef != null) {
            lastPeriod = servedSinceRefresh;
        }
        servedSinceRefresh = 0;
        staleSolves = 0;
        forwardRef = new double[rows * cols];
        // the power models of the directions read with power and solved here take their line solves from this refresh
        // (the directions solved do not depend on the power asked for: counting energy changes no read)
        boolean solveForward = !reciprocal || rows <= cols;
        boolean solveBackward = !reciprocal || !solveForward;
        FastReadPower forwardModel = forwardPowered && solveForward ? powerModel(true, g, powerVersion + 1) : null;
        FastReadPower backwardModel = backwardPowered && solveBackward ? powerModel(false, g, powerVersion + 1) : null;
        if (solveForward) {
            unitSolves(g, true, forwardRef, forwardModel);
        } else {
            unitSolves(g, false, forwardRef, backwardModel);
        }
        if (reciprocal) {
            backwardRef = forwardRef;
        } else {
            backwardRef = new double[rows * cols];
            unitSolves(g, false, backwardRef, backwardModel);
        }
        if (forwardModel != null) {
            forwardPower = forwardModel;
        }
        if (backwardModel != null) {
            backwardPower = backwardModel;
        }
        setReference(g);
        refreshes++;
    }

    /** Whether the reader has matrices: it has read, or was restored or started from another's matrices. */
    public boolean hasMatrices() {
        return forwardRef != null;
    }

    /** Solves the matrices at conductances g (S) where it has none, as the first read would; nothing where it has. */
    public void solveMatrices(double[] g) {
        if (forwardRef == null) {
            refresh(g);
        }
    }

    /**
     * Whether conductances g (S) lie within the widest refresh bound ({@link #MOST_WIDENING} times the refresh drift) of
     * conductances {@code reference} (S): only then can a reader at {@code reference} start this one ({@link
     * #startFrom}), which a reader far from it (a weight array of weights spread over the range, against a reference
     * at weight 0) need not wait for.
     */
    public boolean mayStartFrom(double[] reference, double[] g) {
        double sum = 0;
        for (double gd : reference) {
            sum += gd;
        }
        return distance(g, reference) <= MOST_WIDENING * refreshDrift * sum;
    }

    /** {@code sum |a - b|} over the devices (S): the drift between two sets of conductances. */
    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += Math.abs(a[d] - b[d]);
        }
        return sum;
    }

    /**
     * Takes the matrices of {@code other}, a reader of the same circuit, as this reader's first ones, as though it had
     * refreshed at the conductances of other's last refresh, and carries them to this array's conductances g (S), where
     * those have drifted from other's by less than this reader's refresh bound: for an array that starts where another
     * one is, SHD's A at its reference R (both at the devices' symmetry points), so that A's first read takes R's
     * matrices carried over the drift since (one update's) instead of solving every line again (two of the six first
     * matrices of MNIST's 784-input layer, 1.5-3 s each). Counts no refresh; the power models are solved when a read
     * first asks for them, as after a refresh that did not solve their direction. Returns whether it took them (else the
     * first read refreshes, as without this call). Only before this reader's first read or restore; {@code other} must
     * have read.
     */
    public boolean startFrom(FastCircuitReader other, double[] g) {
        if (forwardRef != null) {
            throw new IllegalStateException("a reader that has read cannot start from another's matrices");
        }
        if (other.forwardRef == null) {
            throw new IllegalArgumentException("the other reader has no matrices yet");
        }
        if (!other.circuit.equals(circuit)) {
            throw new IllegalArgumentException("the other reader's circuit is not this one's");
        }
        double drift = distance(g, other.gRef);
        if (drift > refreshBound(other.wireShare) * other.gRefSum) {
            return false;
        }
        forwardRef = other.forwardRef; // never written after its refresh: shared
        backwardRef = other.backwardRef;
        setReference(other.gRef);
        if (drift > 0) {
            carry(g);
        }
        return true;
    }

    /** The refresh bound ({@link #refreshBound}) of matrices whose wires and drivers take {@code share} of the current. */
    private double refreshBound(double share) {
        return refreshDrift * (share * MOST_WIDENING <= WIDENED_SHARE ? MOST_WIDENING : Math.max(1, WIDENED_SHARE / share));
    }

    /**
     * Makes the matrices {@link #forwardRef} and {@link #backwardRef}, just solved or taken, those of conductances g (S):
     * the drifts, the refresh bound, the sensitivities and the carried matrices start from them.
     */
    private void setReference(double[] g) {
        System.arraycopy(g, 0, gRef, 0, g.length);
        gRefSum = 0;
        for (double gd : g) {
            gRefSum += gd;
        }
        Arrays.fill(rowDrift, 0);
        driftSum = 0;
        double sensed = 0;
        for (double t : forwardRef) {
            sensed += t;
        }
        wireShare = gRefSum > 0 ? 1 - sensed / gRefSum : 0;
        refreshBound = refreshBound(wireShare);
        forwardSensitivity = sensitivity(forwardRef, g);
        backwardSensitivity = reciprocal ? forwardSensitivity : sensitivity(backwardRef, g);
        if (forwardCarriedSensitivity == null) {
            forwardCarriedSensitivity = new double[rows * cols];
            backwardCarriedSensitivity = reciprocal ? forwardCarriedSensitivity : new double[rows * cols];
        }
        forwardEffective = forwardRef.clone();
        backwardEffective = reciprocal ? forwardEffective : backwardRef.clone();
        carriedSinceRefresh = false;
        if (forwardMatrix == null) {
            forwardMatrix = new double[rows * cols];
            backwardMatrix = reciprocal ? forwardMatrix : new double[rows * cols];
        }
        carriedTo(g);
        System.arraycopy(g, 0, gPower, 0, g.length);
        powerMoved = false;
        powerVersion++;
    }

    /**
     * A power model of one direction at conductances g (S), for the power version {@code version}, whose lines not set
     * by a refresh are solved at g when a read first drives them, those of one read together, spread over the solve
     * threads as a refresh's ({@link #setSolveThreads}).
     */
    private FastReadPower powerModel(boolean forward, double[] g, long version) {
        Direction direction = forward ? Direction.FORWARD : Direction.BACKWARD;
        double[] reference = g.clone();
        return new FastReadPower(circuit.withDirection(direction), reference, version, (model, lines, count, now) -> {
            powerSolves += count;
            unitSolves(reference, forward, lines, count, null, model, now);
        });
    }

    /**
     * The unit solves of every line of one direction on conductances g (S) into t, row-major rows x cols: forward solves
     * give t[i][j] = sensed current at column j for row i at 1 V; backward solves t[i][j] = sensed current at row i for
     * column j at 1 V; each solve also sets its line of {@code model} when not null.
     */
    private void unitSolves(double[] g, boolean forward, double[] t, FastReadPower model) {
        int driven = forward ? rows : cols;
        if (everyLine.length < driven) {
            everyLine = new int[Math.max(rows, cols)];
            for (int a = 0; a < everyLine.length; a++) {
                everyLine[a] = a;
            }
        }
        unitSolves(g, forward, everyLine, driven, t, model, g);
    }

    /**
     * The unit solves of the driven lines {@code lines[0..count)} of one direction on conductances g (S, the exact solvers
     * set to them), into t (null: not kept; else as {@link #unitSolves(double[], boolean, double[], FastReadPower)}) and
     * {@code model}'s lines when not null, their drift terms at conductances {@code now} (S). The lines are split into one
     * contiguous chunk per solve thread; every solve starts cold, so that the results do not depend on the threads.
     */
    private void unitSolves(double[] g, boolean forward, int[] lines, int count, double[] t, FastReadPower model,
                            double[] now) {
        CrossbarSolver own = exactSolver(g, forward);
        int chunks = Math.min(solveChunks, count);
        if (chunks == 1) {
            unitSolves(own, forward, lines, 0, count, t, model, now);
            return;
        }
        int[] order = new int[chunks];
        for (int c = 0; c < chunks; c++) {
            order[c] = c;
        }
        int side = forward ? 0 : 1;
        if (chunkSolvers[side].length != chunks) {
            chunkSolvers[side] = new CrossbarSolver[chunks];
        }
        CrossbarSolver[] solvers = chunkSolvers[side];
        team.run(order, c -> unitSolves(c == 0 ? own : chunkSolver(solvers, c, forward, g), forward, lines,
                (int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks), t, model, now));
    }

    /** Chunk c's solver of one direction ({@link #chunkSolvers}), set to conductances g. */
    private CrossbarSolver chunkSolver(CrossbarSolver[] solvers, int c, boolean forward, double[] g) {
        if (solvers[c] == null) {
            solvers[c] = new CrossbarSolver(circuit.withDirection(forward ? Direction.FORWARD : Direction.BACKWARD), g,
                    UNIT_SOLVE);
        } else {
            solvers[c].setConductances(g);
        }
        return solvers[c];
    }

    /**
     * The unit solves of {@code solver} for the driven lines {@code lines[from..to)} into t and {@code model} (as {@link
     * #unitSolves(double[], boolean, int[], int, double[], FastReadPower, double[])}).
     */
    private void unitSolves(CrossbarSolver solver, boolean forward, int[] lines, int from, int to, double[] t,
                            FastReadPower model, double[] now) {
        int driven = forward ? rows : cols;
        int sensed = forward ? cols : rows;
        double[] unit = new double[driven];
        double[] out = new double[sensed];
        double[] voltages = model == null ? null : new double[rows * cols];
        for (int n = from; n < to; n++) {
            int a = lines[n];
            unit[a] = 1;
            solver.readInto(unit, out);
            unit[a] = 0;
            if (t != null) {
                for (int b = 0; b < sensed; b++) {
                    t[forward ? a * cols + b : b * cols + a] = out[b];
                }
            }
            if (model != null) {
                solver.lastDeviceVoltages(voltages);
                model.setLine(a, voltages, now);
            }
        }
    }

    /**
     * Accuracy of the unit solves and checks: relative voltage error 1e-11, so that the matrix is exact to about 1e-11 of
     * the full-scale current (the default 1e-13 costs a third more iterations for no visible change).
     */
    private static final SolverOptions UNIT_SOLVE = new SolverOptions(1e-11, 2000, false, 0);

    /** The exact solver of one direction, set to conductances g (S). */
    private CrossbarSolver exactSolver(double[] g, boolean forward) {
        int side = forward ? 0 : 1;
        if (exactSolvers[side] == null) {
            exactSolvers[side] = new CrossbarSolver(circuit.withDirection(forward ? Direction.FORWARD : Direction.BACKWARD), g,
                    UNIT_SOLVE);
            exactG[side] = g.clone();
        } else if (!Arrays.equals(exactG[side], g)) {
            exactSolvers[side].setConductances(g);
            System.arraycopy(g, 0, exactG[side], 0, g.length);
        }
        return exactSolvers[side];
    }

    /** Each device's attenuation T_ref / G_ref (1 where G_ref = 0): the first-order sensitivity of T to its conductance. */
    private static double[] sensitivity(double[] reference, double[] g) {
        double[] out = new double[g.length];
        for (int d = 0; d < g.length; d++) {
            out[d] = g[d] > 0 ? reference[d] / g[d] : 1;
        }
        return out;
    }

    /**
     * Carries the matrices from the refresh to conductances g: to first order in the changes, the adjoint sensitivity
     * {@code dT_ij = sum_kl dG_kl a_kl(i) b_kl(j)} (a, b the device voltages with line i, resp. sensed line j, at 1 V)
     * with the terms of first order in the wire resistance:
     * <pre>
     *   T_ij = T_ref,ij + c_ij - (T_ref,ij + c_ij) (sum_{l != j} c_il P_row(j, l) + sum_{k != i} c_kj P_col(i, k)),
     *   c = dG .* T_ref / G_ref ./ (1 + G .* P_own)
     * </pre>
     * c is each device's change of current per volt through its own divider: P_own(i, j) = P_row(j, j) + P_col(i, i)
     * ({@link #ownPath}), so that its slope at the refresh is {@code T_ref / G_ref (1 - G P_own)} to first order in r G
     * (the attenuation T / G alone missed that term: a read of 7 x 3 at 20 ohm after a drift of 2 % erred by 9.3e-6 of
     * the full scale; 9.3e-9 with it and with the row and column terms on the new current, below). P_row(j, l) = R_row
     * + r (min(j, l) + 1) the path that nodes j and l of a row share to its end, P_col(i, k) = R_col + r (N - max(i,
     * k)) the same along a column (R the driver resistance on the driven end, 0 on the sensed end). The own term is the
     * device's current change; the row term is the change of the row's IR drop by the other devices' current changes;
     * the column term is what the changed devices of the column leak from it; both act on the device's new current,
     * {@code T_ref + c} (second order in the changes, first in r). Neglected: second order in r G. O(rows cols): prefix
     * sums along each line; done when the conductances have drifted by {@link #CARRY_SHARE} of {@code refreshDrift} since
     * the last carry; the changes in between enter the products by their own term ({@link #setRow}).
     */
    private void carry(double[] g) {
        carriedSinceRefresh = true;
        carry(g, true);
        if (!reciprocal) {
            carry(g, false);
        }
        carriedTo(g);
        if (refreshBound > refreshDrift && (forwardPowered || backwardPowered)) {
            if (distance(g, gPower) > refreshDrift * gRefSum) {
                System.arraycopy(g, 0, gPower, 0, g.length);
                powerMoved = true;
                powerVersion++;
            }
        }
    }

    /**
     * Marks the matrices as carried to conductances g: their own terms' slopes taken there, the drift since the carry
     * starts anew, every row read set anew.
     */
    private void carriedTo(double[] g) {
        System.arraycopy(g, 0, gCarried, 0, g.length);
        carriedSensitivity(forwardSensitivity, forwardCarriedSensitivity);
        if (!reciprocal) {
            carriedSensitivity(backwardSensitivity, backwardCarriedSensitivity);
        }
        Arrays.fill(carriedRowDrift, 0);
        carriedDriftSum = 0;
        Arrays.fill(staleRows, true);
    }

    /**
     * Sets the stale rows of the matrices read ({@link #forwardMatrix}) from conductances g: those a forward read of
     * volts {@code v} drives (its rows at 0 V add nothing), or all of them for a backward read ({@code v} null).
     */
    private void setStaleRows(double[] g, double[] v) {
        for (int i = 0; i < rows; i++) {
            if (staleRows[i] && (v == null || v[i] != 0)) {
                setRow(forwardMatrix, forwardEffective, forwardCarriedSensitivity, g, i);
                if (!reciprocal) {
                    setRow(backwardMatrix, backwardEffective, backwardCarriedSensitivity, g, i);
                }
                staleRows[i] = false;
            }
        }
    }

    /**
     * {@code out}: the attenuations {@code sensitivity} at the refresh carried to {@link #gCarried} ({@link
     * #forwardCarriedSensitivity}).
     */
    private void carriedSensitivity(double[] sensitivity, double[] out) {
        for (int i = 0, d = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++, d++) {
                double path = ownPath(i, j);
                out[d] = sensitivity[d] * (1 + gRef[d] * path) / (1 + gCarried[d] * path);
            }
        }
    }

    /**
     * Device (i, j)'s own path (ohm): the wires from it along its row to the row's end at column 0 and along its column
     * to the column's end past row N - 1, and the driver on one of the two ends; the series resistance of the divider
     * its conductance forms with the rest of the circuit, to first order in r G.
     */
    private double ownPath(int i, int j) {
        return circuit.driverOhm() + circuit.wireOhm() * (j + 1 + rows - i);
    }

    /**
     * Row i of {@code matrix}: {@code effective + (G - G_carried) .* carried / (1 + G R)}, R each device's own path: the
     * change of its own current through its divider, exact for the divider (to first order in r G, its current's slope
     * is {@code T / G (1 - G R)}, not the attenuation T / G).
     */
    private void setRow(double[] matrix, double[] effective, double[] carried, double[] g, int i) {
        for (int j = 0, d = i * cols, end = d + cols; d < end; j++, d++) {
            matrix[d] = effective[d] + (g[d] - gCarried[d]) * carried[d] / (1 + g[d] * ownPath(i, j));
        }
    }

    /** Carries the matrix of one direction to conductances g (see {@link #carry(double[])}). */
    private void carry(double[] g, boolean forward) {
        double[] reference = forward ? forwardRef : backwardRef;
        double[] sensitivity = forward ? forwardSensitivity : backwardSensitivity;
        double[] out = forward ? forwardEffective : backwardEffective;
        double r = circuit.wireOhm();
        double rowEnd = forward ? circuit.driverOhm() : 0;
        double colEnd = forward ? 0 : circuit.driverOhm();
        for (int i = 0, d = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++, d++) {
                change[d] = (g[d] - gRef[d]) * sensitivity[d] / (1 + g[d] * ownPath(i, j));
            }
        }
        // column terms into out: sum_{k <= i} c_kj (colEnd + r (N - i)) + sum_{k > i} c_kj (colEnd + r (N - k)), own share out
        Arrays.fill(columnSum, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            double path = colEnd + r * (rows - i);
            for (int j = 0, d = i * cols; j < cols; j++, d++) {
                columnSum[j] += change[d];
                out[d] = path * (columnSum[j] - change[d]);
            }
        }
        Arrays.fill(columnSum, 0, cols, 0.0);
        for (int i = rows - 1; i >= 0; i--) {
            double path = colEnd + r * (rows - i);
            for (int j = 0, d = i * cols; j < cols; j++, d++) {
                out[d] += columnSum[j];
                columnSum[j] += change[d] * path;
            }
        }
        // row terms: sum_{l <= j} c_il (rowEnd + r (l + 1)) + (rowEnd + r (j + 1)) sum_{l > j} c_il, own share out
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            double after = 0;
            for (int d = base; d < base + cols; d++) {
                after += change[d];
            }
            double before = 0;
            for (int j = 0, d = base; j < cols; j++, d++) {
                double path = rowEnd + r * (j + 1);
                after -= change[d];
                double row = before + path * after;
                before += change[d] * path;
                out[d] = reference[d] + change[d] - (reference[d] + change[d]) * (out[d] + row);
            }
        }
    }

    /**
     * The product with {@code matrix}, rows x cols: forward {@code out_j = sum_i T_ij v_i} (zero inputs skipped), backward
     * {@code out_i = sum_j T_ij v_j}.
     */
    private void product(double[] matrix, boolean forward, double[] v, double[] out) {
        if (forward) {
            Arrays.fill(out, 0, cols, 0.0);
            for (int i = 0; i < rows; i++) {
                double vi = v[i];
                if (vi == 0) {
                    continue;
                }
                for (int j = 0, d = i * cols; j < cols; j++, d++) {
                    out[j] += matrix[d] * vi;
                }
            }
        } else {
            // four rows at a time: each row's sum is a chain of dependent additions, bound by their latency, and four
            // chains run side by side (each in its own order, as alone: the same sums to the bit)
            int i = 0;
            for (; i + 3 < rows; i += 4) {
                double sum0 = 0;
                double sum1 = 0;
                double sum2 = 0;
                double sum3 = 0;
                int d0 = i * cols;
                for (int j = 0; j < cols; j++) {
                    double vj = v[j];
                    sum0 += matrix[d0 + j] * vj;
                    sum1 += matrix[d0 + cols + j] * vj;
                    sum2 += matrix[d0 + 2 * cols + j] * vj;
                    sum3 += matrix[d0 + 3 * cols + j] * vj;
                }
                out[i] = sum0;
                out[i + 1] = sum1;
                out[i + 2] = sum2;
                out[i + 3] = sum3;
            }
            for (; i < rows; i++) {
                double sum = 0;
                for (int j = 0, d = i * cols; j < cols; j++, d++) {
                    sum += matrix[d] * v[j];
                }
                out[i] = sum;
            }
        }
    }

    private void check(double[] g, boolean forward, double[] v, double[] fast) {
        CrossbarSolver exact = exactSolver(g, forward);
        double[] reference = exact.read(v.clone());
        double[] ideal = new double[reference.length];
        product(g, forward, v, ideal);
        // the sensed lines' (the rows of a backward read: it took the columns' sums, a 1 x 512 backward read's 276x off)
        double fullScale = readVolt * circuit.withDirection(forward ? Direction.FORWARD : Direction.BACKWARD)
                .largestSensedLineSiemens(g);
        for (int k = 0; k < reference.length; k++) {
            maxError = Math.max(maxError, Math.abs(fast[k] - reference[k]) / fullScale);
            maxEffect = Math.max(maxEffect, Math.abs(ideal[k] - reference[k]) / fullScale);
        }
        checks++;
    }
}
