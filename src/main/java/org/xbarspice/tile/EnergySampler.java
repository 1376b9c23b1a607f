package org.xbarspice.tile;

import org.xbarspice.behavioral.ArrayEnergy;

/**
 * The array energy of a tile's circuit reads and updates counted by the engines for one operation in {@code every} of
 * each kind and estimated for the others, with the estimate's error measured on the counted ones. The first {@code
 * every} operations of a kind and then every {@code every}-th are counted (the reader's power split, the updater's line
 * model or solves); any other operation's array energy is a ratio estimate from a covariate the tile computes in closed
 * form, its energy through ideal wires and drivers ({@link PulsedTile}): {@code E = x sum(E_counted) / sum(x_counted)},
 * part by part, over the counted operations of the same kind so far. Each counted operation after the first {@code
 * every} of its kind is first estimated that way, before it joins the sums, and the estimate is compared with the
 * counted figure ({@link EnergyEstimate}). With {@code every} 1 every operation is counted and no covariate is needed.
 * Not thread-safe.
 */
final class EnergySampler {
    private static final int KINDS = EnergyTally.Operation.values().length;

    private final int every;
    private final long[] seen = new long[KINDS];
    private final double[] countedCovariate = new double[KINDS];
    /** Per kind, the counted operations' energy (J), by part. */
    private final ArrayEnergy[] countedEnergy = new ArrayEnergy[KINDS];
    private long counted;
    private long estimated;
    private long checked;
    private double checkedEstimate;
    private double checkedExact;
    private double maxOperationError;

    /** @param every one in how many operations of each kind the engines count (1: all) */
    EnergySampler(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, not " + every);
        }
        this.every = every;
        java.util.Arrays.fill(countedEnergy, ArrayEnergy.ZERO);
    }

    /** One in how many operations of each kind are counted. */
    int every() {
        return every;
    }

    /**
     * Whether the next {@code count} operations of kind {@code op} (a batch done at once) hold one that the engines
     * count; advances the kind's count past them.
     */
    boolean counts(EnergyTally.Operation op, int count) {
        int o = op.ordinal();
        long first = seen[o];
        seen[o] += count;
        long nextMultiple = (first + every - 1) / every * every;
        return first < every || nextMultiple < first + count;
    }

    /** Keeps an operation of kind {@code op} counted at {@code exact} (J), with its covariate {@code x}. */
    void counted(EnergyTally.Operation op, double x, ArrayEnergy exact) {
        counted++;
        if (every == 1) {
            return;
        }
        int o = op.ordinal();
        if (seen[o] > every && countedCovariate[o] > 0 && exact.delivered() > 0) {
            double estimate = x * countedEnergy[o].delivered() / countedCovariate[o];
            checked++;
            checkedEstimate += estimate;
            checkedExact += exact.delivered();
            maxOperationError = Math.max(maxOperationError, Math.abs(estimate - exact.delivered()) / exact.delivered());
        }
        countedCovariate[o] += x;
        countedEnergy[o] = countedEnergy[o].plus(exact);
    }

    /** The estimated array energy (J) of an operation of kind {@code op} with covariate {@code x}. */
    ArrayEnergy estimate(EnergyTally.Operation op, double x) {
        estimated++;
        int o = op.ordinal();
        double ratio = countedCovariate[o] > 0 ? x / countedCovariate[o] : 0;
        return countedEnergy[o].times(ratio);
    }

    /** What was counted and estimated so far, and the estimate's measured error. */
    EnergyEstimate figures() {
        return new EnergyEstimate(every, counted, estimated, checked, checkedEstimate, checkedExact, maxOperationError);
    }

    /** Number of longs and doubles of {@link #save}. */
    static final int LONGS = 1 + KINDS + 3;
    static final int DOUBLES = KINDS + KINDS * 5 + 3;

    /** Writes the state to {@code longs} from {@code lo} and {@code doubles} from {@code d}, exactly. */
    void save(long[] longs, int lo, double[] doubles, int d) {
        longs[lo++] = every;
        for (long s : seen) {
            longs[lo++] = s;
        }
        longs[lo++] = counted;
        longs[lo++] = estimated;
        longs[lo] = checked;
        for (int o = 0; o < KINDS; o++) {
            doubles[d++] = countedCovariate[o];
            ArrayEnergy e = countedEnergy[o];
            doubles[d++] = e.devices();
            doubles[d++] = e.wires();
            doubles[d++] = e.drivers();
            doubles[d++] = e.sense();
            doubles[d++] = e.delivered();
        }
        doubles[d++] = checkedEstimate;
        doubles[d++] = checkedExact;
        doubles[d] = maxOperationError;
    }

    /** A sampler as {@link #save} wrote it. */
    static EnergySampler load(long[] longs, int lo, double[] doubles, int d) {
        long every = longs[lo++];
        if (every < 1 || every > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("every must be >= 1, not " + every);
        }
        EnergySampler out = new EnergySampler((int) every);
        for (int o = 0; o < KINDS; o++) {
            out.seen[o] = longs[lo++];
        }
        out.counted = longs[lo++];
        out.estimated = longs[lo++];
        out.checked = longs[lo];
        for (int o = 0; o < KINDS; o++) {
            out.countedCovariate[o] = doubles[d++];
            out.countedEnergy[o] = new ArrayEnergy(doubles[d], doubles[d + 1], doubles[d + 2], doubles[d + 3],
                    doubles[d + 4]);
            d += 5;
        }
        out.checkedEstimate = doubles[d++];
        out.checkedExact = doubles[d++];
        out.maxOperationError = doubles[d];
        return out;
    }
}
