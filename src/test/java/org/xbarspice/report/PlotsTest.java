package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PlotsTest {
    /**
     * A heat map's colour bar shows its ends to a thousandth of the span, rounded outwards (it showed 16 digits), and
     * keeps the span of values close together: calibrate's attenuations of 0.99956-0.99991 had a bar of 0.999-1.
     */
    @Test
    void theColourBarEndsAreShortAndHoldEveryValue() {
        assertArrayEquals(new double[] {-4.94, 4.83}, Plots.colourRange(-4.937906223850720, 4.829914682983385), 0);
        assertArrayEquals(new double[] {0, 0.121}, Plots.colourRange(1.2345e-5, 0.1201), 0);
        assertArrayEquals(new double[] {0.999561, 0.999911}, Plots.colourRange(0.99956123, 0.99991077), 0);
        assertArrayEquals(new double[] {2.0, 2.02}, Plots.colourRange(2, 2), 0);
        assertArrayEquals(new double[] {0, 1}, Plots.colourRange(0, 0), 0);
        assertArrayEquals(new double[] {-3.0, -2.97}, Plots.colourRange(-3, -3), 0);
    }

    /** An energy axis is in the unit of its largest bar (train's were in uJ at 0.0015 uJ, a read's 1.5E-5 pJ). */
    @Test
    void energyBarsAreInTheUnitOfTheirLargest() {
        assertEquals(0, Plots.energyUnit(1.5e-17)); // 15 aJ
        assertEquals(2, Plots.energyUnit(4.6e-10)); // 460 pJ
        assertEquals(2, Plots.energyUnit(1.47e-12)); // 1.47 pJ
        assertEquals(3, Plots.energyUnit(1e-9)); // 1 nJ
        assertEquals(0, Plots.energyUnit(0));
        assertEquals(6, Plots.energyUnit(5e3)); // J at most
        assertEquals(6, Plots.energyUnit(Double.POSITIVE_INFINITY)); // was aJ: the exponent wrapped around
        assertEquals(0, Plots.energyUnit(Double.NaN));
    }

    /**
     * An energy axis ends at a round number at or above its largest bar: with every part but the devices' at 0, XChart
     * took the bar's two values for its only ticks ("0" and "575.8413131" fJ, ideal wires).
     */
    @Test
    void anEnergyAxisEndsAtARoundNumber() {
        assertEquals(600, Plots.roundTop(575.8413131), 1e-12);
        assertEquals(1.2, Plots.roundTop(1.024), 1e-12);
        assertEquals(100, Plots.roundTop(100), 1e-12);
        assertEquals(1000, Plots.roundTop(801), 1e-9);
        assertEquals(0.25, Plots.roundTop(0.2001), 1e-15);
        assertEquals(1, Plots.roundTop(0));
        assertEquals(1, Plots.roundTop(Double.NaN));
    }

    /**
     * A value a logarithmic axis cannot show is refused naming the plot and the series (XChart said only that a value
     * "cannot be equal to NEGATIVE_INFINITY"); a heat map with a cell that is not finite keeps the others' colour range
     * (one NaN turned the whole map black).
     */
    @Test
    void valuesALogarithmicAxisCannotShowAreRefusedByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        double[] x = {1, 2, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.lines(tmp.resolve("a.png"), "t",
                "x", "y", List.of(new Plots.Series("layer 1", x, new double[] {1e-3, 0, 2e-3}, false)), false, true));
        assertTrue(e.getMessage().contains("a.png") && e.getMessage().contains("layer 1"), e.getMessage());
        assertArrayEquals(new double[] {1, 3}, Plots.colourRange(new double[][] {{1, 2}, {Double.NaN, 3}}), 0);
        assertArrayEquals(new double[] {0, 1}, Plots.colourRange(new double[][] {{Double.NaN, Double.POSITIVE_INFINITY}}), 0);
        Plots.heatMap(tmp.resolve("h.png"), "t", "x", "y", "u", new double[][] {{1, 2}, {Double.NaN, 3}});
        assertTrue(java.nio.file.Files.size(tmp.resolve("h.png")) > 0);
    }

    /**
     * A histogram bins the finite values over their own range and leaves out the others (one NaN weight made the range
     * NaN and drew nothing); a set with none finite draws an empty range.
     */
    @Test
    void aHistogramLeavesOutValuesThatAreNotFinite() {
        java.util.Map<String, double[]> sets = new java.util.LinkedHashMap<>();
        sets.put("C", new double[] {-1, 1, Double.NaN, 0.5});
        sets.put("A", new double[] {Double.POSITIVE_INFINITY});
        List<Plots.Series> series = Plots.histogramSeries(sets, 4);
        assertArrayEquals(new double[] {-0.75, -0.25, 0.25, 0.75}, series.get(0).x(), 1e-15);
        assertArrayEquals(new double[] {0.25, 0, 0, 0.5}, series.get(0).y(), 1e-15); // the NaN's quarter left out
        assertArrayEquals(new double[] {0, 0, 0, 0}, series.get(1).y(), 0);
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875},
                Plots.histogramSeries(java.util.Map.of("none", new double[] {Double.NaN}), 4).get(0).x(), 1e-15);
    }

    /** A logarithmic x axis is labelled with the values (it showed "100" alone under the sizes 16 to 128). */
    @Test
    void aLogarithmicAxisIsLabelledWithItsValues() {
        assertEquals("16", Plots.logTickLabel(2, 4));
        assertEquals("512", Plots.logTickLabel(2, 9));
        assertEquals("45.3", Plots.logTickLabel(2, 5.5));
        assertEquals("0.5", Plots.logTickLabel(2, -1));
        assertEquals("2.22E-16", Plots.logTickLabel(2, -52));
        assertEquals("0.01", Plots.logTickLabel(10, -2));
        assertEquals("1E-15", Plots.logTickLabel(10, -15));
        assertEquals("1E-6", Plots.logTickLabel(10, -6)); // was 0.000001
        assertEquals("1E5", Plots.logTickLabel(10, 5)); // was 1E+5
        assertEquals("2.5E-7", Plots.logTickLabel(10, Math.log10(2.5e-7)));
        // beyond doubles' range: a sweep over learningRate=0.1,1e300 ran to its end and then failed writing sweep.png
        assertEquals("1E309", Plots.logTickLabel(10, 309));
        assertEquals("1E-330", Plots.logTickLabel(10, -330));
        assertEquals("1.5E400", Plots.logTickLabel(10, 400 + Math.log10(1.5)));
        double[] x = {16, 32, 64};
        assertEquals(2, Plots.logBase(List.of(new Plots.Series("sizes", x, x, false)), Plots.Series::x));
        assertEquals(10, Plots.logBase(List.of(new Plots.Series("rates", new double[] {0.01, 0.1, 0.3}, x, false)),
                Plots.Series::x));
    }

    /**
     * A logarithmic axis over several decades labels its whole powers: XChart spaced the ticks evenly from the data's
     * ends, none fell on a whole power, and a lockstep divergence from 7.7e-18 to 1.07e-14 had no label and no grid line.
     */
    @Test
    void aLogarithmicAxisOverDecadesLabelsTheirPowers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        int n = 150;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k + 1;
            y[k] = 7.7e-18 * Math.pow(1.07e-14 / 7.7e-18, k / (n - 1.0));
        }
        org.knowm.xchart.XYChart chart = Plots.lineChart(tmp.resolve("d.png"), "t", "step", "|a - b|",
                List.of(new Plots.Series("C", x, y, false)), false, true, Double.NaN, Double.NaN, 600);
        java.util.Set<String> drawn = drawnLabels(chart, false);
        assertTrue(drawn.containsAll(List.of("1E-17", "1E-16", "1E-15", "1E-14")), drawn.toString());
    }

    /** The tick labels of the x ({@code xAxis}) or y axis that drawing {@code chart} shows. */
    private static java.util.Set<String> drawnLabels(org.knowm.xchart.XYChart chart, boolean xAxis) {
        java.util.function.Function<Double, String> labels = xAxis ? chart.getStyler().getxAxisTickLabelsFormattingFunction()
                : chart.getStyler().getyAxisTickLabelsFormattingFunction();
        java.util.Set<String> drawn = new java.util.TreeSet<>();
        java.util.function.Function<Double, String> noted = v -> {
            String label = labels.apply(v);
            drawn.add(label);
            return label;
        };
        if (xAxis) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(noted);
        } else {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(noted);
        }
        org.knowm.xchart.BitmapEncoder.getBufferedImage(chart);
        return drawn;
    }

    /**
     * A logarithmic axis over less than two powers labels its ticks to two digits where they lie 10 % apart or more:
     * wires of 0.5, 1, 2 and 5 ohm read 0.501, 0.631, 0.794, 1, 1.26, ..., 5.01 (XChart's ticks at round logarithms).
     */
    @Test
    void aShortLogarithmicAxisShowsItsRoundValues(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        double[] x = {0.5, 1, 2, 5};
        org.knowm.xchart.XYChart chart = Plots.lineChart(tmp.resolve("w.png"), "t", "wireOhm", "accuracy",
                List.of(new Plots.Series("SHD", x, new double[] {48.7, 17.3, 11.7, 10.8}, true)), true, false,
                Double.NaN, Double.NaN, 600);
        java.util.Set<String> drawn = drawnLabels(chart, true);
        assertTrue(drawn.containsAll(List.of("0.5", "1", "2", "5")), drawn.toString());
        assertFalse(drawn.contains("5.01") || drawn.contains("0.501"), drawn.toString());
        // a narrower span keeps three digits, which tell its closer ticks apart
        assertEquals("1.12", Plots.logTickLabel(10, 0.05, 3));
        assertEquals("0.5", Plots.logTickLabel(10, -0.3, 2));
    }

    /**
     * The y axis of values XChart takes for equally spaced gets round ticks, not one at each value: a pulse response's
     * residuals of up to 1.25e-3 (steps of 1e-5, within XChart's absolute 1e-4 of each other) had a tick at each point,
     * labelled to ten digits over each other; two accuracies had their two values as the only ticks.
     */
    @Test
    void aYAxisXChartWouldTickAtItsValuesGetsRoundTicks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        int n = 126;
        double[] x = new double[n];
        double[] residual = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k;
            residual[k] = 1e-5 * k;
        }
        assertTrue(Plots.xchartSpacesEqually(residual));
        org.knowm.xchart.XYChart chart = Plots.lineChart(tmp.resolve("r.png"), "t", "pulse", "difference",
                List.of(new Plots.Series("residual", x, residual, false)), false, false, Double.NaN, Double.NaN, 300);
        java.util.Set<String> drawn = drawnLabels(chart, false);
        // measured: 11 labels of at most 7 characters (-0.0002 to 0.0016 by 0.0002, and the top value 0.00125); without
        // the hidden point, 126 (one per value)
        assertTrue(drawn.size() <= 12 && drawn.stream().allMatch(l -> l.length() <= 7), drawn.toString());
        assertTrue(drawn.contains("0.001"), drawn.toString());

        double[] two = {40, 55};
        assertTrue(Plots.xchartSpacesEqually(two));
        chart = Plots.lineChart(tmp.resolve("a.png"), "t", "epoch", "accuracy", List.of(new Plots.Series("shd",
                new double[] {1, 2}, two, true)), false, false, 0, 100, 600);
        drawn = drawnLabels(chart, false);
        assertTrue(drawn.contains("45") && drawn.contains("50"), drawn.toString());
        // the point that breaks the spacing lies within the values' span, among none of them
        double hidden = Plots.unevenAfter(two);
        assertEquals(40 + 15.0 / 16, hidden, 0, "the first sixteenth of the span that breaks the spacing");
        assertFalse(Plots.xchartSpacesEqually(new double[] {40, 55, hidden}));
        assertFalse(Plots.xchartSpacesEqually(new double[] {0, 1, 3}));
    }

    /** A series given a colour index takes that colour of the chart's series colours; the others the next in order. */
    @Test
    void aSeriesKeepsTheColourOfItsIndex(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        double[] x = {1, 2};
        org.knowm.xchart.XYChart chart = Plots.lineChart(tmp.resolve("c.png"), "t", "x", "y",
                List.of(new Plots.Series("second", x, x, true).inColour(1), new Plots.Series("next", x, x, true)), false,
                false, Double.NaN, Double.NaN, 600);
        java.awt.Color[] colours = chart.getStyler().getSeriesColors();
        assertEquals(colours[1], chart.getSeriesMap().get("second").getLineColor());
        assertEquals(colours[1], chart.getSeriesMap().get("second").getMarkerColor());
        assertNull(chart.getSeriesMap().get("next").getLineColor(), "left to XChart's order");
    }

    /**
     * A series without markers whose points lie at one x is drawn with markers: a line from a point to itself is not
     * drawn, and a design study of one size showed its --max-error bound, and a lockstep run of one step its every
     * divergence, in the legend and nowhere on the plot.
     */
    @Test
    void aLineOfOnePointIsDrawnAsAMarker(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        org.knowm.xchart.XYChart chart = Plots.lineChart(tmp.resolve("c.png"), "t", "x", "y", List.of(
                new Plots.Series("bound", new double[] {64, 64}, new double[] {1, 1}, false),
                new Plots.Series("one step", new double[] {1}, new double[] {2e-15}, false),
                new Plots.Series("gap", new double[] {1, 2}, new double[] {3, Double.NaN}, false),
                new Plots.Series("line", new double[] {1, 2}, new double[] {1, 2}, false)), false, false, Double.NaN,
                Double.NaN, 600);
        for (String name : List.of("bound", "one step", "gap")) {
            assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE,
                    chart.getSeriesMap().get(name).getMarker(), name);
        }
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.NONE, chart.getSeriesMap().get("line").getMarker());
    }

    /** Two maps of one quantity share a colour range (a calibration's fitted and measured maps had ranges of their own). */
    @Test
    void companionMapsShareTheirColourRange() {
        double[][] fitted = {{0.99568, 0.999}, {0.9990, 0.99905}};
        double[][] measured = {{0.99541, 0.9991}, {0.9989, 0.99913}};
        org.knowm.xchart.HeatMapChart a = Plots.arrayMap("t", "x", "y", "u", fitted, measured);
        org.knowm.xchart.HeatMapChart b = Plots.arrayMap("t", "x", "y", "u", measured, fitted);
        assertEquals(a.getStyler().getMin(), b.getStyler().getMin(), 0);
        assertEquals(a.getStyler().getMax(), b.getStyler().getMax(), 0);
        // measured: 0.99541 to 0.99913, the ends of both maps (each alone: 0.99568 and 0.99541 at the low end)
        assertEquals(0.99541, a.getStyler().getMin(), 1e-12);
        assertEquals(0.99913, a.getStyler().getMax(), 1e-12);
        org.knowm.xchart.HeatMapChart alone = Plots.arrayMap("t", "x", "y", "u", fitted, fitted);
        assertEquals(0.99568, alone.getStyler().getMin(), 1e-12, "alone, its own range");
    }

    @Test
    void aLinearAxisIsLabelledWithALeadingZeroAndWithoutItsRounding() {
        assertEquals("0.05", Plots.linearTickLabel(0.05, 0.2)); // XChart wrote ".05"
        assertEquals("0.15", Plots.linearTickLabel(0.15000000000000002, 0.2));
        assertEquals("-0.3", Plots.linearTickLabel(-0.30000000000000004, 1));
        assertEquals("0", Plots.linearTickLabel(0, 1));
        assertEquals("1250000", Plots.linearTickLabel(1.25e6, 2e6)); // no grouping commas
        assertEquals("2.5E-9", Plots.linearTickLabel(2.5e-9, 1e-8)); // seconds of a pulse-width axis
        assertEquals("1.25E7", Plots.linearTickLabel(1.25e7, 2e7)); // was "1.25E+7"
        assertEquals("-1.2E-5", Plots.linearTickLabel(-1.2e-5, 2e-5)); // was "-0.000012", BigDecimal's form above 1e-6
    }

    @Test
    void residualsArePlottedInAPanelBelowTheCurves(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        double[] x = {0, 1, 2, 3};
        double[] a = {0, 0.1, 0.2, 0.3};
        double[] b = {0, 0.1001, 0.1998, 0.3002};
        Plots.Series residual = Plots.Series.difference("a - b", x, a, b);
        assertArrayEquals(new double[] {0, -1e-4, 2e-4, -2e-4}, residual.y(), 1e-15);
        java.nio.file.Path png = tmp.resolve("r.png");
        Plots.linesOverResiduals(png, "t", "x", "y", List.of(new Plots.Series("a", x, a, false),
                new Plots.Series("b", x, b, false)), "units", List.of(residual));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600 + 2 * 20 + 300 + 20, image.getHeight()); // the curves' plot and the residuals' below, with legends
    }

    /**
     * A heat map's indices are categories, centred on their cells (numbers were spread as if the first and last index
     * were the axis' ends, and 0 and 7 of an 8 x 8 map had no label): at most 16 and the last show, the others blank.
     */
    @Test
    void heatMapIndicesLabelTheirCells() {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), Plots.indexLabels(8));
        List<String> labels = Plots.indexLabels(64);
        assertEquals(64, new java.util.HashSet<>(labels).size(), "categories must differ");
        assertEquals(List.of("0", "4", "60", "63"), List.of(labels.get(0), labels.get(4), labels.get(60), labels.get(63)));
        assertEquals(17, labels.stream().filter(l -> l.matches("[0-9]+")).count(), "every fourth and the last");
    }

    /**
     * A line plot of tiny or huge values is labelled in their power of ten: the demo's lockstep divergence (about 2e-14)
     * had a single y tick, XChart's for a range it takes as empty; values of order 1 keep their own labels.
     */
    @Test
    void tinyAndHugeValuesArePlottedInTheirPowerOfTen() {
        double[] x = {1, 2, 3};
        assertEquals(-14, Plots.axisExponent(List.of(new Plots.Series("a", x, new double[] {1.1e-14, 2.9e-14, 0}, false))));
        assertEquals(6, Plots.axisExponent(List.of(new Plots.Series("a", x, new double[] {3e6, -4e6, 1}, false))));
        assertEquals(0, Plots.axisExponent(List.of(new Plots.Series("a", x, new double[] {0.5, 2e-9, 0}, false))));
        assertEquals(0, Plots.axisExponent(List.of(new Plots.Series("a", x, new double[] {0, 0, 0}, false))));
        assertEquals(-4, Plots.axisExponent(List.of(new Plots.Series("a", x, new double[] {1e-5, 2e-5, 0}, false,
                new double[] {1e-4, 0, 0}))));
    }

    /** Equally spaced x values (those XChart puts its ticks on, at data points) are told from others, over every series. */
    @Test
    void equallySpacedXAreToldOverEverySeries() {
        double[] pulses = new double[3001];
        for (int k = 0; k < pulses.length; k++) {
            pulses[k] = k;
        }
        double[] y = new double[3001];
        assertTrue(Plots.equallySpaced(Plots.distinctX(List.of(new Plots.Series("a", pulses, y, false)))));
        double[] shifted = pulses.clone();
        shifted[1500] += 0.5;
        assertFalse(Plots.equallySpaced(Plots.distinctX(List.of(new Plots.Series("a", pulses, y, false),
                new Plots.Series("b", shifted, y, false)))));
        assertArrayEquals(new double[] {0, 1, 2}, Plots.distinctX(List.of(new Plots.Series("a", new double[] {2, 0, 1},
                new double[3], false), new Plots.Series("b", new double[] {1, 2}, new double[2], false))));
    }

    /**
     * A key that is not a number is plotted at its values' names, as points (a sweep over algorithm=sgd,shd,fp read "index"
     * with ticks 0, 1, 2, and a compared sweep without shd was drawn as a line through it).
     */
    @Test
    void categoriesAreNamedAndNotJoined(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        List<Plots.Series> series = List.of(new Plots.Series("a", new double[] {0, 1, 2}, new double[] {20, 50, 85}, true,
                new double[] {5, 40, 1}), new Plots.Series("b", new double[] {0, 2}, new double[] {22, 84}, true, new double[] {0, 0}));
        org.knowm.xchart.XYChart chart = Plots.categoryChart(tmp.resolve("c.png"), "t", "algorithm", "y",
                List.of("sgd", "shd", "fp"), series);
        assertEquals("sgd", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(0.0));
        assertEquals("fp", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(2.0));
        assertEquals(" ", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(0.5));
        assertTrue(chart.getSeriesMap().values().stream()
                .allMatch(xy -> xy.getXYSeriesRenderStyle() == org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter));
        assertTrue(chart.getStyler().isErrorBarsColorSeriesColor());
    }
}
