package org.xbarspice.tile;

import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * An analog tile of pulsed devices: the weights of an N-input, M-output layer live in a {@link DeviceArray} of
 * {@code (N + 1) x M} devices (row N = the bias row, driven by an always-on input of 1), row-major, sampled from a
 * {@link DeviceModel} (device-to-device variability) with a seed. A tile is a composition: this array state, the
 * peripherals ({@link ReadPath}), a {@link CrossbarReader} that solves the circuit of its reads and an
 * {@link ArrayUpdater} that applies its pulses. {@link BehavioralTile} composes the behavioral reader and updater,
 * {@link SpiceTile} the ngspice ones; any other pairing is built with the public constructor. Everything else
 * (peripherals, pulse-train draws, references, seeds) is this class, so every engine sees the same inputs and the same
 * pulse trains, and the {@code read}, {@code update} and {@code calibrate} commands use the same readers and updaters.
 *
 * <p><b>Reads</b> ({@link #forward}, {@link #backward}) go through the peripherals of {@link ReadOptions} (DAC,
 * output noise, ADC, noise and bound management, as IBM aihwkit 0.8). The product itself is, in weight units,
 * {@code y = (W - R)' [x; 1]} and {@code delta = (W - R) d} (bias row not sensed), with W the device weights and R an
 * optional per-device reference ({@link #referenceAtSymmetryPoints()}, {@link #referenceAtZero()}; none by default).
 *
 * <p><b>Circuit reads</b> (always in SPICE; behaviorally with wires, driver resistance or a TIA sense): the product is
 * solved on the conductance view of the array (drivers, the sense amplifier of {@link ReadOptions#sense()}, wire
 * resistance {@code wireOhm} per segment on every row and column, PHYSICS.md section 5). The physical array has {@code N + 1} rows and
 * {@code M + 1} columns: the reference-column mapping of the device's nominal bounds
 * ({@link WeightMapping.ReferenceColumn}: {@code G_ij = gMin + (gMax - gMin) (w_ij - wMin) / (wMax - wMin)},
 * clipped at 0 S; reference column {@code M} of devices at {@code G_ref = G(w = 0)}). Inputs become voltages
 * {@code V = u * }{@value ReadOptions#READ_VOLT}{@code  V} (u the DAC output). Forward: rows driven, columns sensed,
 * {@code y_j = (I_j - I_M) / (V_read (gMax - gMin)) * (wMax - wMin)}. Backward: columns j &lt; M driven at
 * {@code d_j V_read}, the reference column at {@code -sum_j d_j V_read} (so that the reference current cancels
 * {@code G_ref sum_j d_j} in every row), rows sensed, {@code delta_i = I_i / (V_read (gMax - gMin)) (wMax - wMin)}.
 * With {@code wireOhm -> 0} both are exactly the ideal products. A reference R (the fast array of SHD) is an array
 * of its own, a copy of the circuit at R's conductances, read with the same inputs; its currents are subtracted (with
 * ideal wires, drivers and sense, R's product exactly). The circuit has at most {@value CrossbarCircuit#MAX_LINES}
 * lines per side.
 *
 * <p><b>Updates</b> ({@link #update}) are the fully parallel stochastic update of PHYSICS.md section 2: one
 * {@link UpdatePulses} draw (identical to {@link UpdatePulses#draw}; rows {@code [x; 1]}, columns d, the learning
 * rate, the model's nominal dwMin, BL, update management and BL management of the {@link TileSpec}) per call,
 * applied by the updater.
 * One sample at a time, as the hardware does.
 *
 * <p><b>Energy</b> ({@link #trackEnergy}, off by default): every read's array power from the reader's node voltages
 * ({@link CrossbarReader#readPower}) or, through ideal wires, in closed form from the row and column sums of the
 * conductance view, with a reference R its own array's read as well (the same inputs, A's converters); every
 * update's from the updater ({@link ArrayUpdater#energy()}); the peripherals' and the
 * latencies from a {@link CostModel}; by kind of operation in an {@link EnergyTally}. With {@code every} > 1 the
 * engines count one circuit read and one update in {@code every} of each kind, and the others' array energy is
 * estimated from their energy through ideal wires and drivers ({@link EnergySampler}, its error in {@link
 * #energyEstimate}).
 *
 * <p><b>Seeds.</b> The devices are sampled with {@code Seeds.derive(seed, 0)}; the random streams (pulse trains,
 * the engine's own noise, read noise) start from {@code Seeds.derive(seed, 1)} and restart with {@link #reseed}. Same
 * seed and same calls give bit-identical weights and outputs. Not thread-safe.
 */
public class PulsedTile implements SeededTile {
    private final int n;
    private final int m;
    private final int rows;
    private final TileSpec spec;
    private final DeviceArray devices;
    private final double[] w;
    private final double dwMin;
    private final PulseTrainDrawer trains;
    private final ReadPath read;
    /** Outputs of the circuit reads through a TIA so far, and those it clipped ({@link #outputsAndTiaLimited}). */
    private long tiaReadOutputs;
    private long tiaLimitedOutputs;
    private final double[] withBias;
    private final ArrayUpdater updater;
    private final ReadPath.Array array;
    private double biasInput = 1;
    private double[] reference;
    private long pulseState;
    private boolean conductancesStale = true;
    /**
     * Column sums a resumed run's first refresh takes in place of those it sums anew ({@link #restoreEnergy}), as the
     * run that went through had them after that refresh (a checkpoint before format 15); else null.
     */
    private double[] restoredColSums;
    /**
     * The lazily refreshed sums of a resumed run ({@link #restoreEnergy}, {@link #reinstate}): the column sums as the run
     * that went through had them and, per row pulsed since its last refresh, its index and its conductances then (S,
     * {@code m} values); null when none are pending.
     */
    private double[] restoredSums;
    /** The read view of the weights (S), row-major {@code (N + 1) x (M + 1)} with the reference column. */
    private final double[] g;
    private final WeightMapping.ReferenceColumn mapping;
    /** Every device's conductance at its weight (the mapping's, clipped at 0 S). */
    private final DeviceConductance conductanceOf;
    /** Energy bookkeeping, null unless {@link #trackEnergy} was called. */
    private EnergyTally tally;
    private CostModel cost;
    /** The fixed parts of a forward and of a backward read's cost (with {@link #tally}). */
    private CostModel.ReadCost forwardCost;
    private CostModel.ReadCost backwardCost;
    private UpdateCircuit costUpdate;
    /** Which operations the engines count; null unless {@link #trackEnergy} was called. */
    private EnergySampler sampler;
    /**
     * Row and column sums of {@link #g} (S), with it, for the energy of reads through ideal wires ({@link IdealArray})
     * and the estimates' covariates ({@link EnergySampler}); null while not needed.
     */
    private double[] rowSums;
    private double[] colSums;
    /**
     * The reference R's own array ({@link #reference}; null without R, and until needed after R was set): its
     * conductances (S), row-major {@code (N + 1) x (M + 1)}, R's devices and the reference column at {@code G_ref}, and
     * their row and column sums, for its reads' power through ideal wires ({@link #idealPower}).
     */
    private double[] referenceG;
    private double[] referenceRowSums;
    private double[] referenceColSums;
    /**
     * {@link #updateCovariate}'s work, per line sign (index sign + 1): the squared voltages of the phases a line takes
     * part in (per volt of amplitude), and the sums over the firing lines of their pulses times their conductance sums (S).
     */
    private final double[] rowVolt2 = new double[3];
    private final double[] colVolt2 = new double[3];
    private final double[] rowPart = new double[3];
    private final double[] colPart = new double[3];
    /** Whether the read in progress is the read of a transfer. */
    private boolean transferRead;
    /** Rows whose weights a pulse update may have changed since {@link #g} was refreshed. */
    private final boolean[] pulsedRows;
    private boolean anyPulsedRow;

    /**
     * A tile of {@code inputs} x {@code outputs} weights (plus the bias row) whose devices are sampled from
     * {@code spec.device()} with a seed derived from {@code seed}. Device weights start at 0.
     *
     * @param reader  the engine of the circuit reads, on a circuit of {@link #circuit(int, int, TileSpec, String)}; null
     *                for the exact product of the weights (ideal wires, drivers and sense)
     * @param updater the engine of the updates
     */
    public PulsedTile(int inputs, int outputs, TileSpec spec, long seed, CrossbarReader reader, ArrayUpdater updater) {
        if (inputs < 1 || outputs < 1) {
            throw new InvalidInputException("tile size " + inputs + " x " + outputs + " is not allowed: inputs and outputs must be >= 1");
        }
        this.n = inputs;
        this.m = outputs;
        this.rows = inputs + 1;
        this.spec = Objects.requireNonNull(spec, "tile spec");
        this.devices = DeviceArray.sample(spec.device(), rows, outputs, Seeds.derive(seed, 0));
        this.w = devices.weights();
        this.dwMin = spec.device().dwMin();
        this.trains = new PulseTrainDrawer(rows, outputs, spec.bl());
        this.withBias = new double[rows];
        this.read = new ReadPath(spec.read(), Math.max(rows, outputs), 0);
        this.updater = Objects.requireNonNull(updater, "updater");
        this.mapping = new WeightMapping.ReferenceColumn(spec.device().wMin(), spec.device().wMax());
        this.conductanceOf = DeviceConductance.of(spec.device(), spec.conductance());
        this.g = new double[rows * (outputs + 1)];
        this.pulsedRows = new boolean[rows];
        this.array = reader == null ? new IdealArray() : new CircuitArray(reader);
        reseed(Seeds.derive(seed, 1));
    }

    /**
     * Counts the energy and latency of every read and update from now on, the array's part from the engines (reads
     * through ideal wires in closed form), the peripherals' from {@code cost}; see {@link #energy()}. The engines then
     * compute node voltages (behavioral circuit reads and every update solve for them): it costs time.
     */
    public void trackEnergy(CostModel cost) {
        trackEnergy(cost, 1);
    }

    /**
     * As {@link #trackEnergy(CostModel)}, with the engines counting the array energy of one circuit read and one update
     * in {@code every} of each kind and the others' estimated ({@link EnergySampler}); reads through ideal wires are all
     * counted, in closed form.
     *
     * @param every one in how many circuit reads and updates of each kind the engines count, >= 1 (1: all)
     */
    public void trackEnergy(CostModel cost, int every) {
        this.cost = Objects.requireNonNull(cost, "cost model");
        this.sampler = new EnergySampler(every);
        this.tally = new EnergyTally();
        CrossbarCircuit circuit = spec.readCircuit(rows, m + 1);
        // the ADCs convert what the read path quantises: forward m outputs (the reference column's current subtracted
        // from each column's first), backward the n rows of the inputs (the bias row's delta is not read)
        this.forwardCost = cost.readCost(circuit.withDirection(Direction.FORWARD), spec.read().dacBits(),
                spec.read().adcBits(), m);
        this.backwardCost = cost.readCost(circuit.withDirection(Direction.BACKWARD), spec.read().dacBits(),
                spec.read().adcBits(), n);
        this.costUpdate = spec.updateCircuit(rows, m);
        updater.trackEnergy(true);
        conductancesStale = true;
    }

    /** The energy counted since {@link #trackEnergy}, live; null when not tracked. */
    public EnergyTally energy() {
        return tally;
    }

    /**
     * The energy bookkeeping of an array, exactly (its {@link EnergyTally} and the estimator of {@link EnergySampler}),
     * for a checkpoint taken within an epoch: a run resumed from it counts the epoch's energy on from there, as the run
     * that went through did. Arrays are held as given.
     *
     * @param longs   the counts
     * @param doubles the energies, latencies and the estimator's sums, then the updater's energy sum, then where the
     *                tile keeps the conductances' sums (the estimates' covariates and ideal-wire reads use them, their
     *                rounding carried over the updates of an epoch) the column sums, the count of rows pulsed since
     *                their last refresh and each such row's index and conductances then ({@link #lazySums}), else
     *                nothing; a checkpoint before format 15 holds the column sums as the next refresh leaves them
     *                alone
     */
    public record EnergyState(long[] longs, double[] doubles) {
        static final int LONGS = EnergyTally.LONGS + EnergySampler.LONGS;
        /** The tally's, the sampler's, then the updater's energy sum ({@link ArrayUpdater#energy()}, 5 parts). */
        static final int DOUBLES = EnergyTally.DOUBLES + EnergySampler.DOUBLES + 5;

        public EnergyState {
            Objects.requireNonNull(longs, "longs");
            Objects.requireNonNull(doubles, "doubles");
            if (longs.length != LONGS || doubles.length < DOUBLES) {
                throw new InvalidInputException("energy state of " + longs.length + " counts and "
                        + doubles.length + " figures, not " + LONGS + " and at least " + DOUBLES);
            }
        }
    }

    /** This array's energy bookkeeping ({@link EnergyState}); null when not tracked. */
    public EnergyState energyState() {
        if (tally == null) {
            return null;
        }
        long[] longs = new long[EnergyState.LONGS];
        reinstate();
        double[] sums = lazySums();
        double[] doubles = new double[EnergyState.DOUBLES + (sums == null ? 0 : sums.length)];
        if (sums != null) {
            System.arraycopy(sums, 0, doubles, EnergyState.DOUBLES, sums.length);
        }
        tally.save(longs, 0, doubles, 0);
        sampler.save(longs, EnergyTally.LONGS, doubles, EnergyTally.DOUBLES);
        ArrayEnergy updates = updater.energy();
        int u = EnergyTally.DOUBLES + EnergySampler.DOUBLES;
        doubles[u] = updates.devices();
        doubles[u + 1] = updates.wires();
        doubles[u + 2] = updates.drivers();
        doubles[u + 3] = updates.sense();
        doubles[u + 4] = updates.delivered();
        return new EnergyState(longs, doubles);
    }

    /** Restores {@link #energyState()}; energy must be tracked ({@link #trackEnergy}), with the same {@code every}. */
    public void restoreEnergy(EnergyState state) {
        if (tally == null) {
            throw new IllegalStateException("energy is not tracked");
        }
        EnergySampler restored = EnergySampler.load(state.longs(), EnergyTally.LONGS, state.doubles(),
                EnergyTally.DOUBLES);
        if (restored.every() != sampler.every()) {
            throw new InvalidInputException("the energy state counts one operation in " + restored.every()
                    + ", the array one in " + sampler.every());
        }
        double[] d = state.doubles();
        int extra = d.length - EnergyState.DOUBLES;
        boolean lazy = extra > m + 1 && (extra - m - 2) % (m + 1) == 0
                && d[EnergyState.DOUBLES + m + 1] == (extra - m - 2) / (m + 1);
        if (extra != 0 && extra != m + 1 && !lazy) {
            throw new InvalidInputException("the energy state holds " + extra + " figures of the conductance sums, the "
                    + "array of " + (m + 1) + " columns takes its column sums alone, or them, a count of rows and those "
                    + "rows");
        }
        for (int at = EnergyState.DOUBLES + m + 2, last = -1; lazy && at < d.length; at += m + 1) {
            double row = d[at];
            if (!(row > last && row < rows && row == Math.rint(row))) {
                throw new InvalidInputException("the energy state's pulsed row " + row + " is not a row of the " + rows
                        + "-row array after row " + last + ": a damaged checkpoint");
            }
            last = (int) row;
        }
        int u = EnergyTally.DOUBLES + EnergySampler.DOUBLES;
        updater.restoreEnergy(new ArrayEnergy(d[u], d[u + 1], d[u + 2], d[u + 3], d[u + 4]));
        tally = EnergyTally.load(state.longs(), 0, d, 0);
        sampler = restored;
        restoredColSums = extra == m + 1 ? java.util.Arrays.copyOfRange(d, EnergyState.DOUBLES, d.length) : null;
        restoredSums = lazy ? java.util.Arrays.copyOfRange(d, EnergyState.DOUBLES, d.length) : null;
        conductancesStale = true;
    }

    /**
     * The conductance sums as they stand, for a checkpoint ({@link #energyState}): the column sums, the count of rows
     * pulsed since their last refresh, then each such row's index and conductances at that refresh ({@code m} values):
     * through ideal wires the estimates' covariates and the reads take a pulsed row's sums as last summed until a read
     * drives it ({@link #updateCovariate}), so that a resumed run must start from the same stale rows. Null where the
     * sums are not kept or are summed anew at the next refresh anyway.
     */
    private double[] lazySums() {
        if (!summing() || colSums == null || conductancesStale) {
            return null;
        }
        int stale = 0;
        for (int i = 0; i < rows; i++) {
            stale += pulsedRows[i] ? 1 : 0;
        }
        int cols = m + 1;
        double[] out = new double[cols + 1 + stale * cols];
        System.arraycopy(colSums, 0, out, 0, cols);
        out[cols] = stale;
        int at = cols + 1;
        for (int i = 0; i < rows; i++) {
            if (pulsedRows[i]) {
                out[at] = i;
                System.arraycopy(g, i * cols, out, at + 1, m);
                at += cols;
            }
        }
        return out;
    }

    /**
     * Sets the conductances and their sums of a resumed run as the run that went through had them ({@link
     * #restoredSums}): every row from the weights but the rows pulsed since their last refresh, which take their
     * conductances then (their sums as {@link #refreshRow} summed them), and the column sums as kept. Nothing when none
     * are pending.
     */
    private void reinstate() {
        if (restoredSums == null) {
            return;
        }
        double[] saved = restoredSums;
        restoredSums = null;
        // every row anew from the weights, the sums with them, and marked changed for a circuit read
        conductances(array instanceof CircuitArray circuit ? circuit.changes : null);
        int cols = m + 1;
        double gRef = mapping.referenceConductance(spec.conductance());
        int stale = (int) saved[cols];
        for (int k = 0, at = cols + 1; k < stale; k++, at += cols) {
            int i = (int) saved[at];
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double conductance = saved[at + 1 + j];
                sum += conductance;
                g[i * cols + j] = conductance;
            }
            rowSums[i] = sum + gRef;
            pulsedRows[i] = true;
            anyPulsedRow = true;
        }
        System.arraycopy(saved, 0, colSums, 0, cols);
    }

    /** How many operations' array energy the engines counted and how many were estimated; null when not tracked. */
    public EnergyEstimate energyEstimate() {
        return sampler == null ? null : sampler.figures();
    }

    /**
     * The read circuit of a tile of {@code inputs} x {@code outputs} weights: {@code N + 1} rows (bias row) and
     * {@code M + 1} columns (reference column) with the wires, drivers and sense of {@code spec}. Fails, naming
     * {@code what}, when a side exceeds {@value CrossbarCircuit#MAX_LINES} lines.
     */
    public static CrossbarCircuit circuit(int inputs, int outputs, TileSpec spec, String what) {
        int max = CrossbarCircuit.MAX_LINES;
        if (inputs + 1 > max || outputs + 1 > max) {
            throw new InvalidInputException(what + " on a " + inputs + "-input, " + outputs + "-output tile is not possible: "
                    + "the physical array has " + (inputs + 1) + " rows and " + (outputs + 1) + " columns (bias row and "
                    + "reference column included), the circuit at most " + max + " per side; use layers of at most "
                    + (max - 1) + " inputs and outputs");
        }
        return spec.readCircuit(inputs + 1, outputs + 1);
    }

    /** Builds the tiles of one engine. */
    @FunctionalInterface
    public interface Factory {
        /** A tile of {@code inputs} x {@code outputs} weights (plus the bias row), devices sampled as {@link PulsedTile} says. */
        PulsedTile create(int inputs, int outputs, TileSpec spec, long seed);
    }

    @Override
    public void reseed(long seed) {
        this.pulseState = Seeds.derive(seed, 1);
        updater.reseed(Seeds.derive(seed, 2));
        this.read.reseed(Seeds.derive(seed, 3));
    }

    @Override
    public void restartEngines(boolean counts) {
        updater.restart(counts);
        if (array instanceof CircuitArray circuit) {
            circuit.reader.restart(counts);
        }
        if (!counts) {
            return;
        }
        sumAnew(); // the line sums summed anew
        if (tally != null) {
            tally = new EnergyTally();
            sampler = new EnergySampler(sampler.every());
        }
    }

    @Override
    public void setSolveThreads(int threads) {
        if (array instanceof CircuitArray circuit) {
            circuit.setSolveThreads(threads);
        }
    }

    @Override
    public int inputs() {
        return n;
    }

    @Override
    public int outputs() {
        return m;
    }

    /** The spec the tile was built from. */
    public TileSpec spec() {
        return spec;
    }

    /** The devices, live (their weights change with every update); change them only through this tile. */
    public DeviceArray devices() {
        return devices;
    }

    @Override
    public void forward(double[] x, double[] y) {
        System.arraycopy(x, 0, withBias, 0, n);
        withBias[n] = biasInput;
        read.read(array(), withBias, rows, y, m, true);
    }

    /**
     * Forward reads of {@code count} inputs {@code x[k][0..N)} into {@code y[k][0..M)}: bit-identical to {@code count}
     * calls of {@link #forward} in order, but the products of the first pass are computed together (one SPICE analysis).
     */
    @Override
    public void forwardBatch(double[][] x, double[][] y, int count) {
        double[][] in = new double[count][rows];
        for (int k = 0; k < count; k++) {
            System.arraycopy(x[k], 0, in[k], 0, n);
            in[k][n] = biasInput;
        }
        read.readBatch(array(), in, rows, y, m, count, true);
    }

    @Override
    public void backward(double[] d, double[] delta) {
        read.read(array(), d, m, delta, n, false);
    }

    /**
     * Holds the bias row at 0 V from now on: {@link #forward} and {@link #update} then compute {@code W' [x; 0]} and
     * pulse no device of that row. For the parts of a {@link SplitTile} that do not carry the layer's bias.
     */
    public void idleBiasRow() {
        biasInput = 0;
    }

    /** Whether the bias row is driven (1) or idle (0): the input of row N in {@link #forward} and {@link #update}. */
    double biasInput() {
        return biasInput;
    }

    /**
     * Forward read of a full row input {@code u[0..N]} (the bias row's input is {@code u[N]}, not forced to 1)
     * through the peripherals into {@code y[0..M)}, without bound management (as aihwkit's transfer reads): the read
     * of a transfer, {@code u = e_k}.
     */
    void forwardRows(double[] u, double[] y) {
        transferRead = true;
        try {
            read.read(array(), u, rows, y, m, true, false);
        } finally {
            transferRead = false;
        }
    }

    /** The exact product (no peripherals) of this tile's effective weights, for combined reads. */
    ReadPath.Array array() {
        return array;
    }

    /** This tile's read pipeline. */
    ReadPath readPath() {
        return read;
    }

    @Override
    public void prepareUpdate() {
        updater.prepare(devices);
    }

    @Override
    public void update(double[] x, double[] d, double lr) {
        System.arraycopy(x, 0, withBias, 0, n);
        withBias[n] = biasInput;
        updateRows(withBias, d, lr);
    }

    /**
     * The outputs of this tile's circuit reads since it was built (forward columns, backward rows; each pass of bound
     * management counted), and those a TIA clipped: a current at the amplifier's limit {@code outputLimitVolt / R_f}
     * (within 1e-9), forward in the column or in the reference column it is differenced with. 0 and 0 without a TIA.
     */
    public long[] outputsAndTiaLimited() {
        return new long[] {tiaReadOutputs, tiaLimitedOutputs};
    }

    /**
     * The outputs of the reads through this tile's peripherals since it was built, and those clipped at the ADC's full
     * scale {@code outputBound} (without an ADC: at the bound) in the values they delivered, as {outputs of the reads
     * with bound management, clipped, outputs of those without, clipped}: with the peripherals of training, forward
     * reads, then backward and transfer reads. An SHD tile's network reads go through the peripherals of C ({@link
     * ShdTile}), its transfer reads through A's.
     */
    public long[] outputsAndAdcClipped() {
        return read.outputsAndClipped();
    }

    /** The pulsed updates this tile drew so far, and those that saturated ({@link PulseTrainDrawer#saturatedDraws}). */
    public long[] drawsAndSaturated() {
        return new long[] {trains.draws(), trains.saturatedDraws()};
    }

    /**
     * One stochastic update {@code w_ij += lr u_i d_j} with row inputs {@code u[0..N]} (the bias row's input is
     * {@code u[N]}) and column inputs {@code d[0..M)}.
     */
    void updateRows(double[] u, double[] d, double lr) {
        long seed = PulseTrainDrawer.mix64(pulseState += PulseTrainDrawer.GAMMA);
        if (trains.draw(u, d, lr, dwMin, spec.updateManagement(), spec.blManagement(), seed)) {
            applyTrains();
        }
    }

    /**
     * Exactly {@code |counts[j]|} pulses on device {@code (row, j)} of every column j, up for a positive count, down for
     * a negative one, and none elsewhere ({@link PulseTrainDrawer#fixedCounts}): the write of a buffered transfer.
     *
     * @param counts whole numbers with {@code |counts[j]| <= BL} of the spec
     */
    void pulseCounts(int row, double[] counts) {
        if (trains.fixedCounts(row, counts)) {
            applyTrains();
        }
    }

    /** Applies the trains just drawn or filled, marking the rows they touch and counting their energy. */
    private void applyTrains() {
        UpdatePulses pulses = trains.pulses();
        boolean counted = true;
        double covariate = 0;
        List<UpdatePulses.Phase> phases = null;
        if (tally != null) {
            phases = pulses.phases();
            counted = sampler.counts(EnergyTally.Operation.UPDATE, 1) || updater.checksNext();
            if (sampler.every() > 1) {
                covariate = updateCovariate(pulses, phases);
                updater.trackEnergy(counted);
            }
        }
        ArrayEnergy before = tally == null ? null : updater.energy();
        updater.update(devices, pulses);
        long[] masks = pulses.rowMasks();
        for (int i = 0; i < rows; i++) { // a pulse update changes only the rows that fire
            if (masks[i] != 0) {
                pulsedRows[i] = true;
                anyPulsedRow = true;
            }
        }
        if (tally != null) {
            ArrayEnergy energy;
            if (counted) {
                energy = updater.energy().minus(before);
                sampler.counted(EnergyTally.Operation.UPDATE, covariate, energy);
            } else {
                energy = sampler.estimate(EnergyTally.Operation.UPDATE, covariate);
            }
            tally.add(EnergyTally.Operation.UPDATE, CostModel.update(energy),
                    CostModel.updateSeconds(pulses.slotsRun(), phases.size(), costUpdate));
        }
    }

    /**
     * The covariate of an update's estimated energy ({@link EnergySampler}, in its own units): its energy through ideal
     * wires and drivers per volt of amplitude squared, in {@code O(rows + cols)}: every firing line's pulses (in each
     * phase of its sign) times its voltage squared times its conductance sum, and each phase's coincidences, which add
     * {@code (Vr - Vc)^2 - Vr^2 - Vc^2 = -2 Vr Vc} at their devices, taken as independent trains give them ({@code n_i
     * m_j / BL} at device (i, j), BL' with BL management, {@link UpdatePulses#slotsRun}) on a rank-one view of the
     * conductances ({@code G_ij ~ S_i T_j / sum G}). On the
     * conductances before the update: brought up to date here, as the next circuit read would; through ideal wires,
     * whose reads sum again only the pulsed rows they drive, as last summed (a pulsed row is summed again when a read
     * drives it). The coincidences' term brought the estimate's largest error of one update from 16 % to 6 % (SGD on the
     * spiral of {@code TrainingEnergyTest}, ideal wires, one update in 8 counted) and from 5.8 % to 4.5 % (SHD on
     * MNIST, 784-256-128-10, one in 32). {@code phases}: those of {@code pulses}.
     */
    private double updateCovariate(UpdatePulses pulses, List<UpdatePulses.Phase> phases) {
        reinstate();
        if (array instanceof CircuitArray circuit) {
            conductances(circuit.changes);
        } else if (conductancesStale) {
            conductances();
        }
        java.util.Arrays.fill(rowVolt2, 0);
        java.util.Arrays.fill(colVolt2, 0);
        for (UpdatePulses.Phase phase : phases) {
            double vr = phase.rowVolt(1);
            double vc = phase.colVolt(1);
            rowVolt2[phase.rowSign() + 1] += vr * vr;
            colVolt2[phase.colSign() + 1] += vc * vc;
        }
        long[] rowMasks = pulses.rowMasks();
        long[] colMasks = pulses.colMasks();
        byte[] rowSign = pulses.rowSign();
        byte[] colSign = pulses.colSign();
        // a row's sum less its reference device, which no update pulses
        double gRef = mapping.referenceConductance(spec.conductance());
        java.util.Arrays.fill(rowPart, 0);
        java.util.Arrays.fill(colPart, 0);
        for (int i = 0; i < rows; i++) {
            if (rowMasks[i] != 0) { // few rows fire in a transfer's update, and on sparse inputs
                rowPart[rowSign[i] + 1] += Long.bitCount(rowMasks[i]) * (rowSums[i] - gRef);
            }
        }
        double total = 0; // sum G over the devices the updates pulse (not the reference column)
        for (int j = 0; j < m; j++) {
            if (colMasks[j] != 0) {
                colPart[colSign[j] + 1] += Long.bitCount(colMasks[j]) * colSums[j];
            }
            total += colSums[j];
        }
        double sum = 0;
        for (int s = 0; s < 3; s++) {
            sum += rowVolt2[s] * rowPart[s] + colVolt2[s] * colPart[s];
        }
        if (total > 0) {
            for (UpdatePulses.Phase phase : phases) {
                double cross = -2 * phase.rowVolt(1) * phase.colVolt(1);
                sum += cross * rowPart[phase.rowSign() + 1] * colPart[phase.colSign() + 1] / (pulses.slotsRun() * total);
            }
        }
        return sum;
    }

    /** The effective weights {@code W - R} (weight units), row-major {@code [N + 1][M]}. */
    @Override
    public double[] readWeights() {
        double[] out = w.clone();
        if (reference != null) {
            for (int k = 0; k < out.length; k++) {
                out[k] -= reference[k];
            }
        }
        return out;
    }

    /** A copy of the device weights W (weight units), row-major {@code [N + 1][M]}, without the reference. */
    public double[] deviceWeights() {
        return w.clone();
    }

    /**
     * Programs the device weights to {@code weights} (weight units, row-major {@code [N + 1][M]}), each clipped to its
     * device's sampled bounds. A copy of {@link #deviceWeights()} is restored exactly.
     */
    public void setDeviceWeights(double[] weights) {
        requireSize(weights);
        for (int k = 0; k < weights.length; k++) {
            devices.setWeight(k, weights[k]);
        }
        sumAnew();
    }

    /** Programs the effective weights: device weight {@code = weights + R}, clipped to each device's bounds. */
    public void program(double[] weights) {
        requireSize(weights);
        for (int k = 0; k < weights.length; k++) {
            devices.setWeight(k, reference == null ? weights[k] : weights[k] + reference[k]);
        }
        sumAnew();
    }

    /**
     * Every row and the sums anew at the next refresh, no resumed run's sums pending: after the weights were set
     * otherwise than by pulses, or as an epoch starts.
     */
    private void sumAnew() {
        conductancesStale = true;
        restoredColSums = null;
        restoredSums = null;
    }

    /**
     * Makes every read relative to each device's own symmetry point ({@link DeviceArray#symmetryPoints()}): R = w_sp,
     * a reference array programmed to the symmetry points and read through its own copy of the circuit (class
     * comment). Then programs every device to its symmetry point, so that the tile reads 0, through wires too. Used
     * for the fast array A of SHD.
     */
    public void referenceAtSymmetryPoints() {
        referenceAtSymmetryPoints(0, 0);
    }

    /**
     * As {@link #referenceAtSymmetryPoints()}, but each device's reference misses its symmetry point by a drawn offset:
     * {@code R = w_sp + offsetStd * xi} with xi standard normal (Well19937c seeded with {@code seed}, one draw per device
     * in row-major order), as aihwkit's {@code SoftBoundsReference} with {@code reference_std}. The devices are
     * programmed to their symmetry points, so the tile reads {@code -offsetStd * xi}: where random pulses leave A, its
     * reads are not 0.
     *
     * @param offsetStd standard deviation of the offsets (weight units), finite, >= 0
     */
    public void referenceAtSymmetryPoints(double offsetStd, long seed) {
        Checks.nonNegative("referenceOffsetStd", offsetStd, "(weight units)");
        double[] sp = devices.symmetryPoints();
        double[] r = sp.clone();
        if (offsetStd > 0) {
            RandomGenerator random = new Well19937c(seed);
            for (int k = 0; k < r.length; k++) {
                r[k] += offsetStd * random.nextGaussian();
            }
        }
        for (int k = 0; k < sp.length; k++) {
            devices.setWeight(k, sp[k]);
        }
        sumAnew();
        setReference(r);
    }

    /**
     * Makes every read relative to a reference array with every device at weight 0 (R = 0), read with the same inputs
     * through its own copy of the circuit and subtracted before the peripherals, as a reference array that takes the
     * reference column's place in a differential read. Through ideal wires and drivers it reads what the reference
     * column does and changes no read; through wires it takes out the offset the reference column leaves at the rows'
     * far end, where it sees less of a read's voltage than the columns near the drivers ({@code bench/ReferenceOffset}).
     * The devices keep their weights. Used for the network's weight arrays with {@code referenceArrays}.
     */
    public void referenceAtZero() {
        setReference(new double[w.length]);
    }

    /** Reads relative to {@code r} (weight units) from now on: R's own array and its reader are set up anew. */
    private void setReference(double[] r) {
        reference = r;
        referenceG = null;
        if (array instanceof CircuitArray circuit) {
            circuit.referenceChanged();
        }
    }

    /** A copy of the reference R subtracted on reads (weight units), or null when reads are absolute. */
    public double[] reference() {
        return reference == null ? null : reference.clone();
    }

    private void requireSize(double[] weights) {
        if (weights.length != w.length) {
            throw new InvalidInputException("weights of a " + n + "-input, " + m + "-output tile: " + weights.length
                    + " values given, " + w.length + " expected ((inputs + 1) x outputs)");
        }
    }

    /** The exact product of W - R (weight units), for engines that need no circuit. */
    final class IdealArray implements ReadPath.Array {
        @Override
        public void product(double[] in, double[] out, boolean forward) {
            if (forward) {
                Products.forward(w, reference, in, rows, m, out);
            } else {
                Products.backward(w, reference, in, n, m, out);
            }
            if (tally != null) {
                countRead(idealPower(in, forward), in, forward);
            }
        }
    }

    /**
     * The power of a read through ideal wires and drivers (W): every device sees its line's voltage, so
     * {@code P = sum_i V_i^2 S_i} (forward, S the row sums of G) or {@code sum_j V_j^2 T_j} (backward, the reference
     * column driven at minus the sum of the others); with a reference R, its own array's alike, read with the same
     * inputs.
     */
    private ArrayPower idealPower(double[] in, boolean forward) {
        reinstate();
        if (forward) {
            if (conductancesStale) {
                conductances();
            }
            for (int i = 0; i < rows; i++) {
                if (in[i] != 0 && pulsedRows[i]) { // only the row sums of the driven rows are needed
                    refreshRow(i);
                }
            }
        } else {
            conductances();
        }
        double p = sumsPower(in, forward, rowSums, colSums);
        if (reference != null) {
            referenceConductances();
            p += sumsPower(in, forward, referenceRowSums, referenceColSums);
        }
        return new ArrayPower(p, 0, 0, 0, p);
    }

    /** {@link #idealPower} of an array with these row and column sums of its conductances (S), in W. */
    private double sumsPower(double[] in, boolean forward, double[] rowSum, double[] colSum) {
        double v = ReadOptions.READ_VOLT;
        double p = 0;
        if (forward) {
            for (int i = 0; i < rows; i++) {
                if (in[i] != 0) {
                    double vi = in[i] * v;
                    p += vi * vi * rowSum[i];
                }
            }
        } else {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double vj = in[j] * v;
                sum += vj;
                p += vj * vj * colSum[j];
            }
            p += sum * sum * colSum[m];
        }
        return p;
    }

    /** {@link #referenceG} and its sums, computed from R after it was set (R does not change until it is set again). */
    private double[] referenceConductances() {
        if (referenceG == null) {
            int cols = m + 1;
            double[] rg = new double[rows * cols];
            double gRef = mapping.referenceConductance(spec.conductance());
            referenceRowSums = new double[rows];
            referenceColSums = new double[cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < m; j++) {
                    rg[i * cols + j] = conductanceOf.at(reference[i * m + j]);
                }
                rg[i * cols + m] = gRef;
                for (int j = 0; j < cols; j++) {
                    referenceRowSums[i] += rg[i * cols + j];
                    referenceColSums[j] += rg[i * cols + j];
                }
            }
            referenceG = rg;
        }
        return referenceG;
    }

    /** Adds one read of {@code in} with array power {@code power} (W) to the tally, as the current kind of read. */
    private void countRead(ArrayPower power, double[] in, boolean forward) {
        CostModel.ReadCost read = forward ? forwardCost : backwardCost;
        tally.add(readOperation(forward), read.energy(power, activeLines(in, forward), forward ? rows : m + 1),
                read.seconds());
    }

    /**
     * How many lines a read of {@code in} drives at a voltage other than 0: rows, or columns and the reference column
     * (at minus the sum of the others, {@link #idealPower}).
     */
    private int activeLines(double[] in, boolean forward) {
        if (forward) {
            return CostModel.ReadCost.activeLines(in, rows);
        }
        double sum = 0;
        for (int j = 0; j < m; j++) {
            sum += in[j] * ReadOptions.READ_VOLT;
        }
        return CostModel.ReadCost.activeLines(in, m) + (sum != 0 ? 1 : 0);
    }

    /** The kind of the read in progress. */
    private EnergyTally.Operation readOperation(boolean forward) {
        return !forward ? EnergyTally.Operation.BACKWARD_READ
                : transferRead ? EnergyTally.Operation.TRANSFER_READ : EnergyTally.Operation.FORWARD_READ;
    }

    /**
     * Conductances (S), row-major {@code (N + 1) x (M + 1)}, refreshed from the weights where they changed: every row
     * after weights were set, only the pulsed rows after a pulse update (with the row and column sums while they are
     * kept, {@link #summing}).
     */
    private void conductances() {
        conductances(null);
    }

    /** As {@link #conductances()}, marking the refreshed rows in {@code refreshed} (when not null). */
    private void conductances(RowChanges refreshed) {
        reinstate();
        if (!conductancesStale && !anyPulsedRow) {
            return;
        }
        boolean sums = summing();
        if (sums && rowSums == null) {
            rowSums = new double[rows];
            colSums = new double[m + 1];
        }
        if (conductancesStale && sums) {
            java.util.Arrays.fill(colSums, 0);
        }
        for (int i = 0; i < rows; i++) {
            if (conductancesStale || pulsedRows[i]) {
                refreshRow(i);
                if (refreshed != null) {
                    refreshed.mark(i);
                }
            }
        }
        if (restoredColSums != null && sums) {
            System.arraycopy(restoredColSums, 0, colSums, 0, colSums.length);
        }
        restoredColSums = null;
        conductancesStale = false;
        anyPulsedRow = false;
    }

    /**
     * Whether {@link #g}'s row and column sums are kept: energy is counted, and reads go through ideal wires or some
     * operations' energy is estimated.
     */
    private boolean summing() {
        return tally != null && (array instanceof IdealArray || sampler.every() > 1);
    }

    /**
     * Refreshes row i of {@link #g} from the weights (and its sum, and its share of the column sums: anew after weights
     * were set, as a change after a pulse update), and clears its pulsed mark.
     */
    private void refreshRow(int i) {
        int cols = m + 1;
        ConductanceRange range = spec.conductance();
        double gRef = mapping.referenceConductance(range);
        boolean sums = summing();
        boolean whole = conductancesStale;
        int row = i * cols;
        int weights = i * m;
        double sum = 0;
        for (int j = 0; j < m; j++) {
            double conductance = conductanceOf.at(w[weights + j]);
            if (sums) {
                colSums[j] += whole ? conductance : conductance - g[row + j];
                sum += conductance;
            }
            g[row + j] = conductance;
        }
        g[row + m] = gRef;
        if (sums) {
            rowSums[i] = sum + gRef;
            if (whole) {
                colSums[m] += gRef;
            }
        }
        pulsedRows[i] = false;
    }

    /**
     * The product solved on the conductance view of the class comment by a {@link CrossbarReader}, with the physical
     * array of {@code N + 1} rows and {@code M + 1} columns.
     */
    final class CircuitArray implements ReadPath.Array {
        private final int cols = m + 1;
        private final ConductanceRange range = spec.conductance();
        private final double toWeight;
        private final CrossbarReader reader;
        private double[][] rowVolts = new double[1][rows];
        private double[][] colAmps = new double[1][cols];
        private double[][] colVolts = new double[1][cols];
        private double[][] rowAmps = new double[1][rows];
        /** The rows refreshed since the reader's previous call (every row at the first: the conductances start stale). */
        final RowChanges changes = new RowChanges(rows);
        /** A TIA's largest output current (A), {@code outputLimitVolt / R_f}; infinite for other senses. */
        private final double tiaRail;
        /**
         * The reference R's own array, read with the same inputs through a copy of this circuit ({@link
         * #referenceRead}): its reader, built at the first read after R is set, on {@link PulsedTile#referenceConductances}.
         */
        private CrossbarReader referenceReader;
        /** Whether R's reader has not read yet: its first read is told that every row changed. */
        private boolean referenceUnread;
        /** The reference array's sensed currents (A) of a batch of forward reads (columns) and of backward reads (rows). */
        private double[][] referenceColAmps = new double[1][cols];
        private double[][] referenceRowAmps = new double[1][rows];
        private int solveThreads = 1;

        CircuitArray(CrossbarReader reader) {
            CrossbarCircuit circuit = reader.circuit();
            if (circuit.rows() != rows || circuit.cols() != cols) {
                throw new IllegalArgumentException("the reader's circuit is " + circuit.rows() + " x " + circuit.cols()
                        + ", the tile's " + rows + " x " + cols + " (use PulsedTile.circuit)");
            }
            this.reader = reader;
            this.tiaRail = circuit.sense() instanceof Sense.Tia tia ? tia.outputLimitVolt() / tia.feedbackOhm()
                    : Double.POSITIVE_INFINITY;
            this.toWeight = (mapping.wMax() - mapping.wMin()) / (ReadOptions.READ_VOLT * range.span());
        }


        @Override
        public void product(double[] in, double[] out, boolean forward) {
            double[][] one = {in};
            double[][] result = {out};
            productBatch(one, result, 1, forward);
        }

        /**
         * Reads {@code count} vectors of volts into amps and counts their energy: the reader's power split when the
         * batch holds a read the engines count ({@link EnergySampler}), else an estimate per read from its power
         * through ideal wires; with a reference R, its own array's read ({@link #referenceRead}) and power with them.
         * Returns R's array's currents (A), or null without R.
         */
        private double[][] readCounted(double[][] in, int count, boolean forward, double[][] volts, double[][] amps) {
            Direction direction = forward ? Direction.FORWARD : Direction.BACKWARD;
            EnergyTally.Operation op = readOperation(forward);
            double window = (forward ? forwardCost : backwardCost).windowSecond();
            boolean estimating = sampler.every() > 1;
            double[][] r = null;
            if (sampler.counts(op, count) || reader.checksNext(direction)) { // a spot-checked read checks its power split too
                ArrayPower[] power = new ArrayPower[count];
                reader.readPower(g, changes, direction, volts, amps, power, count);
                if (reference != null) {
                    ArrayPower[] referencePower = new ArrayPower[count];
                    r = referenceRead(direction, volts, count, referencePower);
                    for (int k = 0; k < count; k++) {
                        power[k] = power[k].plus(referencePower[k]);
                    }
                }
                for (int k = 0; k < count; k++) {
                    double covariate = estimating ? idealPower(in[k], forward).delivered() * window : 0;
                    sampler.counted(op, covariate, power[k].over(window));
                    countRead(power[k], in[k], forward);
                }
            } else {
                reader.read(g, changes, direction, volts, amps, count);
                if (reference != null) {
                    r = referenceRead(direction, volts, count, null);
                }
                for (int k = 0; k < count; k++) {
                    double covariate = idealPower(in[k], forward).delivered() * window;
                    countRead(sampler.estimate(op, covariate).per(window), in[k], forward);
                }
            }
            return r;
        }

        /**
         * The currents (A) of the reference R's own array, a copy of this circuit (wires, drivers, sense) whose devices
         * are at R's conductances and its reference column at {@code G_ref}, driven by the same {@code count} vectors of
         * volts in {@code direction}: what the tile subtracts from this array's currents, so that A reads 0 at its
         * symmetry points through any wires. Read as this array is: by a fast reader when this array's is one (R does
         * not change, so its matrix, from unit solves to 1e-11, is never stale), else by exact solves, the behavioral
         * engine's also for an ngspice array (R's array is linear and static; ngspice agrees with the behavioral solve
         * to rounding, {@code BehavioralVsSpiceReadTest}). With {@code power} (not null), each read's power split too,
         * counted with this array's ({@link #readCounted}). Its first read costs a refresh's unit solves (a 50-sample
         * MNIST run at 1 ohm in the fast mode: 12.2 s against 10.2 s, one run each, 2026-12-06), and in the fast mode
         * the first counted read that drives a line among others one more, for its power (a 2,000-sample run counting
         * every operation: 32.0 s against 25.8 s before R's energy was counted; a one-hot read through wires needs none,
         * {@link OneHotReadPower}). (Subtracted exactly after this array's read, R left A
         * an offset through the wires: the reference column at the row's far end sees less of a read's voltage than the
         * devices near the driver, {@code bench/ReferenceOffset}.)
         */
        private double[][] referenceRead(Direction direction, double[][] volts, int count, ArrayPower[] power) {
            CrossbarReader readerOfR = referenceReader();
            RowChanges changed = referenceUnread ? RowChanges.ALL : RowChanges.NONE;
            referenceUnread = false;
            boolean forward = direction == Direction.FORWARD;
            if ((forward ? referenceColAmps : referenceRowAmps).length < count) {
                if (forward) {
                    referenceColAmps = new double[count][cols];
                } else {
                    referenceRowAmps = new double[count][rows];
                }
            }
            double[][] amps = forward ? referenceColAmps : referenceRowAmps;
            if (power == null) {
                readerOfR.read(referenceConductances(), changed, direction, volts, amps, count);
            } else {
                readerOfR.readPower(referenceConductances(), changed, direction, volts, amps, power, count);
            }
            return amps;
        }

        /** R's reader ({@link #referenceRead}), built when none is. */
        private CrossbarReader referenceReader() {
            if (referenceReader == null) {
                CrossbarCircuit circuit = reader.circuit();
                referenceReader = reader instanceof FastCircuitReader
                        ? new FastCircuitReader(circuit, ReadOptions.READ_VOLT, new IrDrop(IrDrop.Mode.FAST,
                                IrDrop.DEFAULT_REFRESH_DRIFT, Integer.MAX_VALUE))
                        : new BehavioralReader(circuit);
                referenceReader.setSolveThreads(solveThreads);
                referenceUnread = true;
            }
            return referenceReader;
        }

        /**
         * Before this array's first read by a fast reader, where R is set and near: R's reader solves its matrices (as
         * its first read would) and this array's reader starts from them, carried to its conductances, where those are
         * within its refresh bound of R's ({@link FastCircuitReader#startFrom}), as SHD's A starts at R, its symmetry
         * points, and a weight array with weights near 0 read against R = 0. Nothing once this array's reader has
         * matrices (a restored reader has), nor for an array farther from R than the widest refresh bound, whose reader
         * and R's solve their own at their first reads, when those reads have told them which power models their unit
         * solves should fill.
         */
        private void startFromReference() {
            if (reference != null && reader instanceof FastCircuitReader fast && !fast.hasMatrices()
                    && fast.mayStartFrom(referenceConductances(), g)) {
                FastCircuitReader r = (FastCircuitReader) referenceReader();
                r.solveMatrices(referenceConductances());
                fast.startFrom(r, g);
            }
        }

        /** Spreads the unit solves of this array's reader and of its reference's over up to {@code threads} threads. */
        void setSolveThreads(int threads) {
            solveThreads = threads;
            reader.setSolveThreads(threads);
            if (referenceReader != null) {
                referenceReader.setSolveThreads(threads);
            }
        }

        /** Forgets the reference's array, to be built again from R at the next read. */
        void referenceChanged() {
            referenceReader = null;
        }

        /** Counts the outputs of one read's currents {@code a} (A) and those at the TIA's limit. */
        private void countTiaLimited(double[] a, boolean forward) {
            double limit = tiaRail * (1 - 1e-9);
            boolean referenceClipped = forward && Math.abs(a[m]) >= limit;
            int outputs = forward ? m : n;
            tiaReadOutputs += outputs;
            for (int line = 0; line < outputs; line++) {
                if (referenceClipped || Math.abs(a[line]) >= limit) {
                    tiaLimitedOutputs++;
                }
            }
        }

        @Override
        public void productBatch(double[][] in, double[][] out, int count, boolean forward) {
            if (rowVolts.length < count) {
                rowVolts = new double[count][rows];
                colAmps = new double[count][cols];
                colVolts = new double[count][cols];
                rowAmps = new double[count][rows];
            }
            double[][] volts = forward ? rowVolts : colVolts;
            double[][] amps = forward ? colAmps : rowAmps;
            for (int k = 0; k < count; k++) {
                double[] v = volts[k];
                if (forward) {
                    for (int i = 0; i < rows; i++) {
                        v[i] = in[k][i] * ReadOptions.READ_VOLT;
                    }
                } else {
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        v[j] = in[k][j] * ReadOptions.READ_VOLT;
                        sum += v[j];
                    }
                    v[m] = -sum;
                }
            }
            conductances(changes);
            startFromReference();
            Direction direction = forward ? Direction.FORWARD : Direction.BACKWARD;
            double[][] r;
            if (tally == null) {
                reader.read(g, changes, direction, volts, amps, count);
                r = reference == null ? null : referenceRead(direction, volts, count, null);
            } else {
                r = readCounted(in, count, forward, volts, amps);
            }
            changes.clear();
            for (int k = 0; k < count; k++) {
                double[] a = amps[k];
                double[] o = out[k];
                if (tiaRail != Double.POSITIVE_INFINITY) {
                    countTiaLimited(a, forward);
                }
                if (forward) {
                    for (int j = 0; j < m; j++) {
                        o[j] = (a[j] - a[m]) * toWeight;
                    }
                    if (r != null) {
                        double[] rk = r[k];
                        for (int j = 0; j < m; j++) {
                            o[j] -= (rk[j] - rk[m]) * toWeight;
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[i] * toWeight;
                    }
                    if (r != null) {
                        double[] rk = r[k];
                        for (int i = 0; i < n; i++) {
                            o[i] -= rk[i] * toWeight;
                        }
                    }
                }
            }
        }
    }
}
