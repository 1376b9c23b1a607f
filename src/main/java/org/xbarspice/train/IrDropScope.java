package org.xbarspice.train;

import java.util.List;
import java.util.Locale;
import org.xbarspice.units.Ids;

/**
 * The operations of a training run whose circuits have the wires (key {@code irDropIn}, with {@code irDrop}): both, as
 * the hardware has them, or one of them alone with the other's wires ideal, to measure which one costs accuracy (the
 * drivers' resistance stays in both).
 */
public enum IrDropScope {
    /** Wires in the reads and in the updates. */
    BOTH,
    /** Wires in the reads (forward, backward and transfer reads) only; the updates' ideal. */
    READS,
    /** Wires in the pulse updates only; the reads' ideal. */
    UPDATES;

    /** Name in configs and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the reads have the wires. */
    public boolean reads() {
        return this != UPDATES;
    }

    /** Whether the updates have the wires. */
    public boolean updates() {
        return this != READS;
    }

    /** The scope called {@code id}; the error names the field {@code irDropIn} and the allowed names. */
    public static IrDropScope of(String id) {
        return Ids.find("irDropIn", id, List.of(values()), IrDropScope::id);
    }
}
