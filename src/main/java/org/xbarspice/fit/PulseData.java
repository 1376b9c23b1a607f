package org.xbarspice.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Measured pulse-response data of one device: rows in measurement order, each the state (weight units) read after
 * pulse number {@code pulse(i)} of polarity {@code polarity(i)}. A row whose pulse number is not above the previous
 * row's starts a new sequence (its state is the starting point, its polarity unused); otherwise the pulses between the
 * two rows all have the later row's polarity. Cycles (an up run then a down run) label the rows for the plot and the
 * chained trajectory. A state read more than once is one row, the mean of its readings ({@link #ofReadings}, {@link
 * #repeatedReadings()}).
 *
 * <p>Conductances map onto weights as the project's {@link WeightMapping.ReferenceColumn} with bounds -1 and +1 does:
 * {@code unitRange} holds the conductances of w = -1 and w = +1, so w = 2 (G - (G(-1) + G(+1)) / 2) / (G(+1) - G(-1)).
 *
 * <p>The fit uses the increments between consecutive rows of a sequence, except those that start or end at the lowest
 * or highest state measured ({@link #wLow()}, {@link #wHigh()}): there a hard-bounded device is clipped and its change
 * is not the law's step. A plateau at a hard bound ({@link Approach#flat}), where the readings scatter by their noise,
 * is left out too where the data show no read noise ({@link #readNoise()}); where they do, it stays in: the fit models
 * the read noise, and a law with hard bounds puts them at the plateau's level ({@link #boundLow()}, {@link
 * #boundHigh()}), so that its increments there are clipped steps and read noise. Leaving out the increments whose
 * readings lay in such a band selected them by their noise: a soft-bounds device read with noise of a step, whose steps
 * near its extremes the test cannot tell from 0, fitted a bound 13 and 21 of its standard errors inside its own.
 */
public final class PulseData {
    /** Fewest usable increments in each direction. */
    public static final int MIN_INCREMENTS = 5;
    /**
     * How far 0 must lie inside the states' span, as a fraction of it: nearer, a bound is 0 up to rounding (a simulated
     * device started at its bound read [-4.9e-17, 0.3]) and the model's weights take one sign only.
     */
    static final double EDGE = 1e-9;
    /**
     * The states' span (weight units) a fit takes: a device's range is of the order of one weight unit; states 1e30
     * times that gave NaN uncertainties at exit 0, and 1e-20 times that a preset at the fits' step floor of 1e-12.
     */
    static final double MIN_SPAN = 1e-6;
    static final double MAX_SPAN = 1e6;

    /** Mixed into the seed of {@link #simulate}'s read noise, so that its draws are not the steps'. */
    private static final long READ_NOISE_SEED = 0x5EAD_0153L;
    /** Mixed in as well for the readings after each state's first ({@link #simulate}'s repeats). */
    private static final long REPEATS_SEED = 0x2E9E_A7EDL;
    /** Fewest degrees of freedom of the repeated readings' spread that sets the read noise ({@link #measureReadNoise}). */
    static final int MIN_REPEAT_FREEDOM = 20;
    /** ... and the share of the least read-noise variance the increments detect it must reach, as 1 / this. */
    private static final double MATERIAL = 4;

    /** Mapping of the conductances of w = -1 and +1 onto weights. */
    static final WeightMapping.ReferenceColumn UNIT_MAPPING = new WeightMapping.ReferenceColumn(-1, 1);

    private final String label;
    private final long[] pulse;
    private final int[] polarity;
    private final double[] weight;
    private final int[] cycle;
    private final ConductanceRange unitRange;
    private final double wLow;
    private final double wHigh;
    /**
     * The width (weight units) of the plateau at the highest and the lowest state ({@link Approach#flat}) whose
     * increments the fit leaves out (where the data show no read noise), or -1 where there is none.
     */
    private final double plateauHigh;
    private final double plateauLow;
    /**
     * How far below the highest and above the lowest state (weight units) the increments the fit leaves out start
     * ({@link #reach}): 0 where the data show read noise (those starting at the extreme reading itself).
     */
    private final double reachHigh;
    private final double reachLow;
    /** The read noise the increments show, whatever the law ({@link #readNoise}). */
    private final ReadNoise readNoise;
    /** The states a law with hard bounds takes as the device's bounds ({@link #boundLow}, {@link #boundHigh}). */
    private final double boundLow;
    private final double boundHigh;
    /** How the states approach their highest and lowest state ({@link #approach}). */
    private final Approach highest;
    private final Approach lowest;
    private final double[] before;
    private final double[] after;
    private final int[] count;
    private final boolean[] up;
    /** Whether increment k + 1 starts at the reading increment k ends at (their read noise shared, with opposite signs). */
    private final boolean[] sharesReading;
    /**
     * Each row's readings, row i's at {@code [readingStart[i], readingStart[i + 1])} (weight units), its state their mean;
     * both null where every row was read once.
     */
    private final double[] readings;
    private final int[] readingStart;
    private final RepeatedReadings repeatedReadings;

    /**
     * @param label     where the data come from (named in messages)
     * @param pulse     pulse number of each row, >= 0
     * @param polarity  +1 (up), -1 (down), 0 (none: only on a row that starts a sequence)
     * @param weight    state after the row's pulse (weight units)
     * @param cycle     cycle label of each row
     * @param unitRange conductances of w = -1 and +1 (S), or null when the data came as weights and no range was given
     * @throws InvalidInputException if the arrays differ in length, the states do not straddle 0 (or only to within
     *                               {@value #EDGE} of their span), span less than {@value #MIN_SPAN} or more than
     *                               {@value #MAX_SPAN} weight units, there are fewer than {@value #MIN_INCREMENTS}
     *                               increments in a direction, or a direction moves the wrong way on average
     */
    public PulseData(String label, long[] pulse, int[] polarity, double[] weight, int[] cycle, ConductanceRange unitRange) {
        this(label, pulse, polarity, weight, cycle, unitRange, true, null, null, null);
    }

    /**
     * As the public constructor, each row's state the mean of its readings, row i's {@code readings[start[i]] ..
     * readings[start[i + 1] - 1]} (weight units, at least one a row): the spread of a row's readings about their mean is
     * the read noise of one reading ({@link #repeatedReadings()}).
     */
    public static PulseData ofReadings(String label, long[] pulse, int[] polarity, double[] readings, int[] start,
                                       int[] cycle, ConductanceRange unitRange) {
        return ofReadings(label, pulse, polarity, readings, start, cycle, unitRange, true,
                suspectReadings(readings, start));
    }

    /**
     * As {@link #ofReadings(String, long[], int[], double[], int[], int[], ConductanceRange)}, with the readings' {@link
     * #suspectReadings} already found ({@link PulseCsv} warns of them before the data are checked); {@code zeroInside}
     * as the private constructor's.
     */
    static PulseData ofReadings(String label, long[] pulse, int[] polarity, double[] readings, int[] start, int[] cycle,
                                ConductanceRange unitRange, boolean zeroInside, List<SuspectReading> suspects) {
        int n = pulse.length;
        if (start.length != n + 1 || start[0] != 0 || start[n] != readings.length) {
            throw new IllegalArgumentException("the readings' starts (" + start.length + ") do not split " + readings.length
                    + " readings over " + n + " rows");
        }
        boolean[] leftOut = leftOut(readings.length, suspects);
        double[] mean = means(readings, start, leftOut);
        boolean repeated = readings.length > n; // each row has one reading at least (means)
        return new PulseData(label, pulse, polarity, mean, cycle, unitRange, zeroInside,
                repeated ? readings.clone() : null, repeated ? start.clone() : null, leftOut);
    }

    /**
     * Each row's state, the mean of its readings ({@link #ofReadings}) but those {@code leftOut} (null: none): row i's
     * {@code readings[start[i] .. start[i + 1])}.
     */
    static double[] means(double[] readings, int[] start, boolean[] leftOut) {
        double[] mean = new double[start.length - 1];
        for (int i = 0; i < mean.length; i++) {
            if (start[i + 1] <= start[i]) {
                throw new IllegalArgumentException("row " + i + " has no reading");
            }
            double first = Double.NaN;
            double sum = 0; // about the first reading: readings read again to the bit have it as their mean, exactly
            int kept = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                if (leftOut == null || !leftOut[k]) {
                    if (kept++ == 0) {
                        first = readings[k];
                    } else {
                        sum += readings[k] - first;
                    }
                }
            }
            mean[i] = first + sum / kept;
        }
        return mean;
    }

    /** A reading this many times the repeats' read noise from the mean of its state's other readings is suspect. */
    static final double SUSPECT_READING = 6;

    /**
     * The reading of a state read more than once that lies farthest from the mean of the state's other readings.
     *
     * @param state     the state (row)
     * @param reading   the reading's index among all readings
     * @param departure its distance from the mean of the state's other readings (weight units)
     * @param ratio     that over its standard deviation, {@code readNoise sqrt(n / (n - 1))}
     * @param readNoise the read noise of one reading all the repeats show ({@link RepeatedReadings}, which such a reading
     *                  does not set; weight units)
     * @param leftOut   whether it is left out of the state's mean: where the state has three readings or more (the
     *                  others agree); of two, neither can be told to be the one off, and both are kept
     */
    record SuspectReading(int state, int reading, double departure, double ratio, double readNoise, boolean leftOut) {
    }

    /**
     * The readings more than {@value #SUSPECT_READING} times the repeats' read noise from the mean of their state's other
     * readings (a misread value, or two states read as one), the farthest of each state: row i's readings are {@code
     * readings[start[i] .. start[i + 1])}. None where the repeats show no spread. One reading of three moved by 0.2, 200
     * times the read noise (onen-softbounds read with 0.001 three times a state), set its state 0.067 off and the fit's
     * dwMinStd to 0.2406 for 0.2314; left out, 0.2312 ({@code
     * PulseDataTest.repeatedReadingsThatShowNothingLeaveTheFitAndAMisreadIsNamed}).
     */
    static List<SuspectReading> suspectReadings(double[] readings, int[] start) {
        double[] mean = means(readings, start, null);
        RepeatedReadings repeats = RepeatedReadings.of(readings, start, mean, null);
        List<SuspectReading> suspects = new ArrayList<>();
        if (!(repeats.variance() > 0)) {
            return suspects;
        }
        for (int i = 0; i + 1 < start.length; i++) {
            int n = start[i + 1] - start[i];
            int worst = -1;
            double largest = SUSPECT_READING;
            for (int k = start[i]; n > 1 && k < start[i + 1]; k++) {
                // the others' mean lies (r - mean) n / (n - 1) away, the departure's std is sigma sqrt(n / (n - 1))
                double ratio = Math.abs(readings[k] - mean[i]) * Math.sqrt(n / (n - 1.0)) / repeats.std();
                if (ratio > largest) {
                    largest = ratio;
                    worst = k;
                }
            }
            if (worst >= 0) {
                suspects.add(new SuspectReading(i, worst, Math.abs(readings[worst] - mean[i]) * n / (n - 1), largest,
                        repeats.std(), n >= 3));
            }
        }
        return suspects;
    }

    /** Which of {@code count} readings the {@code suspects} leave out of their states' means. */
    static boolean[] leftOut(int count, List<SuspectReading> suspects) {
        boolean[] out = new boolean[count];
        for (SuspectReading suspect : suspects) {
            out[suspect.reading()] = suspect.leftOut();
        }
        return out;
    }

    /**
     * As the public constructor; {@code zeroInside} false lets 0 lie at the states' edge ({@link #simulate}); {@code
     * readings} and {@code readingStart} as {@link #readings}, the states their means but the readings {@code leftOut}
     * (null: one reading a row).
     */
    private PulseData(String label, long[] pulse, int[] polarity, double[] weight, int[] cycle, ConductanceRange unitRange,
                      boolean zeroInside, double[] readings, int[] readingStart, boolean[] leftOut) {
        int n = pulse.length;
        if (polarity.length != n || weight.length != n || cycle.length != n) {
            throw new IllegalArgumentException("column lengths differ: " + n + " pulses, " + polarity.length + " polarities, "
                    + weight.length + " states, " + cycle.length + " cycles");
        }
        this.readings = readings;
        this.readingStart = readingStart;
        this.repeatedReadings = readings == null ? RepeatedReadings.NONE
                : RepeatedReadings.of(readings, readingStart, weight, leftOut);
        this.label = label;
        this.pulse = pulse.clone();
        this.polarity = polarity.clone();
        this.weight = weight.clone();
        this.cycle = cycle.clone();
        this.unitRange = unitRange;
        this.wLow = Arrays.stream(weight).min().orElse(0);
        this.wHigh = Arrays.stream(weight).max().orElse(0);
        if (!(wLow < 0 && wHigh > 0)) {
            String fix = unitRange == null ? "shift the weights so that 0 lies inside, or give conductances (column "
                    + "conductance_S) with --g-range GMIN:GMAX around them"
                    : "the conductances lie on one side of the middle of --g-range " + unitRange.flagValue() + " (weight 0): give the range the device was programmed over, whose middle "
                    + "its conductances pass";
            throw new InvalidInputException(label + ": the states span [" + wLow + ", " + wHigh + "] (weight units), which does "
                    + "not contain 0; a device model needs wMin < 0 < wMax: " + fix);
        }
        double span = wHigh - wLow;
        // before the edge's check: a span of 1e300 (one misread state) was told that 0 lay at its edge
        if (!(span >= MIN_SPAN && span <= MAX_SPAN)) { // the fits' step floors and their squares lose such states
            throw new InvalidInputException(label + ": the states span " + Checks.readable(span) + " weight units, outside "
                    + Checks.readable(MIN_SPAN) + ".." + Checks.readable(MAX_SPAN) + ": a device's range is of the order of one weight unit: give the states as weights (about -1 to "
                    + "1) or as conductances in siemens with --g-range");
        }
        if (zeroInside && zeroAtEdge()) { // a bound at rounding's distance from 0: weights of one sign only
            throw new InvalidInputException(label + ": the states span [" + wLow + ", " + wHigh + "] (weight units), which has "
                    + "0 at its edge (within " + EDGE + " of the span, rounding); a device model needs wMin < 0 < wMax: shift "
                    + "the weights so that 0 lies inside" + (unitRange == null ? "" : ", or give the --g-range the device was "
                    + "programmed over"));
        }
        highest = measureApproach(true);
        lowest = measureApproach(false);
        boundHigh = highest.flat() ? plateauLevel(wHigh, highest.band()) : wHigh;
        boundLow = lowest.flat() ? plateauLevel(wLow, lowest.band()) : wLow;
        readNoise = measureReadNoise();
        plateauHigh = highest.flat() && !readNoise.detected() ? highest.band() : -1;
        plateauLow = lowest.flat() && !readNoise.detected() ? lowest.band() : -1;
        // a step of a misread state or a jump to a new cycle's reprogrammed state reaches an extreme from anywhere
        double jump = readNoise.detected() ? Double.NaN : SUSPECT_JUMP * medianStepPerPulse(pulse, weight, cycle);
        reachHigh = reach(true, jump);
        reachLow = reach(false, jump);
        int usable = 0;
        for (int i = 1; i < n; i++) {
            usable += isIncrement(i) ? 1 : 0;
        }
        before = new double[usable];
        after = new double[usable];
        count = new int[usable];
        up = new boolean[usable];
        sharesReading = new boolean[usable];
        int k = 0;
        for (int i = 1; i < n; i++) {
            if (isIncrement(i)) {
                if (k > 0 && isIncrement(i - 1)) {
                    sharesReading[k - 1] = true;
                }
                before[k] = weight[i - 1];
                after[k] = weight[i];
                count[k] = Math.toIntExact(pulse[i] - pulse[i - 1]);
                up[k++] = polarity[i] > 0;
            }
        }
        for (boolean direction : new boolean[] {true, false}) {
            int m = increments(direction);
            if (m < MIN_INCREMENTS) {
                throw new InvalidInputException(label + ": " + m + " usable " + name(direction) + " increments (consecutive "
                        + "rows that neither end at the lowest or highest state or on a plateau there, nor start as close to it "
                        + "as one that does); at least " + MIN_INCREMENTS
                        + " are needed: measure more " + name(direction) + " pulses");
            }
            if (!(meanStep(direction) > 0)) {
                throw new InvalidInputException(label + ": the " + name(direction) + " pulses move the state "
                        + (direction ? "down" : "up") + " on average (mean step " + (direction ? 1 : -1) * meanStep(direction)
                        + " weight units): check the polarity column (up must raise the conductance or weight)");
            }
        }
    }

    /** A step per pulse more than this many times the median one is named as a possible misreading. */
    static final double SUSPECT_JUMP = 1000;

    /**
     * The largest step per pulse of a state from the row before it in its cycle.
     *
     * @param row    the row it steps to (index)
     * @param size   |w[row] - w[row - 1]| over the pulses between the two rows (weight units a pulse)
     * @param median the median of the steps per pulse that are not 0 (weight units a pulse)
     */
    public record Jump(int row, double size, double median) {
    }

    /**
     * The largest step per pulse of {@code weight} (weight units) between consecutive rows of one cycle ({@code pulse}
     * rising, {@code cycle} the same: a new cycle may start from a reprogrammed state), when it is more than {@value
     * #SUSPECT_JUMP} times the median of the steps that are not 0, else null: a misread value, which a fit takes as a
     * state (one reading of 50 among states of -0.22 to 0.58 made a linear-step fit's wMax 50 and its gammaUp 4.05,
     * against 0.11 without it, and said nothing; a fuzz helper). Per pulse, as rows may lie up to {@link
     * PulseCsv#MAX_GAP} pulses apart.
     */
    public static Jump suspectJump(long[] pulse, double[] weight, int[] cycle) {
        double median = medianStepPerPulse(pulse, weight, cycle);
        int worst = -1;
        double largest = 0;
        for (int i = 1; i < pulse.length; i++) {
            double d = stepPerPulse(pulse, weight, cycle, i);
            if (d > largest) {
                largest = d;
                worst = i;
            }
        }
        return largest > SUSPECT_JUMP * median ? new Jump(worst, largest, median) : null;
    }

    /**
     * |weight[i] - weight[i - 1]| over the pulses between the two rows (weight units a pulse) where they lie in one cycle,
     * {@code pulse} rising (a new cycle may start from a reprogrammed state), else 0.
     */
    private static double stepPerPulse(long[] pulse, double[] weight, int[] cycle, int i) {
        return pulse[i] <= pulse[i - 1] || cycle[i] != cycle[i - 1] ? 0
                : Math.abs(weight[i] - weight[i - 1]) / (pulse[i] - pulse[i - 1]);
    }

    /** The median of the steps per pulse that are not 0 ({@link #stepPerPulse}), NaN where there are fewer than 3. */
    private static double medianStepPerPulse(long[] pulse, double[] weight, int[] cycle) {
        double[] steps = new double[pulse.length];
        int m = 0;
        for (int i = 1; i < pulse.length; i++) {
            double d = stepPerPulse(pulse, weight, cycle, i);
            if (d > 0) {
                steps[m++] = d;
            }
        }
        if (m < 3) {
            return Double.NaN;
        }
        Arrays.sort(steps, 0, m);
        return steps[m / 2];
    }

    /** A reading this many times the typical departure from the line through its neighbours is named as a misreading. */
    static final double SUSPECT_SPIKE = 12;

    /**
     * A reading that departs from both its neighbours.
     *
     * @param row       the row (index) that departs most
     * @param departure its state less the line through the rows before and after it, at its pulse (weight units)
     * @param typical   the readings' typical departure: 1.4826 times the median absolute departure (weight units)
     * @param count     the rows that depart by more than {@value #SUSPECT_SPIKE} times that, and more than their neighbours
     */
    public record Spike(int row, double departure, double typical, int count) {
    }

    /**
     * The reading that departs most from the line through its two neighbours, where it departs by more than {@value
     * #SUSPECT_SPIKE} times the readings' typical departure, else null: a misread value, whose two increments a fit takes
     * as a step there and one back (a helper's file with one reading 20 steps off, in 2,400 read with noise of half a
     * step, hid the read noise and fitted dwMinStd 0.93 for 0.2 before the fit's estimates were made robust to it).
     * Rows whose three readings lie within one sequence and cycle and whose two increments have one polarity (a turn
     * departs by a step), and that depart from both neighbours (a jump to a new level departs from one: {@link
     * #suspectJump}); none where the typical departure is 0 (readings without noise).
     */
    public static Spike suspectSpike(long[] pulse, int[] polarity, double[] weight, int[] cycle) {
        double[] departure = new double[pulse.length];
        boolean[] both = new boolean[pulse.length];
        int[] row = new int[pulse.length];
        double[] clip = clippedEnds(weight);
        int m = 0;
        for (int i = 1; i + 1 < pulse.length; i++) {
            if (pulse[i - 1] < pulse[i] && pulse[i] < pulse[i + 1] && polarity[i] == polarity[i + 1]
                    && cycle[i - 1] == cycle[i] && cycle[i] == cycle[i + 1] && !clipped(weight, i, clip)) {
                double t = (double) (pulse[i] - pulse[i - 1]) / (pulse[i + 1] - pulse[i - 1]);
                departure[m] = weight[i] - (weight[i - 1] + t * (weight[i + 1] - weight[i - 1]));
                // a misread moves both increments by it; a jump to a new level, which stays, only the one after
                both[m] = Math.min(Math.abs(weight[i] - weight[i - 1]), Math.abs(weight[i + 1] - weight[i]))
                        >= Math.abs(departure[m]) / 2;
                row[m++] = i;
            }
        }
        if (m < MIN_INCREMENTS) {
            return null;
        }
        double[] absolute = new double[m];
        for (int k = 0; k < m; k++) {
            absolute[k] = Math.abs(departure[k]);
        }
        double typical = 1.4826 * median(absolute.clone(), m);
        if (!(typical > 0)) {
            return null;
        }
        int worst = -1;
        int count = 0;
        for (int k = 0; k < m; k++) {
            // a misread row's neighbours depart by half as much: counted once, at the row that departs most
            boolean largest = (k == 0 || row[k - 1] != row[k] - 1 || absolute[k - 1] < absolute[k])
                    && (k + 1 == m || row[k + 1] != row[k] + 1 || absolute[k + 1] <= absolute[k]);
            if (absolute[k] > SUSPECT_SPIKE * typical && largest && both[k]) {
                count++;
                worst = worst < 0 || absolute[k] > absolute[worst] ? k : worst;
            }
        }
        return worst < 0 ? null : new Spike(row[worst], departure[worst], typical, count);
    }

    /**
     * The lowest and highest state where a hard bound clips the device there (the state read exactly at least twice),
     * else NaN: the rows beside a clip depart from the line through their neighbours by the clip, not by a misreading,
     * and a plateau of clipped rows, which depart by 0, made the typical departure small (a noisy device held at its
     * bounds, ecram-mo's cycle-to-cycle noise 2, had 29 rows named as misread).
     */
    private static double[] clippedEnds(double[] weight) {
        double low = Arrays.stream(weight).min().orElse(Double.NaN);
        double high = Arrays.stream(weight).max().orElse(Double.NaN);
        return new double[] {Arrays.stream(weight).filter(w -> w == low).count() > 1 ? low : Double.NaN,
            Arrays.stream(weight).filter(w -> w == high).count() > 1 ? high : Double.NaN};
    }

    /** Whether row i or a row beside it lies at a clipped end ({@link #clippedEnds}). */
    private static boolean clipped(double[] weight, int i, double[] clip) {
        for (int r = i - 1; r <= i + 1; r++) {
            if (weight[r] == clip[0] || weight[r] == clip[1]) {
                return true;
            }
        }
        return false;
    }

    /** The band at each end of the states' span whose steps {@link #approach} compares: this many typical runs wide. */
    static final double NEAR_RUNS = 3;
    /**
     * Fewest runs whose steps {@link #approach} compares with those far from the end: the band's, topped up with the
     * runs that start nearest the end; where fewer approach it in all, their steps are not compared.
     */
    static final int MIN_NEAR = 10;
    /** The data reach a bound where the steps towards it near it are at most this fraction of those far from it. */
    static final double REACHED = 0.25;
    /** ... or where at least this many runs towards it start at it and leave the state exactly there (a clip). */
    static final int MIN_HELD = 2;

    /**
     * How the states approach one end of their span, where a law with hard bounds puts the device's bound.
     *
     * @param high      whether this is the highest state (approached by up pulses), else the lowest
     * @param extreme   that state (weight units)
     * @param band      the width of the band near it (weight units): {@value #NEAR_RUNS} typical runs
     * @param nearStep  the median step a pulse towards it (weight units) of the runs between consecutive rows of one cycle
     *                  with that polarity that start within {@value #NEAR_RUNS} typical runs of it, or of the {@value
     *                  #MIN_NEAR} that start nearest it where fewer do (not at it; NaN where none does)
     * @param nearError the standard error of nearStep (weight units), {@code 1.253 s / sqrt(nearRuns)} with s the runs'
     *                  spread taken robustly (1.4826 times their median absolute deviation)
     * @param farStep   the same of the runs that start in the half of the span away from it (NaN where none does)
     * @param nearRuns  the runs nearStep is the median of
     * @param held      the runs towards it that start at it and leave the state exactly there, as a clip does
     */
    public record Approach(boolean high, double extreme, double band, double nearStep, double nearError, double farStep,
                           int nearRuns, int held) {
        /**
         * Whether the data reach a bound here: pulses towards it left the state exactly at it ({@value #MIN_HELD} times
         * or more), or the steps towards it of the runs near it ({@value #MIN_NEAR} or more approach it in all) fell
         * to {@value #REACHED} of those far from it or less, by two standard errors (medians, so that a misread state does not decide it; the error, so that
         * ten runs of steps as noisy as twice their size do not). Otherwise the states stop here because the
         * measurement turned back, not because the device did.
         */
        public boolean reached() {
            return held >= MIN_HELD || stepsFallen();
        }

        /** The second of {@link #reached}'s two tests: the steps near the extreme fell to a fraction of those far from it. */
        private boolean stepsFallen() {
            return nearRuns >= MIN_NEAR && farStep > 0 && nearStep + 2 * nearError <= REACHED * farStep;
        }

        /**
         * Whether the steps towards the extreme near it fell ({@link #reached}) to 0 or below within two standard
         * errors: a plateau where a hard bound holds the device and its readings scatter by their noise (the runs from
         * the extreme itself are not among them, so that an exact clip is none). Below, as the band is measured from the
         * highest (lowest) reading, whose neighbours start high on the noise and mostly fall back: with read noise about
         * a step, their median step was -0.56 of those far from it, and a two-sided test left the plateau in the fit.
         */
        public boolean flat() {
            return stepsFallen() && nearStep <= 2 * nearError;
        }

        /** The steps near the extreme over those far from it (NaN where either is missing). */
        public double stepRatio() {
            return nearStep / farStep;
        }

        /** The standard error of {@link #stepRatio()} from that of the steps near the extreme. */
        public double stepRatioError() {
            return nearError / farStep;
        }
    }

    /**
     * How the states approach their highest ({@code high}) or lowest state: the steps a pulse towards it of the runs
     * between consecutive rows of one cycle (pulse rising) with that polarity, near it and far from it, and the returns
     * to it. 4 cycles of 300 pulses of a pow-step device of bounds -1 and 1 reach only [-0.04, 0.22]: the up steps near
     * 0.22 are still about 0.8 of those below the middle, so a law with hard bounds at the measured extremes
     * (linear-step) would clip the device's weights where the measurement turned back. A device held at a hard bound
     * while its readings scatter by a tenth of a step has its steps near the bound at about 0: the band near the extreme
     * is a few typical runs wide (the median run far from it), so that the plateau's runs outnumber those that climb to it.
     */
    public Approach approach(boolean high) {
        return high ? highest : lowest;
    }

    /** {@link #approach} measured from the rows. */
    private Approach measureApproach(boolean high) {
        double extreme = high ? wHigh : wLow;
        double middle = (wLow + wHigh) / 2;
        double[] steps = new double[pulse.length];
        double[] runs = new double[pulse.length];
        int far = 0;
        int held = 0;
        for (int i = 0; i < pulse.length; i++) {
            held += towards(i, high) && weight[i - 1] == extreme && weight[i] == extreme ? 1 : 0;
            if (towards(i, high) && (high ? weight[i - 1] < middle : weight[i - 1] > middle)) {
                steps[far] = stepTowards(i, high);
                runs[far++] = Math.abs(weight[i] - weight[i - 1]);
            }
        }
        double farStep = median(steps, far);
        double band = NEAR_RUNS * median(runs, far);
        // every run towards the extreme but those from it, nearest first; the band's, or the MIN_NEAR nearest
        int count = 0;
        double[][] byDistance = new double[pulse.length][];
        for (int i = 1; i < pulse.length; i++) {
            if (towards(i, high) && weight[i - 1] != extreme) {
                byDistance[count++] = new double[] {Math.abs(extreme - weight[i - 1]), stepTowards(i, high)};
            }
        }
        Arrays.sort(byDistance, 0, count, java.util.Comparator.comparingDouble(run -> run[0]));
        int near = 0;
        while (near < count && (byDistance[near][0] <= band || near < MIN_NEAR)) {
            steps[near] = byDistance[near][1];
            near++;
        }
        double nearStep = median(steps, near);
        for (int k = 0; k < near; k++) {
            steps[k] = Math.abs(steps[k] - nearStep);
        }
        double nearError = 1.253 * 1.4826 * median(steps, near) / Math.sqrt(near);
        return new Approach(high, extreme, band, nearStep, nearError, farStep, near, held);
    }

    /** The median (weight units) of the readings within {@code band} of the extreme {@code extreme}: a plateau's level. */
    private double plateauLevel(double extreme, double band) {
        double[] on = new double[weight.length];
        int count = 0;
        for (double w : weight) {
            if (Math.abs(extreme - w) <= band) {
                on[count++] = w;
            }
        }
        return median(on, count);
    }

    /** Whether the rows i - 1 and i are a run of pulses of one cycle towards the highest ({@code high}) or lowest state. */
    private boolean towards(int i, boolean high) {
        return i > 0 && pulse[i] > pulse[i - 1] && cycle[i] == cycle[i - 1] && polarity[i] == (high ? 1 : -1);
    }

    /** The step a pulse (weight units) of the run that ends at row i, signed towards the highest ({@code high}) state. */
    private double stepTowards(int i, boolean high) {
        return (high ? 1 : -1) * (weight[i] - weight[i - 1]) / (pulse[i] - pulse[i - 1]);
    }

    /** The median (upper, for an even count) of {@code values[0..count)}, sorted in place; NaN for none. */
    private static double median(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, count);
        return values[count / 2];
    }

    /** Whether 0 lies within {@value #EDGE} of the states' span from one of its ends (a fit refuses such states). */
    public boolean zeroAtEdge() {
        return Math.min(-wLow, wHigh) < EDGE * (wHigh - wLow);
    }

    private boolean isIncrement(int i) {
        return pulse[i] > pulse[i - 1] && wHigh - weight[i - 1] > reachHigh && weight[i - 1] - wLow > reachLow
                && !atExtreme(weight[i], true) && !atExtreme(weight[i], false);
    }

    /** Whether w is the highest (lowest) state, or lies on a plateau there that the fit leaves out. */
    private boolean atExtreme(double w, boolean high) {
        return high ? w == wHigh || plateauHigh >= 0 && wHigh - w <= plateauHigh
                : w == wLow || plateauLow >= 0 && w - wLow <= plateauLow;
    }

    /**
     * The farthest (weight units) below the highest state (above the lowest) from which an increment ends at it or on its
     * plateau ({@link #atExtreme}): the fit leaves out every increment that starts that close, so that it chooses the
     * increments by the state they start from and not by the one they reach. A hard bound cuts short the steps that
     * would pass it, and a noisy step passes it from farther away than the nominal one: leaving out only the increments
     * that end at the bound kept those from the same states whose steps the noise made short, and biased the steps near
     * the bounds low, which a linear step met with steeper gammas and a larger step at 0 (ecram-mo, cycle-to-cycle noise
     * 2, 4 cycles of 21,276 pulses, two thirds of them at its bounds: dwUp 4.35e-4 against 2.82e-4 and no settled fit).
     * 0 where the data show read noise, whose plateaus the fit keeps. Steps per pulse above {@code jump} (weight units
     * a pulse) are not counted.
     */
    private double reach(boolean high, double jump) {
        if (readNoise.detected()) {
            return 0;
        }
        double reach = Math.max(high ? plateauHigh : plateauLow, 0);
        for (int i = 1; i < weight.length; i++) {
            double step = stepPerPulse(pulse, weight, cycle, i);
            if (step > 0 && !(step > jump) && atExtreme(weight[i], high)) {
                reach = Math.max(reach, high ? wHigh - weight[i - 1] : weight[i - 1] - wLow);
            }
        }
        return reach;
    }

    /**
     * The read noise the increments show whatever the law ({@link ReadNoise#ratio()} 0): three consecutive increments
     * d1, d2, d3 of one polarity and pulse count, none of their readings within {@link Approach#band()} of an extreme,
     * give {@code d1 d3 - (d1 d2 + d2 d3) / 2}, whose mean is the read noise's variance (d1 and d3 share no reading,
     * while d1, d2 and d2, d3 carry the reading between them with opposite signs) up to the square of the steps'
     * change from one increment to the next ({@link Average}, so that one misread reading does not hide it). It decides
     * for every law alike whether the fit models read noise ({@link DeviceFit}), and whether the plateaus at hard bounds
     * stay in the fit. Where they do not show it and states were read more than once, the repeated readings do: their
     * read noise of a state's mean ({@link RepeatedReadings#stateStd()}) is modelled where their pooled spread has
     * {@value #MIN_REPEAT_FREEDOM} degrees of freedom at least and its variance is at least 1 / {@value #MATERIAL} of the
     * least the increments' test detects (read noise a quarter of the steps' own noise, not shown by the increments in
     * half the draws, left them in dwMinStd: 0.2115 +- 0.0031 for 0.2, {@code
     * DeviceFitTest.repeatedReadingsShowTheReadNoiseTheIncrementsDoNot}); below, modelling it only widens dwMinStd's
     * uncertainty (a state read twice in 2,401, or readings repeated to rounding's 7e-18, did).
     */
    private ReadNoise measureReadNoise() {
        double[] terms = new double[pulse.length];
        int count = 0;
        for (int i = 3; i < pulse.length; i++) {
            if (runOfThree(i)) {
                double d1 = weight[i - 2] - weight[i - 3];
                double d2 = weight[i - 1] - weight[i - 2];
                double d3 = weight[i] - weight[i - 1];
                terms[count++] = d1 * d3 - (d1 * d2 + d2 * d3) / 2;
            }
        }
        Average average = Average.of(terms, count);
        boolean shown = average != null && average.value() > ReadNoise.DETECTED * average.sigma();
        double repeated = repeatedReadings.variance() * repeatedReadings.share(); // of a state's mean
        if (!shown && repeatedReadings.freedom() >= MIN_REPEAT_FREEDOM
                && (average == null ? repeated > 0 : repeated >= ReadNoise.DETECTED * average.sigma() / MATERIAL)) {
            // what the increments cannot show, the repeated readings do
            return new ReadNoise(repeated, repeated * Math.sqrt(2.0 / repeatedReadings.freedom()), true, 0);
        }
        return average == null ? ReadNoise.NONE : new ReadNoise(average.value(), average.sigma(), shown, 0);
    }

    /**
     * A mean over terms that are correlated with their neighbours and may hold a few wild ones ({@link
     * #measureReadNoise}'s, of which one misread reading makes a few far off): the terms in {@value #BLOCKS} contiguous
     * blocks (at least 10 terms each), the blocks' means without the highest and lowest tenth (one block each at least)
     * averaged, its standard error from the blocks' winsorized spread (the blocks carry the neighbours' correlation).
     *
     * @param value the trimmed mean (the terms' unit)
     * @param sigma its standard error
     */
    private record Average(double value, double sigma) {
        /** Blocks of terms, at most. */
        static final int BLOCKS = 20;
        /** Fewest blocks for an average. */
        static final int MIN_BLOCKS = 5;

        /** The average of {@code values[0..count)}, or null for fewer than {@value #MIN_BLOCKS} blocks of 10 terms. */
        static Average of(double[] values, int count) {
            int blocks = Math.min(BLOCKS, count / 10);
            if (blocks < MIN_BLOCKS) {
                return null;
            }
            double[] means = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                int from = (int) ((long) count * b / blocks);
                int to = (int) ((long) count * (b + 1) / blocks);
                for (int t = from; t < to; t++) {
                    means[b] += values[t];
                }
                means[b] /= to - from;
            }
            Arrays.sort(means);
            int trim = Math.max(1, blocks / 10);
            double center = 0;
            for (int b = trim; b < blocks - trim; b++) {
                center += means[b];
            }
            center /= blocks - 2 * trim;
            double sum = 0;
            double squares = 0;
            for (int b = 0; b < blocks; b++) {
                double kept = means[Math.min(Math.max(b, trim), blocks - 1 - trim)];
                sum += kept;
                squares += kept * kept;
            }
            double spread = Math.sqrt(Math.max(squares - sum * sum / blocks, 0) / (blocks - 1));
            return new Average(center, spread / ((1 - 2.0 * trim / blocks) * Math.sqrt(blocks)));
        }
    }

    /** Whether rows i - 3 .. i are three increments of one polarity and pulse count, clear of the extremes' bands. */
    private boolean runOfThree(int i) {
        long count = pulse[i] - pulse[i - 1];
        for (int r = i - 2; r <= i; r++) {
            if (pulse[r] - pulse[r - 1] != count || count <= 0 || polarity[r] != polarity[i]) {
                return false;
            }
        }
        for (int r = i - 3; r <= i; r++) {
            if (wHigh - weight[r] <= highest.band() || weight[r] - wLow <= lowest.band()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The read noise the increments show whatever the law, or where they do not, the repeated readings (variance,
     * standard error, detected; {@link #measureReadNoise}): where detected, the fit models it and keeps the plateaus at
     * hard bounds; its value comes from the fit of each law ({@link FitResult#readNoise()}).
     */
    public ReadNoise readNoise() {
        return readNoise;
    }

    private static String name(boolean direction) {
        return direction ? "up" : "down";
    }

    /** Where the data come from. */
    public String label() {
        return label;
    }

    /** Number of rows: the states read (a state read more than once is one row). */
    public int rows() {
        return pulse.length;
    }

    /** Number of readings of all the rows' states. */
    public int readings() {
        return readings == null ? pulse.length : readings.length;
    }

    /** Pulse number of row i. */
    public long pulse(int i) {
        return pulse[i];
    }

    /** Polarity of row i: +1 up, -1 down, 0 none. */
    public int polarity(int i) {
        return polarity[i];
    }

    /** State of row i (weight units): the mean of its readings. */
    public double weight(int i) {
        return weight[i];
    }

    /** How many times row i's state was read. */
    public int readings(int i) {
        return readings == null ? 1 : readingStart[i + 1] - readingStart[i];
    }

    /** Reading r of row i's state (weight units), r from 0 to {@link #readings(int)} - 1. */
    public double reading(int i, int r) {
        return readings == null ? weight[i] : readings[readingStart[i] + r];
    }

    /** The states read more than once, and the read noise of one reading their spread shows. */
    public RepeatedReadings repeatedReadings() {
        return repeatedReadings;
    }

    /** Cycle label of row i. */
    public int cycle(int i) {
        return cycle[i];
    }

    /** Number of distinct cycles (labels change between consecutive rows one less times). */
    public int cycles() {
        int c = pulse.length == 0 ? 0 : 1;
        for (int i = 1; i < pulse.length; i++) {
            c += cycle[i] != cycle[i - 1] ? 1 : 0;
        }
        return c;
    }

    /** Conductances of w = -1 and +1 (S), or null. */
    public ConductanceRange unitRange() {
        return unitRange;
    }

    /** Lowest state measured (weight units), {@code < 0}. */
    public double wLow() {
        return wLow;
    }

    /** Highest state measured (weight units), > 0. */
    public double wHigh() {
        return wHigh;
    }

    /**
     * The lowest state a law with hard bounds takes as the device's bound (weight units): the lowest measured, or where
     * the device sits on a plateau there ({@link Approach#flat}) the median of its readings, which scatter about the
     * bound by their noise (the lowest of them lies about three of its deviations beyond it).
     */
    public double boundLow() {
        return boundLow;
    }

    /** The highest state a law with hard bounds takes as the device's bound (weight units), as {@link #boundLow}. */
    public double boundHigh() {
        return boundHigh;
    }

    /** Number of usable increments (both directions). */
    public int increments() {
        return before.length;
    }

    /**
     * The increments (consecutive rows of rising pulse numbers) the fit leaves out at or near the lowest and highest
     * state ({@link #reach}).
     */
    public int incrementsLeftOut() {
        int candidates = 0;
        for (int i = 1; i < pulse.length; i++) {
            candidates += pulse[i] > pulse[i - 1] ? 1 : 0;
        }
        return candidates - before.length;
    }

    /** Number of usable increments in one direction. */
    public int increments(boolean direction) {
        int m = 0;
        for (boolean u : up) {
            m += u == direction ? 1 : 0;
        }
        return m;
    }

    /** State before increment k (weight units). */
    double before(int k) {
        return before[k];
    }

    /** State after increment k (weight units). */
    double after(int k) {
        return after[k];
    }

    /** Pulses in increment k. */
    int count(int k) {
        return count[k];
    }

    /** The nominal change of {@code model} over increment k's pulses from the state w (weight units). */
    double nominalChange(DeviceModel model, int k, double w) {
        return pulses(model, w, count[k], up[k]) - w;
    }

    /** Whether increment k + 1 starts at the reading at which increment k ends. */
    boolean sharesReading(int k) {
        return sharesReading[k];
    }

    /** Whether increment k is of up pulses. */
    boolean up(int k) {
        return up[k];
    }

    /** Mean observed step per pulse in one direction, positive when it moves the right way (weight units). */
    public double meanStep(boolean direction) {
        double sum = 0;
        int m = 0;
        for (int k = 0; k < before.length; k++) {
            if (up[k] == direction) {
                sum += step(k);
                m++;
            }
        }
        return sum / m;
    }

    /** Observed step per pulse of increment k, positive in its pulses' direction (weight units). */
    double step(int k) {
        return (up[k] ? 1 : -1) * (after[k] - before[k]) / count[k];
    }

    /**
     * The least-squares line step(w) = a + b w through the observed steps of one direction against the state before
     * them: {a (weight units), b (dimensionless)}; the mean step and b = 0 when the line would give a {@code <= 0}.
     */
    double[] stepLine(boolean direction) {
        double sx = 0;
        double sy = 0;
        int m = 0;
        for (int k = 0; k < before.length; k++) {
            if (up[k] == direction) {
                sx += before[k];
                sy += step(k);
                m++;
            }
        }
        double mx = sx / m;
        double my = sy / m;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < before.length; k++) {
            if (up[k] == direction) {
                sxx += (before[k] - mx) * (before[k] - mx);
                sxy += (before[k] - mx) * (step(k) - my);
            }
        }
        double b = sxx > 0 ? sxy / sxx : 0;
        double a = my - b * mx;
        return a > 0 ? new double[] {a, b} : new double[] {my, 0};
    }

    /** Median of the absolute observed moves from one reading to the next, |after - before| (weight units). */
    double medianMove() {
        return median(k -> Math.abs(after[k] - before[k]));
    }

    /** Median of the absolute observed steps per pulse (weight units). */
    double medianStep() {
        return median(k -> Math.abs(step(k)));
    }

    /** The median (upper, for an even count) of {@code value} over the increments. */
    private double median(java.util.function.IntToDoubleFunction value) {
        double[] s = new double[before.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = value.applyAsDouble(k);
        }
        return median(s, s.length);
    }

    /**
     * The nominal pulse map of {@code model} chained along the measured pulses, restarted from the measured state at
     * the first row of every sequence and every cycle (weight units, one value per row).
     */
    public double[] chained(DeviceModel model) {
        double[] w = new double[pulse.length];
        for (int i = 0; i < w.length; i++) {
            if (i == 0 || pulse[i] <= pulse[i - 1] || cycle[i] != cycle[i - 1]) {
                w[i] = weight[i];
            } else {
                w[i] = pulses(model, w[i - 1], pulse[i] - pulse[i - 1], polarity[i] > 0);
            }
        }
        return w;
    }

    /** The state after {@code n} nominal pulses of one direction from {@code w} (weight units). */
    static double pulses(DeviceModel model, double w, long n, boolean direction) {
        double x = w;
        for (long p = 0; p < n; p++) {
            x = model.applyPulse(x, direction);
        }
        return x;
    }

    /** The conductance (S) of weight w (weight units) under {@code unitRange}. */
    public static double conductance(ConductanceRange unitRange, double w) {
        return UNIT_MAPPING.positiveConductance(unitRange, w);
    }

    /** The weight (weight units) of conductance g (S) under {@code unitRange}. */
    public static double weight(ConductanceRange unitRange, double g) {
        return UNIT_MAPPING.weight(unitRange, g, UNIT_MAPPING.referenceConductance(unitRange));
    }

    /**
     * Synthetic data from a model: from w = 0, {@code cycles} times {@code pulses} up then {@code pulses} down pulses,
     * each step multiplied by (1 + dwMinStd xi) (the model's cycle-to-cycle noise, xi ~ N(0, 1) from
     * {@code java.util.Random(seed)}) and the weight clipped to the model's bounds, as a pulsed array does with one
     * device and no device-to-device spread. Pulse numbers run through the whole file; one row per pulse.
     *
     * @param unitRange conductances of w = -1 and +1 (S) for writing conductances, or null for weights
     */
    public static PulseData simulate(DeviceModel model, int cycles, int pulses, long seed, String label,
                                     ConductanceRange unitRange) {
        return simulate(model, cycles, pulses, seed, 0, label, unitRange);
    }

    /**
     * As {@link #simulate(DeviceModel, int, int, long, String, ConductanceRange)}, each reading with read noise of
     * standard deviation {@code readNoise} (weight units) added (independent draws from a generator of its own,
     * so that the states are those without it).
     */
    public static PulseData simulate(DeviceModel model, int cycles, int pulses, long seed, double readNoise, String label,
                                     ConductanceRange unitRange) {
        return simulate(model, cycles, pulses, seed, readNoise, 1, label, unitRange);
    }

    /**
     * As {@link #simulate(DeviceModel, int, int, long, double, String, ConductanceRange)}, each state read {@code
     * repeats} times, each reading with read noise of its own (the first reading of each state the same draw as with one
     * reading a state): a row's state is the mean of its readings ({@link #repeatedReadings()}).
     */
    public static PulseData simulate(DeviceModel model, int cycles, int pulses, long seed, double readNoise, int repeats,
                                     String label, ConductanceRange unitRange) {
        int n = 2 * cycles * pulses + 1;
        long[] number = new long[n];
        int[] polarity = new int[n];
        double[] w = new double[n];
        int[] cycle = new int[n];
        Random random = new Random(seed);
        double std = model.variability().dwMinStd();
        for (int i = 1; i < n; i++) {
            boolean direction = (i - 1) % (2 * pulses) < pulses;
            double step = direction ? model.stepUp(w[i - 1]) : -model.stepDown(w[i - 1]);
            double next = w[i - 1] + step * (1 + std * random.nextGaussian());
            number[i] = i;
            polarity[i] = direction ? 1 : -1;
            w[i] = Math.min(Math.max(next, model.wMin()), model.wMax());
            cycle[i] = (i - 1) / (2 * pulses);
        }
        double[] readings = new double[Math.multiplyExact(n, repeats)];
        int[] start = new int[n + 1];
        Random first = new Random(seed ^ READ_NOISE_SEED);
        Random more = new Random(seed ^ READ_NOISE_SEED ^ REPEATS_SEED);
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + repeats;
            for (int r = 0; r < repeats; r++) {
                readings[start[i] + r] = readNoise > 0 ? w[i] + readNoise * (r == 0 ? first : more).nextGaussian() : w[i];
            }
        }
        // written even where 0 is at the edge (a symmetric device without noise returns to 0 exactly and never passes it):
        // the file is what was asked for, and its fit says why it cannot take it
        return ofReadings(label, number, polarity, readings, start, cycle, unitRange, false,
                suspectReadings(readings, start));
    }
}
