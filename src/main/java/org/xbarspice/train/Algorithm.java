package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.FloatingPointTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.units.InvalidInputException;

/** Training algorithms (PHYSICS.md sections 2-3). */
public enum Algorithm {
    /** Floating-point SGD on {@link FloatingPointTile}s: the baseline. */
    FP("fp"),
    /** Analog SGD: one {@link PulsedTile} per layer, reads through its peripherals, stochastic pulsed updates. */
    SGD("sgd"),
    /** Stochastic Hamiltonian Descent: one {@link ShdTile} per layer (fast A read against its symmetry point, slow C), gamma = 0. */
    SHD("shd"),
    /** Tiki-Taka version 1: as SHD, but the network reads {@code C + gamma A} with gamma > 0. */
    TIKI_TAKA("tiki-taka");

    private final String id;

    Algorithm(String id) {
        this.id = id;
    }

    /** The name used in configs and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Whether the weights live on analog tiles (every algorithm but {@link #FP}). */
    public boolean analog() {
        return this != FP;
    }

    /** Whether the layers are two-array {@link ShdTile}s ({@link #SHD}, {@link #TIKI_TAKA}). */
    public boolean transfers() {
        return this == SHD || this == TIKI_TAKA;
    }

    /** The algorithm called {@code id}; the error names the field {@code algorithm} and the allowed names. */
    @JsonCreator
    public static Algorithm of(String id) {
        for (Algorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new InvalidInputException("algorithm = '" + id + "' is not known: use fp, sgd, shd or tiki-taka");
    }
}
