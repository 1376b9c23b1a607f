package org.xbarspice.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.CostModel;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.EnergyEstimate;
import org.xbarspice.tile.EnergyTally;
import org.xbarspice.tile.FloatingPointTile;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.SeededTile;
import org.xbarspice.tile.Seeds;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.tile.SpiceUpdater;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.tile.TileSpec;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * Trains a network on a data set as a {@link TrainConfig} says, with floating-point SGD, analog SGD, SHD or
 * Tiki-Taka (see {@link Algorithm}).
 *
 * <p><b>Initial network.</b> Weights and biases uniform in {@code +-1/sqrt(fan-in)}, drawn layer by layer from
 * {@code Seeds.derive(seed, 1)}; analog layers program them exactly onto their devices (clipped to each device's
 * bounds): the single array of sgd, the slow array C of shd and tiki-taka (their fast array A starts at its symmetry
 * point). The devices of layer l are sampled with {@code Seeds.derive(seed, 2, l)}.
 *
 * <p><b>Determinism and restarts.</b> Every random stream derives from the seed and the epoch: epoch e (1 for the
 * first) shuffles the training order (from the identity) with {@code Seeds.derive(seed, 3, e)} and restarts every
 * random stream of layer l's tiles (pulse trains, cycle-to-cycle noise, read noise) from
 * {@code Seeds.derive(seed, 4, e, l)}; before that the tiles drop what their engines keep from the epochs before
 * ({@link SeededTile#restartEngines}: the fast IR-drop mode's line factors, the energy sums and estimator; the fast
 * read matrices' conductances and the check schedules go on, and into the checkpoint; their power models go on too,
 * and a resumed run, which solves their lines again, gives the same figures). All sums
 * run in a fixed order on one thread. So the same config and data give
 * bit-identical metrics, and a run restored from a {@link #checkpoint()} taken after epoch e continues exactly as the
 * uninterrupted run. With an ngspice engine ({@link Engine#spice()}) the streams restart before every training step
 * instead, from {@code Seeds.derive(seed, 5, s, l)} with s the global step index (0 for the first), and the engines'
 * caches with them ({@code restartEngines(false)}), so that a checkpoint taken after any step continues exactly; a
 * behavioral twin of such a run uses the same seeding.
 *
 * <p>Analog layers apply their pulsed updates on up to one thread per processor ({@link Mlp#setThreads}); each
 * layer stays on one thread in sample order, so the results do not depend on the number of threads.
 *
 * <p>Learning rates: fp and sgd use {@code learningRate}; shd and tiki-taka pulse A with {@code fastLearningRate}
 * and transfer to C with {@code transferLearningRate}. With minibatches each sample's update uses lr / batchSize (an
 * epoch's last, shorter batch of k samples lr / k, the step of its mean loss).
 * Not thread-safe.
 */
public final class Trainer {
    private static final long INIT = 1;
    private static final long DEVICES = 2;
    private static final long SHUFFLE = 3;
    private static final long STREAMS = 4;
    private static final long STEP_STREAMS = 5;

    private final TrainConfig config;
    /** {@link TrainConfig#presetsHash()} when this trainer was built. */
    private final long presetsHash;
    /** {@link TrainTest#contentHash()} of its samples. */
    private final long dataHash;
    private final TrainTest data;
    private final Mlp network;
    private final AnalogTile[] tiles;
    private final int[] order;
    private final List<EpochMetrics> history = new ArrayList<>();
    private final List<IrDropCheck> checkHistory = new ArrayList<>();
    /**
     * The spot checks of the run before the current epoch (a restored checkpoint's, then each epoch's added at the next
     * one's start, when the tiles' own figures start again).
     */
    private IrDropCheck checkedBefore = IrDropCheck.NONE;
    private final List<EpochEnergy> energyHistory = new ArrayList<>();
    /** Per layer, the arrays whose pulses are gradient updates and those that receive transfers (energy roles). */
    private final List<List<PulsedTile>> updatedArrays = new ArrayList<>();
    private final List<List<PulsedTile>> transferTargets = new ArrayList<>();
    /**
     * Every array's tally at the start of the epoch when energy is counted (a checkpoint within an epoch keeps the
     * tallies since, {@link TrainerCheckpoint#epochEnergy}), or at this trainer's resumption within it from a checkpoint
     * that did not keep them.
     */
    private Map<PulsedTile, EnergyTally> epochStart;
    /**
     * {@link #updateCounts} of the sessions before this one (from the checkpoint it resumed; zeros for a new run or an
     * older checkpoint without them).
     */
    private long[] updatesBefore;
    /** {@link #readCounts} of the sessions before this one, as {@link #updatesBefore}. */
    private long[] readsBefore;
    /** The training samples of the epoch done before {@link #epochStart} was taken (0, or those before a resumption). */
    private long epochStartSamples;
    /**
     * Within an epoch, after a test evaluation ({@link #testWithinEpoch}) and before the next step: every array's tally
     * before it, and its energy (J); else null.
     */
    private Map<PulsedTile, EnergyTally> beforeTest;
    /** With {@link #beforeTest}: every array's energy bookkeeping before the test, for a checkpoint; else null. */
    private List<PulsedTile.EnergyState> beforeTestEnergy;
    private EnergyBreakdown testedWithinEpoch;
    private final boolean stepSeeded;
    private final int stepsPerEpoch;
    private int epochsDone;
    private int orderEpoch;
    private int epochStep;
    private long stepsDone;
    private Tally trained = new Tally();

    /**
     * Checks the config against the data (before any training) and builds the initial network on behavioral tiles;
     * refuses a config of {@code engine} ngspice or both, which it trained behaviorally without a word.
     */
    public Trainer(TrainConfig config, TrainTest data) {
        this(behavioral(config), data, BehavioralTile::new);
    }

    /** {@code config}, if its engine is the behavioral one (the two-argument constructor and resume build no other). */
    private static TrainConfig behavioral(TrainConfig config) {
        if (config.engine() != Engine.BEHAVIORAL) {
            throw new InvalidInputException("engine = " + config.engine().id() + ": this Trainer builds behavioral tiles "
                    + "only; run the config with TrainingRun.start(dir, config, data) (as train does), or give the arrays: "
                    + "new Trainer(config, data, SpiceTile.factory(...))");
        }
        return config;
    }

    /**
     * Checks the config against the data (before any training) and builds the initial network from the seed, its
     * analog arrays made by {@code arrays} (e.g. {@link SpiceTile#factory}); the seeding follows {@code config.engine()}
     * whatever the arrays, so the behavioral twin of an ngspice run is built with the ngspice run's config.
     */
    public Trainer(TrainConfig config, TrainTest data, PulsedTile.Factory arrays) {
        config.checkFits(data);
        this.config = config;
        this.presetsHash = config.presetsHash();
        this.dataHash = data.contentHash();
        this.data = data;
        this.tiles = buildTiles(config, arrays);
        this.updatesBefore = new long[COUNTS_PER_LAYER * tiles.length];
        this.readsBefore = new long[READ_COUNTS_PER_LAYER * tiles.length];
        this.network = new Mlp(List.of(tiles), config.activation());
        if (config.energy()) {
            trackEnergy(new CostModel(PeripheryPresets.load(config.periphery())), config.energyEvery());
        }
        if (config.algorithm().analog()) {
            network.setThreads(config.resolvedThreads());
        }
        this.order = new int[data.train().size()];
        this.stepSeeded = config.engine().spice();
        this.stepsPerEpoch = config.stepsPerEpoch(order.length);
    }

    /**
     * A trainer that continues the run saved in {@code checkpoint}: {@code config} must equal the checkpoint's config
     * except for {@code epochs} (which may be raised to train longer), {@code data} must be the same data. The
     * devices are re-sampled from the seed and checked against the checkpoint's fingerprints, then the weights and
     * transfer counters are restored.
     *
     * @throws InvalidInputException if the config differs, the layers do not fit, or the devices differ
     */
    public static Trainer resume(TrainConfig config, TrainTest data, TrainerCheckpoint checkpoint) {
        return resume(behavioral(config), data, checkpoint, BehavioralTile::new);
    }

    /**
     * Requires {@code checkpoint} to have been written by {@code config} but for its epochs, steps and threads.
     *
     * @throws InvalidInputException naming the keys that differ
     */
    public static void requireSameConfig(TrainConfig config, TrainerCheckpoint checkpoint) {
        TrainConfig saved = TrainConfig.parse(checkpoint.configJson(), "checkpoint config")
                .withLength(config.epochs(), config.steps()).withThreads(config.threads());
        if (!saved.equals(config)) {
            throw new InvalidInputException("the checkpoint was written by another config (checkpoint -> now: "
                    + String.join("; ", saved.differences(config)) + "): resume with the checkpoint's config, whose "
                    + "epochs, steps and threads alone may change (a run folder's config.json edited by hand: set those "
                    + "keys back)");
        }
    }

    /** {@link #resume(TrainConfig, TrainTest, TrainerCheckpoint)} with the analog arrays made by {@code arrays}. */
    public static Trainer resume(TrainConfig config, TrainTest data, TrainerCheckpoint checkpoint, PulsedTile.Factory arrays) {
        requireSameConfig(config, checkpoint);
        if (data.contentHash() != checkpoint.dataHash()) { // before the network is built on them, which may not fit
            throw new InvalidInputException("the samples of " + config.dataset() + " differ from those the run started with "
                    + "(another --data-dir, or its files changed): resume with the data the run started with, or start a "
                    + "new run");
        }
        Trainer trainer = new Trainer(config, data, arrays);
        if (trainer.presetsHash != checkpoint.presetsHash()) {
            throw new InvalidInputException("the preset file" + (config.energy() ? "s" : "") + " of the run ("
                    + (config.algorithm().analog() ? "device " + config.device() : "") + (config.energy() ? ", periphery "
                    + config.periphery() : "") + ") changed since the run started: resume with the presets it started with, "
                    + "or start a new run");
        }
        List<AnalogTile> physical = trainer.physicalTiles();
        if (checkpoint.tiles().size() != physical.size()) {
            throw new InvalidInputException("the checkpoint has " + checkpoint.tiles().size() + " tiles, the network "
                    + physical.size());
        }
        for (int k = 0; k < physical.size(); k++) {
            restore(k, physical.get(k), checkpoint.tiles().get(k));
        }
        trainer.history.addAll(checkpoint.metrics());
        trainer.checkHistory.addAll(checkpoint.irDropChecks());
        trainer.checkedBefore = checkpoint.checkedBefore();
        trainer.updatesBefore = countsBefore(checkpoint.updateCounts(), trainer.updatesBefore, "update");
        trainer.readsBefore = countsBefore(checkpoint.readCounts(), trainer.readsBefore, "read");
        trainer.epochsDone = checkpoint.epochsDone();
        trainer.stepsDone = checkpoint.stepsDone();
        trainer.epochStep = checkpoint.epochStep();
        trainer.trained = Tally.of(checkpoint.epochLossSum(), checkpoint.epochCorrect(), checkpoint.epochSamples());
        if (trainer.epochStep > 0 && !checkpoint.epochEnergy().isEmpty()) { // the epoch's energy so far, kept
            trainer.restoreEnergy(checkpoint.epochEnergy());
        } else if (trainer.epochStep > 0) { // resumed within an epoch from a checkpoint without it: counts from here
            trainer.epochStart = trainer.snapshot();
            trainer.epochStartSamples = trainer.epochSamplesDone();
        }
        return trainer;
    }

    private static AnalogTile[] buildTiles(TrainConfig config, PulsedTile.Factory arrays) {
        int[] sizes = config.layerSizes();
        long seed = config.seed();
        SplittableRandom init = new SplittableRandom(Seeds.derive(seed, INIT));
        AnalogTile[] out = new AnalogTile[sizes.length - 1];
        TileSpec spec = config.algorithm().analog() ? config.tileSpec() : null;
        for (int l = 0; l < out.length; l++) {
            FloatingPointTile initial = FloatingPointTile.uniform(sizes[l], sizes[l + 1], init);
            if (spec == null) {
                out[l] = initial;
                continue;
            }
            long deviceSeed = Seeds.derive(seed, DEVICES, l);
            String name = "layer " + (l + 1); // counted from 1, as in divergence.csv and summary.json
            int inputGroups = SplitTile.splitSizes(sizes[l], config.maxTileInputs()).length;
            int outputGroups = SplitTile.splitSizes(sizes[l + 1], config.maxTileOutputs()).length;
            if (inputGroups == 1 && outputGroups == 1) {
                SeededTile tile = analogTile(config, spec, arrays, sizes[l], sizes[l + 1], true, deviceSeed, name);
                program(tile, initial.readWeights());
                out[l] = tile;
                continue;
            }
            SplitTile split = new SplitTile(sizes[l], sizes[l + 1], config.maxTileInputs(), config.maxTileOutputs(),
                    (p, q, inputs, outputs, biasRow) -> analogTile(config, spec, arrays, inputs, outputs, biasRow,
                            Seeds.derive(deviceSeed, (long) p * outputGroups + q), name + ", part (" + p + ", " + q + ")"));
            List<double[]> weights = split.partWeights(initial.readWeights());
            List<SeededTile> parts = split.parts();
            for (int k = 0; k < parts.size(); k++) {
                program(parts.get(k), weights.get(k));
            }
            out[l] = split;
        }
        return out;
    }

    /** One physical analog tile of the config's algorithm; {@code biasRow} false: its bias row is idle. */
    private static SeededTile analogTile(TrainConfig config, TileSpec spec, PulsedTile.Factory arrays, int inputs, int outputs,
                                         boolean biasRow, long seed, String name) {
        if (config.algorithm() == Algorithm.SGD) {
            PulsedTile tile = arrays.create(inputs, outputs, spec, seed);
            if (!biasRow) {
                tile.idleBiasRow();
            }
            if (config.referenceArrays()) {
                tile.referenceAtZero();
            }
            label(tile, name);
            return tile;
        }
        ShdTile tile = new ShdTile(inputs, outputs, spec, spec, config.gamma(), config.transferLearningRate(),
                config.transferEvery(), config.referenceOffsetStd(), config.transferBuffer(), seed, arrays);
        if (!biasRow) {
            tile.idleBiasRow();
        }
        if (config.referenceArrays()) {
            tile.slow().referenceAtZero();
        }
        label(tile.fast(), name + ", array A");
        label(tile.slow(), name + ", array C");
        return tile;
    }

    /** Programs the weights the network reads from a physical analog tile (C of a two-array tile). */
    private static void program(SeededTile tile, double[] weights) {
        if (tile instanceof ShdTile) {
            ((ShdTile) tile).slow().program(weights);
        } else {
            ((PulsedTile) tile).program(weights);
        }
    }

    private static void label(PulsedTile tile, String name) {
        if (tile instanceof SpiceTile) {
            ((SpiceTile) tile).setLabel(name);
        }
    }

    /** Runs the next epoch: reshuffles the training order, trains minibatch by minibatch, evaluates the test set. */
    public EpochMetrics epoch() {
        return epoch((samples, loss) -> { });
    }

    /** Progress within an epoch. */
    @FunctionalInterface
    public interface BatchListener {
        /** Called after each minibatch: training samples done so far in this epoch and their mean loss (nats). */
        void trained(int samples, double meanLoss);
    }

    /**
     * {@link #epoch()}, telling {@code listener} after every minibatch; the listener does not change the result. Returns
     * null when the run's {@code steps} limit stops it within the epoch.
     */
    public EpochMetrics epoch(BatchListener listener) {
        while (!finished()) {
            EpochMetrics ended = step();
            listener.trained((int) trained.samples(), trained.meanLoss());
            if (ended != null) {
                return ended;
            }
        }
        return null;
    }

    /**
     * One training step: the next minibatch of the current epoch (starting the epoch first: reshuffle, and restart the
     * random streams unless they restart every step). After the epoch's last minibatch the test set is evaluated and
     * the epoch's metrics are returned; otherwise null. An ngspice failure is rethrown naming the step.
     */
    public EpochMetrics step() {
        beforeTest = null;
        beforeTestEnergy = null;
        testedWithinEpoch = null;
        int e = epochsDone + 1;
        long seed = config.seed();
        if (orderEpoch != e) {
            shuffle(e);
        }
        if (epochStep == 0) {
            checkedBefore = irDropCheck();
            restartEngines(true);
            trained = new Tally();
            epochStart = snapshot();
            epochStartSamples = 0;
            if (!stepSeeded) {
                reseed(l -> Seeds.derive(seed, STREAMS, e, l));
            }
        }
        if (stepSeeded) { // a checkpoint after any step continues exactly: no cache carries over a step
            if (epochStep > 0) {
                restartEngines(false);
            }
            long s = stepsDone;
            reseed(l -> Seeds.derive(seed, STEP_STREAMS, s, l));
        }
        double lr = config.algorithm().transfers() ? config.fastLearningRate() : config.learningRate();
        int from = epochStep * config.batchSize();
        int count = Math.min(config.batchSize(), order.length - from);
        try {
            network.trainBatch(data.train().features(), data.train().labels(), order, from, count, lr, trained);
        } catch (SpiceException failure) {
            throw failure.withContext("training step " + (stepsDone + 1) + " (epoch " + e + ")");
        }
        if (Double.isNaN(trained.meanLoss())) {
            throw new XbarspiceException("training diverged at step " + (stepsDone + 1) + " (epoch " + e + "): the loss "
                    + "is NaN; lower the learning rate (now " + Checks.readable(lr) + ")");
        }
        stepsDone++;
        epochStep++;
        if (epochStep < stepsPerEpoch) {
            return null;
        }
        Map<PulsedTile, EnergyTally> trainEnd = snapshot();
        Tally tested = test();
        if (trainEnd != null) {
            energyHistory.add(new EpochEnergy(e, order.length - epochStartSamples, layerEnergy(epochStart, trainEnd),
                    total(trainEnd, snapshot()), energyEstimate()));
        }
        epochsDone = e;
        epochStep = 0;
        EpochMetrics metrics = new EpochMetrics(e, trained.meanLoss(), trained.accuracy(), tested.meanLoss(), tested.accuracy());
        history.add(metrics);
        checkHistory.add(irDropCheck());
        return metrics;
    }

    /**
     * {@link #test()} within an epoch, as a run stopped by its steps limit takes it: when energy is counted its energy
     * is the test part of {@link #epochEnergySoFar} (it was 0, though the test had read the arrays), and not part of
     * the layers' training energy.
     */
    public Tally testWithinEpoch() {
        Map<PulsedTile, EnergyTally> before = snapshot();
        List<PulsedTile.EnergyState> beforeEnergy = before != null && beforeTest == null ? energyStates() : null;
        Tally tested = test();
        if (before != null && epochStep > 0) {
            if (beforeTest == null) { // a second test since the last step adds to the first's
                beforeTest = before;
                beforeTestEnergy = beforeEnergy;
            }
            testedWithinEpoch = total(beforeTest, snapshot());
        }
        return tested;
    }

    /** The loss and accuracy on the test set with the weights as they are now (reads only; no update). */
    public Tally test() {
        Tally tested = new Tally();
        network.evaluate(data.test().features(), data.test().labels(), tested);
        return tested;
    }

    private void shuffle(int e) {
        SplittableRandom shuffle = new SplittableRandom(Seeds.derive(config.seed(), SHUFFLE, e));
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        for (int k = order.length - 1; k > 0; k--) {
            int r = shuffle.nextInt(k + 1);
            int t = order[k];
            order[k] = order[r];
            order[r] = t;
        }
        orderEpoch = e;
    }

    /** {@link SeededTile#restartEngines} on every analog tile: an epoch (or step) starts from its checkpoint's state. */
    private void restartEngines(boolean counts) {
        for (AnalogTile tile : tiles) {
            if (tile instanceof SeededTile seeded) {
                seeded.restartEngines(counts);
            }
        }
    }

    private void reseed(IntToLongFunction layerSeed) {
        for (int l = 0; l < tiles.length; l++) {
            if (tiles[l] instanceof SeededTile) {
                ((SeededTile) tiles[l]).reseed(layerSeed.applyAsLong(l));
            }
        }
    }

    /** Runs the epochs not run yet, up to {@code config.epochs()}, handing each result to {@code progress}; returns them. */
    public List<EpochMetrics> run(Consumer<EpochMetrics> progress) {
        List<EpochMetrics> metrics = new ArrayList<>();
        while (!finished()) {
            EpochMetrics m = step();
            if (m != null) {
                metrics.add(m);
                progress.accept(m);
            }
        }
        return metrics;
    }

    /** Whether the run is over: all {@code epochs} done, or {@code steps} steps done when that limit is set. */
    public boolean finished() {
        return epochsDone >= config.epochs() || config.steps() > 0 && stepsDone >= config.steps();
    }

    /**
     * The state now (weights, transfer counters, metrics, position in the epoch); see {@link TrainerCheckpoint}. It
     * continues exactly when taken at an epoch boundary, or after any step when the streams restart every step.
     */
    public TrainerCheckpoint checkpoint() {
        List<TrainerCheckpoint.TileState> states = new ArrayList<>();
        for (AnalogTile tile : physicalTiles()) {
            states.add(state(tile));
        }
        // the energy of the epoch under way, when counted from its start (not after a resumption that did not have it)
        List<PulsedTile.EnergyState> energy = epochStep == 0 || epochStartSamples != 0 || updatedArrays.isEmpty()
                ? List.of() : beforeTestEnergy != null ? beforeTestEnergy : energyStates();
        return new TrainerCheckpoint(config.toJson(), presetsHash, dataHash, epochsDone, history, states, stepsDone, epochStep, trained.lossSum(),
                trained.correct(), trained.samples(), checkHistory, checkedBefore, energy, updateCounts(), readCounts());
    }

    /** Every counted array's energy bookkeeping, in {@link #snapshot()}'s order; null when energy is not counted. */
    private List<PulsedTile.EnergyState> energyStates() {
        Map<PulsedTile, EnergyTally> arrays = snapshot();
        return arrays == null ? null : arrays.keySet().stream().map(PulsedTile::energyState).toList();
    }

    /**
     * Restores the energy bookkeeping a checkpoint within an epoch kept ({@link TrainerCheckpoint#epochEnergy}): the
     * epoch's energy counts from its start, as in the run that went through.
     */
    private void restoreEnergy(List<PulsedTile.EnergyState> saved) {
        Map<PulsedTile, EnergyTally> arrays = snapshot();
        if (arrays == null || arrays.size() != saved.size()) {
            throw new InvalidInputException("the checkpoint keeps the energy of " + saved.size() + " arrays, the network "
                    + "counts that of " + (arrays == null ? 0 : arrays.size()));
        }
        int k = 0;
        epochStart = new LinkedHashMap<>();
        for (PulsedTile array : arrays.keySet()) {
            array.restoreEnergy(saved.get(k++));
            epochStart.put(array, new EnergyTally()); // the restored tallies hold the epoch from its start
        }
        epochStartSamples = 0;
    }

    private static TrainerCheckpoint.TileState state(AnalogTile tile) {
        if (tile instanceof ShdTile) {
            ShdTile shd = (ShdTile) tile;
            long fingerprint = Seeds.derive(fingerprint(shd.fast().devices()), fingerprint(shd.slow().devices()));
            return new TrainerCheckpoint.TileState(TrainerCheckpoint.TileState.TRANSFER, shd.slow().deviceWeights(),
                    shd.fast().deviceWeights(), shd.nextTransferRow(), shd.updatesSinceTransfer(), shd.transfers(), fingerprint,
                    shd.bufferState(), engines(shd.slow()), engines(shd.fast()));
        }
        if (tile instanceof PulsedTile) {
            PulsedTile analog = (PulsedTile) tile;
            return new TrainerCheckpoint.TileState(TrainerCheckpoint.TileState.ANALOG, analog.deviceWeights(), null, 0, 0, 0,
                    fingerprint(analog.devices()), null, engines(analog), null);
        }
        return new TrainerCheckpoint.TileState(TrainerCheckpoint.TileState.FLOATING_POINT, tile.readWeights(), null, 0, 0, 0, 0,
                null, null, null);
    }

    /** A behavioral array's engine state, or null for an ngspice one. */
    private static BehavioralTile.EngineState engines(PulsedTile array) {
        return array instanceof BehavioralTile behavioral ? behavioral.engineState() : null;
    }

    /** Restores a behavioral array's engine state ({@link #engines}); nothing for an ngspice one. */
    private static void restoreEngines(PulsedTile array, BehavioralTile.EngineState saved) {
        if (array instanceof BehavioralTile behavioral && saved != null) {
            behavioral.restoreEngines(saved);
        }
    }

    /**
     * Counts the energy of every analog array of the network ({@link PulsedTile#trackEnergy}), the engines one circuit
     * read and one update in {@code every} of each kind.
     */
    private void trackEnergy(CostModel cost, int every) {
        for (AnalogTile layer : tiles) {
            List<PulsedTile> updated = new ArrayList<>();
            List<PulsedTile> targets = new ArrayList<>();
            for (AnalogTile part : SplitTile.physical(layer)) {
                if (part instanceof ShdTile shd) {
                    updated.add(shd.fast());
                    targets.add(shd.slow());
                } else if (part instanceof PulsedTile analog) {
                    updated.add(analog);
                }
            }
            updated.forEach(t -> t.trackEnergy(cost, every));
            targets.forEach(t -> t.trackEnergy(cost, every));
            updatedArrays.add(updated);
            transferTargets.add(targets);
        }
    }

    /** How many operations' energy the engines counted and how many were estimated so far ({@link PulsedTile#energyEstimate}). */
    private EnergyEstimate energyEstimate() {
        EnergyEstimate sum = EnergyEstimate.NONE;
        for (int l = 0; l < updatedArrays.size(); l++) {
            for (PulsedTile t : updatedArrays.get(l)) {
                sum = sum.plus(t.energyEstimate());
            }
            for (PulsedTile t : transferTargets.get(l)) {
                sum = sum.plus(t.energyEstimate());
            }
        }
        return sum;
    }

    /** A copy of every array's tally; null when energy is not counted. */
    private Map<PulsedTile, EnergyTally> snapshot() {
        if (updatedArrays.isEmpty()) {
            return null;
        }
        Map<PulsedTile, EnergyTally> out = new java.util.LinkedHashMap<>(); // in the network's order, which total() sums in
        for (int l = 0; l < updatedArrays.size(); l++) {
            for (PulsedTile t : updatedArrays.get(l)) {
                out.put(t, t.energy().copy());
            }
            for (PulsedTile t : transferTargets.get(l)) {
                out.put(t, t.energy().copy());
            }
        }
        return out;
    }

    /** Per layer, what its arrays did between two snapshots. */
    private List<LayerEnergy> layerEnergy(Map<PulsedTile, EnergyTally> from, Map<PulsedTile, EnergyTally> to) {
        List<LayerEnergy> out = new ArrayList<>();
        for (int l = 0; l < updatedArrays.size(); l++) {
            EnergyBreakdown reads = EnergyBreakdown.ZERO;
            EnergyBreakdown updates = EnergyBreakdown.ZERO;
            EnergyBreakdown transfers = EnergyBreakdown.ZERO;
            double readSeconds = 0;
            double updateSeconds = 0;
            double transferSeconds = 0;
            List<PulsedTile> all = new ArrayList<>(updatedArrays.get(l));
            all.addAll(transferTargets.get(l));
            for (PulsedTile t : all) {
                EnergyTally d = to.get(t).minus(from.get(t));
                boolean target = transferTargets.get(l).contains(t);
                for (EnergyTally.Operation op : new EnergyTally.Operation[] {EnergyTally.Operation.FORWARD_READ,
                        EnergyTally.Operation.BACKWARD_READ}) {
                    reads = reads.plus(d.energy(op));
                    readSeconds += d.seconds(op);
                }
                transfers = transfers.plus(d.energy(EnergyTally.Operation.TRANSFER_READ));
                transferSeconds += d.seconds(EnergyTally.Operation.TRANSFER_READ);
                if (target) {
                    transfers = transfers.plus(d.energy(EnergyTally.Operation.UPDATE));
                    transferSeconds += d.seconds(EnergyTally.Operation.UPDATE);
                } else {
                    updates = updates.plus(d.energy(EnergyTally.Operation.UPDATE));
                    updateSeconds += d.seconds(EnergyTally.Operation.UPDATE);
                }
            }
            out.add(new LayerEnergy(reads, updates, transfers, readSeconds, updateSeconds, transferSeconds));
        }
        return out;
    }

    /** Everything the arrays did between two snapshots (J). */
    private static EnergyBreakdown total(Map<PulsedTile, EnergyTally> from, Map<PulsedTile, EnergyTally> to) {
        EnergyBreakdown sum = EnergyBreakdown.ZERO;
        for (Map.Entry<PulsedTile, EnergyTally> e : to.entrySet()) {
            sum = sum.plus(e.getValue().minus(from.get(e.getKey())).total());
        }
        return sum;
    }

    /**
     * The energy of each epoch of this trainer's session (an epoch resumed within counts from its start, kept in the
     * checkpoint; from the resumption where the checkpoint did not keep it); empty unless the config's {@code energy} is on.
     */
    public List<EpochEnergy> energyHistory() {
        return java.util.Collections.unmodifiableList(energyHistory);
    }

    /**
     * The energy of the epoch under way, from its start (or this trainer's resumption within it) to now, with the test
     * evaluation taken since the last step ({@link #testWithinEpoch}) as its test part (else 0); null at an epoch
     * boundary or unless the config's {@code energy} is on. A run that its {@code steps} limit stops within an epoch
     * reports this.
     */
    public EpochEnergy epochEnergySoFar() {
        if (epochStart == null || epochStep == 0) {
            return null;
        }
        Map<PulsedTile, EnergyTally> trainEnd = beforeTest != null ? beforeTest : snapshot();
        return new EpochEnergy(epochsDone + 1, epochSamplesDone() - epochStartSamples, layerEnergy(epochStart, trainEnd),
                testedWithinEpoch != null ? testedWithinEpoch : EnergyBreakdown.ZERO, energyEstimate());
    }

    /** Training samples of an epoch. */
    public int epochSamples() {
        return order.length;
    }

    /** Training samples of the current epoch done so far. */
    private long epochSamplesDone() {
        return Math.min((long) epochStep * config.batchSize(), order.length);
    }

    /**
     * What a user should know about the run's devices before trusting its figures, one sentence each: per layer, the
     * devices whose own lower bound lies below the weight of 0 S ({@link DeviceConductance#zeroWeight()}), which stay at
     * 0 S there, with the device preset's gMin that would hold them all; and with ngspice's transient updates, a pulse
     * of so many edges that its steps crawl ({@link org.xbarspice.device.PulseShape#slowTransient}). Empty
     * unless the run takes conductances (circuit reads, IR-drop-aware updates, ngspice, energy).
     */
    public List<String> deviceWarnings() {
        TileSpec spec = config.tileSpec();
        if (!(spec.read().isCircuitRead() || config.irDrop() || config.engine().spice() || config.energy())) {
            return List.of();
        }
        ConductanceRange range = spec.conductance();
        double zero = DeviceConductance.of(spec.device(), range).zeroWeight();
        double wMin = spec.device().wMin();
        double span = spec.device().wMax() - wMin;
        List<String> out = new ArrayList<>();
        for (int l = 0; l < tiles.length; l++) {
            long below = 0;
            long total = 0;
            double lowest = Double.POSITIVE_INFINITY;
            for (AnalogTile part : SplitTile.physical(tiles[l])) {
                for (PulsedTile array : arrays(part)) {
                    below += array.devices().lowerBoundsBelow(zero);
                    total += array.devices().size();
                    lowest = Math.min(lowest, array.devices().lowestBound());
                }
            }
            if (below > 0) {
                double ratio = (wMin - lowest) / span; // gMin / (gMax - gMin) that puts the weight of 0 S at the lowest bound
                BigDecimal gMin = new BigDecimal(ratio * range.gMaxSiemens() / (1 + ratio))
                        .round(new MathContext(3, RoundingMode.CEILING)); // printed rounded up, so that it holds them
                out.add(String.format(Locale.ROOT, "layer %d: %d of %d devices (%.1f %%) have their own lower bound below "
                        + "w = %.4g, the weight of 0 S over %.3g..%.3g S, and stay at 0 S below it: raise the device "
                        + "preset's gMin to %.2e S or more, or narrow the spread of its bounds", l + 1, below, total,
                        100.0 * below / total, zero, range.gMinSiemens(), range.gMaxSiemens(), gMin.doubleValue()));
            }
        }
        if (config.engine().spice() && config.spiceUpdateMode() == SpiceUpdater.Mode.TRANSIENT) {
            String slow = spec.compact().pulse().slowTransient(spec.bl(), "an update of as many slots takes as long; use "
                    + "--update-mode quasi-static, or a preset with longer edges (spice.pulse.edgeSecond)");
            if (slow != null) {
                out.add(slow);
            }
        }
        return out;
    }

    /**
     * Per layer, where a TIA sense clipped any output of the layer's circuit reads in the run (its arrays', A and C
     * alike: {@link PulsedTile#outputsAndTiaLimited}; those before a resume too, {@link #readCounts}), one sentence with
     * the count and the remedies. A clipped output reads
     * wrong, and where the reference column clips as well the difference of the two limits reads 0, which bound management
     * does not see (300 rows of 5.5 uS at 0.2 V: 0.33 mA against the limit's 0.3 mA, every output 0 where an ideal sense
     * reads about 6). Empty without a TIA.
     */
    public List<String> tiaLimitWarnings() {
        if (!(config.tileSpec().read().sense() instanceof Sense.Tia tia)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        long[] counts = readCounts();
        for (int l = 0; l < tiles.length; l++) {
            long outputs = counts[READ_COUNTS_PER_LAYER * l];
            long clipped = counts[READ_COUNTS_PER_LAYER * l + 1];
            if (clipped > 0) {
                out.add(String.format(Locale.ROOT, "layer %d: %d of the %d outputs read through the TIA (%.1f %%) were at "
                        + "its limit, %.3g V / %.0f ohm = %.3g mA (a column's current or its reference column's), and read "
                        + "wrong (0 where both clipped); use --sense ideal, or smaller arrays (--max-tile-inputs)", l + 1,
                        clipped, outputs, 100.0 * clipped / outputs, tia.outputLimitVolt(), tia.feedbackOhm(),
                        1e3 * tia.outputLimitVolt() / tia.feedbackOhm()));
            }
        }
        return out;
    }

    /**
     * Share of a layer's read outputs, of its bound-managed reads or of the others, clipped at the ADC's full scale
     * beyond which {@link #adcClipWarnings} names the layer. Read noise alone does not reach the default bound (SGD and
     * Tiki-Taka, 64-32-10 on 2000 8x8 digits, two epochs: 0 of 288000 forward and 0 of 128000 backward and transfer
     * outputs clipped at +-12), so a share of one in a thousand is a bound too low for the outputs, not noise at its
     * edge (at +-0.75 Tiki-Taka's layer 2 clipped 21 % of its 90000 forward and transfer outputs, test accuracy 12.6 %
     * against 37.6 %); a clip or two that noise rounds past the bound stays below it.
     */
    static final double ADC_CLIPPED_SHARE = 0.001;

    /**
     * Per layer, where more than {@link #ADC_CLIPPED_SHARE} of the outputs of the run's reads with bound management
     * (forward) or of those without (backward, and SHD's transfer reads of A) were beyond the ADC's full scale {@code
     * outputBound} and clipped there in the values read ({@link PulsedTile#outputsAndAdcClipped}; its arrays', A and C
     * alike; those before a resume too, {@link #readCounts}), one sentence with both shares and the remedies. Nothing
     * else reports these outputs, which read short: bound management reads a forward output again at smaller inputs
     * until it fits (down to the DAC's resolution), and the others not at all, as aihwkit.
     */
    public List<String> adcClipWarnings() {
        double bound = config.tileSpec().read().outputBound();
        long[] counts = readCounts();
        List<String> out = new ArrayList<>();
        for (int l = 0; l < tiles.length; l++) {
            int at = READ_COUNTS_PER_LAYER * l;
            long managed = counts[at + 2];
            long managedClipped = counts[at + 3];
            long unmanaged = counts[at + 4];
            long unmanagedClipped = counts[at + 5];
            if (managedClipped > ADC_CLIPPED_SHARE * managed || unmanagedClipped > ADC_CLIPPED_SHARE * unmanaged) {
                // a kind of read the layer never made is left out: SGD's input layer reads no backward ("0.00 % of
                // the 0 of backward and transfer reads" told of reads that were not there)
                String forward = managed == 0 ? "" : String.format(Locale.ROOT, "%.2f %% of the %d outputs of forward "
                        + "reads", share(managedClipped, managed), managed);
                String others = unmanaged == 0 ? "" : String.format(Locale.ROOT, "%.2f %% of the %d %sof backward and "
                        + "transfer reads", share(unmanagedClipped, unmanaged), unmanaged, managed == 0 ? "outputs " : "");
                out.add(String.format(Locale.ROOT, "layer %d: %s%s%s were beyond the ADC's full scale +-%.3g and read as "
                        + "+-%.3g, short of the product (bound management repeats forward reads at smaller inputs, down to "
                        + "the DAC's resolution, the others not); raise --output-bound (key outputBound), or split the layer "
                        + "over arrays of fewer inputs (--max-tile-inputs: shorter forward sums) or outputs "
                        + "(--max-tile-outputs: shorter backward sums)", l + 1, forward,
                        forward.isEmpty() || others.isEmpty() ? "" : " and ", others, bound, bound));
            }
        }
        return out;
    }

    /** {@code part} of {@code all} in percent, 0 of none. */
    private static double share(long part, long all) {
        return all == 0 ? 0 : 100.0 * part / all;
    }

    /**
     * Share of an array's pulsed updates beyond which {@link #saturationWarnings} names it: a saturated update's largest
     * lines fire in every slot, so its steps fall far short of {@code lr x d'} ({@link PulseTrainDrawer#SATURATED}; 8x8
     * digits, 64-32-10, SGD with lr 1: 12.75 % accuracy, 99.9 % of layer 2's updates saturated, and no word).
     */
    static final double SATURATED_SHARE = 0.01;

    /**
     * Per layer and array role (A, C, or the array of a one-array algorithm), where more than {@link #SATURATED_SHARE}
     * of the run's pulsed updates saturated ({@link PulseTrainDrawer#saturatedDraws}; those before a resume too,
     * {@link #updateCounts}), one sentence each with the share and the remedy (the {@code update} and {@code toy}
     * commands warn of any saturation, one update at a time); for fp, of its updates oversized ({@link
     * FloatingPointTile#OVERSIZED_STEP}).
     */
    public List<String> saturationWarnings() {
        List<String> out = new ArrayList<>();
        long[] counts = updateCounts();
        for (int l = 0; l < tiles.length; l++) {
            long[][] roles = new long[2][2]; // [A or the one array, C][draws, saturated]
            for (int k = 0; k < COUNTS_PER_LAYER; k++) {
                roles[k / 2][k % 2] = counts[COUNTS_PER_LAYER * l + k];
            }
            for (int r = 0; r < 2; r++) {
                if (roles[r][0] == 0 || roles[r][1] <= SATURATED_SHARE * roles[r][0]) {
                    continue;
                }
                double share = 100.0 * roles[r][1] / roles[r][0];
                boolean twoArrays = config.algorithm().transfers();
                out.add(!config.algorithm().analog()
                        ? String.format(Locale.ROOT, "layer %d: %.1f %% of the %d updates stepped a weight by more than %.0f "
                                + "(lr max|x| max|d| > %.0f, ten times the largest initial weight): such steps overshoot, "
                                + "and the network no longer follows its gradient; lower --lr", l + 1, share, roles[r][0],
                                FloatingPointTile.OVERSIZED_STEP, FloatingPointTile.OVERSIZED_STEP)
                        : String.format(Locale.ROOT, "layer %d%s: %.1f %% of the %d pulsed updates asked for more than %.0f "
                                + "times what an update gives (lr max|x| max|d| > %.0f BL dw_min): their largest lines fired in "
                                + "every slot, and the steps fell far short of lr x d; lower %s, or raise --bl", l + 1,
                                twoArrays ? (r == 0 ? ", array A" : ", array C (transfers)") : "", share, roles[r][0],
                                PulseTrainDrawer.SATURATED, PulseTrainDrawer.SATURATED,
                                !twoArrays ? "--lr" : r == 0 ? "--fast-lr" : "--transfer-lr"));
            }
        }
        return out;
    }

    /**
     * The counts a checkpoint kept ({@code kept}: {@link #updateCounts} or {@link #readCounts}), or {@code zeros}, the
     * constructor's, where an older checkpoint kept none; {@code what} names them in the refusal of a wrong length.
     */
    private static long[] countsBefore(long[] kept, long[] zeros, String what) {
        if (kept.length == 0) {
            return zeros;
        }
        if (kept.length != zeros.length) {
            throw new InvalidInputException("checkpoint: " + kept.length + " " + what + " counts where the network's "
                    + "layers take " + zeros.length);
        }
        return kept.clone();
    }

    /** Counts of {@link #updateCounts} a layer: updates and saturated ones of A or the one array, then of C. */
    private static final int COUNTS_PER_LAYER = 4;

    /**
     * Per layer, the run's updates so far and those that saturated (fp: oversized), {@value #COUNTS_PER_LAYER} a layer:
     * of A or the one array, then of C; the sessions before a resume's ({@link #updatesBefore}) included.
     */
    long[] updateCounts() {
        long[] out = updatesBefore.clone();
        for (int l = 0; l < tiles.length; l++) {
            for (AnalogTile part : SplitTile.physical(tiles[l])) {
                List<PulsedTile> arrays = arrays(part);
                for (int r = 0; r < arrays.size(); r++) {
                    long[] counts = arrays.get(r).drawsAndSaturated();
                    out[COUNTS_PER_LAYER * l + 2 * r] += counts[0];
                    out[COUNTS_PER_LAYER * l + 2 * r + 1] += counts[1];
                }
                if (part instanceof FloatingPointTile fp) {
                    long[] counts = fp.updatesAndOversized();
                    out[COUNTS_PER_LAYER * l] += counts[0];
                    out[COUNTS_PER_LAYER * l + 1] += counts[1];
                }
            }
        }
        return out;
    }

    /**
     * Counts of {@link #readCounts} a layer: outputs read through a TIA and those it clipped, then outputs of the reads
     * with bound management and those clipped at the ADC's full scale, then the same of the reads without.
     */
    private static final int READ_COUNTS_PER_LAYER = 6;

    /**
     * Per layer, the outputs the run's reads gave so far and those clipped ({@link #tiaLimitWarnings}, {@link
     * #adcClipWarnings}), {@value #READ_COUNTS_PER_LAYER} a layer; the sessions before a resume's ({@link #readsBefore})
     * included.
     */
    long[] readCounts() {
        long[] out = readsBefore.clone();
        for (int l = 0; l < tiles.length; l++) {
            for (AnalogTile part : SplitTile.physical(tiles[l])) {
                for (PulsedTile array : arrays(part)) {
                    long[] tia = array.outputsAndTiaLimited();
                    long[] adc = array.outputsAndAdcClipped();
                    int at = READ_COUNTS_PER_LAYER * l;
                    out[at] += tia[0];
                    out[at + 1] += tia[1];
                    for (int k = 0; k < adc.length; k++) {
                        out[at + 2 + k] += adc[k];
                    }
                }
            }
        }
        return out;
    }

    /** The physical tiles of every layer, input layer first (the parts of a split layer in their order). */
    List<AnalogTile> physicalTiles() {
        List<AnalogTile> out = new ArrayList<>();
        for (AnalogTile tile : tiles) {
            out.addAll(SplitTile.physical(tile));
        }
        return out;
    }

    private static void restore(int index, AnalogTile tile, TrainerCheckpoint.TileState saved) {
        TrainerCheckpoint.TileState fresh = state(tile);
        if (fresh.kind() != saved.kind() || fresh.weights().length != saved.weights().length) {
            throw new InvalidInputException("checkpoint tile " + index + " does not fit the network: kind " + saved.kind() + " with "
                    + saved.weights().length + " weights, the network's tile has kind " + fresh.kind() + " with "
                    + fresh.weights().length);
        }
        if (fresh.deviceFingerprint() != saved.deviceFingerprint()) {
            throw new InvalidInputException("checkpoint tile " + index + ": the devices sampled from the seed differ from the "
                    + "checkpoint's (the device preset file changed?): resume with the preset the run started with");
        }
        if (tile instanceof ShdTile) {
            ShdTile shd = (ShdTile) tile;
            shd.slow().setDeviceWeights(saved.weights());
            shd.fast().setDeviceWeights(saved.fastWeights());
            shd.setTransferState(saved.nextTransferRow(), saved.updatesSinceTransfer(), saved.transfers());
            if (saved.bufferState() != null || shd.buffer() != null) {
                shd.setBufferState(saved.bufferState());
            }
            restoreEngines(shd.slow(), saved.engines());
            restoreEngines(shd.fast(), saved.fastEngines());
        } else if (tile instanceof PulsedTile) {
            ((PulsedTile) tile).setDeviceWeights(saved.weights());
            restoreEngines((PulsedTile) tile, saved.engines());
        } else {
            ((FloatingPointTile) tile).setWeights(saved.weights());
        }
        TrainerCheckpoint.TileState restored = state(tile);
        if (!restored.sameState(saved)) {
            boolean weights = Arrays.equals(restored.weights(), saved.weights())
                    && Arrays.equals(restored.fastWeights(), saved.fastWeights());
            throw new InvalidInputException("checkpoint tile " + index + ": " + (weights ? "the stored engine state (check "
                    + "schedule, fast reader, spot checks) does not fit the tile" : "the stored weights lie outside the "
                    + "devices' bounds") + " and cannot be restored exactly: resume from a checkpoint written by xbarspice");
        }
    }

    /** A hash of every sampled parameter of every device (dwMin, scales, bounds), in index order. */
    static long fingerprint(DeviceArray devices) {
        long h = devices.rows() * 31L + devices.cols();
        for (int k = 0; k < devices.size(); k++) {
            h = Seeds.derive(h, Double.doubleToLongBits(devices.dwMin(k)), Double.doubleToLongBits(devices.upScale(k)),
                    Double.doubleToLongBits(devices.downScale(k)), Double.doubleToLongBits(devices.wMin(k)),
                    Double.doubleToLongBits(devices.wMax(k)));
        }
        return h;
    }

    /**
     * The spot checks of the fast IR-drop mode of every behavioral array over the whole run (including those of a
     * restored checkpoint); {@link IrDropCheck#NONE} in exact mode or without wires.
     */
    public IrDropCheck irDropCheck() {
        IrDropCheck sum = checkedBefore;
        for (AnalogTile tile : physicalTiles()) {
            for (PulsedTile array : arrays(tile)) {
                sum = sum.plus(check(array));
            }
        }
        return sum;
    }

    /**
     * The calibrated IR-drop mode's warning that its position model carries over poorly to this run's arrays
     * ({@link IrDropCheck#poorCarryOverWarning}, from the spot checks of the whole run so far); null in other modes or
     * where the checks find it close enough.
     */
    public String carryOverWarning() {
        if (!config.checksIrDrop() || config.irDropSolve().mode() != IrDrop.Mode.CALIBRATED) {
            return null;
        }
        return irDropCheck().poorCarryOverWarning();
    }

    /**
     * Everything a user should know before trusting the run's figures, as its summary keeps them: {@link #deviceWarnings},
     * {@link #saturationWarnings}, {@link #tiaLimitWarnings}, {@link #adcClipWarnings}, then {@link #carryOverWarning}
     * where there is one.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(deviceWarnings());
        warnings.addAll(saturationWarnings());
        warnings.addAll(tiaLimitWarnings());
        warnings.addAll(adcClipWarnings());
        String carryOver = carryOverWarning();
        if (carryOver != null) {
            warnings.add(carryOver);
        }
        return warnings;
    }

    /** The analog arrays of one physical tile: SHD's A and C, a pulsed tile itself, none for floating point. */
    private static List<PulsedTile> arrays(AnalogTile part) {
        return part instanceof ShdTile shd ? List.of(shd.fast(), shd.slow())
                : part instanceof PulsedTile analog ? List.of(analog) : List.of();
    }

    private static IrDropCheck check(AnalogTile tile) {
        return tile instanceof BehavioralTile behavioral ? behavioral.irDropCheck() : IrDropCheck.NONE;
    }

    /**
     * {@link #irDropCheck()} as it was at the end of each epoch of {@link #history()}, in order (including those of a
     * restored checkpoint).
     */
    public List<IrDropCheck> irDropCheckHistory() {
        return List.copyOf(checkHistory);
    }

    /** The network being trained. */
    public Mlp network() {
        return network;
    }

    /** The config. */
    public TrainConfig config() {
        return config;
    }

    /** Training steps (minibatches) done in all, across epochs (including those of a restored checkpoint). */
    public long stepsDone() {
        return stepsDone;
    }

    /** Steps done in the current epoch, 0 at an epoch boundary. */
    public int epochStep() {
        return epochStep;
    }

    /** The training loss and accuracy of the current epoch's steps so far (after its last step: of the whole epoch). */
    public Tally epochTally() {
        return trained;
    }

    /** Epochs completed (including those of a restored checkpoint). */
    public int epochsDone() {
        return epochsDone;
    }

    /** The metrics of every completed epoch, first epoch first (including those of a restored checkpoint). */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }
}
