package org.xbarspice.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.xbarspice.tile.EnergyBreakdown;

/** PNG figures (XChart), written atomically. */
public final class Plots {
    static {
        // PNGs encoded in memory, not through a temporary cache file, whose first use registers a shutdown hook: a run
        // stopped by a signal then could not finish the checkpoint it was writing ("Shutdown in progress")
        ImageIO.setUseCache(false);
    }

    private Plots() {
    }

    /**
     * Heat map of {@code values[y][x]} with x = 0..nx-1 along the horizontal axis and y = 0 at the top, as an array is
     * drawn (row 0 at the top, the columns' sense amplifiers below the last row).
     *
     * @param unit label of the colour scale
     */
    public static void heatMap(Path png, String title, String xLabel, String yLabel, String unit, double[][] values) {
        heatMap(png, title, xLabel, yLabel, unit, values, values);
    }

    /**
     * {@link #heatMap(Path, String, String, String, String, double[][])} on the colour range of {@code values} and {@code
     * companion} together, so that two maps of one quantity compare by their colours (a calibration's fitted and
     * measured attenuation were drawn on ranges of their own).
     */
    public static void heatMap(Path png, String title, String xLabel, String yLabel, String unit, double[][] values,
                               double[][] companion) {
        save(png, arrayMap(title, xLabel, yLabel, unit, values, companion));
    }

    /** The chart of {@link #heatMap(Path, String, String, String, String, double[][], double[][])}. */
    static HeatMapChart arrayMap(String title, String xLabel, String yLabel, String unit, double[][] values,
                                 double[][] companion) {
        HeatMapChart chart = heatMapChart(title, xLabel, yLabel, unit);
        List<String> ys = indexLabels(values.length);
        Collections.reverse(ys);
        double[][] topDown = values.clone();
        Collections.reverse(Arrays.asList(topDown));
        double[][] both = java.util.stream.Stream.concat(Arrays.stream(values), Arrays.stream(companion))
                .toArray(double[][]::new);
        addCells(chart, unit, indexLabels(values[0].length), ys, topDown, colourRange(both));
        return chart;
    }

    /** Most index labels along one axis of a heat map. */
    private static final int INDEX_LABELS = 16;

    /**
     * The labels of {@code count} cells along a heat map's axis, as categories (centred on their cells; numbers were
     * placed as if the first and last index were the axis' ends): every k-th index, k chosen so that at most {@value
     * #INDEX_LABELS} show, and the last; the others are blanks of different widths of zero, as categories must differ.
     */
    static List<String> indexLabels(int count) {
        int every = (count + INDEX_LABELS - 1) / INDEX_LABELS;
        List<String> labels = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            labels.add(k % every == 0 || k == count - 1 ? Integer.toString(k) : "\u200b".repeat(k));
        }
        return labels;
    }

    /**
     * A small heat map of categories: {@code values[y][x]} in cells labelled {@code xCategories} along the horizontal
     * axis and {@code yCategories} along the vertical one, every cell showing its value.
     */
    public static void heatMap(Path png, String title, String xLabel, String yLabel, String unit, List<String> xCategories,
                               List<String> yCategories, double[][] values) {
        HeatMapChart chart = heatMapChart(title, xLabel, yLabel, unit);
        chart.getStyler().setShowValue(true);
        addCells(chart, unit, xCategories, yCategories, values, colourRange(values));
        save(png, chart);
    }

    private static HeatMapChart heatMapChart(String title, String xLabel, String yLabel, String unit) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(700).title(title + " [" + unit + "]").build();
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        chart.getStyler().setShowWithinAreaPoint(false);
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setDecimalPattern("0.###");
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.3g", v));
        chart.getStyler().setRangeColors(new Color[] {
            new Color(49, 54, 149), new Color(69, 117, 180), new Color(171, 217, 233), new Color(255, 255, 191),
            new Color(253, 174, 97), new Color(215, 48, 39), new Color(165, 0, 38)});
        return chart;
    }

    /** {@link #colourRange(double, double)} of the finite values of {@code values}; [0, 1] when none is finite. */
    static double[] colourRange(double[][] values) {
        double[] finite = Arrays.stream(values).flatMapToDouble(Arrays::stream).filter(Double::isFinite)
                .toArray();
        return finite.length == 0 ? new double[] {0, 1} : colourRange(Arrays.stream(finite).min().getAsDouble(),
                Arrays.stream(finite).max().getAsDouble());
    }

    /**
     * The colour bar's ends for finite values in [min, max]: rounded outwards at the span's third significant digit (a
     * hundredth to a thousandth of the span), since the bar prints them in full (it printed 4.829914682983385) and must
     * keep the span (three significant digits of the values made 0.99956-0.99991 a bar of 0.999-1, half its colours
     * unused); a range of one value v is widened to [v, v + |v| / 100], or [0, 1] for 0 (the bar read "0.0 ...
     * 1.0E-300").
     */
    static double[] colourRange(double min, double max) {
        if (!(max > min)) {
            return new double[] {min, min == 0 ? 1 : min + Math.abs(min) / 100};
        }
        int scale = 2 - (int) Math.floor(Math.log10(max - min));
        double low = new BigDecimal(min).setScale(scale, RoundingMode.FLOOR).doubleValue();
        double high = new BigDecimal(max).setScale(scale, RoundingMode.CEILING).doubleValue();
        return new double[] {low, high};
    }

    /**
     * The cells of {@code values[y][x]} at the given axis entries, and the colour range their finite values span; a
     * value that is not finite is a cell without a value (black), which no longer takes the whole map's range with it.
     */
    private static void addCells(HeatMapChart chart, String unit, List<?> xs, List<?> ys, double[][] values, double[] range) {
        int ny = values.length;
        int nx = values[0].length;
        List<Number[]> cells = new ArrayList<>(nx * ny);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double v = values[y][x];
                cells.add(new Number[] {x, y, Double.isFinite(v) ? v : Double.NaN});
            }
        }
        chart.getStyler().setMin(range[0]);
        chart.getStyler().setMax(range[1]);
        chart.addSeries(unit, xs, ys, cells);
    }

    /** One line plot; every series is (name, x, y). */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series) {
        lines(png, title, xLabel, yLabel, series, false, false);
    }

    /**
     * One line plot with logarithmic axes where asked; every value on a logarithmic axis must be > 0 (and a series on a
     * logarithmic y axis has no error bars). A logarithmic axis is drawn as the logarithms of the values on a linear axis
     * labelled with the values themselves, in base 2 when every value is a power of two (array sizes) and else in base
     * 10 (XChart's own labels only the powers of ten: the sizes 16, 32, 64 and 128 of a design study had one label,
     * "100", and a lockstep divergence of 2e-16 to 8e-15 one, "1E-15").
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                             boolean logY) {
        lines(png, title, xLabel, yLabel, series, logX, logY, Double.NaN, Double.NaN);
    }

    /**
     * A line plot of percentages (accuracies): the y axis spans the values and their error bars but stays within [0,
     * 100], where a bar past either end is cut (the 95 % interval of two runs is 12.7 standard deviations wide, and a
     * sweep's axis reached -100 % and 140 %); a single value gets 5 points either side.
     */
    public static void percentLines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
        lines(png, title, xLabel, yLabel, series, logX, false, 0, 100);
    }

    /**
     * As {@link #percentLines} over the values of a key that is not a number (an algorithm, a device): each value at its
     * index, labelled with the value, every series as points with their error bars, not joined (a line between
     * categories means nothing, and one across a value a series lacks showed a figure it does not have).
     */
    public static void percentCategories(Path png, String title, String xLabel, String yLabel, List<String> categories,
                                         List<Series> series) {
        save(png, categoryChart(png, title, xLabel, yLabel, categories, series));
    }

    static XYChart categoryChart(Path png, String title, String xLabel, String yLabel, List<String> categories,
                                 List<Series> series) {
        XYChart chart = lineChart(png, title, xLabel, yLabel, series, false, false, 0, 100, 600);
        // XChart puts the ticks of equally spaced x at the data points: at the indices, which take the values' names
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long k = Math.round(v);
            return Math.abs(v - k) < 1e-9 && k >= 0 && k < categories.size() ? categories.get((int) k) : " ";
        });
        chart.getStyler().setMarkerSize(8);
        chart.getSeriesMap().values().forEach(xy -> xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter));
        return chart;
    }

    /**
     * A line plot over a panel of residuals that share its x axis: curves that lie on each other (SPICE and a model of
     * it) above, their differences ({@code residuals}, in {@code residualLabel}'s unit) below, where they can be read.
     */
    public static void linesOverResiduals(Path png, String title, String xLabel, String yLabel, List<Series> series,
                                          String residualLabel, List<Series> residuals) {
        // legends below the plots, which then span the same width, each plot taller by its legend's lines
        XYChart top = lineChart(png, title, xLabel, yLabel, series, false, false, Double.NaN, Double.NaN,
                600 + LEGEND_LINE * series.size());
        XYChart bottom = lineChart(png, "residuals", xLabel, residualLabel, residuals, false, false, Double.NaN,
                Double.NaN, 300 + LEGEND_LINE * residuals.size());
        for (XYChart chart : List.of(top, bottom)) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        }
        BufferedImage upper = BitmapEncoder.getBufferedImage(top);
        BufferedImage lower = BitmapEncoder.getBufferedImage(bottom);
        BufferedImage both = new BufferedImage(WIDTH, upper.getHeight() + lower.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(upper, 0, 0, null);
        g.drawImage(lower, 0, upper.getHeight(), null);
        g.dispose();
        ResultFiles.write(png, out -> ImageIO.write(both, "png", out));
    }

    /** Width of every plot (pixels). */
    private static final int WIDTH = 900;
    /** Height of one line of a legend (pixels). */
    private static final int LEGEND_LINE = 20;

    private static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX,
                              boolean logY, double yFloor, double yCeiling) {
        save(png, lineChart(png, title, xLabel, yLabel, series, logX, logY, yFloor, yCeiling, 600));
    }

    static XYChart lineChart(Path png, String title, String xLabel, String yLabel, List<Series> series,
                             boolean logX, boolean logY, double yFloor, double yCeiling, int height) {
        for (Series s : series) {
            if (logY && s.errorBars() != null || logX && !allPositive(s.x()) || logY && !allPositive(s.y())) {
                throw new IllegalArgumentException(png.getFileName() + ": series '" + s.name() + "' on a logarithmic axis "
                        + "needs finite values > 0 (and no error bars on a logarithmic y axis)");
            }
        }
        double xBase = logX ? logBase(series, Series::x) : 0;
        double yBase = logY ? logBase(series, Series::y) : 0;
        if (logX || logY) {
            series = series.stream().map(s -> new Series(s.name(), logX ? log(s.x(), xBase) : s.x(),
                    logY ? log(s.y(), yBase) : s.y(), s.markers(), s.errorBars(), s.colour())).toList();
        }
        int exponent = logY ? 0 : axisExponent(series);
        double scale = Math.pow(10, -exponent);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(exponent == 0 ? yLabel : yLabel + " (x 1e" + exponent + ")").build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setErrorBarsColorSeriesColor(true); // each series' bars in its colour, not all in black
        chart.getStyler().setyAxisTickLabelsFormattingFunction(logY ? logLabels(series, Series::y, yBase)
                : v -> linearTickLabel(v, 1)); // y scaled to order 1 (axisExponent)
        if (logY && span(series, Series::y) >= 2) { // from a whole power to a whole power, which the ticks then hit
            chart.getStyler().setYAxisMin(Math.floor(extreme(series, Series::y, false)));
            chart.getStyler().setYAxisMax(Math.ceil(extreme(series, Series::y, true)));
        }
        if (!Double.isNaN(yFloor)) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (int k = 0; k < s.y().length; k++) {
                    double bar = s.errorBars() == null || !Double.isFinite(s.errorBars()[k]) ? 0 : s.errorBars()[k];
                    if (Double.isFinite(s.y()[k])) {
                        low = Math.min(low, s.y()[k] - bar);
                        high = Math.max(high, s.y()[k] + bar);
                    }
                }
            }
            if (high == low) { // one value (a run of one epoch): a span around it, which XChart would draw as one tick "0"
                low -= 5;
                high += 5;
            }
            if (high > low) {
                chart.getStyler().setYAxisMin(Math.max(yFloor, low) * scale);
                chart.getStyler().setYAxisMax(Math.min(yCeiling, high) * scale);
            }
        }
        if (logX) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(logLabels(series, Series::x, xBase));
            if (span(series, Series::x) >= 2) {
                chart.getStyler().setXAxisMin(Math.floor(extreme(series, Series::x, false)));
                chart.getStyler().setXAxisMax(Math.ceil(extreme(series, Series::x, true)));
            }
        } else {
            // whole numbers (pulses, epochs) without grouping commas too: XChart labels equally spaced x at data points,
            // as tightly as the labels fit, and 1,062 and 1,239 ran together
            double largest = Arrays.stream(distinctX(series)).map(Math::abs).max().orElse(0);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> linearTickLabel(v, largest));
        }
        for (Series s : series) {
            XYSeries xy = s.errorBars() == null ? chart.addSeries(s.name(), s.x(), scaled(s.y(), scale))
                    : chart.addSeries(s.name(), s.x(), scaled(s.y(), scale), scaled(s.errorBars(), scale));
            xy.setMarker(s.markers() || atOneX(s) ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.colour() != Series.NEXT_COLOUR) {
                Color[] colours = chart.getStyler().getSeriesColors();
                Color colour = colours[s.colour() % colours.length];
                xy.setLineColor(colour);
                xy.setMarkerColor(colour);
            }
        }
        double[] x = distinctX(series);
        double firstY = scaled(series.get(0).y(), scale)[0];
        if (x.length > EQUALLY_SPACED_TICKS && equallySpaced(x)) {
            // XChart puts the ticks of equally spaced x values at data points (0, 158, 316, ... for 3001 pulses); one
            // hidden point between two of them gives it round ticks
            hiddenPoint(chart, " ", (x[0] + x[1]) / 2, firstY);
        }
        double[] y = chart.getSeriesMap().values().stream().flatMapToDouble(xy -> Arrays.stream(xy.getYData()))
                .filter(Double::isFinite).distinct().toArray();
        if (xchartSpacesEqually(y)) {
            hiddenPoint(chart, "  ", series.get(0).x()[0], unevenAfter(y));
        }
        return chart;
    }

    /**
     * Whether the points of {@code s} with a finite y all lie at one x: a line from a point to itself is not drawn, and
     * without markers the series showed in the legend only (a design study's bound at its one size, a lockstep run's
     * divergence after one step).
     */
    static boolean atOneX(Series s) {
        return IntStream.range(0, s.x().length).filter(k -> Double.isFinite(s.y()[k])).mapToDouble(k -> s.x()[k])
                .distinct().count() == 1;
    }

    /** XChart's tolerance of equally spaced axis values (absolute, in the units plotted). */
    private static final double XCHART_SPACING = 1e-4;

    /**
     * Whether XChart takes {@code values} (an axis' distinct values in the order of their series and points) for equally
     * spaced, and then puts the axis' ticks at them: when they span {@value #XCHART_SPACING} or more and each step from
     * one to the next is within that (absolute) of the first step. Any two values pass, and so does a slow curve of
     * small values: a residual panel of 1e-3 got a tick at each of its points, labelled to ten digits over each other.
     */
    static boolean xchartSpacesEqually(double[] values) {
        if (values.length < 2) {
            return false;
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        if (max - min < XCHART_SPACING) {
            return false;
        }
        double step = values[1] - values[0];
        for (int k = 2; k < values.length; k++) {
            if (Math.abs(values[k] - values[k - 1] - step) >= XCHART_SPACING) {
                return false;
            }
        }
        return true;
    }

    /**
     * A value within the span of {@code values} (as {@link #xchartSpacesEqually} takes them), not among them, whose step
     * from the last breaks the equal spacing; beyond the largest where the span is too short for one inside.
     */
    static double unevenAfter(double[] values) {
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        double step = values[1] - values[0];
        double last = values[values.length - 1];
        for (int k = 1; k < 16; k++) {
            double v = min + (max - min) * k / 16;
            if (Math.abs(v - last - step) >= XCHART_SPACING && Arrays.stream(values).noneMatch(u -> u == v)) {
                return v;
            }
        }
        return Math.max(max, last + step) + 2 * XCHART_SPACING;
    }

    /** A point drawn as nothing and left out of the legend, which only changes what XChart takes the axes' values for. */
    private static void hiddenPoint(XYChart chart, String name, double x, double y) {
        XYSeries hidden = chart.addSeries(name, new double[] {x}, new double[] {y});
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
    }

    private static boolean allPositive(double[] values) {
        return Arrays.stream(values).allMatch(v -> v > 0 && v < Double.POSITIVE_INFINITY);
    }

    /** The base of a logarithmic axis over the values {@code axis} gives of {@code series}: 2 if all are powers of two, else 10. */
    static double logBase(List<Series> series, Function<Series, double[]> axis) {
        boolean powersOfTwo = series.stream().flatMapToDouble(s -> Arrays.stream(axis.apply(s)))
                .allMatch(v -> v == Math.scalb(1.0, Math.getExponent(v)));
        return powersOfTwo ? 2 : 10;
    }

    /** The largest ({@code largest}) or the smallest value that {@code axis} gives of {@code series} (0 for none). */
    private static double extreme(List<Series> series, Function<Series, double[]> axis, boolean largest) {
        java.util.stream.DoubleStream values = series.stream().flatMapToDouble(s -> Arrays.stream(axis.apply(s)));
        return (largest ? values.max() : values.min()).orElse(0);
    }

    /** The range of the values {@code axis} gives of {@code series}. */
    private static double span(List<Series> series, Function<Series, double[]> axis) {
        return extreme(series, axis, true) - extreme(series, axis, false);
    }

    private static double[] log(double[] values, double base) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = Math.log(values[k]) / Math.log(base);
        }
        return out;
    }

    /**
     * The tick labels of a logarithmic axis of base {@code base} over the logarithms {@code axis} gives of {@code
     * series}: over two powers of the base or more only the whole powers are labelled (16, 32, 64, not 45.3 between
     * them; 0.01, 0.1, 1), else every tick. Over two powers or more the axis runs from a whole power to a whole power
     * ({@link #lineChart}): XChart spaces the ticks of a labelling function evenly from the axis's ends, and from the
     * data's own ends they hit no whole power (a lockstep divergence from 7.7e-18 to 1.07e-14 had no label and no grid
     * line). Over less, XChart puts about ten ticks at round logarithms (0.301 and 0.3 are not the same): where they lie
     * 10 % apart or more, two significant digits tell them apart and show 2 and 5 as such (wires of 0.5 to 5 ohm were
     * labelled 0.501, 0.631, 0.794, 1, 1.26, ..., 5.01), else three.
     */
    private static Function<Double, String> logLabels(List<Series> series, Function<Series, double[]> axis, double base) {
        double span = span(series, axis);
        if (span < 2) {
            int digits = Math.pow(base, span / 10) >= 1.1 ? 2 : 3;
            return v -> logTickLabel(base, v, digits);
        }
        return v -> Math.abs(v - Math.rint(v)) < 1e-9 ? logTickLabel(base, Math.rint(v)) : " ";
    }

    /**
     * The label of tick {@code exponent} of a logarithmic axis of base {@code base}: base^exponent to three significant
     * digits, plain from 0.001 to 10^5 ("16", "45.3"), else in powers of ten ("2.22E-16", "1E-15").
     */
    static String logTickLabel(double base, double exponent) {
        return logTickLabel(base, exponent, 3);
    }

    /** {@link #logTickLabel(double, double)} to {@code digits} significant digits. */
    static String logTickLabel(double base, double exponent, int digits) {
        MathContext rounding = new MathContext(digits);
        double v = Math.pow(base, exponent);
        if (!(v > Double.MIN_NORMAL && v < Double.MAX_VALUE)) { // beyond doubles' range (an axis past a value of 1e300)
            double power = exponent * Math.log10(base);
            double whole = Math.floor(power);
            return new BigDecimal(Math.pow(10, power - whole)).round(rounding).stripTrailingZeros().toPlainString()
                    + "E" + (long) whole;
        }
        BigDecimal shown = new BigDecimal(v).round(rounding).stripTrailingZeros();
        if (v >= 1e-3 && v < 1e5) {
            return shown.toPlainString();
        }
        return inPowersOfTen(shown);
    }

    /** {@code shown} as digits and a power of ten ("2.5E-9", "1.25E7"): BigDecimal's own form wrote 1e-6 as 0.000001. */
    private static String inPowersOfTen(BigDecimal shown) {
        int power = shown.precision() - shown.scale() - 1;
        return shown.movePointLeft(power).stripTrailingZeros().toPlainString() + "E" + power;
    }

    /**
     * The label of tick {@code v} of a linear axis whose largest |value| is {@code largest}: to ten significant digits,
     * which leave out the rounding of the tick's position (0.15000000000000002), with a zero before the point (XChart
     * wrote ".05") and no grouping commas; in powers of ten ("2.5E-9", "1.25E7") where the axis' values lie outside
     * [1e-3, 1e7), as XChart does.
     */
    static String linearTickLabel(double v, double largest) {
        if (v == 0) {
            return "0";
        }
        BigDecimal shown = new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros();
        return largest == 0 || largest >= 1e-3 && largest < 1e7 ? shown.toPlainString() : inPowersOfTen(shown);
    }

    /** More x values than this, equally spaced, would get ticks at data points instead of round ones. */
    private static final int EQUALLY_SPACED_TICKS = 20;

    /** The x values of every series, each once, ascending. */
    static double[] distinctX(List<Series> series) {
        return series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).distinct().sorted().toArray();
    }

    /** Whether ascending {@code x} (two or more) are equally spaced as XChart tells: every step within 1e-4 of the range. */
    static boolean equallySpaced(double[] x) {
        double step = x[1] - x[0];
        double tolerance = 1e-4 * (x[x.length - 1] - x[0]);
        for (int k = 1; k + 1 < x.length; k++) {
            if (Math.abs(x[k + 1] - x[k] - step) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * The power of ten a linear y axis is labelled in: 0 where the largest |y| (with its error bar) lies in [1e-3, 1e5)
     * or is 0, else its exponent, so that the values plotted are of order 1. XChart draws a single tick for values of
     * order 1e-14 (the lockstep divergence of the demo).
     */
    static int axisExponent(List<Series> series) {
        double largest = 0;
        for (Series s : series) {
            for (int k = 0; k < s.y().length; k++) {
                double v = Math.abs(s.y()[k]) + (s.errorBars() == null ? 0 : Math.abs(s.errorBars()[k]));
                largest = Double.isFinite(v) ? Math.max(largest, v) : largest;
            }
        }
        return largest == 0 || largest >= 1e-3 && largest < 1e5 ? 0 : (int) Math.floor(Math.log10(largest));
    }

    private static double[] scaled(double[] values, double scale) {
        if (scale == 1) {
            return values;
        }
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k] * scale;
        }
        return out;
    }

    /**
     * Histograms of several value sets over one common range, {@code bins} bins each, drawn as lines of each set's
     * fraction per bin centre so several sets stay readable on one plot, whatever their sizes (in counts, a layer of 80
     * weights lay flat beside one of 512). Values that are not finite are left out of the bins and counted in the title
     * (one NaN made the range NaN and the plot empty).
     */
    public static void histograms(Path png, String title, String xLabel, Map<String, double[]> sets, int bins) {
        long notFinite = 0;
        long all = 0;
        for (double[] values : sets.values()) {
            for (double v : values) {
                notFinite += Double.isFinite(v) ? 0 : 1;
            }
            all += values.length;
        }
        String shown = notFinite == 0 ? title : title + " (" + notFinite + " of " + all + " values not finite, left out)";
        lines(png, shown, xLabel, "fraction per bin", histogramSeries(sets, bins));
    }

    /**
     * The lines of {@link #histograms}: each set's fraction of its values per bin, over the common range of the finite
     * values (0 to 1 if none is).
     */
    static List<Series> histogramSeries(Map<String, double[]> sets, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : sets.values()) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        } else if (!(hi > lo)) {
            hi = lo + 1;
        }
        double width = (hi - lo) / bins;
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, double[]> e : sets.entrySet()) {
            double[] centres = new double[bins];
            double[] counts = new double[bins];
            for (int b = 0; b < bins; b++) {
                centres[b] = lo + (b + 0.5) * width;
            }
            for (double v : e.getValue()) {
                if (Double.isFinite(v)) {
                    counts[Math.min(bins - 1, (int) ((v - lo) / width))] += 1.0 / e.getValue().length;
                }
            }
            series.add(new Series(e.getKey(), centres, counts, false));
        }
        return series;
    }

    /** The units of an energy axis, from aJ up, each 1000 times the one before. */
    private static final List<String> ENERGY_UNITS = List.of("aJ", "fJ", "pJ", "nJ", "uJ", "mJ", "J");

    /**
     * The unit of an energy axis whose largest value is {@code largest} joules: the one in which it lies in [1, 1000)
     * (aJ below, J above); index into {@link #ENERGY_UNITS}.
     */
    static int energyUnit(double largest) {
        if (!(largest > 0)) {
            return 0; // 0 or NaN: no scale to take
        }
        double unit = Math.floor(Math.log10(largest) / 3) + 6; // infinite for an infinite energy: J
        return (int) Math.max(0, Math.min(ENERGY_UNITS.size() - 1, unit));
    }

    /** The round numbers an axis may end at, per decade. */
    private static final double[] ROUND_TOPS = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};

    /** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten at or above {@code largest} (1 for 0). */
    static double roundTop(double largest) {
        if (!(largest > 0) || !Double.isFinite(largest)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(largest)));
        for (double top : ROUND_TOPS) {
            if (top * decade >= largest) {
                return top * decade;
            }
        }
        return 10 * decade;
    }

    /** The colours of the energy parts, one hue each (XChart's own gave wires and sense two near yellows). */
    private static final Color[] ENERGY_COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(127, 127, 127)};

    /**
     * Stacked bars: one bar per category, each split into the energy parts of its {@link EnergyBreakdown} (devices,
     * wires, drivers, DAC, ADC, sense), in the unit of {@link #energyUnit} for the largest bar (train's bars were in uJ
     * at 0.0015 uJ, a read's in pJ at 1.5E-5 pJ).
     */
    public static void energyBars(Path png, String title, Map<String, EnergyBreakdown> bars) {
        int unit = energyUnit(bars.values().stream().mapToDouble(EnergyBreakdown::total).max().orElse(0));
        double scale = Math.pow(10, 3 * (unit - 6));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(600).title(title)
                .yAxisTitle("energy [" + ENERGY_UNITS.get(unit) + "]").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> linearTickLabel(v, 1)); // in [1, 1000): energyUnit
        // a round top: with every part but one at 0 (ideal wires) XChart took the two values for its only ticks, 0 and
        // "575.8413131"
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(roundTop(bars.values().stream().mapToDouble(EnergyBreakdown::total).max().orElse(0)
                / scale));
        List<String> categories = new ArrayList<>(bars.keySet());
        Map<String, ToDoubleFunction<EnergyBreakdown>> parts = new LinkedHashMap<>();
        parts.put("devices", EnergyBreakdown::devices);
        parts.put("wires", EnergyBreakdown::wires);
        parts.put("drivers", EnergyBreakdown::drivers);
        parts.put("DAC", EnergyBreakdown::dac);
        parts.put("ADC", EnergyBreakdown::adc);
        parts.put("sense", EnergyBreakdown::sense);
        int colour = 0;
        for (Map.Entry<String, ToDoubleFunction<EnergyBreakdown>> part : parts.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (EnergyBreakdown e : bars.values()) {
                values.add(part.getValue().applyAsDouble(e) / scale);
            }
            chart.addSeries(part.getKey(), categories, values).setFillColor(ENERGY_COLOURS[colour++]);
        }
        save(png, chart);
    }

    /**
     * A named series of a line plot; {@code markers} draws a dot at each point; {@code errorBars} (the half-width at
     * each point, in y units) or null for none; {@code colour}: the index of its colour in the chart's series colours,
     * or {@link #NEXT_COLOUR} for the next one in order (a line's own index keeps its colour in plots that leave another
     * line out).
     */
    public record Series(String name, double[] x, double[] y, boolean markers, double[] errorBars, int colour) {
        /** The colour of a series that takes the next one in order. */
        public static final int NEXT_COLOUR = -1;

        /** A series without error bars. */
        public Series(String name, double[] x, double[] y, boolean markers) {
            this(name, x, y, markers, null);
        }

        /** A series in the next colour. */
        public Series(String name, double[] x, double[] y, boolean markers, double[] errorBars) {
            this(name, x, y, markers, errorBars, NEXT_COLOUR);
        }

        /** This series in the series colour of index {@code index} (from 0). */
        public Series inColour(int index) {
            return new Series(name, x, y, markers, errorBars, index);
        }

        /** The series {@code a - b} at {@code x} (a residual), without markers. */
        public static Series difference(String name, double[] x, double[] a, double[] b) {
            double[] y = new double[x.length];
            for (int k = 0; k < y.length; k++) {
                y[k] = a[k] - b[k];
            }
            return new Series(name, x, y, false);
        }
    }

    private static void save(Path png, Chart<?, ?> chart) {
        ResultFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
