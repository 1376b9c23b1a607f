package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.train.Lockstep;

/** The lockstep divergence plot: a logarithmic axis, which cannot show a difference of 0. */
class TrainReportTest {
    @TempDir
    Path tmp;

    /**
     * Differences of 0 (outputs equal at every step, weights equal at the first step) are left out of the logarithmic
     * axis, not drawn as an error; engines equal at every step leave no plot (and remove the run's earlier one).
     */
    @Test
    void zeroDifferencesAreLeftOutOfTheLogarithmicAxis() throws IOException {
        Path png = tmp.resolve("divergence.png");
        double[] none = new double[0];
        List<Lockstep.Divergence> growing = List.of(new Lockstep.Divergence(1, new double[] {0, 0}, none, 0),
                new Lockstep.Divergence(2, new double[] {3e-19, 0}, none, 0),
                new Lockstep.Divergence(3, new double[] {1.6e-17, 2e-18}, none, 0));
        TrainReport.plotDivergence(png, "test", 2, growing);
        assertTrue(Files.size(png) > 0);
        List<Lockstep.Divergence> equal = List.of(new Lockstep.Divergence(1, new double[] {0, 0}, none, 0));
        TrainReport.plotDivergence(png, "test", 2, equal);
        assertFalse(Files.exists(png), "nothing to draw: the earlier plot would show another state of the run");
    }

    /**
     * Weight differences near double precision's epsilon come with a line at it (the demo's lockstep differs by 1e-14 %
     * of the range, rounding, which alone on a log axis looked like a divergence); differences far above it come without.
     */
    @Test
    void divergencesAtRoundingAreDrawnBesideTheEpsilon() {
        double[] none = new double[0];
        List<Lockstep.Divergence> rounding = List.of(new Lockstep.Divergence(1, new double[] {3.1e-16, 8e-17}, none, 0),
                new Lockstep.Divergence(2, new double[] {3.3e-16, 9e-17}, none, 0));
        List<Plots.Series> series = TrainReport.divergenceSeries(2, rounding, new ArrayList<>(), new ArrayList<>());
        Plots.Series epsilon = series.get(series.size() - 1);
        assertTrue(epsilon.name().equals("epsilon (rounding), 2.2e-14 %"), epsilon.name());
        assertArrayEquals(new double[] {1, 2}, epsilon.x(), 0);
        assertArrayEquals(new double[] {100 * Math.ulp(1.0), 100 * Math.ulp(1.0)}, epsilon.y(), 0);
        // a run that starts at rounding and grows past it is no rounding
        List<Lockstep.Divergence> diverged = List.of(new Lockstep.Divergence(1, new double[] {3e-16, 1e-16}, none, 1e-12),
                new Lockstep.Divergence(2, new double[] {1e-5, 2e-6}, none, 1e-12));
        assertEquals(List.of("layer 1 weights, RMS [% of range]", "layer 2 weights, RMS [% of range]",
                "outputs, largest [output units]"), TrainReport.divergenceSeries(2, diverged, new ArrayList<>(),
                new ArrayList<>()).stream().map(Plots.Series::name).toList(), "an output difference at 1e-12 is no weight's");
    }

    /**
     * The A arrays' columns are read back as written, and the records of a run written before they were compared read as
     * rows without them, which a resumed run writes on as NaN.
     */
    @Test
    void theFastArraysColumnsReadBackAndOlderRecordsStillRead() throws IOException {
        Path csv = tmp.resolve("divergence.csv");
        List<Lockstep.Divergence> rows = List.of(new Lockstep.Divergence(1, new double[] {1e-17, 2e-18},
                new double[] {3e-17, 4.5e-18}, 0.25));
        TrainReport.writeDivergence(csv, 2, rows);
        assertEquals("step,weightRmsDiff_layer1,weightRmsDiff_layer2,fastWeightRmsDiff_layer1,fastWeightRmsDiff_layer2,"
                + "outputDiff", Files.readAllLines(csv).get(0));
        Lockstep.Divergence back = TrainReport.readDivergence(csv).get(0);
        assertArrayEquals(rows.get(0).weightRmsDiff(), back.weightRmsDiff(), 0);
        assertArrayEquals(rows.get(0).fastWeightRmsDiff(), back.fastWeightRmsDiff(), 0);
        assertEquals(0.25, back.outputDiff());

        Files.writeString(csv, "step,weightRmsDiff_layer1,weightRmsDiff_layer2,outputDiff\n1,1.0E-17,2.0E-18,0.5\n");
        Lockstep.Divergence old = TrainReport.readDivergence(csv).get(0);
        assertArrayEquals(new double[] {1e-17, 2e-18}, old.weightRmsDiff(), 0);
        assertEquals(0, old.fastWeightRmsDiff().length);
        assertEquals(0.5, old.outputDiff());
        TrainReport.writeDivergence(csv, 2, List.of(old, rows.get(0)));
        assertEquals("1,1.0E-17,2.0E-18,NaN,NaN,0.5", Files.readAllLines(csv).get(1));
    }

    /** A loss is written with an exponent from 1e9 on (300 digits for a run at a learning rate of 1e300). */
    @Test
    void hugeLossesAreWrittenWithAnExponent() {
        assertEquals("2.302585", TrainReport.loss(2.302585093));
        assertEquals("8.089875e+299", TrainReport.loss(8.089875e299));
        assertEquals("NaN", TrainReport.loss(Double.NaN));
        assertEquals(8.089875e299, Double.parseDouble(TrainReport.loss(8.089875e299)));
    }

    /** A run's plots say its model and wires (runs with and without wires had the same title, "shd on mnist-8x8"). */
    @Test
    void aRunsTitleNamesItsModelAndWires() {
        String base = "{\"algorithm\": \"shd\", \"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\"";
        assertEquals("shd on mnist-8x8, 64-16-10, wires 5 ohm (fast)", TrainRunFiles.runTitle(org.xbarspice.train.TrainConfig
                .parse(base + ", \"irDrop\": true, \"wireOhm\": 5, \"irDropMode\": \"fast\"}", "t")));
        assertEquals("shd on mnist-8x8, 64-16-10, wires 0.5 ohm (exact)", TrainRunFiles.runTitle(org.xbarspice.train
                .TrainConfig.parse(base + ", \"irDrop\": true, \"wireOhm\": 0.5}", "t")));
        assertEquals("shd on mnist-8x8, 64-16-10, ideal wires", TrainRunFiles.runTitle(org.xbarspice.train.TrainConfig
                .parse(base + "}", "t")));
        assertEquals("fp on mnist-8x8, 64-16-10", TrainRunFiles.runTitle(org.xbarspice.train.TrainConfig
                .parse(base.replace("shd", "fp") + "}", "t")));
    }
}
