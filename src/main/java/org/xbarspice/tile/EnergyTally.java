package org.xbarspice.tile;

/**
 * The energy (J), count and latency (s) of an array's operations, by kind; accumulated by a tile that tracks energy
 * ({@link PulsedTile#trackEnergy}). Kept in primitive arrays: a tally is added to on every read and update. Not
 * thread-safe.
 */
public final class EnergyTally {
    /** What an array does. */
    public enum Operation {
        /** A forward read (an inference or the forward pass of training). */
        FORWARD_READ,
        /** A backward read (the error propagated to the layer below). */
        BACKWARD_READ,
        /** The read of a transfer (SHD, Tiki-Taka: one row of A read to be moved to C). */
        TRANSFER_READ,
        /** A stochastic pulse update (of the weights, or of C in a transfer). */
        UPDATE
    }

    private static final Operation[] OPERATIONS = Operation.values();
    /** The parts of {@link EnergyBreakdown}, in its order. */
    private static final int PARTS = 6;

    /** Per operation, the parts devices, wires, drivers, dac, adc, sense (J). */
    private final double[] energy = new double[OPERATIONS.length * PARTS];
    private final long[] counts = new long[OPERATIONS.length];
    private final double[] seconds = new double[OPERATIONS.length];

    public EnergyTally() {
    }

    /** Adds one operation of kind {@code op} that cost {@code joules} and took {@code latency} (s). */
    public void add(Operation op, EnergyBreakdown joules, double latency) {
        int o = op.ordinal();
        int k = o * PARTS;
        energy[k] += joules.devices();
        energy[k + 1] += joules.wires();
        energy[k + 2] += joules.drivers();
        energy[k + 3] += joules.dac();
        energy[k + 4] += joules.adc();
        energy[k + 5] += joules.sense();
        counts[o]++;
        seconds[o] += latency;
    }

    /** Adds every operation of {@code other}. */
    public void addAll(EnergyTally other) {
        for (int k = 0; k < energy.length; k++) {
            energy[k] += other.energy[k];
        }
        for (int o = 0; o < counts.length; o++) {
            counts[o] += other.counts[o];
            seconds[o] += other.seconds[o];
        }
    }

    /** The energy of the operations of kind {@code op} (J). */
    public EnergyBreakdown energy(Operation op) {
        int k = op.ordinal() * PARTS;
        return new EnergyBreakdown(energy[k], energy[k + 1], energy[k + 2], energy[k + 3], energy[k + 4], energy[k + 5]);
    }

    /** The number of operations of kind {@code op}. */
    public long count(Operation op) {
        return counts[op.ordinal()];
    }

    /** The summed latency of the operations of kind {@code op} (s), as if done one after the other. */
    public double seconds(Operation op) {
        return seconds[op.ordinal()];
    }

    /** The energy of every operation (J). */
    public EnergyBreakdown total() {
        EnergyBreakdown sum = EnergyBreakdown.ZERO;
        for (Operation op : OPERATIONS) {
            sum = sum.plus(energy(op));
        }
        return sum;
    }

    /** A copy (a snapshot to subtract later). */
    public EnergyTally copy() {
        EnergyTally out = new EnergyTally();
        out.addAll(this);
        return out;
    }

    /** This tally minus an earlier snapshot of it. */
    public EnergyTally minus(EnergyTally earlier) {
        EnergyTally out = new EnergyTally();
        for (int k = 0; k < energy.length; k++) {
            out.energy[k] = energy[k] - earlier.energy[k];
        }
        for (int o = 0; o < counts.length; o++) {
            out.counts[o] = counts[o] - earlier.counts[o];
            out.seconds[o] = seconds[o] - earlier.seconds[o];
        }
        return out;
    }

    /** Number of longs and doubles of {@link #save}. */
    static final int LONGS = OPERATIONS.length;
    static final int DOUBLES = OPERATIONS.length * PARTS + OPERATIONS.length;

    /**
     * Writes the counts to {@code longs} from {@code lo} and the energies and latencies to {@code doubles} from
     * {@code d}.
     */
    void save(long[] longs, int lo, double[] doubles, int d) {
        System.arraycopy(counts, 0, longs, lo, counts.length);
        System.arraycopy(energy, 0, doubles, d, energy.length);
        System.arraycopy(seconds, 0, doubles, d + energy.length, seconds.length);
    }

    /** A tally as {@link #save} wrote it. */
    static EnergyTally load(long[] longs, int lo, double[] doubles, int d) {
        EnergyTally out = new EnergyTally();
        System.arraycopy(longs, lo, out.counts, 0, out.counts.length);
        System.arraycopy(doubles, d, out.energy, 0, out.energy.length);
        System.arraycopy(doubles, d + out.energy.length, out.seconds, 0, out.seconds.length);
        return out;
    }
}
