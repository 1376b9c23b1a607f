package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.xbarspice.tile.BufferedTransfer;
import org.xbarspice.tile.PulsedTile;
import org.xbarspice.tile.FloatingPointTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.units.Ids;

/** Training algorithms (PHYSICS.md sections 2-3). */
public enum Algorithm {
    /** Floating-point SGD on {@link FloatingPointTile}s: the baseline. */
    FP("fp"),
    /** Analog SGD: one {@link PulsedTile} per layer, reads through its peripherals, stochastic pulsed updates. */
    SGD("sgd"),
    /** Stochastic Hamiltonian Descent: one {@link ShdTile} per layer (fast A read against its symmetry point, slow C), gamma = 0. */
    SHD("shd"),
    /** Tiki-Taka version 1: as SHD, but the network reads {@code C + gamma A} with gamma > 0. */
    TIKI_TAKA("tiki-taka"),
    /** Tiki-Taka version 2 (Gokmen 2021): SHD's arrays with a digital buffer between A and C ({@link BufferedTransfer#ttv2()}). */
    TTV2("ttv2"),
    /** Chopped TTv2 (Rasch et al. 2023): TTv2 with random input choppers on A ({@link BufferedTransfer#choppedTtv2()}). */
    C_TTV2("c-ttv2"),
    /** AGAD (Rasch et al. 2023): chopped TTv2 whose reference is estimated from the chopper periods ({@link BufferedTransfer#agad()}). */
    AGAD("agad");

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

    /** Whether the layers are two-array {@link ShdTile}s (every analog algorithm but {@link #SGD}). */
    public boolean transfers() {
        return analog() && this != SGD;
    }

    /** The default buffer of a buffered transfer algorithm (TTv2, c-TTv2, AGAD); null for the others. */
    public BufferedTransfer defaultBuffer() {
        return switch (this) {
            case TTV2 -> BufferedTransfer.ttv2();
            case C_TTV2 -> BufferedTransfer.choppedTtv2();
            case AGAD -> BufferedTransfer.agad();
            default -> null;
        };
    }

    /** The algorithm called {@code id}; the error names the field {@code algorithm} and the allowed names. */
    @JsonCreator
    public static Algorithm of(String id) {
        return Ids.find("algorithm", id, List.of(values()), a -> a.id);
    }
}
