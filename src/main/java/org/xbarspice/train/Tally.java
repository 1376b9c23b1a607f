package org.xbarspice.train;

/** Running sums over samples: cross-entropy loss (nats) and correct predictions. Summed in sample order. */
public final class Tally {
    private double lossSum;
    private long correct;
    private long samples;

    /** A tally holding these sums (from a checkpoint). */
    static Tally of(double lossSum, long correct, long samples) {
        Tally t = new Tally();
        t.lossSum = lossSum;
        t.correct = correct;
        t.samples = samples;
        return t;
    }

    void add(double loss, boolean right) {
        lossSum += loss;
        correct += right ? 1 : 0;
        samples++;
    }

    /** Sum of the losses (nats). */
    public double lossSum() {
        return lossSum;
    }

    /** Correct predictions counted. */
    public long correct() {
        return correct;
    }

    /** Samples counted. */
    public long samples() {
        return samples;
    }

    /** Mean cross-entropy loss per sample (nats); NaN before the first sample. */
    public double meanLoss() {
        return samples == 0 ? Double.NaN : lossSum / samples;
    }

    /** Fraction of samples whose most probable class was the label, 0..1; NaN before the first sample. */
    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }
}
