package org.xbarspice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbarspice.report.ProgressBars;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.report.TrainRunFiles;
import org.xbarspice.train.Engine;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xbarspice train}: a {@link TrainingRun} (new, or resumed with {@code --resume DIR}) with its files
 * ({@link TrainRunFiles}) and progress bars.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP with fp (floating-point SGD), sgd (analog SGD), shd (Stochastic Hamiltonian Descent), "
                + "tiki-taka or the TTv2 family (ttv2, c-ttv2, agad) on analog tiles simulated behaviorally, in ngspice or "
                + "both in lockstep (--engine). Writes "
                + "config.json, metrics.csv, summary.json, accuracy.png, weights.png and checkpoint.bin under --out after "
                + "every epoch (ngspice: also every --checkpoint-every steps). One run at a time uses a folder (a second is "
                + "refused, exit 2). A rejected command changes no file.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder; refused where it holds a run's files "
            + "already (continue a run with --resume). Default: runs/train-<algorithm>-<time>.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint (its config.json and checkpoint.bin), removing the "
                    + "temporary files a killed run left; --epochs and --steps may change the run's length, but not below "
                    + "what is done (exit 2), and --threads its threads; other flags are not allowed.")
    Path resume;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the run (analog layer updates in parallel, "
            + "the fast IR-drop mode's read matrices, ngspice instances); 0 = one per processor, but one for a behavioral "
            + "network under 150,000 crosspoints (12,000 with wires in the reads or updates, or drivers), where a second thread "
            + "costs more than it saves (key threads, default 0). The results do not depend on it; a resumed run may "
            + "change it.")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final summary.json to FILE, which may not "
            + "be one of the run's own files.")
    Path json;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the set-up put the data sets. Default: $XBARSPICE_DATA or ~/.cache/xbarspice/data.")
    Path dataDir;

    /** The flags a resumed run takes: the length, the threads and what only the run's process sets. */
    private static final List<String> RESUME_FLAGS = List.of("--resume", "--epochs", "--steps", "--threads", "--timeout",
            "--json", "--data-dir");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        timeout.apply();
        Path data = dataDir != null ? dataDir : DatasetCatalog.defaultDataDir();
        TrainRunFiles files = new TrainRunFiles();
        TrainingRun run;
        if (resume != null) {
            List<String> others = new ArrayList<>();
            for (picocli.CommandLine.Model.OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_FLAGS.contains(option.longestName())) {
                    others.add(option.longestName());
                }
            }
            if (!others.isEmpty()) {
                throw new InvalidInputException("--resume continues a run with its own config: only " + String.join(", ",
                        RESUME_FLAGS.subList(1, RESUME_FLAGS.size())) + " may be given with it, not " + String.join(", ", others));
            }
            ResultFiles.outputs().runFolder("--resume", resume, files.files()).file("--json", json);
            run = TrainingRun.resume(resume, options.epochs, options.steps, threads, config -> load(config, data));
            timeout.apply(run.config().engine() != Engine.BEHAVIORAL, "the run resumed trains on the behavioral engine, "
                    + "which runs no ngspice analysis", "start a run with --engine ngspice or both");
        } else {
            TrainConfig config = threads == null ? options.resolve() : options.resolve().withThreads(threads);
            options.refuseWithoutEffect(List.of(config));
            timeout.apply(config.engine() != Engine.BEHAVIORAL, "the behavioral engine runs no ngspice analysis",
                    "add --engine ngspice or both");
            Path dir = out != null ? out : Path.of("runs", "train-" + config.algorithm().id() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            ResultFiles.outputs().input("--config", options.config).preset("--device", config.device())
                    .preset("--periphery", config.periphery()).runFolder("--out", dir, files.files()).file("--json", json);
            run = TrainingRun.start(dir, config, load(config, data));
        }
        Path summary = run.dir().resolve(TrainRunFiles.SUMMARY);
        TrainingRun.Result result;
        Path dir = run.dir();
        try (InterruptNotice notice = new InterruptNotice(() -> Files.isRegularFile(dir.resolve(TrainingRun.CHECKPOINT))
                ? "continue from the last checkpoint with: xbarspice train --resume " + dir
                : "stopped before its first checkpoint (" + TrainingRun.CHECKPOINT + "), so there is nothing to continue: run "
                + "the command again" + (out == null ? "" : " with another --out, or remove " + dir + " first"))) {
            result = run.run(files, new ProgressBars(System.out));
        }
        int limit = run.config().steps();
        if (result.wroteResults()) {
            System.out.println("wrote " + summary);
        } else if (limit > 0 && result.stepsDone() >= limit && result.history().size() < run.config().epochs()) {
            System.out.println("no epoch ended in this run: the run had reached its steps limit, " + limit + " (key steps), "
                    + "before; result files unchanged. Give --steps 0 to train to the end of its epochs, or a larger --steps");
        } else if (result.history().size() >= run.config().epochs()) {
            System.out.println("no epoch ended in this run: the run had done all its epochs, " + run.config().epochs()
                    + " (key epochs), before; result files unchanged. Give --epochs N, more than " + run.config().epochs()
                    + ", to train it further");
        } else {
            System.out.println("no epoch ended in this run: result files unchanged");
        }
        if (json != null && Files.isRegularFile(summary)) { // a resumed run with nothing left to do has its summary
            ResultFiles.writeText(json, Files.readString(summary));
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private static TrainTest load(TrainConfig config, Path dataDir) {
        return DatasetCatalog.load(config.dataset(), dataDir, config.trainSamples(), config.testSamples());
    }
}
