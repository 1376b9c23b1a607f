package org.xbarspice.tile;

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
 *     {@code A_sp} (from its sampled parameters, {@link PulsedTile#symmetryPoints}); the reference is modelled as
 *     an exact per-device subtraction (the ideal of a reference array programmed to A_sp), applied to the analog
 *     product before the read noise and the ADC. A starts at its symmetry point (it reads 0).</li>
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

    /**
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
        Checks.inRange("gamma", gamma, 0, 1, "(dimensionless)");
        if (!(transferLr > 0) || Double.isInfinite(transferLr)) {
            throw new InvalidInputException("transfer learning rate = " + transferLr + " is not allowed: it must be a finite value > 0");
        }
        Checks.inRange("transferEvery", transferEvery, 1, Integer.MAX_VALUE);
        this.fast = engine.create(inputs, outputs, fastSpec, Seeds.derive(seed, 1));
        this.slow = engine.create(inputs, outputs, slowSpec, Seeds.derive(seed, 2));
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
        fast.referenceAtSymmetryPoints();
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

    /** Pulses A with {@code lr} (lr_A); transfers one row of A to C every {@code transferEvery} calls. */
    @Override
    public void update(double[] x, double[] d, double lr) {
        fast.update(x, d, lr);
        if (++sinceTransfer >= transferEvery) {
            sinceTransfer = 0;
            transfer();
        }
    }

    /** One transfer now: reads row {@link #nextTransferRow()} of A, pulses it onto C, advances the row. */
    public void transfer() {
        int k = nextRow;
        oneHot[k] = 1;
        fast.forwardRows(oneHot, transferred);
        slow.updateRows(oneHot, transferred, transferLr);
        oneHot[k] = 0;
        nextRow = k + 1 == transferRows ? 0 : k + 1;
        transfers++;
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
}
