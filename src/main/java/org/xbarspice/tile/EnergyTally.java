package org.xbarspice.tile;

import java.util.EnumMap;
import java.util.Map;

/**
 * The energy (J), count and latency (s) of an array's operations, by kind; accumulated by a tile that tracks energy
 * ({@link PulsedTile#trackEnergy}). Not thread-safe.
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

    private final Map<Operation, EnergyBreakdown> energy = new EnumMap<>(Operation.class);
    private final Map<Operation, Long> counts = new EnumMap<>(Operation.class);
    private final Map<Operation, Double> seconds = new EnumMap<>(Operation.class);

    public EnergyTally() {
        for (Operation op : Operation.values()) {
            energy.put(op, EnergyBreakdown.ZERO);
            counts.put(op, 0L);
            seconds.put(op, 0.0);
        }
    }

    /** Adds one operation of kind {@code op} that cost {@code joules} and took {@code latency} (s). */
    public void add(Operation op, EnergyBreakdown joules, double latency) {
        energy.merge(op, joules, EnergyBreakdown::plus);
        counts.merge(op, 1L, Long::sum);
        seconds.merge(op, latency, Double::sum);
    }

    /** Adds every operation of {@code other}. */
    public void addAll(EnergyTally other) {
        for (Operation op : Operation.values()) {
            energy.merge(op, other.energy.get(op), EnergyBreakdown::plus);
            counts.merge(op, other.counts.get(op), Long::sum);
            seconds.merge(op, other.seconds.get(op), Double::sum);
        }
    }

    /** The energy of the operations of kind {@code op} (J). */
    public EnergyBreakdown energy(Operation op) {
        return energy.get(op);
    }

    /** The number of operations of kind {@code op}. */
    public long count(Operation op) {
        return counts.get(op);
    }

    /** The summed latency of the operations of kind {@code op} (s), as if done one after the other. */
    public double seconds(Operation op) {
        return seconds.get(op);
    }

    /** The energy of every operation (J). */
    public EnergyBreakdown total() {
        EnergyBreakdown sum = EnergyBreakdown.ZERO;
        for (EnergyBreakdown e : energy.values()) {
            sum = sum.plus(e);
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
        for (Operation op : Operation.values()) {
            EnergyBreakdown a = energy.get(op);
            EnergyBreakdown b = earlier.energy.get(op);
            out.energy.put(op, new EnergyBreakdown(a.devices() - b.devices(), a.wires() - b.wires(), a.drivers() - b.drivers(),
                    a.dac() - b.dac(), a.adc() - b.adc(), a.sense() - b.sense()));
            out.counts.put(op, counts.get(op) - earlier.counts.get(op));
            out.seconds.put(op, seconds.get(op) - earlier.seconds.get(op));
        }
        return out;
    }
}
