package org.xbarspice.train;

import org.xbarspice.tile.FloatingPointTile;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.xbarspice.units.InvalidInputException;

/** Training algorithms. Only floating-point SGD exists so far; the analog ones (PHYSICS.md sections 2-3) follow. */
public enum Algorithm {
    /** Floating-point SGD on {@link FloatingPointTile}s: the baseline. */
    FP("fp");

    private final String id;

    Algorithm(String id) {
        this.id = id;
    }

    /** The name used in configs and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The algorithm called {@code id}; the error names the field {@code algorithm} and the allowed names. */
    @JsonCreator
    public static Algorithm of(String id) {
        for (Algorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new InvalidInputException("algorithm = '" + id + "' is not known: use fp");
    }
}
