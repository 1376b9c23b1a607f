package org.xbarspice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xbarspice.report.Plots;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainReport;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.TrainerCheckpoint;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xbarspice train}: trains a network on analog tiles (or in floating point) and writes, per epoch,
 * {@code metrics.csv}, {@code summary.json}, {@code accuracy.png}, the weight histograms and a checkpoint,
 * so that {@code --resume DIR} continues a killed run where its last epoch ended, losing nothing.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP with fp (floating-point SGD), sgd (analog SGD), shd (Stochastic Hamiltonian Descent) "
                + "or tiki-taka on analog tiles simulated behaviorally, in ngspice or both in lockstep (--engine). Writes "
                + "config.json, metrics.csv, summary.json, accuracy.png, weights.png and checkpoint.bin under --out after "
                + "every epoch (ngspice: also every --checkpoint-every steps). A rejected command changes no file.")
final class TrainCommand implements Callable<Integer> {
    static final String CONFIG = "config.json";
    static final String CHECKPOINT = "checkpoint.bin";

    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/train-<algorithm>-<time>.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint (its config.json and checkpoint.bin), removing the "
                    + "temporary files a killed run left; --epochs and --steps may change the run's length, but not below "
                    + "what is done (exit 2); other flags are not allowed.")
    Path resume;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final summary.json to FILE.")
    Path json;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the set-up put the data sets. Default: $XBARSPICE_DATA or ~/.cache/xbarspice/data.")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        Path dir;
        TrainConfig config;
        TrainerCheckpoint checkpoint = null;
        if (resume != null) {
            dir = resume;
            List<String> others = new ArrayList<>();
            options.flags().fieldNames().forEachRemaining(others::add);
            others.remove("epochs");
            others.remove("steps");
            if (!others.isEmpty() || options.config != null || out != null) {
                throw new InvalidInputException("--resume continues a run with its own config: only --epochs and --steps may be given "
                        + "with it, not " + (options.config != null ? "--config" : out != null ? "--out" : others));
            }
            if (!Files.isRegularFile(dir.resolve(CONFIG)) || !Files.isRegularFile(dir.resolve(CHECKPOINT))) {
                throw new InvalidInputException("--resume " + dir + ": no " + CONFIG + " and " + CHECKPOINT
                        + " there; a run writes them after its first epoch (ngspice runs: after checkpointEvery steps)");
            }
            TrainConfig saved = TrainConfig.load(dir.resolve(CONFIG));
            // an ngspice run's checkpoint.bin holds one checkpoint per engine, the ngspice run's first
            TrainerCheckpoint done = saved.engine().spice() ? SpiceTraining.readCheckpoints(dir.resolve(CHECKPOINT)).get(0)
                    : TrainerCheckpoint.fromBytes(Files.readAllBytes(dir.resolve(CHECKPOINT)));
            config = resumedLength(saved, done);
            if (!config.engine().spice()) {
                checkpoint = done;
            }
        } else {
            config = options.resolve();
            dir = out != null ? out : Path.of("runs", "train-" + config.algorithm().id() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        TrainTest data = DatasetCatalog.load(config.dataset(), dataDir != null ? dataDir : DatasetCatalog.defaultDataDir(),
                config.trainSamples(), config.testSamples());
        // everything is checked before the first file is written: a rejected command leaves the folder as it was
        config.checkFits(data);
        if (config.engine().spice()) {
            writeConfig(dir, config);
            System.out.printf(Locale.ROOT, "%s on %s (%d train / %d test samples), %s, %s device, engine %s -> %s%n",
                    config.algorithm().id(), config.dataset(), data.train().size(), data.test().size(), config.layers(),
                    config.device(), config.engine().id(), dir);
            new SpiceTraining(dir, config, data, dir.resolve(CHECKPOINT), resume != null).run();
            copySummary(dir);
            return 0;
        }
        Trainer trainer = checkpoint == null ? new Trainer(config, data) : Trainer.resume(config, data, checkpoint);
        writeConfig(dir, config);
        System.out.printf(Locale.ROOT, "%s on %s (%d train / %d test samples), %s, %s device, %d epochs -> %s%n",
                config.algorithm().id(), config.dataset(), data.train().size(), data.test().size(), config.layers(),
                config.device(), config.epochs(), dir);
        List<Double> seconds = new ArrayList<>(trainSeconds(dir, trainer.epochsDone()));
        boolean written = false;
        while (!trainer.finished()) {
            long start = System.nanoTime();
            EpochMetrics m;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d",
                            trainer.epochsDone() + 1, config.epochs())).setInitialMax(data.train().size())
                    .setUnit(" samples", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).continuousUpdate().build()) {
                m = trainer.epoch((done, loss) -> {
                    bar.stepTo(done);
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
                });
            }
            if (m == null) {
                System.out.printf(Locale.ROOT, "stopped after %d steps (steps limit) in epoch %d; the checkpoint stays at the "
                        + "end of epoch %d%n", trainer.stepsDone(), trainer.epochsDone() + 1, trainer.epochsDone());
                break;
            }
            seconds.add((System.nanoTime() - start) * 1e-9);
            writeResults(dir, trainer, seconds);
            written = true;
            System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, train accuracy %.2f %%, test accuracy %.2f %% (%.1f s)%n",
                    m.epoch(), m.trainLoss(), 100 * m.trainAccuracy(), 100 * m.testAccuracy(), seconds.get(seconds.size() - 1));
        }
        if (!written) {
            System.out.println("no epoch ended in this run: result files unchanged");
            return 0;
        }
        System.out.println("wrote " + dir.resolve("summary.json"));
        copySummary(dir);
        return 0;
    }

    /**
     * The resumed run's config: the saved one with the --epochs and --steps given. Refused (exit 2, nothing written)
     * when they ask for fewer epochs or steps than the checkpoint has done, which would rewrite a finished run's
     * config with a length it has already passed.
     */
    private TrainConfig resumedLength(TrainConfig saved, TrainerCheckpoint done) {
        int epochs = options.epochs != null ? options.epochs : saved.epochs();
        int steps = options.steps != null ? options.steps : saved.steps();
        if (epochs < done.epochsDone()) {
            throw new InvalidInputException("--epochs " + epochs + " is fewer than the " + done.epochsDone() + " epochs the run in "
                    + resume + " has done: give --epochs " + done.epochsDone() + " or more, or leave --epochs out to keep its "
                    + saved.epochs() + "; nothing was changed");
        }
        if (steps > 0 && steps < done.stepsDone()) {
            throw new InvalidInputException("--steps " + steps + " is fewer than the " + done.stepsDone() + " steps the run in "
                    + resume + " has done: give --steps " + done.stepsDone() + " or more, 0 for no limit, or leave --steps out "
                    + "to keep its " + saved.steps() + "; nothing was changed");
        }
        return saved.withLength(epochs, steps);
    }

    /** The run's config.json, after every check; a resumed run first loses the temporary files a kill left. */
    private void writeConfig(Path dir, TrainConfig config) {
        if (resume != null) {
            ResultFiles.removeTemporaryFiles(dir);
        }
        ResultFiles.writeText(dir.resolve(CONFIG), config.toJson());
    }

    private void copySummary(Path dir) throws IOException {
        if (json != null) {
            ResultFiles.writeText(json, Files.readString(dir.resolve("summary.json")));
        }
    }

    /** Epoch times already recorded in the run's metrics.csv (when resuming). */
    private static List<Double> trainSeconds(Path dir, int epochs) throws IOException {
        List<Double> seconds = new ArrayList<>();
        Path csv = dir.resolve("metrics.csv");
        if (epochs > 0 && Files.isRegularFile(csv)) {
            List<String> lines = Files.readAllLines(csv);
            for (int k = 1; k <= epochs && k < lines.size(); k++) {
                String[] cells = lines.get(k).split(",");
                seconds.add(Double.parseDouble(cells[cells.length - 1]));
            }
        }
        while (seconds.size() < epochs) {
            seconds.add(Double.NaN);
        }
        return seconds;
    }

    /** The keys every training summary starts with: algorithm, device, model, epochs, epochsDone, testAccuracy per epoch. */
    static Map<String, Object> summaryHead(Trainer trainer) {
        TrainConfig config = trainer.config();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algorithm", config.algorithm().id());
        summary.put("device", config.device());
        summary.put("model", config.layers());
        summary.put("epochs", config.epochs());
        summary.put("epochsDone", trainer.epochsDone());
        List<Double> accuracy = new ArrayList<>();
        for (EpochMetrics m : trainer.history()) {
            accuracy.add(m.testAccuracy());
        }
        summary.put("testAccuracy", accuracy);
        return summary;
    }

    /** The keys every training summary ends with: trainSeconds (s) and the full resolved config. */
    static void summaryTail(Map<String, Object> summary, TrainConfig config, double trainSeconds) {
        summary.put("trainSeconds", trainSeconds);
        try {
            summary.put("config", ResultFiles.json().readTree(config.toJson()));
        } catch (IOException e) {
            throw new IllegalStateException("the config's own JSON does not parse", e);
        }
    }

    /** Everything a run leaves after an epoch; the checkpoint last, so a kill never leaves it ahead of the metrics. */
    static void writeResults(Path dir, Trainer trainer, List<Double> seconds) {
        TrainConfig config = trainer.config();
        List<EpochMetrics> history = trainer.history();
        boolean fast = config.checksIrDrop();
        TrainReport.writeMetrics(dir.resolve("metrics.csv"), history, seconds, fast ? trainer.irDropCheckHistory() : null);
        Map<String, Object> summary = summaryHead(trainer);
        if (fast) {
            summary.put("irDropCheck", trainer.irDropCheck());
            summary.put("irDropReadErrorPerEffect", trainer.irDropCheck().readErrorPerEffect());
        }
        summaryTail(summary, config, seconds.stream().mapToDouble(Double::doubleValue).sum());
        ResultFiles.writeJson(dir.resolve("summary.json"), summary);
        TrainReport.plotAccuracy(dir.resolve("accuracy.png"), config.algorithm().id() + " on " + config.dataset(),
                Map.of(config.algorithm().id(), history));
        Map<String, double[]> weights = new LinkedHashMap<>();
        List<AnalogTile> tiles = trainer.network().tiles();
        for (int l = 0; l < tiles.size(); l++) {
            AnalogTile tile = tiles.get(l);
            if (tile instanceof ShdTile shd) {
                weights.put("C, layer " + (l + 1), shd.slowWeights());
                weights.put("A, layer " + (l + 1), shd.fastWeights());
            } else if (tile instanceof SplitTile split && split.parts().get(0) instanceof ShdTile) {
                weights.put("C, layer " + (l + 1), split.assemble(part -> ((ShdTile) part).slowWeights()));
                weights.put("A, layer " + (l + 1), split.assemble(part -> ((ShdTile) part).fastWeights()));
            } else {
                weights.put("W, layer " + (l + 1), tile.readWeights());
            }
        }
        Plots.histograms(dir.resolve("weights.png"), "Weights after epoch " + trainer.epochsDone(), "weight", weights, 60);
        ResultFiles.write(dir.resolve(CHECKPOINT), o -> o.write(trainer.checkpoint().toBytes()));
    }
}
