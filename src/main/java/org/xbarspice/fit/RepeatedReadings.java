package org.xbarspice.fit;

import java.util.Arrays;

/**
 * The states read more than once at one pulse number ({@link PulseCsv}: consecutive rows of one pulse number and one
 * cycle label), each taken as the mean of its readings: their spread about that mean is the read noise of one reading,
 * measured without any law. Pooled over the states: the readings' squared departures from their state's mean summed
 * over {@code freedom = sum (n - 1)}, each at most {@value ReadNoise#CLIPPED} times the result ({@link
 * ReadNoise#clippedMeanSquare}: a misread reading does not set it).
 *
 * @param states   states read more than once
 * @param fewest   fewest readings of such a state
 * @param most     most readings of a state
 * @param freedom  degrees of freedom of the variance, {@code sum (n - 1)} over the states
 * @param variance the read noise of one reading (weight units squared); 0 without repeated readings
 * @param share    the mean of 1 / n over every state of the data (those read once included): the share of one
 *                 reading's variance a state's mean carries, on average
 * @param leftOut  readings left out, each far from its state's other readings ({@link PulseData#suspectReadings}): the
 *                 counts above are of the readings kept
 */
public record RepeatedReadings(int states, int fewest, int most, long freedom, double variance, double share,
                               int leftOut) {
    /** Every state read once. */
    public static final RepeatedReadings NONE = new RepeatedReadings(0, 1, 1, 0, 0, 1, 0);

    /**
     * The repeated readings of rows whose readings are {@code readings[start[i]] .. readings[start[i + 1] - 1]} (weight
     * units), the rows' states {@code mean[i]}, but those {@code leftOut} (null: none; {@link PulseData#suspectReadings}).
     */
    static RepeatedReadings of(double[] readings, int[] start, double[] mean, boolean[] leftOut) {
        int rows = mean.length;
        double[] departure = new double[readings.length];
        int kept = 0;
        int states = 0;
        int fewest = Integer.MAX_VALUE;
        int most = 1;
        long freedom = 0;
        double share = 0;
        for (int i = 0; i < rows; i++) {
            int n = 0;
            for (int k = start[i]; k < start[i + 1]; k++) {
                if (leftOut == null || !leftOut[k]) {
                    departure[kept++] = readings[k] - mean[i];
                    n++;
                }
            }
            share += 1.0 / n;
            if (n > 1) {
                states++;
                fewest = Math.min(fewest, n);
                most = Math.max(most, n);
                freedom += n - 1;
            }
        }
        if (freedom == 0) {
            return NONE;
        }
        double[] ones = new double[kept];
        Arrays.fill(ones, 1);
        double variance = ReadNoise.clippedMeanSquare(Arrays.copyOf(departure, kept), ones, Math.toIntExact(freedom));
        return new RepeatedReadings(states, fewest, most, freedom, variance, share / rows, readings.length - kept);
    }

    /** Whether any state was read more than once. */
    public boolean present() {
        return freedom > 0;
    }

    /** The read noise of one reading (weight units): its standard deviation. */
    public double std() {
        return Math.sqrt(variance);
    }

    /** The standard uncertainty of {@link #std()} for Gaussian readings, {@code std / sqrt(2 freedom)} (weight units). */
    public double stdSigma() {
        return freedom == 0 ? Double.NaN : std() / Math.sqrt(2.0 * freedom);
    }

    /**
     * The read noise these repeats give a state's mean (weight units), {@code std sqrt(share)}: what a fit's read noise
     * of the states ({@link ReadNoise}) measures when the readings' noise is independent from reading to reading.
     */
    public double stateStd() {
        return std() * Math.sqrt(share);
    }
}
