package org.xbarspice.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceTimeoutException;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.ShutdownGuard;
import org.xbarspice.units.WritablePaths;

/**
 * One training run in its folder, as the {@code train} command, the demo and user code run it: the engine from the
 * config (behavioral tiles epoch by epoch; ngspice tiles step by step, with the behavioral twin in lockstep for engine
 * both), the result files and a checkpoint after every epoch (ngspice: also every {@code checkpointEvery} steps), and
 * {@link #resume} from the folder where the last checkpoint was.
 *
 * <p>A run holds its folder from before its first file to its end (an empty lock file, {@code .lock}, which
 * stays): a second run into it, new or resumed, is refused at once. A new run is also refused where the folder holds a
 * run's files already (with a checkpoint, {@link #resume} continues that run). Everything is checked before the first
 * result file is written, so a rejected run leaves its results as they were. The
 * checkpoint ({@value #CHECKPOINT}) has one format for every engine: a count, then each run's
 * {@link TrainerCheckpoint} length-prefixed (the ngspice run first, its behavioral twin second), written last in one
 * atomic move, so a kill never leaves it ahead of the results. The files themselves are written by a {@link Results}
 * (the report layer's {@code TrainRunFiles}); progress goes to a {@link Progress}.
 */
public final class TrainingRun {
    /** The run's config, written before training starts. */
    public static final String CONFIG = "config.json";
    /** The run's checkpoint. */
    public static final String CHECKPOINT = "checkpoint.bin";

    /** How a run shows its progress (the command line: progress bars and lines). All methods do nothing by default. */
    public interface Progress {
        /** One line of news: the run's header, an epoch's figures. */
        default void message(String line) {
        }

        /** Something the user should know before trusting the run's figures ({@link Trainer#deviceWarnings()}). */
        default void warning(String text) {
        }

        /**
         * A task of {@code total} units begins with {@code done} of them done: the samples of an epoch, or the steps of an
         * ngspice run ({@code unit} names them: samples, steps).
         */
        default void start(String task, String unit, long total, long done) {
        }

        /** {@code done} units of the task are done; the running mean training loss is {@code loss}. */
        default void advance(long done, double loss) {
        }

        /** The task ended. */
        default void end() {
        }
    }

    /** A progress that shows nothing. */
    public static final Progress SILENT = new Progress() {
    };

    /** Where a run leaves its files; the checkpoint bytes are written last. */
    public interface Results {
        /**
         * The names of every file it writes into a run's folder, {@value TrainingRun#CONFIG} and
         * {@value TrainingRun#CHECKPOINT} among them.
         */
        List<String> files();

        /** Writes the run's config, the folder first losing the temporary files a killed session left. */
        void config(Path dir, TrainConfig config);

        /** A behavioral run after an epoch: its results, then {@code checkpoint}. */
        void epoch(Path dir, Trainer trainer, List<Double> epochSeconds, byte[] checkpoint);

        /**
         * An ngspice run at a checkpoint: its results (with the lockstep twin, or null), then {@code checkpoint}; {@code
         * earlier} the times of the sessions before this one ({@link #recordedTimes}), which this session's are added to.
         */
        void steps(Path dir, Trainer spice, Lockstep lockstep, double seconds, Times earlier, byte[] checkpoint);

        /** The epoch times (s) an earlier session of the run in {@code dir} recorded, NaN where unknown. */
        List<Double> recordedEpochSeconds(Path dir, int epochs);

        /**
         * The times of the earlier sessions of the ngspice run in {@code dir} up to its checkpoint's {@code stepsDone}
         * steps ({@link Times#NONE} if none recorded).
         */
        Times recordedTimes(Path dir, long stepsDone);

        /** The lockstep divergence rows an earlier session of the run in {@code dir} recorded. */
        List<Lockstep.Divergence> recordedDivergence(Path dir);
    }

    /**
     * The times of an ngspice run's sessions so far (s): its training time and the time inside ngspice, summed over every
     * instance.
     */
    public record Times(double trainSeconds, double engineSeconds) {
        /** No session before. */
        public static final Times NONE = new Times(0, 0);

        /**
         * The times a run's files recorded after {@code recordedSteps} steps, taken for its checkpoint's {@code
         * checkpointSteps}: as recorded when they are the same; else (a run stopped after its results and before its
         * checkpoint, which it resumes from) the recorded times per step over the checkpoint's steps, since the steps
         * after it are trained again.
         */
        public static Times atCheckpoint(double trainSeconds, double engineSeconds, long recordedSteps, long checkpointSteps) {
            double share = recordedSteps <= checkpointSteps ? 1 : (double) checkpointSteps / recordedSteps;
            return new Times(trainSeconds * share, engineSeconds * share);
        }
    }

    /**
     * What a session of a run did.
     *
     * @param history        the metrics of every epoch the run has ended (earlier sessions' included)
     * @param stepsDone      training steps done in total
     * @param finished       whether the run reached its end (not stopped by its steps limit inside an epoch)
     * @param wroteResults   whether this session wrote results (false when no epoch ended and no checkpoint was due)
     * @param irDropCheck    the fast IR-drop spot checks of the run's tiles ({@link IrDropCheck#NONE} without them)
     * @param seconds        training time of the run (s), earlier sessions' included as they recorded it (the
     *                       {@code trainSeconds} of the summary)
     * @param energy         the energy of every epoch this session ended (empty unless the config counts energy)
     * @param warnings       what a user should know before trusting the figures ({@link Trainer#warnings()})
     */
    public record Result(List<EpochMetrics> history, long stepsDone, boolean finished, boolean wroteResults,
                         IrDropCheck irDropCheck, double seconds, List<EpochEnergy> energy, List<String> warnings) {
        public Result {
            history = List.copyOf(history);
            energy = List.copyOf(energy);
            warnings = List.copyOf(warnings);
        }

        private static Result of(Trainer trainer, boolean wrote, double seconds) {
            return new Result(trainer.history(), trainer.stepsDone(), trainer.finished(), wrote, trainer.irDropCheck(),
                    seconds, trainer.energyHistory(), trainer.warnings());
        }
    }

    private final Path dir;
    private final TrainConfig config;
    private final TrainTest data;
    /** The saved checkpoints of a resumed run (ngspice first), empty for a new one. */
    private final List<TrainerCheckpoint> saved;
    /** Whether this session warned of saturated updates ({@link Trainer#saturationWarnings}, once a run). */
    private boolean saturationWarned;
    /** Whether this session warned of outputs clipped by a TIA ({@link Trainer#tiaLimitWarnings}, once a run). */
    private boolean tiaWarned;
    /** Whether this session warned of outputs clipped at the ADC's full scale ({@link Trainer#adcClipWarnings}, once a run). */
    private boolean adcClipWarned;
    /** Whether this session warned of {@link IrDropCheck#POOR_CARRY_OVER} (once a run). */
    private boolean carryWarned;
    /** Whether a new run replaces the files an earlier attempt left in its folder before its first checkpoint. */
    private final boolean startsOver;

    private TrainingRun(Path dir, TrainConfig config, TrainTest data, List<TrainerCheckpoint> saved, boolean startsOver) {
        this.dir = Objects.requireNonNull(dir, "run folder");
        this.config = Objects.requireNonNull(config, "config");
        this.data = Objects.requireNonNull(data, "data");
        config.checkFits(data);
        config.checkMemory(Runtime.getRuntime().maxMemory());
        int runs = config.engine() == Engine.BOTH ? 2 : 1;
        if (!saved.isEmpty() && saved.size() != runs) {
            throw new InvalidInputException(dir.resolve(CHECKPOINT) + " holds " + saved.size() + " run(s), engine "
                    + config.engine().id() + " needs " + runs + ": the checkpoint belongs to another run");
        }
        this.saved = saved;
        this.startsOver = startsOver;
    }

    /**
     * A new run of {@code config} on {@code data} in {@code dir} (checked; nothing is written before {@link #run}); refused
     * where {@code dir} is a file, and by {@link #run} where it holds a run's files already ({@link #resume} continues a
     * run from its checkpoint). Presets and data sets named by a relative path are kept absolute
     * ({@link TrainConfig#withAbsolutePaths}), so that a resume from another folder finds them.
     */
    public static TrainingRun start(Path dir, TrainConfig config, TrainTest data) {
        WritablePaths.requireWritableFolder("--out", dir);
        return new TrainingRun(dir, config.withAbsolutePaths(), data, List.of(), false);
    }

    /**
     * A new run as {@link #start}, in a folder that only its caller writes (a sweep's point), which replaces the files an
     * earlier attempt of it left there before its first checkpoint; refused by {@link #run} where that attempt left a
     * checkpoint ({@link #resume} continues it).
     */
    public static TrainingRun startOver(Path dir, TrainConfig config, TrainTest data) {
        WritablePaths.requireWritableFolder("--out", dir);
        return new TrainingRun(dir, config.withAbsolutePaths(), data, List.of(), true);
    }

    /**
     * The run in {@code dir} (its {@value #CONFIG} and {@value #CHECKPOINT}) continued on {@code data}, with
     * {@code epochs}, {@code steps} and {@code threads} (null: keep the saved ones). Refused (nothing written) when they ask for fewer
     * epochs or steps than the checkpoint has done, or the folder holds no run.
     */
    public static TrainingRun resume(Path dir, Integer epochs, Integer steps, Integer threads,
                                     Function<TrainConfig, TrainTest> data) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new InvalidInputException("--resume " + dir + (Files.isDirectory(dir) ? ": no " + CONFIG + " there"
                    : Files.exists(dir) ? " is not a folder" : " does not exist") + ": give the folder of a training run");
        }
        RunFolderLock.requireFree(dir); // a run still training there has no checkpoint yet, or is writing it
        TrainConfig config = TrainConfig.load(dir.resolve(CONFIG));
        if (!Files.isRegularFile(dir.resolve(CHECKPOINT))) {
            throw new InvalidInputException("--resume " + dir + ": its " + CONFIG + " is there, but no " + CHECKPOINT
                    + ": the run stopped before its first checkpoint was written (at the end of its first epoch, after "
                    + "its results; ngspice runs: after checkpointEvery steps), so there is nothing to continue; start it anew in another folder, e.g. train --config " + dir.resolve(CONFIG)
                    + " --out " + dir + "-anew" + (config.steps() > 0 ? " (its config stops after " + config.steps()
                    + " steps; add --steps N for another length, 0 for every epoch)" : ""));
        }
        List<TrainerCheckpoint> checkpoints = readCheckpoints(dir.resolve(CHECKPOINT));
        for (TrainerCheckpoint checkpoint : checkpoints) { // before its counts are compared with the ones asked for
            Trainer.requireSameConfig(config, checkpoint);
        }
        TrainerCheckpoint done = checkpoints.get(0);
        int newEpochs = epochs != null ? epochs : config.epochs();
        int newSteps = steps != null ? steps : config.steps();
        if (newEpochs < done.epochsDone()) {
            throw new InvalidInputException("--epochs " + newEpochs + " is fewer than the " + done.epochsDone() + " epochs the "
                    + "run in " + dir + " has done: give --epochs " + done.epochsDone() + " or more, or leave --epochs out to "
                    + "keep its " + config.epochs() + "; nothing was changed");
        }
        if (newSteps > 0 && newSteps < done.stepsDone()) {
            throw new InvalidInputException("--steps " + newSteps + " is fewer than the " + done.stepsDone() + " steps the run "
                    + "in " + dir + " has done: give --steps " + done.stepsDone() + " or more, 0 for no limit, or leave --steps "
                    + "out to keep its " + config.steps() + "; nothing was changed");
        }
        TrainConfig resumed = config.withLength(newEpochs, newSteps).withThreads(threads != null ? threads : config.threads());
        return new TrainingRun(dir, resumed, data.apply(resumed), checkpoints, false);
    }

    /** The run's config (for a resumed run, with the length asked for). */
    public TrainConfig config() {
        return config;
    }

    /** The run's data. */
    public TrainTest data() {
        return data;
    }

    /** The run's folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Trains to the end of the run (or its steps limit), holding its folder, writing the config first (once the trainer is
     * built; not for a resumed run with nothing left to do), then results and checkpoints. Refused (nothing written)
     * where another run is using the folder, or a new run's folder holds a run's files already.
     *
     * @return what the session did (for an engine-both run: the ngspice run's figures)
     */
    public Result run(Results results, Progress progress) {
        if (saved.isEmpty()) {
            requireNoEarlierRun(results.files(), false); // before the lock too: a refused run creates no lock file
        }
        requireAnEpochWithinTheSteps();
        // built before the lock too: tiles that refuse the config (a position model that does not carry over) create nothing
        Trainer behavioral = config.engine().spice() ? null
                : saved.isEmpty() ? new Trainer(config, data) : Trainer.resume(config, data, saved.get(0));
        try (RunFolderLock held = RunFolderLock.take(dir)) {
            if (saved.isEmpty()) {
                requireNoEarlierRun(results.files(), true); // a run that ended since the first check left its files
            } else {
                requireUnchangedCheckpoint();
            }
            try {
                return behavioral == null ? runSpice(results, progress) : runBehavioral(behavioral, results, progress);
            } catch (SpiceException e) {
                removeFilesOfAFailedStart(results.files());
                throw Files.isRegularFile(dir.resolve(CHECKPOINT)) ? withKeptCheckpoint(e, dir) : e;
            } catch (RuntimeException | Error e) {
                removeFilesOfAFailedStart(results.files());
                throw e;
            }
        }
    }

    /**
     * {@code failure} (an ngspice analysis of the run in {@code dir} that failed or passed --timeout) with the step of the
     * checkpoint kept there and the command that continues from it, with --timeout when it timed out: the message said
     * to raise --timeout, and the same command with it was refused (the folder holds a run).
     */
    public static SpiceException withKeptCheckpoint(SpiceException failure, Path dir) {
        long step;
        try {
            step = readCheckpoints(dir.resolve(CHECKPOINT)).get(0).stepsDone();
        } catch (RuntimeException unreadable) {
            return failure; // the resumption names what is wrong with it
        }
        return failure.withAdvice("the run's checkpoint after step " + step + " is kept in " + dir + ": continue from it "
                + "with xbarspice train --resume " + dir + (failure instanceof SpiceTimeoutException ? " --timeout SECONDS"
                : ""));
    }

    /**
     * Removes the files a new run wrote before it failed without a checkpoint (its config alone: results come with the
     * checkpoint), which kept the folder from any run: a new one was refused for them and a resumption for the missing
     * checkpoint (a loss that turned NaN at step 2 left config.json behind). A resumed run, or one with a checkpoint,
     * keeps its files.
     */
    private void removeFilesOfAFailedStart(List<String> files) {
        if (!saved.isEmpty() || Files.exists(dir.resolve(CHECKPOINT))) {
            return;
        }
        for (String name : files) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException ignored) {
                // what stays is named by the next run's refusal
            }
        }
    }

    /**
     * Refuses a behavioral run, new or resumed with epochs left and another steps limit, whose steps limit ends within its
     * next epoch: it keeps its results (and its config) at the end of each epoch, so it would keep nothing (an ngspice run
     * keeps the epoch it stops within).
     */
    private void requireAnEpochWithinTheSteps() {
        int epochsDone = saved.isEmpty() ? 0 : saved.get(0).epochsDone();
        if (config.engine().spice() || config.steps() == 0 || epochsDone >= config.epochs()) {
            return;
        }
        if (!saved.isEmpty() && config.steps() == TrainConfig.parse(saved.get(0).configJson(), "checkpoint config").steps()) {
            return; // resumed with its own limit: it stops where it stopped before, its files as they were
        }
        int perEpoch = config.stepsPerEpoch(data.train().size());
        long nextEnd = (long) (epochsDone + 1) * perEpoch;
        if (config.steps() < nextEnd) {
            throw new InvalidInputException("--steps " + config.steps() + " (key steps) ends within epoch " + (epochsDone + 1)
                    + ", which ends at step " + nextEnd + " (" + data.train().size() + " training samples in batches of "
                    + config.batchSize() + "): a behavioral run keeps its results at the end of each epoch, so this "
                    + (saved.isEmpty() ? "one" : "resumption") + " would keep nothing; give --steps " + nextEnd
                    + " or more (0: no limit)" + (saved.isEmpty() ? ", or fewer --train-samples" : ""));
        }
    }

    /**
     * Writes the run's config once its trainer is built, unless a resumed run has nothing left to do ({@code trainer}
     * finished already): that one leaves every file as it was.
     */
    private void writeConfig(Results results, Trainer trainer) {
        if (saved.isEmpty() || !trainer.finished()) {
            results.config(dir, config);
        }
    }

    /**
     * Refuses a new run into a folder that holds the checkpoint of another (which {@link #resume} continues) or, unless the
     * run starts over, any other of the {@code files} a run writes: the new run would overwrite them. Where the folder
     * holds such files and this run does not hold it ({@code holding} false), a run still using it is what the refusal
     * names.
     */
    private void requireNoEarlierRun(List<String> files, boolean holding) {
        List<String> found = files.stream().filter(name -> (!startsOver || name.equals(CHECKPOINT))
                && Files.exists(dir.resolve(name))).toList();
        if (found.isEmpty()) {
            return;
        }
        if (!holding) {
            RunFolderLock.requireFree(dir);
        }
        if (found.contains(CHECKPOINT)) {
            throw new InvalidInputException(dir + " holds a training run already (its " + CHECKPOINT + "): continue it with "
                    + "--resume " + dir + ", or give another --out");
        }
        throw new InvalidInputException(dir + " holds a training run's files already (its " + String.join(", ", found)
                + "), but no " + CHECKPOINT + " to continue from: give another --out, or remove those files");
    }

    /**
     * Refuses a resumed run whose folder's checkpoint is no longer the one it was resumed from: another run continued
     * the folder between {@link #resume} and {@link #run}, and this one would go back to the older state over its results.
     */
    private void requireUnchangedCheckpoint() {
        TrainerCheckpoint now = readCheckpoints(dir.resolve(CHECKPOINT)).get(0);
        TrainerCheckpoint read = saved.get(0);
        if (now.stepsDone() != read.stepsDone() || now.epochsDone() != read.epochsDone()) {
            throw new InvalidInputException("the run in " + dir + " has moved on since it was read for --resume (another run "
                    + "continued it, from epoch " + read.epochsDone() + " to " + now.epochsDone() + "): resume it again");
        }
    }

    /** A loss (nats) for the progress lines: four decimals, or four significant digits from 1e6 on (not 300 digits). */
    static String loss(double nats) {
        return String.format(Locale.ROOT, Math.abs(nats) < 1e6 ? "%.4f" : "%.4g", nats);
    }

    private Result runBehavioral(Trainer trainer, Results results, Progress progress) {
        writeConfig(results, trainer);
        // fp takes no device (--device is refused with it)
        progress.message(String.format(Locale.ROOT, "%s on %s (%d train / %d test samples), %s, %s, %d epoch%s -> %s",
                config.algorithm().id(), config.dataset(), data.train().size(), data.test().size(), config.layers(),
                config.algorithm().analog() ? config.device() + " device" : "floating point", config.epochs(),
                config.epochs() == 1 ? "" : "s", dir));
        trainer.deviceWarnings().forEach(progress::warning);
        if (config.irDrop() && !config.irDropMode().equals(IrDrop.Mode.EXACT.id())) { // 10-20 s at 0 samples/s on 784-1024-10
            progress.message("the " + config.irDropMode() + " IR-drop mode solves each array's read matrix at its first read "
                    + "(one nodal solve per driven line): the first samples wait for them");
        }
        List<Double> seconds = new ArrayList<>(results.recordedEpochSeconds(dir, trainer.epochsDone()));
        boolean written = false;
        while (!trainer.finished()) {
            long start = System.nanoTime();
            progress.start(String.format(Locale.ROOT, "epoch %d/%d", trainer.epochsDone() + 1, config.epochs()), "samples",
                    data.train().size(), 0);
            EpochMetrics m;
            try {
                m = trainer.epoch(progress::advance);
            } finally {
                progress.end();
            }
            if (m == null) {
                progress.message(String.format(Locale.ROOT, "stopped after %d steps (steps limit) in epoch %d; the checkpoint "
                        + "stays at the end of epoch %d", trainer.stepsDone(), trainer.epochsDone() + 1, trainer.epochsDone()));
                break;
            }
            seconds.add((System.nanoTime() - start) * 1e-9);
            byte[] checkpoint = checkpointBytes(List.of(trainer.checkpoint()));
            ShutdownGuard.complete(() -> results.epoch(dir, trainer, seconds, checkpoint));
            written = true;
            progress.message(String.format(Locale.ROOT, "epoch %d: train loss %s, train accuracy %.2f %%, test accuracy "
                    + "%.2f %% (%.1f s)", m.epoch(), loss(m.trainLoss()), 100 * m.trainAccuracy(), 100 * m.testAccuracy(),
                    seconds.get(seconds.size() - 1)));
            saturationWarned = warnOnce(saturationWarned, trainer::saturationWarnings, progress);
            tiaWarned = warnOnce(tiaWarned, trainer::tiaLimitWarnings, progress);
            adcClipWarned = warnOnce(adcClipWarned, trainer::adcClipWarnings, progress);
            if (config.checksIrDrop()) {
                IrDropCheck check = trainer.irDropCheck();
                progress.message("  " + check.summary() + " (so far)");
                String poor = trainer.carryOverWarning();
                if (!carryWarned && poor != null) {
                    carryWarned = true;
                    progress.warning(poor);
                }
            }
        }
        return Result.of(trainer, written, seconds.stream().mapToDouble(Double::doubleValue).sum());
    }

    /**
     * Shows the {@code warnings} of one kind unless this session has shown that kind already ({@code shown}); returns
     * whether it has now.
     */
    private static boolean warnOnce(boolean shown, Supplier<List<String>> warnings, Progress progress) {
        if (shown) {
            return true;
        }
        List<String> now = warnings.get();
        now.forEach(progress::warning);
        return !now.isEmpty();
    }

    private Result runSpice(Results results, Progress progress) {
        int layers = config.layerSizes().length - 1;
        try (NgSpiceEngine engine = NgSpiceEngine.open(Math.max(1, Math.min(layers, config.resolvedThreads())))) {
            PulsedTile.Factory spiceArrays = SpiceTile.factory(new SpiceTile.Setup(engine, config.spiceUpdateMode()));
            Trainer spice = saved.isEmpty() ? new Trainer(config, data, spiceArrays)
                    : Trainer.resume(config, data, saved.get(0), spiceArrays);
            Lockstep lockstep = config.engine() != Engine.BOTH ? null : new Lockstep(spice, saved.isEmpty()
                    ? new Trainer(config, data, BehavioralTile::new)
                    : Trainer.resume(config, data, saved.get(1), BehavioralTile::new),
                    saved.isEmpty() ? List.of() : results.recordedDivergence(dir));
            // the header once the trainers are built: a resume whose config the checkpoint refuses prints nothing
            progress.message(String.format(Locale.ROOT, "%s on %s (%d train / %d test samples), %s, %s device, engine %s -> %s",
                    config.algorithm().id(), config.dataset(), data.train().size(), data.test().size(), config.layers(),
                    config.device(), config.engine().id(), dir));
            writeConfig(results, spice);
            spice.deviceWarnings().forEach(progress::warning);
            Times earlier = saved.isEmpty() ? Times.NONE : results.recordedTimes(dir, spice.stepsDone());
            double seconds = earlier.trainSeconds();
            long total = totalSteps();
            progress.message(String.format(Locale.ROOT, "ngspice %s, %d instance(s); %s updates; %d of %d steps done",
                    engine.version(), engine.instances(), config.updateMode(), spice.stepsDone(), total));
            long start = System.nanoTime();
            boolean written = false;
            double recorded = seconds; // the run's time as the files record it: up to the last write, not its own time
            progress.start("steps", "steps", total, spice.stepsDone());
            try {
                while (!spice.finished()) {
                    EpochMetrics ended = lockstep != null ? lockstep.step() : spice.step();
                    progress.advance(spice.stepsDone(), spice.epochTally().meanLoss());
                    if (spice.stepsDone() % config.checkpointEvery() == 0 || ended != null || spice.finished()) {
                        recorded = seconds + (System.nanoTime() - start) * 1e-9;
                        double upTo = recorded;
                        byte[] checkpoint = checkpoint(spice, lockstep);
                        ShutdownGuard.complete(() -> results.steps(dir, spice, lockstep, upTo, earlier, checkpoint));
                        written = spice.finished();
                    }
                    if (ended != null) {
                        progress.message(String.format(Locale.ROOT, "epoch %d: train loss %s, test accuracy %.2f %%",
                                ended.epoch(), loss(ended.trainLoss()), 100 * ended.testAccuracy()));
                        // as a behavioral run's, after the epoch: an ngspice run kept them to summary.json, not a word
                        // on the console (the ngspice run's: summary.json's warnings are its, the twin's are not)
                        saturationWarned = warnOnce(saturationWarned, spice::saturationWarnings, progress);
                        tiaWarned = warnOnce(tiaWarned, spice::tiaLimitWarnings, progress);
                        adcClipWarned = warnOnce(adcClipWarned, spice::adcClipWarnings, progress);
                        if (lockstep != null && config.checksIrDrop()) { // the twin's approximate mode, checked
                            progress.message("  behavioral twin's " + lockstep.behavioral().irDropCheck().summary()
                                    + " (so far)");
                        }
                    }
                }
            } finally {
                progress.end();
            }
            return Result.of(spice, written, recorded); // not written: a resume with nothing to do leaves the files
        }
    }

    private static byte[] checkpoint(Trainer spice, Lockstep lockstep) {
        return checkpointBytes(lockstep == null ? List.of(spice.checkpoint())
                : List.of(spice.checkpoint(), lockstep.behavioral().checkpoint()));
    }

    private long totalSteps() {
        long all = (long) config.stepsPerEpoch(data.train().size()) * config.epochs();
        return config.steps() > 0 ? Math.min(all, config.steps()) : all;
    }

    /** The checkpoint file's bytes: the count, then every run's checkpoint length-prefixed. */
    static byte[] checkpointBytes(List<TrainerCheckpoint> checkpoints) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(checkpoints.size());
            for (TrainerCheckpoint c : checkpoints) {
                byte[] bytes = c.toBytes();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** The checkpoints of a run's {@value #CHECKPOINT} (the ngspice run first for engine both). */
    public static List<TrainerCheckpoint> readCheckpoints(Path file) {
        byte[] all = BoundedFiles.readBytes(file, "checkpoint", BoundedFiles.CHECKPOINT_LIMIT);
        List<TrainerCheckpoint> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            int count = in.readInt();
            if (count < 1 || count > 2) { // a run holds one checkpoint, or two for engine both: another kind of file
                throw new InvalidInputException(file + " is not a run checkpoint of xbarspice: resume from the folder of a run "
                        + "xbarspice wrote");
            }
            for (int k = 0; k < count; k++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new InvalidInputException(file + " is truncated: resume from an intact run folder");
                }
                try {
                    out.add(TrainerCheckpoint.fromBytes(in.readNBytes(length)));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(file + ": " + e.getMessage(), e);
                }
            }
            if (in.available() > 0) { // bytes no checkpoint accounts for: appended to, or not written whole by xbarspice
                throw new InvalidInputException(file + " holds " + in.available() + " bytes after its checkpoint"
                        + (count == 1 ? "" : "s") + ": it is damaged; resume from an intact run folder");
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + " is truncated: resume from an intact run folder");
        }
        return out;
    }
}
