package org.xbarspice.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.FastCircuitReader;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.units.InvalidInputException;

/**
 * The state of a {@link Trainer} after a training step, enough to continue the run bit for bit: the config, the epochs
 * done, their metrics and fast IR-drop spot checks, the position in the current epoch with its running sums, and for
 * every tile its weights, transfer counters, transfer buffer and, in the fast IR-drop modes, what its engines carry
 * from epoch to epoch ({@link BehavioralTile.EngineState}; the rest restarts with every epoch). Random streams are not stored: the trainer restarts
 * them at every epoch from {@code (seed, epoch, layer)}, or with an ngspice engine at every step from {@code (seed,
 * step, layer)}. The device-to-device parameters are not stored either: they are re-sampled from the seed, and {@link
 * TileState#deviceFingerprint()} (a hash of every sampled parameter) proves on resume that the re-sampled devices are
 * the stored run's devices.
 *
 * <p>As bytes ({@link #toBytes()}, {@link #fromBytes(byte[])}): magic {@code XBSPCKPT}, format version, the config
 * JSON, then every number in binary (doubles as their IEEE bits, so exactly), and a CRC-32 of all that; a damaged or
 * foreign file is rejected. Arrays are held as given (no copies); records compare them by reference.
 *
 * @param configJson the run's {@link TrainConfig} as JSON
 * @param presetsHash {@link TrainConfig#presetsHash()} when the run started: its preset files as they were
 * @param dataHash   {@link org.xbarspice.train.data.TrainTest#contentHash()} of the run's samples
 * @param epochsDone epochs completed, >= 0
 * @param metrics    the metrics of those epochs, in order
 * @param tiles      the physical tiles, layer by layer, input layer first; a layer split over several arrays
 *                   ({@code SplitTile}) contributes its parts in their order
 * @param stepsDone     training steps (minibatches) done in all, >= 0
 * @param epochStep     steps done in the current (unfinished) epoch, >= 0; 0 at an epoch boundary
 * @param epochLossSum  sum of the training losses of those steps' samples (nats)
 * @param epochCorrect  their correct predictions
 * @param epochSamples  their samples
 * @param irDropChecks  the run's fast IR-drop spot checks at the end of each epoch done, in order ({@code
 *                      Trainer.irDropCheckHistory()}; {@link IrDropCheck#NONE} without checks)
 * @param checkedBefore the run's spot checks up to the start of the epoch in progress (or of the epoch just ended); its
 *                      tiles' engine states hold those of the epoch's steps since, so that the sum goes on as in a run
 *                      that went through
 * @param epochEnergy   within an epoch of a run that counts energy: every analog array's energy bookkeeping since the
 *                      epoch's start ({@link PulsedTile#energyState()}, in the order of the trainer's energy tallies:
 *                      layer by layer, each layer's updated arrays, then its transfer targets), so that a resumed run
 *                      reports the whole epoch's energy as the run that went through does; else empty (at an epoch
 *                      boundary, without energy, or in a checkpoint of format version 10, which did not keep it: a
 *                      run resumed from such a checkpoint counts the epoch's energy from its resumption)
 * @param updateCounts  per layer, the run's updates so far and those that saturated ({@code
 *                      Trainer.saturationWarnings()}): of A or the one array, then of C, 4 counts a layer; empty in a
 *                      checkpoint of format version 11 or older, which did not keep them: a run resumed from such a
 *                      checkpoint counts them from its resumption
 * @param readCounts    per layer, the run's read outputs so far and those clipped ({@code Trainer.tiaLimitWarnings()},
 *                      {@code Trainer.adcClipWarnings()}): through a TIA and at its limit, of reads with bound management
 *                      and at the ADC's full scale, of the others and at it, 6 counts a layer; empty in a checkpoint of format version 12 or older,
 *                      which did not keep them: a run resumed from such a checkpoint counts its clipped reads from its
 *                      resumption (its warnings may understate the run's, or miss clips that ended before it)
 */
public record TrainerCheckpoint(String configJson, long presetsHash, long dataHash, int epochsDone, List<EpochMetrics> metrics, List<TileState> tiles,
                                long stepsDone, int epochStep, double epochLossSum, long epochCorrect, long epochSamples,
                                List<IrDropCheck> irDropChecks, IrDropCheck checkedBefore, List<PulsedTile.EnergyState> epochEnergy,
                                long[] updateCounts, long[] readCounts) {
    private static final byte[] MAGIC = "XBSPCKPT".getBytes(StandardCharsets.US_ASCII);
    /**
     * The format written; 11 added {@link #epochEnergy}, 12 {@link #updateCounts}, 13 {@link #readCounts}, 14 the fast
     * readers' power-model conductances ({@link FastCircuitReader.State#power()}), 15 whether their reads asked for
     * power ({@link FastCircuitReader.State#forwardPowered()}; read as not before, which a reader restored from such a
     * checkpoint was until its next read with power: its power models may stay where the run it continues moved them)
     * and, in the epoch's energy states, the conductances of the rows pulsed since their last refresh ({@link
     * PulsedTile.EnergyState}; before, a run resumed within an epoch summed them anew and estimated slightly other
     * energy through ideal wires).
     */
    private static final int VERSION = 15;
    /** The oldest format read (its epoch energy empty). */
    private static final int OLDEST_VERSION = 10;

    public TrainerCheckpoint {
        Objects.requireNonNull(configJson, "configJson");
        metrics = List.copyOf(metrics);
        tiles = List.copyOf(tiles);
        irDropChecks = List.copyOf(irDropChecks);
        Objects.requireNonNull(checkedBefore, "checkedBefore");
        epochEnergy = List.copyOf(epochEnergy);
        Objects.requireNonNull(updateCounts, "updateCounts");
        Objects.requireNonNull(readCounts, "readCounts");
        if (!epochEnergy.isEmpty() && epochStep == 0) {
            throw new InvalidInputException("checkpoint: the energy of an epoch under way at an epoch boundary");
        }
        if (epochsDone < 0 || metrics.size() != epochsDone) {
            throw new InvalidInputException("checkpoint: " + epochsDone + " epochs done but " + metrics.size() + " epoch metrics");
        }
        if (irDropChecks.size() != epochsDone) {
            throw new InvalidInputException("checkpoint: " + epochsDone + " epochs done but " + irDropChecks.size()
                    + " epoch spot checks");
        }
        if (stepsDone < 0 || epochStep < 0 || epochCorrect < 0 || epochSamples < 0) {
            throw new InvalidInputException("checkpoint: negative step counters (" + stepsDone + " steps, " + epochStep
                    + " in the epoch, " + epochSamples + " samples)");
        }
    }

    /**
     * A checkpoint without the energy of an epoch under way and without update and read counts ({@link #epochEnergy},
     * {@link #updateCounts} and {@link #readCounts} empty).
     */
    public TrainerCheckpoint(String configJson, long presetsHash, long dataHash, int epochsDone, List<EpochMetrics> metrics,
                             List<TileState> tiles, long stepsDone, int epochStep, double epochLossSum, long epochCorrect,
                             long epochSamples, List<IrDropCheck> irDropChecks, IrDropCheck checkedBefore) {
        this(configJson, presetsHash, dataHash, epochsDone, metrics, tiles, stepsDone, epochStep, epochLossSum, epochCorrect,
                epochSamples, irDropChecks, checkedBefore, List.of(), new long[0], new long[0]);
    }

    /**
     * One physical tile (one array, or the A and C arrays of one SHD tile; a whole floating-point layer).
     *
     * @param kind                 {@link #FLOATING_POINT}, {@link #ANALOG} (one array) or {@link #TRANSFER} (A and C)
     * @param weights              fp: the weights; analog: the device weights; transfer: C's device weights
     *                             (weight units, row-major {@code [N + 1][M]})
     * @param fastWeights          transfer: A's device weights (symmetry points included); else null
     * @param nextTransferRow      transfer: the row the next transfer reads; else 0
     * @param updatesSinceTransfer transfer: updates of A since the last transfer; else 0
     * @param transfers            transfer: transfers done; else 0
     * @param deviceFingerprint    hash of the sampled device parameters of the tile's arrays (0 for fp)
     * @param bufferState          buffered transfer (TTv2, c-TTv2, AGAD): the buffer, choppers and AGAD's means
     *                             ({@code ShdTile.bufferState()}); else null
     * @param engines              behavioral analog: the array's engine state (transfer: C's, {@link
     *                             BehavioralTile#engineState()}); else null
     * @param fastEngines          behavioral transfer: A's engine state; else null
     */
    public record TileState(int kind, double[] weights, double[] fastWeights, int nextTransferRow, int updatesSinceTransfer,
                             long transfers, long deviceFingerprint, double[] bufferState, BehavioralTile.EngineState engines,
                             BehavioralTile.EngineState fastEngines) {
        /** A floating-point tile. */
        public static final int FLOATING_POINT = 0;
        /** One {@code PulsedTile} (behavioral or SPICE). */
        public static final int ANALOG = 1;
        /** An {@code ShdTile}. */
        public static final int TRANSFER = 2;

        public TileState {
            Objects.requireNonNull(weights, "weights");
            if (kind < FLOATING_POINT || kind > TRANSFER) {
                throw new InvalidInputException("checkpoint: unknown tile kind " + kind);
            }
            if ((kind == TRANSFER) != (fastWeights != null)) {
                throw new InvalidInputException("checkpoint: a tile of kind " + kind + " must " + (kind == TRANSFER ? "" : "not ")
                        + "have fast weights");
            }
        }

        /** Whether the weights, counters and engine states equal {@code other}'s (arrays compared by content). */
        public boolean sameState(TileState other) {
            return kind == other.kind && Arrays.equals(weights, other.weights) && Arrays.equals(fastWeights, other.fastWeights)
                    && nextTransferRow == other.nextTransferRow && updatesSinceTransfer == other.updatesSinceTransfer
                    && transfers == other.transfers && deviceFingerprint == other.deviceFingerprint
                    && Arrays.equals(bufferState, other.bufferState) && sameEngines(engines, other.engines)
                    && sameEngines(fastEngines, other.fastEngines);
        }

        private static boolean sameEngines(BehavioralTile.EngineState a, BehavioralTile.EngineState b) {
            return a == null ? b == null : a.sameAs(b);
        }
    }

    /** The checkpoint as bytes (see the class comment). */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] config = configJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(config.length);
            out.write(config);
            out.writeLong(presetsHash);
            out.writeLong(dataHash);
            out.writeInt(epochsDone);
            out.writeInt(metrics.size());
            for (EpochMetrics m : metrics) {
                out.writeInt(m.epoch());
                out.writeDouble(m.trainLoss());
                out.writeDouble(m.trainAccuracy());
                out.writeDouble(m.testLoss());
                out.writeDouble(m.testAccuracy());
            }
            out.writeInt(tiles.size());
            for (TileState tile : tiles) {
                out.writeInt(tile.kind());
                writeArray(out, tile.weights());
                writeArray(out, tile.fastWeights());
                out.writeInt(tile.nextTransferRow());
                out.writeInt(tile.updatesSinceTransfer());
                out.writeLong(tile.transfers());
                out.writeLong(tile.deviceFingerprint());
                writeArray(out, tile.bufferState());
                writeEngines(out, tile.engines());
                writeEngines(out, tile.fastEngines());
            }
            out.writeLong(stepsDone);
            out.writeInt(epochStep);
            out.writeDouble(epochLossSum);
            out.writeLong(epochCorrect);
            out.writeLong(epochSamples);
            for (IrDropCheck check : irDropChecks) {
                writeCheck(out, check);
            }
            writeCheck(out, checkedBefore);
            out.writeInt(epochEnergy.size());
            for (PulsedTile.EnergyState e : epochEnergy) {
                writeLongs(out, e.longs());
                writeArray(out, e.doubles());
            }
            writeLongs(out, updateCounts);
            writeLongs(out, readCounts);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** Reads {@link #toBytes()}' format; a damaged, truncated or foreign input is an {@link InvalidInputException}. */
    public static TrainerCheckpoint fromBytes(byte[] bytes) {
        String damaged = "checkpoint is damaged or not an xbarspice training checkpoint";
        if (bytes == null || bytes.length < MAGIC.length + 12) {
            throw new InvalidInputException(damaged + " (too short): use a file written by the same version of xbarspice");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new InvalidInputException(damaged + " (it does not start with XBSPCKPT)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = 0;
        for (int k = bytes.length - 8; k < bytes.length; k++) {
            stored = stored << 8 | (bytes[k] & 0xff);
        }
        if (crc.getValue() != stored) {
            throw new InvalidInputException(damaged + " (checksum mismatch: the file was truncated or changed)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version < OLDEST_VERSION || version > VERSION) {
                throw new InvalidInputException("checkpoint format version " + version + " is not supported: this xbarspice reads versions "
                        + OLDEST_VERSION + " to " + VERSION);
            }
            byte[] config = new byte[in.readInt()];
            in.readFully(config);
            long presets = in.readLong();
            long dataHash = in.readLong();
            int epochs = in.readInt();
            int metricCount = in.readInt();
            List<EpochMetrics> metrics = new ArrayList<>();
            for (int k = 0; k < metricCount; k++) {
                metrics.add(new EpochMetrics(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            int tileCount = in.readInt();
            List<TileState> tiles = new ArrayList<>();
            for (int k = 0; k < tileCount; k++) {
                tiles.add(new TileState(in.readInt(), readArray(in), readArray(in), in.readInt(), in.readInt(), in.readLong(),
                        in.readLong(), readArray(in), readEngines(in, version), readEngines(in, version)));
            }
            long steps = in.readLong();
            int epochStep = in.readInt();
            double lossSum = in.readDouble();
            long correct = in.readLong();
            long samples = in.readLong();
            List<IrDropCheck> checks = new ArrayList<>();
            for (int k = 0; k < metricCount; k++) {
                checks.add(readCheck(in));
            }
            IrDropCheck check = readCheck(in);
            List<PulsedTile.EnergyState> energy = new ArrayList<>();
            if (version >= 11) {
                int arrays = in.readInt();
                if (arrays < 0 || arrays > in.available()) {
                    throw new IOException(arrays + " energy states");
                }
                for (int k = 0; k < arrays; k++) {
                    long[] longs = readLongs(in);
                    double[] doubles = readArray(in);
                    if (longs == null || doubles == null) {
                        throw new IOException("an energy state without its figures");
                    }
                    energy.add(new PulsedTile.EnergyState(longs, doubles));
                }
            }
            long[] updateCounts = version >= 12 ? readLongs(in) : new long[0];
            long[] readCounts = version >= 13 ? readLongs(in) : new long[0];
            if (in.available() != 0) {
                throw new InvalidInputException(damaged + " (trailing bytes)");
            }
            return new TrainerCheckpoint(new String(config, StandardCharsets.UTF_8), presets, dataHash, epochs, metrics, tiles, steps, epochStep,
                    lossSum, correct, samples, checks, check, energy, updateCounts, readCounts);
        } catch (IOException | NegativeArraySizeException | OutOfMemoryError e) {
            throw new InvalidInputException(damaged + " (" + e + ")", e);
        }
    }

    /** One {@link IrDropCheck}, its components in record order. */
    private static void writeCheck(DataOutputStream out, IrDropCheck c) throws IOException {
        out.writeLong(c.reads());
        out.writeDouble(c.maxReadError());
        out.writeDouble(c.maxReadEffect());
        out.writeLong(c.updates());
        out.writeDouble(c.maxStepError());
        out.writeDouble(c.meanStepError());
        out.writeDouble(c.maxStepErrorOfNominal());
        out.writeLong(c.devicesChecked());
        out.writeLong(c.refreshes());
        out.writeLong(c.exactReads());
        out.writeLong(c.energyChecks());
        out.writeDouble(c.maxEnergyError());
        out.writeDouble(c.maxWireEnergyError());
        out.writeDouble(c.maxDriverEnergyError());
        out.writeLong(c.updateEnergyChecks());
        out.writeDouble(c.maxUpdateEnergyError());
        out.writeDouble(c.maxUpdateWireEnergyError());
        out.writeDouble(c.maxUpdateDriverEnergyError());
    }

    private static IrDropCheck readCheck(DataInputStream in) throws IOException {
        return new IrDropCheck(in.readLong(), in.readDouble(), in.readDouble(), in.readLong(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(), in.readDouble(), in.readDouble(),
                in.readDouble());
    }

    /**
     * An engine state or null: a presence flag, the schedule, then the fast reader's state or its absence, the checks and
     * the sum of their step errors.
     */
    private static void writeEngines(DataOutputStream out, BehavioralTile.EngineState engines) throws IOException {
        out.writeBoolean(engines != null);
        if (engines == null) {
            return;
        }
        out.writeLong(engines.updates());
        FastCircuitReader.State reads = engines.reads();
        out.writeBoolean(reads != null);
        if (reads != null) {
            out.writeLong(reads.forwardReads());
            out.writeLong(reads.backwardReads());
            out.writeLong(reads.served());
            out.writeLong(reads.lastPeriod());
            out.writeLong(reads.staleSolves());
            writeArray(out, reads.reference());
            writeArray(out, reads.carried());
            writeArray(out, reads.power());
            out.writeBoolean(reads.forwardPowered());
            out.writeBoolean(reads.backwardPowered());
        }
        writeCheck(out, engines.checks());
        out.writeDouble(engines.stepErrorSum());
    }

    /**
     * An engine state of format {@code version} (before 14 the power models' conductances are the refresh's, before 15
     * no read asked for power).
     */
    private static BehavioralTile.EngineState readEngines(DataInputStream in, int version) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long updates = in.readLong();
        FastCircuitReader.State reads = null;
        if (in.readBoolean()) {
            long forwardReads = in.readLong();
            long backwardReads = in.readLong();
            long served = in.readLong();
            long lastPeriod = in.readLong();
            long staleSolves = in.readLong();
            double[] reference = readArray(in);
            double[] carried = readArray(in);
            double[] power = version >= 14 ? readArray(in) : null;
            boolean forwardPowered = version >= 15 && in.readBoolean();
            boolean backwardPowered = version >= 15 && in.readBoolean();
            reads = new FastCircuitReader.State(forwardReads, backwardReads, served, lastPeriod, staleSolves, reference,
                    carried, power, forwardPowered, backwardPowered);
        }
        return new BehavioralTile.EngineState(updates, reads, readCheck(in), in.readDouble());
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available() / 8) {
            throw new IOException("array of " + length + " longs beyond the end of the data");
        }
        long[] values = new long[length];
        for (int k = 0; k < length; k++) {
            values[k] = in.readLong();
        }
        return values;
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available() / 8) {
            throw new IOException("array of " + length + " doubles beyond the end of the data");
        }
        double[] values = new double[length];
        for (int k = 0; k < length; k++) {
            values[k] = in.readDouble();
        }
        return values;
    }
}
