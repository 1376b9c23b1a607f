package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.xbarspice.units.InvalidInputException;

/** What simulates the analog tiles of a training run. */
public enum Engine {
    /** The behavioral model in Java ({@code BehavioralTile}): full-size networks. */
    BEHAVIORAL("behavioral"),
    /** ngspice reads and pulse updates ({@code SpiceTile}): small networks. */
    NGSPICE("ngspice"),
    /** ngspice and, in lockstep from the same seeds, the behavioral model; their divergence is recorded. */
    BOTH("both");

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    /** The name used in configs and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Whether ngspice simulates the tiles. */
    public boolean spice() {
        return this != BEHAVIORAL;
    }

    /** The engine called {@code id}; the error names the field {@code engine} and the allowed names. */
    @JsonCreator
    public static Engine of(String id) {
        for (Engine e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new InvalidInputException("engine = '" + id + "' is not known: use one of "
                + Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", ")));
    }
}
