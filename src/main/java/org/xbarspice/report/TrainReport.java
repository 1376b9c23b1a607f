package org.xbarspice.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.EnergyEstimate;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.train.EpochEnergy;
import org.xbarspice.train.EpochMetrics;
import org.xbarspice.train.LayerEnergy;
import org.xbarspice.train.Lockstep;
import org.xbarspice.units.InvalidInputException;

/** Result files of training runs: per-epoch CSV and accuracy plots, and the divergence of lockstep runs. */
public final class TrainReport {
    /** Header of {@code metrics.csv}. */
    public static final String CSV_HEADER = "epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,seconds";

    private TrainReport() {
    }

    /**
     * Energy columns of {@code metrics.csv}: the epoch's training, per sample, its reads, updates, transfers, test (J);
     * then, of the same epoch, the circuit reads and updates whose array energy was estimated ({@code
     * --energy-every}), the estimate's measured error of a sum ({@link EnergyEstimate#sumError}) and the training samples
     * counted (fewer than the epoch's where an ngspice run resumed within it from a checkpoint of format 10, which did
     * not keep the epoch's energy so far: counted from the resumption).
     */
    public static final String ENERGY_HEADER = ",trainEnergyJoule,energyPerSampleJoule,readEnergyJoule,updateEnergyJoule,"
            + "transferEnergyJoule,testEnergyJoule,estimatedOperations,energyEstimateError,energySamples";

    /** The energy cells of one epoch for {@link #ENERGY_HEADER}. */
    public static String energyCells(EpochEnergy e) {
        return String.format(Locale.ROOT, "%.6e,%.6e,%.6e,%.6e,%.6e,%.6e,%d,%.3e,%d", e.train().total(),
                e.perSample().total(), e.reads().total(), e.updates().total(), e.transfers().total(), e.test().total(),
                e.estimate().estimated(), e.estimate().sumError(), e.samples());
    }

    /**
     * The stacked bars of one epoch's training energy: per layer, its reads, updates and transfers (transfers only
     * where the algorithm has them), each split into devices, wires, drivers, DAC, ADC and sense.
     */
    public static void plotEnergy(Path png, String title, EpochEnergy e) {
        Map<String, EnergyBreakdown> bars = new LinkedHashMap<>();
        for (int l = 0; l < e.layers().size(); l++) {
            LayerEnergy layer = e.layers().get(l);
            bars.put("L" + (l + 1) + " reads", layer.reads());
            bars.put("L" + (l + 1) + " updates", layer.updates());
            if (layer.transfers().total() > 0) {
                bars.put("L" + (l + 1) + " transfers", layer.transfers());
            }
        }
        Plots.energyBars(png, title, bars);
    }

    /** Columns added to {@code metrics.csv} by a run in the fast IR-drop mode (cumulative spot checks, see IrDropCheck). */
    public static final String CHECK_HEADER = ",readChecks,maxReadError,maxReadEffect,updateChecks,maxStepError,meanStepError,"
            + "maxStepErrorOfNominal";
    /** The spot checks' energy columns, after {@link #CHECK_HEADER} when the run counts energy. */
    public static final String CHECK_ENERGY_HEADER = ",energyChecks,maxEnergyError,maxWireEnergyError,maxDriverEnergyError,"
            + "updateEnergyChecks,maxUpdateEnergyError,maxUpdateWireEnergyError,maxUpdateDriverEnergyError";

    /**
     * Writes {@code metrics.csv}: one line per epoch; {@code seconds[k]} is the wall time of epoch k + 1 (s), NaN where
     * it was not timed (an empty cell: a step-based ngspice run).
     */
    public static void writeMetrics(Path csv, List<EpochMetrics> metrics, List<Double> seconds) {
        writeMetrics(csv, metrics, seconds, null);
    }

    /**
     * {@link #writeMetrics(Path, List, List)} with the fast IR-drop mode's spot checks at the end of each epoch;
     * {@code checks} null: no such columns.
     */
    public static void writeMetrics(Path csv, List<EpochMetrics> metrics, List<Double> seconds, List<IrDropCheck> checks) {
        writeMetrics(csv, metrics, seconds, checks, null);
    }

    /**
     * A loss for metrics.csv: six decimals, or six significant digits with an exponent from 1e9 on (a run at a learning
     * rate of 1e300 wrote a loss of 300 digits).
     */
    static String loss(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 1e9 ? "%.6f" : "%.6e", value);
    }

    /**
     * {@link #writeMetrics(Path, List, List, List)} with the energy columns of {@link #ENERGY_HEADER}: {@code energy}
     * holds each epoch's cells (comma-separated, without the leading comma), null for no such columns (and then no
     * energy columns of the spot checks either).
     */
    public static void writeMetrics(Path csv, List<EpochMetrics> metrics, List<Double> seconds, List<IrDropCheck> checks,
                                    List<String> energy) {
        StringBuilder text = new StringBuilder(CSV_HEADER).append(checks == null ? "" : CHECK_HEADER)
                .append(checks == null || energy == null ? "" : CHECK_ENERGY_HEADER)
                .append(energy == null ? "" : ENERGY_HEADER).append('\n');
        for (int k = 0; k < metrics.size(); k++) {
            EpochMetrics m = metrics.get(k);
            double time = seconds.get(k);
            text.append(String.format(Locale.ROOT, "%d,%s,%.6f,%s,%.6f,%s", m.epoch(), loss(m.trainLoss()),
                    m.trainAccuracy(), loss(m.testLoss()), m.testAccuracy(),
                    Double.isNaN(time) ? "" : String.format(Locale.ROOT, "%.3f", time))); // empty: not timed
            if (checks != null) {
                IrDropCheck c = checks.get(k);
                text.append(String.format(Locale.ROOT, ",%d,%.3e,%.3e,%d,%.3e,%.3e,%.3e", c.reads(), c.maxReadError(),
                        c.maxReadEffect(), c.updates(), c.maxStepError(), c.meanStepError(), c.maxStepErrorOfNominal()));
                if (energy != null) {
                    text.append(String.format(Locale.ROOT, ",%d,%.3e,%.3e,%.3e,%d,%.3e,%.3e,%.3e", c.energyChecks(),
                            c.maxEnergyError(), c.maxWireEnergyError(), c.maxDriverEnergyError(), c.updateEnergyChecks(),
                            c.maxUpdateEnergyError(), c.maxUpdateWireEnergyError(), c.maxUpdateDriverEnergyError()));
                }
            }
            if (energy != null) {
                text.append(',').append(energy.get(k));
            }
            text.append('\n');
        }
        ResultFiles.writeText(csv, text.toString());
    }

    /** Test accuracy (%) per epoch of one or more runs on one plot. */
    public static void plotAccuracy(Path png, String title, Map<String, List<EpochMetrics>> runs) {
        List<Plots.Series> series = new ArrayList<>();
        runs.forEach((name, metrics) -> {
            double[] epochs = new double[metrics.size()];
            double[] accuracy = new double[metrics.size()];
            for (int k = 0; k < metrics.size(); k++) {
                epochs[k] = metrics.get(k).epoch();
                accuracy[k] = 100 * metrics.get(k).testAccuracy();
            }
            series.add(new Plots.Series(name, epochs, accuracy, true));
        });
        Plots.percentLines(png, title, "epoch", "test accuracy [%]", series, false);
    }

    /**
     * Writes {@code divergence.csv}: {@code step,weightRmsDiff_layer1,...,[fastWeightRmsDiff_layer1,...,]outputDiff}
     * (the A arrays' columns for the two-array algorithms), one line per step, numbers in Java's shortest exact decimal
     * form (so {@link #readDivergence} gets them back bit for bit).
     */
    public static void writeDivergence(Path csv, int layers, List<Lockstep.Divergence> rows) {
        boolean fast = hasFastArrays(rows);
        StringBuilder text = new StringBuilder("step");
        for (int l = 1; l <= layers; l++) {
            text.append(",weightRmsDiff_layer").append(l);
        }
        for (int l = 1; fast && l <= layers; l++) {
            text.append(",fastWeightRmsDiff_layer").append(l);
        }
        text.append(",outputDiff\n");
        for (Lockstep.Divergence d : rows) {
            text.append(d.step());
            for (double v : d.weightRmsDiff()) {
                text.append(',').append(v);
            }
            for (int l = 0; fast && l < layers; l++) {
                text.append(',').append(fastAt(d, l));
            }
            text.append(',').append(d.outputDiff()).append('\n');
        }
        ResultFiles.writeText(csv, text.toString());
    }

    /** Whether any of {@code rows} compares A arrays (a run resumed from records written before they were compared has rows without). */
    private static boolean hasFastArrays(List<Lockstep.Divergence> rows) {
        return rows.stream().anyMatch(d -> d.fastWeightRmsDiff().length > 0);
    }

    /** The A arrays' difference of layer {@code layer} in {@code d}, NaN where it was not recorded. */
    private static double fastAt(Lockstep.Divergence d, int layer) {
        return d.fastWeightRmsDiff().length > layer ? d.fastWeightRmsDiff()[layer] : Double.NaN;
    }

    /** Reads {@link #writeDivergence}'s file; a missing file is an empty history. */
    public static List<Lockstep.Divergence> readDivergence(Path csv) {
        List<Lockstep.Divergence> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(","));
            int layers = (int) header.stream().filter(h -> h.startsWith("weightRmsDiff_layer")).count();
            int fastLayers = (int) header.stream().filter(h -> h.startsWith("fastWeightRmsDiff_layer")).count();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                double[] weights = new double[layers];
                double[] fast = new double[fastLayers];
                for (int l = 0; l < layers; l++) {
                    weights[l] = Double.parseDouble(cells[l + 1]);
                }
                for (int l = 0; l < fastLayers; l++) {
                    fast[l] = Double.parseDouble(cells[layers + l + 1]);
                }
                rows.add(new Lockstep.Divergence(Long.parseLong(cells[0]), weights, fast,
                        Double.parseDouble(cells[layers + fastLayers + 1])));
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(csv + " cannot be read back (" + e.getMessage() + "): it was not written by this run", e);
        }
        return rows;
    }

    /**
     * The divergence per step on a logarithmic axis (it grows by decades): RMS weight difference of every layer (% of
     * the weight range) and the largest output difference; a series that is 0 at every step is named in the title
     * instead, and the zeros of the others are left out, as are values that are not finite (the title names their
     * series). Nothing to draw (engines equal at every step) writes no plot and removes the run's earlier one.
     */
    public static void plotDivergence(Path png, String title, int layers, List<Lockstep.Divergence> rows) {
        List<String> equal = new ArrayList<>();
        List<String> notFinite = new ArrayList<>();
        List<Plots.Series> series = divergenceSeries(layers, rows, equal, notFinite);
        if (series.isEmpty()) {
            try {
                Files.deleteIfExists(png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String note = (equal.isEmpty() ? "" : " (equal at every step: " + String.join(", ", equal) + ")")
                + (notFinite.isEmpty() ? "" : " (not finite at some steps: " + String.join(", ", notFinite) + ")");
        Plots.lines(png, title + note, "training step", "|ngspice - behavioral|", series, false, true);
    }

    /** Within this factor of {@link #ROUNDING_PERCENT}, a divergence plot draws it as a line to compare with. */
    private static final double NEAR_ROUNDING = 1e4;
    /** Double precision's epsilon, 2^-52, as a percentage of the weight range. */
    static final double ROUNDING_PERCENT = 100 * Math.ulp(1.0);

    /**
     * The series of {@link #plotDivergence}; the short names of series 0 at every step go to {@code equal}, of those with
     * values that are not finite to {@code notFinite}. Weight differences that all stay within {@value #NEAR_ROUNDING}
     * times double precision's epsilon of the range come with a line at that epsilon, so that a reader sees them as
     * rounding (the demo's engines differ by 1e-14 % of the range, which alone on a log axis looked like a divergence);
     * a run that grows past it does not (its first steps near the epsilon would call it rounding).
     */
    static List<Plots.Series> divergenceSeries(int layers, List<Lockstep.Divergence> rows, List<String> equal,
                                               List<String> notFinite) {
        record Curve(String name, String shortName, double[] values) {
        }
        List<Curve> curves = new ArrayList<>();
        boolean fast = hasFastArrays(rows);
        for (int l = 0; l < layers; l++) {
            int layer = l;
            curves.add(new Curve("layer " + (l + 1) + " weights, RMS [% of range]", "layer " + (l + 1) + " weights",
                    rows.stream().mapToDouble(d -> 100 * d.weightRmsDiff()[layer]).toArray()));
            if (fast) {
                curves.add(new Curve("layer " + (l + 1) + " A, RMS [% of range]", "layer " + (l + 1) + " A",
                        rows.stream().mapToDouble(d -> 100 * fastAt(d, layer)).toArray()));
            }
        }
        int weightCurves = curves.size();
        curves.add(new Curve("outputs, largest [output units]", "outputs",
                rows.stream().mapToDouble(Lockstep.Divergence::outputDiff).toArray()));
        List<Plots.Series> series = new ArrayList<>();
        double largestWeightDiff = 0;
        for (int c = 0; c < curves.size(); c++) {
            double[] v = curves.get(c).values();
            int[] shown = IntStream.range(0, v.length).filter(k -> v[k] > 0 && v[k] < Double.POSITIVE_INFINITY).toArray();
            if (Arrays.stream(v).anyMatch(x -> !Double.isFinite(x))) {
                notFinite.add(curves.get(c).shortName());
            }
            if (Arrays.stream(v).allMatch(x -> x == 0)) {
                equal.add(curves.get(c).shortName());
            } else if (shown.length > 0) {
                series.add(new Plots.Series(curves.get(c).name(), Arrays.stream(shown).mapToDouble(k -> rows.get(k).step())
                        .toArray(), Arrays.stream(shown).mapToDouble(k -> v[k]).toArray(), false));
                if (c < weightCurves) {
                    largestWeightDiff = Math.max(largestWeightDiff, Arrays.stream(shown).mapToDouble(k -> v[k]).max()
                            .orElseThrow());
                }
            }
        }
        if (largestWeightDiff > 0 && largestWeightDiff < NEAR_ROUNDING * ROUNDING_PERCENT) {
            double[] steps = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).sorted().toArray();
            series.add(new Plots.Series(String.format(Locale.ROOT, "epsilon (rounding), %.1e %%",
                    ROUNDING_PERCENT), new double[] {steps[0], steps[steps.length - 1]},
                    new double[] {ROUNDING_PERCENT, ROUNDING_PERCENT}, false));
        }
        return series;
    }
}
