package org.xbarspice.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.EnergyEstimate;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.tile.SpiceTile;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.train.EpochEnergy;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.Lockstep;
import org.xbarspice.train.Tally;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.Trainer;
import org.xbarspice.train.TrainingRun;

/**
 * The files of a {@link TrainingRun}: {@value TrainingRun#CONFIG}, {@value #METRICS}, {@value #SUMMARY},
 * {@code accuracy.png}, {@code weights.png}, {@code energy.png} (runs that count energy), {@value #DIVERGENCE} and
 * {@code divergence.png} (lockstep runs whose engines differ at some step), and the checkpoint, always last. Every file
 * is written atomically (temporary file, then a move).
 */
public final class TrainRunFiles implements TrainingRun.Results {
    /** Per-epoch metrics. */
    public static final String METRICS = "metrics.csv";
    /** The run's summary. */
    public static final String SUMMARY = "summary.json";
    /** Lockstep divergence after every step (engine both). */
    public static final String DIVERGENCE = "divergence.csv";
    private static final String ACCURACY_PLOT = "accuracy.png";
    private static final String WEIGHTS_PLOT = "weights.png";
    private static final String ENERGY_PLOT = "energy.png";
    private static final String DIVERGENCE_PLOT = "divergence.png";
    /** Every file a run may write, in the order of the class comment. */
    private static final List<String> FILES = List.of(TrainingRun.CONFIG, METRICS, SUMMARY, ACCURACY_PLOT, WEIGHTS_PLOT,
            ENERGY_PLOT, DIVERGENCE, DIVERGENCE_PLOT, TrainingRun.CHECKPOINT);

    @Override
    public List<String> files() {
        return FILES;
    }

    @Override
    public void config(Path dir, TrainConfig config) {
        // what a killed session of the run left, resumed or started over (a sweep's point killed before its first
        // checkpoint starts over, and its files' temporaries stayed)
        ResultFiles.removeTemporaryFiles(dir);
        ResultFiles.writeText(dir.resolve(TrainingRun.CONFIG), config.toJson());
    }

    @Override
    public void epoch(Path dir, Trainer trainer, List<Double> seconds, byte[] checkpoint) {
        TrainConfig config = trainer.config();
        List<EpochMetrics> history = trainer.history();
        boolean fast = config.checksIrDrop();
        List<EpochEnergy> energy = trainer.energyHistory();
        TrainReport.writeMetrics(dir.resolve(METRICS), history, seconds, fast ? trainer.irDropCheckHistory() : null,
                config.energy() ? energyCells(dir, history.size(), energy) : null);
        Map<String, Object> summary = summaryHead(trainer);
        if (fast) {
            summary.put("irDropCheck", trainer.irDropCheck());
            double perEffect = trainer.irDropCheck().readErrorPerEffect();
            summary.put("irDropReadErrorPerEffect", Double.isNaN(perEffect) ? null : perEffect); // null: no read checked
        }
        energySummary(dir, summary, config, energy.isEmpty() ? null : energy.get(energy.size() - 1), false,
                trainer.epochSamples(), CrossbarReader.BEHAVIORAL);
        summaryTail(summary, config, seconds.stream().mapToDouble(Double::doubleValue).sum());
        ResultFiles.writeJson(dir.resolve(SUMMARY), summary);
        TrainReport.plotAccuracy(dir.resolve(ACCURACY_PLOT), runTitle(config), Map.of(config.algorithm().id(), history));
        plotWeights(dir, trainer, "Weights after epoch " + trainer.epochsDone());
        ResultFiles.write(dir.resolve(TrainingRun.CHECKPOINT), o -> o.write(checkpoint));
    }

    /**
     * A run's plots' title: algorithm, data set, layers and, for analog runs, the wires ("shd on mnist-8x8, 64-16-10,
     * wires 5 ohm (fast)"; two runs with and without wires had the same title).
     */
    static String runTitle(TrainConfig config) {
        String wires = "";
        if (config.irDrop()) {
            double ohm = config.wireOhm();
            wires = ", wires " + (ohm == Math.rint(ohm) ? String.valueOf((long) ohm) : String.valueOf(ohm)) + " ohm ("
                    + config.irDropMode() + ")";
        } else if (config.algorithm().analog()) {
            wires = ", ideal wires";
        }
        return config.algorithm().id() + " on " + config.dataset() + ", " + config.layers() + wires;
    }

    /** {@code weights.png}: a histogram of every layer's weights (C and A of the two-array algorithms). */
    private static void plotWeights(Path dir, Trainer trainer, String title) {
        Map<String, double[]> weights = new LinkedHashMap<>();
        List<AnalogTile> tiles = trainer.network().tiles();
        for (int l = 0; l < tiles.size(); l++) {
            AnalogTile tile = tiles.get(l);
            double[] fast = ShdTile.fastWeightsOf(tile);
            if (fast != null) {
                weights.put("C, layer " + (l + 1), ShdTile.slowWeightsOf(tile));
                weights.put("A, layer " + (l + 1), fast);
            } else {
                weights.put("W, layer " + (l + 1), tile.readWeights());
            }
        }
        Plots.histograms(dir.resolve(WEIGHTS_PLOT), title, "weight", weights, 60);
    }

    @Override
    public void steps(Path dir, Trainer spice, Lockstep lockstep, double seconds, TrainingRun.Times earlier,
                      byte[] checkpoint) {
        TrainConfig config = spice.config();
        int layers = spice.network().tiles().size();
        List<EpochEnergy> energy = spice.energyHistory();
        // the behavioral twin's spot checks where it runs an approximate IR-drop mode (ngspice's own reads are exact)
        Trainer checked = lockstep != null && config.checksIrDrop() ? lockstep.behavioral() : null;
        TrainReport.writeMetrics(dir.resolve(METRICS), spice.history(), nanList(spice.history().size()),
                checked == null ? null : checked.irDropCheckHistory().subList(0, Math.min(spice.history().size(),
                        checked.irDropCheckHistory().size())),
                config.energy() ? energyCells(dir, spice.history().size(), energy) : null);
        Map<String, Object> summary = summaryHead(spice);
        // the final test first: within an epoch its energy is the test part of the epoch so far
        Map<String, Double> finalAccuracy = spice.finished() ? finalAccuracies(spice, lockstep) : null;
        EpochEnergy underWay = spice.epochEnergySoFar(); // a run stopped within an epoch reports its steps so far
        energySummary(dir, summary, config, underWay != null ? underWay : energy.isEmpty() ? null : energy.get(energy.size() - 1),
                underWay != null, spice.epochSamples(), CrossbarReader.NGSPICE);
        summary.put("engine", config.engine().id());
        summary.put("updateMode", config.updateMode());
        summary.put("stepsDone", spice.stepsDone());
        if (finalAccuracy != null) {
            if (lockstep != null) {
                summary.put("finalTestAccuracyDiff", Math.abs(finalAccuracy.get("ngspice") - finalAccuracy.get("behavioral")));
            }
            summary.put("finalTestAccuracy", finalAccuracy);
        }
        if (checked != null) {
            summary.put("twinIrDropCheck", checked.irDropCheck());
        }
        if (lockstep != null) {
            double[] rms = lockstep.weightRmsDiff();
            summary.put("finalWeightRmsDiff", rms);
            summary.put("maxFinalWeightRmsDiff", Arrays.stream(rms).max().orElse(0));
            double[] fast = lockstep.fastWeightRmsDiff();
            if (fast.length > 0) {
                summary.put("finalFastWeightRmsDiff", fast);
            }
            double[] buffers = lockstep.bufferMaxDiff();
            if (buffers.length > 0) {
                summary.put("finalBufferMaxDiff", buffers);
            }
            TrainReport.writeDivergence(dir.resolve(DIVERGENCE), layers, lockstep.history());
            // the y axis says |ngspice - behavioral|: the title with that too ran past the plot's width and was cut
            TrainReport.plotDivergence(dir.resolve(DIVERGENCE_PLOT), runTitle(config), layers,
                    lockstep.history());
        }
        summary.put("engineSecondsAllInstances", earlier.engineSeconds() + engineSeconds(spice));
        summaryTail(summary, config, seconds);
        ResultFiles.writeJson(dir.resolve(SUMMARY), summary);
        if (!spice.history().isEmpty()) {
            TrainReport.plotAccuracy(dir.resolve(ACCURACY_PLOT), runTitle(config) + " (ngspice)",
                    Map.of(config.algorithm().id(), spice.history()));
        }
        plotWeights(dir, spice, "Weights after step " + spice.stepsDone() + " (ngspice)");
        ResultFiles.write(dir.resolve(TrainingRun.CHECKPOINT), o -> o.write(checkpoint));
    }

    @Override
    public List<Double> recordedEpochSeconds(Path dir, int epochs) {
        Double[] seconds = new Double[epochs];
        Arrays.fill(seconds, Double.NaN); // the times are only for the record: unknown ones stay NaN
        Path csv = dir.resolve(METRICS);
        if (epochs > 0 && Files.isRegularFile(csv)) {
            try {
                List<String> lines = Files.readAllLines(csv);
                List<String> header = List.of(lines.get(0).split(","));
                int epochColumn = header.indexOf("epoch");
                int column = header.indexOf("seconds");
                for (String line : lines.subList(1, lines.size())) { // each row's time at its own epoch, whatever its place
                    String[] cells = line.split(",", -1);
                    int epoch = Integer.parseInt(cells[epochColumn]);
                    if (epoch >= 1 && epoch <= epochs && !cells[column].isEmpty()) {
                        seconds[epoch - 1] = Double.parseDouble(cells[column]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Arrays.fill(seconds, Double.NaN);
            }
        }
        return Arrays.asList(seconds);
    }

    /**
     * The summary's energy section of epoch {@code last} (null: none counted, nothing written), and its plot {@code
     * energy.png}; {@code partial} when the epoch is still under way (its samples so far, no test); an ended epoch
     * with fewer samples than {@code epochSamples} was resumed within from a checkpoint that did not keep its energy
     * (format 10: counted since the resumption); {@code engine} counted it (a lockstep run's plot is its ngspice run's).
     */
    private static void energySummary(Path dir, Map<String, Object> summary, TrainConfig config, EpochEnergy last,
                                      boolean partial, int epochSamples, String engine) {
        if (last == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("periphery", config.periphery());
        e.put("epoch", last.epoch());
        boolean resumedWithin = !partial && last.samples() < epochSamples;
        if (partial) {
            e.put("partialEpoch", true);
        }
        if (resumedWithin) {
            e.put("resumedWithinEpoch", true); // its samples since the resumption only
        }
        e.put("samples", last.samples());
        e.put("epochSamples", epochSamples);
        e.put("trainJoule", last.train());
        e.put("perSampleJoule", last.perSample());
        e.put("readsJoule", last.reads());
        e.put("updatesJoule", last.updates());
        e.put("transfersJoule", last.transfers());
        e.put("testJoule", last.test());
        e.put("perLayer", last.layers());
        EnergyEstimate estimate = last.estimate();
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("every", estimate.every());
        sampled.put("countedOperations", estimate.counted());
        sampled.put("estimatedOperations", estimate.estimated());
        sampled.put("checkedOperations", estimate.checked());
        sampled.put("sumError", estimate.sumError());
        sampled.put("maxOperationError", estimate.maxError());
        e.put("estimate", sampled);
        summary.put("energy", e);
        TrainReport.plotEnergy(dir.resolve(ENERGY_PLOT), String.format(java.util.Locale.ROOT, "Training energy of epoch "
                + "%d%s by layer (%s, %s), %.4g nJ per sample", last.epoch(), partial ? " (" + last.samples() + " samples so far)"
                : resumedWithin ? " (its last " + last.samples() + " of " + epochSamples + " samples, since the resumption)" : "",
                engine, config.periphery(), 1e9 * last.perSample().total()), last);
    }

    /**
     * The energy cells of {@code epochs} epochs: this session's from {@code session} (its last epochs), the earlier ones
     * (a resumed run) from the existing {@code metrics.csv}, empty where unknown.
     */
    private static List<String> energyCells(Path dir, int epochs, List<EpochEnergy> session) {
        int columns = TrainReport.ENERGY_HEADER.split(",").length - 1;
        String empty = ",".repeat(columns - 1);
        List<String> cells = new ArrayList<>();
        List<String> lines = List.of();
        try {
            if (Files.isRegularFile(dir.resolve(METRICS))) {
                lines = Files.readAllLines(dir.resolve(METRICS));
            }
        } catch (IOException e) {
            lines = List.of(); // earlier energies are for the record only: unknown ones stay empty
        }
        int first = lines.isEmpty() ? -1 : List.of(lines.get(0).split(",")).indexOf("trainEnergyJoule");
        int earlier = epochs - session.size();
        for (int k = 0; k < epochs; k++) {
            if (k >= earlier) {
                cells.add(TrainReport.energyCells(session.get(k - earlier)));
            } else if (first >= 0 && k + 1 < lines.size()) {
                String[] row = lines.get(k + 1).split(",", -1);
                String[] known = java.util.Arrays.copyOfRange(row, first, Math.min(row.length, first + columns));
                cells.add(String.join(",", known) + ",".repeat(columns - known.length)); // older files had fewer
            } else {
                cells.add(empty);
            }
        }
        return cells;
    }

    @Override
    public TrainingRun.Times recordedTimes(Path dir, long stepsDone) {
        Path summary = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(summary)) {
            return TrainingRun.Times.NONE;
        }
        try {
            JsonNode doc = ResultFiles.json().readTree(Files.readString(summary));
            return TrainingRun.Times.atCheckpoint(doc.path("trainSeconds").asDouble(0),
                    doc.path("engineSecondsAllInstances").asDouble(0), doc.path("stepsDone").asLong(stepsDone), stepsDone);
        } catch (IOException e) {
            return TrainingRun.Times.NONE;
        }
    }

    @Override
    public List<Lockstep.Divergence> recordedDivergence(Path dir) {
        return TrainReport.readDivergence(dir.resolve(DIVERGENCE));
    }

    /**
     * The keys every training summary starts with: algorithm, device (null for fp), model, epochs, epochsDone,
     * testAccuracy per epoch, warnings ({@link Trainer#warnings()}).
     */
    private static Map<String, Object> summaryHead(Trainer trainer) {
        TrainConfig config = trainer.config();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algorithm", config.algorithm().id());
        summary.put("device", config.algorithm().analog() ? config.device() : null); // fp has no device
        summary.put("model", config.layers());
        summary.put("epochs", config.epochs());
        summary.put("epochsDone", trainer.epochsDone());
        List<Double> accuracy = new ArrayList<>();
        for (EpochMetrics m : trainer.history()) {
            accuracy.add(m.testAccuracy());
        }
        summary.put("testAccuracy", accuracy);
        summary.put("warnings", trainer.warnings());
        return summary;
    }

    /** The keys every training summary ends with: trainSeconds (s) and the full resolved config. */
    private static void summaryTail(Map<String, Object> summary, TrainConfig config, double trainSeconds) {
        summary.put("trainSeconds", trainSeconds);
        try {
            summary.put("config", ResultFiles.json().readTree(config.toJson()));
        } catch (IOException e) {
            throw new IllegalStateException("the config's own JSON does not parse", e);
        }
    }

    /** The final test accuracy of ngspice and of the lockstep twin (null: none), by engine. */
    private static Map<String, Double> finalAccuracies(Trainer spice, Lockstep lockstep) {
        Map<String, Double> finalAccuracy = new LinkedHashMap<>();
        finalAccuracy.put("ngspice", finalTest(spice));
        if (lockstep != null) {
            finalAccuracy.put("behavioral", finalTest(lockstep.behavioral()));
        }
        return finalAccuracy;
    }

    /** Test accuracy now, 0..1: the last epoch's when the run ended at an epoch boundary, else a fresh evaluation. */
    private static double finalTest(Trainer trainer) {
        if (trainer.epochStep() == 0 && !trainer.history().isEmpty()) {
            return trainer.history().get(trainer.history().size() - 1).testAccuracy();
        }
        Tally tested = trainer.testWithinEpoch();
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
        if (tile instanceof ShdTile shd) {
            return ((SpiceTile) shd.fast()).engineSeconds() + ((SpiceTile) shd.slow()).engineSeconds();
        }
        return tile instanceof SpiceTile spice ? spice.engineSeconds() : 0;
    }

    private static List<Double> nanList(int size) {
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            out.add(Double.NaN);
        }
        return out;
    }
}
