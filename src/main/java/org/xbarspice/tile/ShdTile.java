package org.xbarspice.tile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * A layer trained by Stochastic Hamiltonian Descent (Onen et al. 2022; PHYSICS.md section 3), or by Tiki-Taka
 * version 1 (Gokmen and Haensch 2020) when {@code gamma > 0}: two {@link PulsedTile}s of the same shape (one engine for both), the fast
 * gradient accumulator A and the slow weights C.
 *
 * <ul>
 * <li><b>Reads:</b> the network sees {@code W = C + gamma * (A - A_sp)}. SHD ({@code gamma = 0}): forward and
 *     backward are C's reads through C's peripherals. Tiki-Taka: one read of the combined product through C's
 *     peripherals (one noise draw and one conversion per output), as a unit cell holding both devices.</li>
 * <li><b>A is read against its symmetry point:</b> every device of A is referenced to its own symmetry point
 *     {@code A_sp} (from its sampled parameters, {@link org.xbarspice.device.DeviceArray#symmetryPoints()}): a
 *     reference array programmed to A_sp, read with the same inputs through its own copy of A's circuit and
 *     subtracted before the read noise and the ADC ({@link PulsedTile}; with ideal wires an exact per-device
 *     subtraction). A starts at its symmetry point (it reads 0, through wires too: subtracted exactly after A's
 *     read through wires, the reference left an offset of the reference column's, {@code bench/ReferenceOffset}).</li>
 * <li><b>Update</b> ({@link #update}, learning rate lr_A): A's stochastic pulsed update with the sample's x and
 *     d.</li>
 * <li><b>Transfer</b>, after every {@code transferEvery} updates: PHYSICS.md section 3 reads column k of A in the
 *     y = A x convention, {@code v = A e_k}, k running over the N inputs. In this tile's crossbar layout (row i =
 *     input i, column j = output j; the layout of {@link AnalogTile}) that is crossbar <i>row</i> k: a forward read of
 *     A with the one-hot input {@code e_k} over the N + 1 rows (the bias row is row N and takes its turn, unless it is
 *     idle, {@link #idleBiasRow()}; its input is 0 unless k = N), through A's own read peripherals (DAC, noise, ADC;
 *     no bound management, as aihwkit's transfers), giving the M weights {@code v_j = A_kj - A_sp,kj} plus read
 *     noise. Then C's row k is pulsed with one stochastic update of row
 *     inputs {@code e_k}, column inputs v and learning rate lr_C ({@code C_kj += lr_C v_j}), and
 *     {@code k <- (k + 1) mod (N + 1)}. This is aihwkit's {@code TransferCompound} with
 *     {@code transfer_columns = True} (one-hot forward reads over the inputs, {@code n_reads_per_transfer = 1}).</li>
 * </ul>
 *
 * <p><b>Reference offsets</b> ({@code referenceOffsetStd > 0}): A's reference misses each device's symmetry point by
 * a drawn offset ({@link PulsedTile#referenceAtSymmetryPoints(double, long)}, offsets seeded with
 * {@code Seeds.derive(seed, 3)}), so that A reads {@code -offset} where random pulses leave it: the seed paper's
 * assumption of a known symmetry point broken on purpose.
 *
 * <p><b>Buffered transfers</b> ({@link BufferedTransfer} given: TTv2, c-TTv2, AGAD; aihwkit's buffered, chopped and
 * dynamic transfer compounds with {@code transfer_columns = True}, {@code n_reads_per_transfer = 1}):
 * <ul>
 * <li>Every row k of A has an input chopper {@code c_k = +-1} (all +1 at the start; always +1 without choppers). A's
 *     update uses the chopped inputs {@code c_k u_k} (bias row included), so A accumulates {@code c_k x_k d_j}.</li>
 * <li>A transfer of row k reads {@code v = A e_k} as above and adds, per column j, to a digital buffer {@code H_kj}
 *     (in pulses of C) the signal {@code c_k v_j * transferLr / (bufferGranularity * dwMin_A)} (aihwkit's TTv2 counts
 *     in C's dwMin: the same where A and C share their device, as in every {@code Trainer} run); AGAD
 *     ({@code dynamic}) adds {@code c_k (v_j - P_kj)} instead, P the row's reference (below). Where {@code |H_kj| >= 1},
 *     {@code n_j = trunc(H_kj)} clipped to {@code +-transferBl} pulses are written: H becomes {@code momentum * H}
 *     ({@code forgetBuffer}) or {@code H - (1 - momentum) n_j} (then clipped to {@code +-bufferCap * transferBl} if
 *     {@code bufferCap > 0}). The write fires exactly {@code |n_j|} pulses of the sign of {@code n_j} on each device
 *     of C's row k, one per slot ({@code PulsedTile.pulseCounts}, at most {@code transferBl} slots): no random draw.</li>
 * <li>Choppers flip after the row's read: c-TTv2 with probability {@code inChopProb} (random) or when
 *     {@code (pass mod period) + 1 = period} (regular, period {@code max(ceil(1 / inChopProb), 2)}, pass = full passes
 *     over the rows done); AGAD regularly (and, with {@code inChopRandom}, also at random).</li>
 * <li>AGAD keeps per device a running mean {@code M = (1 - s) M + s v} of the reads, {@code s = min(tailWeightening /
 *     period, 1)}; the first read of a row after its chopper flipped sets {@code P = M}, the mean of the period that
 *     ended. It writes nothing during the first {@code period + 1} passes.</li>
 * </ul>
 * Chopper draws use a SplitMix64 stream restarted by {@link #reseed}.
 *
 * Seeds: A and C are built and reseeded with {@code Seeds.derive(seed, 1)} and {@code Seeds.derive(seed, 2)}. Not
 * thread-safe; nothing is allocated per sample.
 */
public final class ShdTile implements SeededTile {
    private final int n;
    private final int m;
    private final PulsedTile fast;
    private final PulsedTile slow;
    private final double gamma;
    private final double transferLr;
    /** The most pulses of C the buffer counts per unit of A read (a read of up to 1e8 units stays finite). */
    static final double MAX_BUFFER_SCALE = 1e300;
    private final int transferEvery;
    private final double[] oneHot;
    private final double[] transferred;
    private final double[] withBias;
    private final double[] scratch;
    private final ReadPath.Array combined;
    private int transferRows;
    private int nextRow;
    private int sinceTransfer;
    private long transfers;
    /** The buffered transfer's settings; null for SHD and Tiki-Taka v1 (direct transfers). */
    private final BufferedTransfer buffer;
    /** Buffer H (pulses of C), row-major {@code [N + 1][M]}; null for direct transfers. */
    private final double[] held;
    /** Input chopper of every row, +1 or -1. */
    private final double[] chopper;
    /** AGAD: running mean M and reference P of A's reads (weight units), row-major {@code [N + 1][M]}; else null. */
    private final double[] runningMean;
    private final double[] pastMean;
    /** AGAD: whether the row's chopper flipped after its last read. */
    private final boolean[] switched;
    private final double[] choppedInputs;
    private final double[] pulses;
    private long chopState;

    /**
     * A tile of direct transfers (SHD for {@code gamma = 0}, Tiki-Taka v1 otherwise), A referenced at its symmetry
     * points, both arrays behavioral.
     *
     * @param inputs        N
     * @param outputs       M
     * @param fastSpec      devices, peripherals (also of the transfer reads) and update settings of A
     * @param slowSpec      devices, peripherals (of the network's reads) and update settings of C
     * @param gamma         weight of A in the network's weights, {@code W = C + gamma A}; 0 for SHD, in [0, 1]
     * @param transferLr    lr_C of the transfer update (weight units per unit read), finite and > 0
     * @param transferEvery updates of A between transfers, >= 1
     * @param seed          seed of both arrays' devices and random streams
     */
    public ShdTile(int inputs, int outputs, TileSpec fastSpec, TileSpec slowSpec, double gamma, double transferLr,
                   int transferEvery, long seed) {
        this(inputs, outputs, fastSpec, slowSpec, gamma, transferLr, transferEvery, seed, BehavioralTile::new);
    }

    /** As the other constructor, with both arrays built by {@code engine} (e.g. {@link SpiceTile#factory}). */
    public ShdTile(int inputs, int outputs, TileSpec fastSpec, TileSpec slowSpec, double gamma, double transferLr,
                   int transferEvery, long seed, PulsedTile.Factory engine) {
        this(inputs, outputs, fastSpec, slowSpec, gamma, transferLr, transferEvery, 0, null, seed, engine);
    }

    /**
     * The general tile: as the other constructors, with A's reference offsets and, for TTv2, c-TTv2 and AGAD, the
     * buffer between A and C (see the class comment).
     *
     * @param referenceOffsetStd std of the offsets of A's reference from the symmetry points (weight units), >= 0
     * @param buffer             the buffered transfer's settings, or null for direct transfers (SHD, Tiki-Taka v1);
     *                           with a buffer, gamma must be 0 and C is updated with {@code buffer.transferBl()} slots
     *                           and no update or BL management, whatever {@code slowSpec} says
     */
    public ShdTile(int inputs, int outputs, TileSpec fastSpec, TileSpec slowSpec, double gamma, double transferLr,
                   int transferEvery, double referenceOffsetStd, BufferedTransfer buffer, long seed,
                   PulsedTile.Factory engine) {
        Checks.inRange("gamma", gamma, 0, 1, "(dimensionless)");
        if (!(transferLr > 0) || Double.isInfinite(transferLr)) {
            throw new InvalidInputException("transfer learning rate = " + Checks.readable(transferLr) + " is not allowed: it "
                    + "must be a finite value > 0");
        }
        Checks.inRange("transferEvery", transferEvery, 1, Integer.MAX_VALUE);
        if (buffer != null && gamma != 0) {
            throw new InvalidInputException("gamma = " + Checks.readable(gamma) + " is not allowed with a buffered transfer "
                    + "(TTv2, c-TTv2, AGAD): the network reads C alone; use gamma = 0");
        }
        if (buffer != null) { // beyond, a read's count overflows the buffer, whose values then turn NaN and never write
            double scale = bufferScale(transferLr, buffer, fastSpec);
            if (!(scale <= MAX_BUFFER_SCALE)) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT, "transferLearningRate / (bufferGranularity "
                        + "x dwMin of A) = %.3g / (%.3g x %.3g) = %.3g pulses of C per unit read is not allowed: at most "
                        + "%.0e, beyond which the buffer overflows; raise bufferGranularity or lower transferLearningRate",
                        transferLr, buffer.bufferGranularity(), fastSpec.device().dwMin(), scale, MAX_BUFFER_SCALE));
            }
        }
        this.fast = engine.create(inputs, outputs, fastSpec, Seeds.derive(seed, 1));
        this.slow = engine.create(inputs, outputs,
                buffer == null ? slowSpec : slowSpec.withUpdate(buffer.transferBl(), false, false), Seeds.derive(seed, 2));
        this.n = inputs;
        this.m = outputs;
        this.gamma = gamma;
        this.transferLr = transferLr;
        this.transferEvery = transferEvery;
        this.transferRows = inputs + 1;
        this.oneHot = new double[inputs + 1];
        this.transferred = new double[outputs];
        this.withBias = new double[inputs + 1];
        this.scratch = new double[Math.max(inputs + 1, outputs)];
        this.buffer = buffer;
        int size = (inputs + 1) * outputs;
        this.held = buffer == null ? null : new double[size];
        this.chopper = new double[inputs + 1];
        Arrays.fill(chopper, 1);
        boolean dynamic = buffer != null && buffer.dynamic();
        this.runningMean = dynamic ? new double[size] : null;
        this.pastMean = dynamic ? new double[size] : null;
        this.switched = new boolean[inputs + 1];
        this.choppedInputs = new double[inputs + 1];
        this.pulses = new double[outputs];
        fast.referenceAtSymmetryPoints(referenceOffsetStd, Seeds.derive(seed, 3));
        this.combined = (in, out, forward) -> {
            slow.array().product(in, out, forward);
            fast.array().product(in, scratch, forward);
            int count = forward ? m : n;
            for (int k = 0; k < count; k++) {
                out[k] += this.gamma * scratch[k];
            }
        };
    }

    @Override
    public void reseed(long seed) {
        fast.reseed(Seeds.derive(seed, 1));
        slow.reseed(Seeds.derive(seed, 2));
        chopState = Seeds.derive(seed, 3);
    }

    @Override
    public void restartEngines(boolean counts) {
        fast.restartEngines(counts);
        slow.restartEngines(counts);
    }

    @Override
    public void setSolveThreads(int threads) {
        fast.setSolveThreads(threads);
        slow.setSolveThreads(threads);
    }

    @Override
    public int inputs() {
        return n;
    }

    @Override
    public int outputs() {
        return m;
    }

    @Override
    public void forward(double[] x, double[] y) {
        if (gamma == 0) {
            slow.forward(x, y);
            return;
        }
        System.arraycopy(x, 0, withBias, 0, n);
        withBias[n] = slow.biasInput();
        slow.readPath().read(combined, withBias, n + 1, y, m, true);
    }

    @Override
    public void forwardBatch(double[][] x, double[][] y, int count) {
        if (gamma == 0) {
            slow.forwardBatch(x, y, count);
        } else {
            SeededTile.super.forwardBatch(x, y, count);
        }
    }

    @Override
    public void backward(double[] d, double[] delta) {
        if (gamma == 0) {
            slow.backward(d, delta);
            return;
        }
        slow.readPath().read(combined, d, m, delta, n, false);
    }

    /** A's pulses and C's transfers, each prepared ahead ({@link PulsedTile#prepareUpdate}). */
    @Override
    public void prepareUpdate() {
        fast.prepareUpdate();
        slow.prepareUpdate();
    }

    /**
     * Pulses A with {@code lr} (lr_A), with chopped inputs when the buffer chops; transfers one row of A to C every
     * {@code transferEvery} calls.
     */
    @Override
    public void update(double[] x, double[] d, double lr) {
        if (buffer != null && buffer.chopped()) {
            for (int i = 0; i < n; i++) {
                choppedInputs[i] = chopper[i] * x[i];
            }
            choppedInputs[n] = chopper[n] * fast.biasInput();
            fast.updateRows(choppedInputs, d, lr);
        } else {
            fast.update(x, d, lr);
        }
        if (++sinceTransfer >= transferEvery) {
            sinceTransfer = 0;
            transfer();
        }
    }

    /** One transfer now: reads row {@link #nextTransferRow()} of A, moves it to C (directly or through the buffer), advances the row. */
    public void transfer() {
        int k = nextRow;
        oneHot[k] = 1;
        fast.forwardRows(oneHot, transferred);
        if (buffer == null) {
            slow.updateRows(oneHot, transferred, transferLr);
        } else {
            bufferedWrite(k);
        }
        oneHot[k] = 0;
        nextRow = k + 1 == transferRows ? 0 : k + 1;
        transfers++;
    }

    /** Pulses of C the buffer counts per unit of A read: {@code transferLr / (bufferGranularity x dwMin of A)}. */
    private static double bufferScale(double transferLr, BufferedTransfer buffer, TileSpec fastSpec) {
        return transferLr / (buffer.bufferGranularity() * fastSpec.device().dwMin());
    }

    /** The buffered transfer of row k from the read in {@link #transferred} (class comment), then its chopper's turn. */
    private void bufferedWrite(int k) {
        long pass = transfers / transferRows;
        int period = buffer.chopperPeriod();
        boolean dynamic = buffer.dynamic();
        boolean newPeriod = switched[k];
        switched[k] = false;
        double scale = bufferScale(transferLr, buffer, fast.spec());
        double maxPulses = buffer.transferBl();
        double cap = buffer.bufferCap() * maxPulses;
        double keep = buffer.momentum();
        double sample = Math.min(buffer.tailWeightening() / period, 1);
        double sign = chopper[k];
        boolean any = false;
        int row = k * m;
        for (int j = 0; j < m; j++) {
            int index = row + j;
            double v = transferred[j];
            double signal;
            if (dynamic) {
                if (newPeriod) {
                    pastMean[index] = runningMean[index];
                }
                signal = sign * (v - pastMean[index]);
                runningMean[index] = runningMean[index] * (1 - sample) + v * sample;
            } else {
                signal = sign * v;
            }
            double h = held[index] + signal * scale;
            double count = 0;
            if (Math.abs(h) >= 1) {
                count = Math.max(Math.min((double) (long) h, maxPulses), -maxPulses);
                if (buffer.forgetBuffer()) {
                    h *= keep;
                } else {
                    h -= (1 - keep) * count;
                    if (cap > 0) {
                        h = Math.max(Math.min(h, cap), -cap);
                    }
                }
                any = true;
            }
            held[index] = h;
            pulses[j] = count;
        }
        if (any && (!dynamic || pass > period)) {
            slow.pulseCounts(k, pulses);
        }
        if (buffer.chopped()) {
            boolean regular = (pass % period) + 1 == period;
            boolean flip = dynamic ? regular || buffer.inChopRandom() && nextUniform() < buffer.inChopProb()
                    : buffer.inChopRandom() ? nextUniform() < buffer.inChopProb() : regular;
            if (flip) {
                chopper[k] = -chopper[k];
                switched[k] = dynamic;
            }
        }
    }

    /** The next uniform draw in [0, 1) of the chopper stream. */
    private double nextUniform() {
        return (PulseTrainDrawer.mix64(chopState += PulseTrainDrawer.GAMMA) >>> 11) * 0x1.0p-53;
    }

    /**
     * Holds the bias rows of A and C at 0 V from now on ({@link PulsedTile#idleBiasRow()}); transfers then cycle
     * through the N input rows only. For the parts of a {@link SplitTile} that do not carry the layer's bias.
     */
    public void idleBiasRow() {
        fast.idleBiasRow();
        slow.idleBiasRow();
        transferRows = n;
        nextRow %= n;
    }

    /** The weights the network sees, {@code C + gamma (A - A_sp)} (weight units), row-major {@code [N + 1][M]}. */
    @Override
    public double[] readWeights() {
        double[] c = slow.readWeights();
        if (gamma != 0) {
            double[] a = fast.readWeights();
            for (int k = 0; k < c.length; k++) {
                c[k] += gamma * a[k];
            }
        }
        return c;
    }

    /** A read against its symmetry points, {@code A - A_sp} (weight units), row-major {@code [N + 1][M]}: what a transfer reads without noise. */
    public double[] fastWeights() {
        return fast.readWeights();
    }

    /** The slow weights C (weight units), row-major {@code [N + 1][M]}. */
    public double[] slowWeights() {
        return slow.readWeights();
    }

    /**
     * The A weights ({@link #fastWeights}) of a two-array tile or of a split layer of them, row-major as {@link
     * AnalogTile#readWeights}; null for any other tile.
     */
    public static double[] fastWeightsOf(AnalogTile tile) {
        return viewOf(tile, ShdTile::fastWeights);
    }

    /** The C weights ({@link #slowWeights}) as {@link #fastWeightsOf}; null for a tile that is not of two arrays. */
    public static double[] slowWeightsOf(AnalogTile tile) {
        return viewOf(tile, ShdTile::slowWeights);
    }

    /**
     * The buffered transfer's state ({@link #bufferState}) of a two-array tile, or of each part of a split layer of them
     * one after the other; null for any other tile and for direct transfers.
     */
    public static double[] bufferStateOf(AnalogTile tile) {
        List<? extends AnalogTile> parts = tile instanceof SplitTile split ? split.parts() : List.of(tile);
        List<double[]> states = new ArrayList<>();
        for (AnalogTile part : parts) {
            double[] state = part instanceof ShdTile shd ? shd.bufferState() : null;
            if (state == null) {
                return null;
            }
            states.add(state);
        }
        return states.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] viewOf(AnalogTile tile, Function<ShdTile, double[]> view) {
        if (tile instanceof ShdTile shd) {
            return view.apply(shd);
        }
        if (tile instanceof SplitTile split && split.parts().get(0) instanceof ShdTile) {
            return split.assemble(part -> view.apply((ShdTile) part));
        }
        return null;
    }

    /** The fast array A (its {@link PulsedTile#deviceWeights()} are the raw device weights, A_sp included). */
    public PulsedTile fast() {
        return fast;
    }

    /** The slow array C. */
    public PulsedTile slow() {
        return slow;
    }

    /** gamma (dimensionless). */
    public double gamma() {
        return gamma;
    }

    /** lr_C of the transfers. */
    public double transferLearningRate() {
        return transferLr;
    }

    /** Updates between transfers. */
    public int transferEvery() {
        return transferEvery;
    }

    /** The crossbar row (input index, N = bias row) the next transfer reads, 0..N (0..N-1 with an idle bias row). */
    public int nextTransferRow() {
        return nextRow;
    }

    /** Updates of A since the last transfer, 0..transferEvery-1. */
    public int updatesSinceTransfer() {
        return sinceTransfer;
    }

    /** Transfers done since construction or {@link #setTransferState}. */
    public long transfers() {
        return transfers;
    }

    /**
     * Restores the transfer counters (from a checkpoint): next row 0..N (0..N-1 with an idle bias row), updates since
     * the last transfer, transfers done.
     */
    public void setTransferState(int nextTransferRow, int updatesSinceTransfer, long transfersDone) {
        Checks.inRange("nextTransferRow", nextTransferRow, 0, transferRows - 1);
        Checks.inRange("updatesSinceTransfer", updatesSinceTransfer, 0, transferEvery - 1);
        if (transfersDone < 0) {
            throw new InvalidInputException("transfers = " + transfersDone + " is not allowed: it must be >= 0");
        }
        this.nextRow = nextTransferRow;
        this.sinceTransfer = updatesSinceTransfer;
        this.transfers = transfersDone;
    }

    /** The buffered transfer's settings, or null for direct transfers (SHD, Tiki-Taka v1). */
    public BufferedTransfer buffer() {
        return buffer;
    }

    /** The input chopper of crossbar row k (0..N), +1 or -1. */
    public double chopper(int k) {
        return chopper[k];
    }

    /**
     * The state of the buffered transfer, for a checkpoint: H, then the choppers, then the switched flags (1 or 0), then
     * for AGAD M and P; all of it exactly ({@link #setBufferState} restores it). Null for direct transfers.
     */
    public double[] bufferState() {
        if (buffer == null) {
            return null;
        }
        int size = held.length;
        int rows = chopper.length;
        double[] out = new double[size + 2 * rows + (runningMean == null ? 0 : 2 * size)];
        System.arraycopy(held, 0, out, 0, size);
        System.arraycopy(chopper, 0, out, size, rows);
        for (int k = 0; k < rows; k++) {
            out[size + rows + k] = switched[k] ? 1 : 0;
        }
        if (runningMean != null) {
            System.arraycopy(runningMean, 0, out, size + 2 * rows, size);
            System.arraycopy(pastMean, 0, out, 2 * size + 2 * rows, size);
        }
        return out;
    }

    /** Restores {@link #bufferState()} (from a checkpoint); a state of the wrong length or with invalid choppers is rejected. */
    public void setBufferState(double[] state) {
        double[] expected = bufferState();
        if (expected == null || state == null || state.length != expected.length) {
            throw new InvalidInputException("buffer state of " + (state == null ? "no" : state.length) + " values does not fit "
                    + "this tile: " + (expected == null ? "it has no buffer" : expected.length + " expected"));
        }
        int size = held.length;
        int rows = chopper.length;
        for (int k = 0; k < rows; k++) {
            double c = state[size + k];
            double flag = state[size + rows + k];
            if ((c != 1 && c != -1) || (flag != 0 && flag != 1)) {
                throw new InvalidInputException("buffer state: chopper " + c + " or switched flag " + flag + " of row " + k
                        + " is not valid (+-1 and 0 or 1 expected)");
            }
        }
        System.arraycopy(state, 0, held, 0, size);
        System.arraycopy(state, size, chopper, 0, rows);
        for (int k = 0; k < rows; k++) {
            switched[k] = state[size + rows + k] == 1;
        }
        if (runningMean != null) {
            System.arraycopy(state, size + 2 * rows, runningMean, 0, size);
            System.arraycopy(state, 2 * size + 2 * rows, pastMean, 0, size);
        }
    }
}
