package org.xbarspice.design;

import java.util.Map;
import org.xbarspice.units.InvalidInputException;

/**
 * The axes of a design study, in grid order (the last varies fastest): each a key of the study's
 * {@link org.xbarspice.sweep.Grid}, the command-line flag that sets it (named in every message about its values) and
 * the value it takes when the grid does not name it.
 */
public enum DesignAxis {
    /** Device preset id or preset file: the step law and compact device of the updates, and its conductance range. */
    DEVICE("device", "--device", "idealized"),
    /** Conductance range {@code GMIN:GMAX} (S) drawn in, or {@value #PRESET}: the device's own. */
    CONDUCTANCE("gRange", "--g-range", DesignAxis.PRESET),
    /** Sense periphery: ideal, tia or integrator (with their defaults). */
    SENSE("sense", "--sense", "ideal"),
    /** Driver output resistance (ohm), reads and updates. */
    DRIVER("driverOhm", "--driver-r", "0"),
    /** Largest read input (V): the random inputs are uniform in [-V, V], the worst case drives every line at V. */
    READ_VOLT("readVolt", "--v-read", "0.2"),
    /** Pulse amplitude Vp across a selected device (V), or {@value #PRESET}: the device's nominal pulse. */
    PULSE_VOLT("pulseVolt", "--vp", DesignAxis.PRESET),
    /** Resistance of one wire segment (ohm). */
    WIRE("wireOhm", "--wire-r", "0"),
    /** Array size: {@code N} (N x N) or {@code NxM} (N rows, M columns). No default: a study names its sizes. */
    SIZE("size", "--size", null);

    /** The value of {@link #CONDUCTANCE} and {@link #PULSE_VOLT} that takes the device preset's own. */
    public static final String PRESET = "preset";

    private final String key;
    private final String flag;
    private final String fallback;

    DesignAxis(String key, String flag, String fallback) {
        this.key = key;
        this.flag = flag;
        this.fallback = fallback;
    }

    /** The grid key. */
    public String key() {
        return key;
    }

    /** The command-line flag that sets this axis. */
    public String flag() {
        return flag;
    }

    /** The value when the grid does not give the axis; null when the axis must be given. */
    public String fallback() {
        return fallback;
    }

    /** The axis whose key is {@code key}; the error lists the keys. */
    public static DesignAxis of(String key) {
        for (DesignAxis a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        StringBuilder keys = new StringBuilder();
        for (DesignAxis a : values()) {
            keys.append(keys.length() == 0 ? "" : ", ").append(a.key);
        }
        throw new InvalidInputException("'" + key + "' is not an axis of a design study: use one of " + keys);
    }

    /** This axis's value in a grid point. */
    String in(Map<String, String> values) {
        return values.get(key);
    }
}
