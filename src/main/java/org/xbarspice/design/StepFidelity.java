package org.xbarspice.design;

/**
 * How much of its ideal step each device takes in one full update (every row and column fires once, one polarity):
 * the step at the voltage the wires and drivers leave it, over its step at the full pulse amplitude, both from the same
 * weight by the exact pulse map of its compact device. Devices whose ideal step is 0 or ends at a bound are left out.
 *
 * @param worstPercent  the smallest fraction of any device (%)
 * @param meanPercent   the mean fraction over the devices (%)
 * @param spreadPercent the standard deviation of the fractions across the array (percentage points)
 * @param devices       how many devices the figures cover
 */
public record StepFidelity(double worstPercent, double meanPercent, double spreadPercent, int devices) {

    /**
     * The figures of weights {@code after} one update from {@code before}, against the weights {@code ideal} the ideal
     * circuit gives; {@code wMin}, {@code wMax}: each device's bounds (weight units).
     */
    static StepFidelity of(double[] before, double[] after, double[] ideal, double[] wMin, double[] wMax) {
        double worst = Double.POSITIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int d = 0; d < before.length; d++) {
            double idealStep = ideal[d] - before[d];
            if (idealStep == 0 || ideal[d] == wMax[d] || ideal[d] == wMin[d]) {
                continue;
            }
            double fraction = (after[d] - before[d]) / idealStep + 0.0; // + 0.0: no -0 when a down step is 0
            worst = Math.min(worst, fraction);
            sum += fraction;
            sumSquares += fraction * fraction;
            n++;
        }
        if (n == 0) {
            return new StepFidelity(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double variance = Math.max(0, sumSquares / n - mean * mean);
        return new StepFidelity(100 * worst, 100 * mean, 100 * Math.sqrt(variance), n);
    }
}
