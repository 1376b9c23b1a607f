package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.xbarspice.units.Ids;

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
        return Ids.find("engine", id, List.of(values()), Engine::id);
    }
}
