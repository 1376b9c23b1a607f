package org.xbarspice.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainReport;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.train.Engine;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.Lockstep;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.TrainerCheckpoint;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;

/**
 * A training run whose tiles are ngspice simulations ({@code engine} ngspice or both), step by step: a checkpoint every
 * {@code checkpointEvery} steps, at every epoch end and at the end, so that a run killed at any moment continues with
 * {@code --resume} exactly where its last checkpoint was. With engine both, the behavioral twin runs in lockstep and
 * {@code divergence.csv} / {@code divergence.png} record the divergence after every step; {@code checkpoint.bin} then
 * holds both runs' checkpoints (each length-prefixed), written in one atomic move.
 */
final class SpiceTraining {
    static final String DIVERGENCE_CSV = "divergence.csv";

    private final Path dir;
    private final TrainConfig config;
    private final TrainTest data;
    private final Path checkpointFile;
    private final boolean resume;

    /**
     * @param dir            the run folder (results go there)
     * @param checkpointFile where the checkpoint is written
     * @param resume         continue from {@code checkpointFile} and the run's {@code divergence.csv}; otherwise start
     *                       afresh, overwriting what an earlier run left there
     */
    SpiceTraining(Path dir, TrainConfig config, TrainTest data, Path checkpointFile, boolean resume) {
        this.dir = dir;
        this.config = config;
        this.data = data;
        this.checkpointFile = checkpointFile;
        this.resume = resume;
    }

    /** Trains until {@link Trainer#finished()}. */
    void run() throws IOException {
        int layers = config.layerSizes().length - 1;
        try (NgSpiceEngine engine = NgSpiceEngine.open(Math.max(1, Math.min(layers, Runtime.getRuntime().availableProcessors())))) {
            PulsedTile.Factory spiceArrays = SpiceTile.factory(new SpiceTile.Setup(engine, config.spiceUpdateMode()));
            List<TrainerCheckpoint> saved = resume ? readCheckpoints(checkpointFile) : List.of();
            boolean both = config.engine() == Engine.BOTH;
            if (!saved.isEmpty() && saved.size() != (both ? 2 : 1)) {
                throw new InvalidInputException(checkpointFile + " holds " + saved.size() + " run(s), engine " + config.engine().id()
                        + " needs " + (both ? 2 : 1) + ": the checkpoint belongs to another run");
            }
            Trainer spice = saved.isEmpty() ? new Trainer(config, data, spiceArrays)
                    : Trainer.resume(config, data, saved.get(0), spiceArrays);
            Lockstep lockstep = null;
            if (both) {
                Trainer twin = saved.isEmpty() ? new Trainer(config, data, BehavioralTile::new)
                        : Trainer.resume(config, data, saved.get(1), BehavioralTile::new);
                lockstep = new Lockstep(spice, twin, resume ? TrainReport.readDivergence(dir.resolve(DIVERGENCE_CSV)) : List.of());
            }
            double seconds = previousSeconds();
            long total = totalSteps();
            System.out.printf(Locale.ROOT, "ngspice %s, %d instance(s); %s updates; %d of %d steps done%n", engine.version(),
                    engine.instances(), config.updateMode(), spice.stepsDone(), total);
            long start = System.nanoTime();
            boolean written = false;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("steps").setInitialMax(total).setUnit(" steps", 1)
                    .showSpeed().setStyle(ProgressBarStyle.ASCII).continuousUpdate().build()) {
                bar.stepTo(spice.stepsDone());
                while (!spice.finished()) {
                    EpochMetrics ended = lockstep != null ? lockstep.step() : spice.step();
                    bar.stepTo(spice.stepsDone());
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", spice.epochTally().meanLoss()));
                    boolean due = spice.stepsDone() % config.checkpointEvery() == 0 || ended != null || spice.finished();
                    if (due) {
                        write(spice, lockstep, seconds + (System.nanoTime() - start) * 1e-9);
                        written = spice.finished();
                    }
                    if (ended != null) {
                        bar.pause();
                        System.out.printf(Locale.ROOT, "%nepoch %d: train loss %.4f, test accuracy %.2f %%%n", ended.epoch(),
                                ended.trainLoss(), 100 * ended.testAccuracy());
                        bar.resume();
                    }
                }
            }
            if (!written) {
                write(spice, lockstep, seconds + (System.nanoTime() - start) * 1e-9);
            }
        }
        System.out.println("wrote " + dir.resolve("summary.json"));
    }

    private long totalSteps() {
        long perEpoch = (data.train().size() + config.batchSize() - 1) / config.batchSize();
        long all = perEpoch * config.epochs();
        return config.steps() > 0 ? Math.min(all, config.steps()) : all;
    }

    /** The training time recorded by earlier sessions of this run (s), 0 for a new run. */
    private double previousSeconds() throws IOException {
        Path summary = dir.resolve("summary.json");
        if (!resume || !Files.isRegularFile(summary)) {
            return 0;
        }
        return ResultFiles.json().readTree(Files.readString(summary)).path("trainSeconds").asDouble(0);
    }

    /** Results, then the checkpoint last (so a kill never leaves the checkpoint ahead of the results). */
    private void write(Trainer spice, Lockstep lockstep, double seconds) {
        int layers = spice.network().tiles().size();
        TrainReport.writeMetrics(dir.resolve("metrics.csv"), spice.history(), nanList(spice.history().size()));
        Map<String, Object> summary = TrainCommand.summaryHead(spice);
        summary.put("engine", config.engine().id());
        summary.put("updateMode", config.updateMode());
        summary.put("stepsDone", spice.stepsDone());
        if (spice.finished()) {
            Map<String, Object> finalAccuracy = new LinkedHashMap<>();
            double spiceAccuracy = finalTest(spice);
            finalAccuracy.put("ngspice", spiceAccuracy);
            if (lockstep != null) {
                double twinAccuracy = finalTest(lockstep.behavioral());
                finalAccuracy.put("behavioral", twinAccuracy);
                summary.put("finalTestAccuracyDiff", Math.abs(spiceAccuracy - twinAccuracy));
            }
            summary.put("finalTestAccuracy", finalAccuracy);
        }
        if (lockstep != null) {
            double[] rms = lockstep.weightRmsDiff();
            summary.put("finalWeightRmsDiff", rms);
            summary.put("maxFinalWeightRmsDiff", Arrays.stream(rms).max().orElse(0));
            TrainReport.writeDivergence(dir.resolve(DIVERGENCE_CSV), layers, lockstep.history());
            TrainReport.plotDivergence(dir.resolve("divergence.png"), "ngspice vs behavioral, " + config.layers() + " "
                    + config.algorithm().id() + (config.irDrop() ? ", wires " + config.wireOhm() + " ohm" : ", ideal wires"),
                    layers, lockstep.history());
        }
        summary.put("engineSecondsAllInstances", engineSeconds(spice));
        TrainCommand.summaryTail(summary, config, seconds);
        ResultFiles.writeJson(dir.resolve("summary.json"), summary);
        if (!spice.history().isEmpty()) {
            TrainReport.plotAccuracy(dir.resolve("accuracy.png"), config.algorithm().id() + " on " + config.dataset() + " (ngspice)",
                    Map.of(config.algorithm().id(), spice.history()));
        }
        List<TrainerCheckpoint> checkpoints = new ArrayList<>();
        checkpoints.add(spice.checkpoint());
        if (lockstep != null) {
            checkpoints.add(lockstep.behavioral().checkpoint());
        }
        byte[] bytes = checkpointBytes(checkpoints);
        ResultFiles.write(checkpointFile, o -> o.write(bytes));
    }

    /** Test accuracy now, 0..1: the last epoch's when the run ended at an epoch boundary, else a fresh evaluation. */
    private static double finalTest(Trainer trainer) {
        if (trainer.epochStep() == 0 && !trainer.history().isEmpty()) {
            return trainer.history().get(trainer.history().size() - 1).testAccuracy();
        }
        Tally tested = trainer.test();
        return tested.accuracy();
    }

    private static double engineSeconds(Trainer trainer) {
        double sum = 0;
        for (AnalogTile layer : trainer.network().tiles()) {
            for (AnalogTile tile : SplitTile.physical(layer)) {
                sum += engineSeconds(tile);
            }
        }
        return sum;
    }

    /** Seconds inside ngspice of one physical tile (both arrays of a two-array tile). */
    private static double engineSeconds(AnalogTile tile) {
        if (tile instanceof ShdTile) {
            ShdTile shd = (ShdTile) tile;
            return ((SpiceTile) shd.fast()).engineSeconds() + ((SpiceTile) shd.slow()).engineSeconds();
        }
        return tile instanceof SpiceTile ? ((SpiceTile) tile).engineSeconds() : 0;
    }

    private static List<Double> nanList(int size) {
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            out.add(Double.NaN);
        }
        return out;
    }

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

    static List<TrainerCheckpoint> readCheckpoints(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<TrainerCheckpoint> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            int count = in.readInt();
            if (count < 1 || count > 2) {
                throw new InvalidInputException(file + " is not a checkpoint of an ngspice run (it holds " + count + " runs)");
            }
            for (int k = 0; k < count; k++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new InvalidInputException(file + " is truncated: resume from an intact run folder");
                }
                out.add(TrainerCheckpoint.fromBytes(in.readNBytes(length)));
            }
        }
        return out;
    }
}
