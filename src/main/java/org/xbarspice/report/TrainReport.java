package org.xbarspice.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.train.EpochMetrics;

/** Result files of training runs: per-epoch CSV and accuracy plots. */
public final class TrainReport {
    /** Header of {@code metrics.csv}. */
    public static final String CSV_HEADER = "epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,seconds";

    private TrainReport() {
    }

    /** Writes {@code metrics.csv}: one line per epoch; {@code seconds[k]} is the wall time of epoch k + 1 (s). */
    public static void writeMetrics(Path csv, List<EpochMetrics> metrics, List<Double> seconds) {
        StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
        for (int k = 0; k < metrics.size(); k++) {
            EpochMetrics m = metrics.get(k);
            text.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f%n", m.epoch(), m.trainLoss(),
                    m.trainAccuracy(), m.testLoss(), m.testAccuracy(), seconds.get(k)));
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
        Plots.lines(png, title, "epoch", "test accuracy [%]", series);
    }
}
