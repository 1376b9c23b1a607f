package org.xbarspice.device;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Electrical parameters of a preset's compact SPICE device ({@code spice} in the preset JSON): the
 * programming thresholds and the nominal update pulse. The rates follow from the behavioral model
 * ({@link CompactDevice#of}), so the two descriptions cannot disagree.
 *
 * @param thresholdUpVolt   vtp (V): no potentiation below it
 * @param thresholdDownVolt vtn (V): no depression below it (for -V)
 * @param pulse             the nominal update pulse across a selected device; a half-selected device sees
 *                          half its amplitude, which must stay below both thresholds (V/2 scheme)
 */
public record CompactSpec(double thresholdUpVolt, double thresholdDownVolt, PulseShape pulse) {
    public CompactSpec {
        Checks.positive("thresholdUpVolt", thresholdUpVolt, "V");
        Checks.positive("thresholdDownVolt", thresholdDownVolt, "V");
        if (pulse == null) {
            throw new InvalidInputException("pulse is missing: give {\"amplitudeVolt\", \"widthSecond\", \"edgeSecond\"}");
        }
        requireV2Scheme(pulse.amplitudeVolt(), thresholdUpVolt, thresholdDownVolt);
    }

    /**
     * Requires a read input (V) above 0 and below the lower programming threshold, or the read would move the devices;
     * the error names {@code flag} (how the user set it) and {@code device}.
     */
    public void requireReadVolt(String flag, double readVolt, String device) {
        double threshold = Math.min(thresholdUpVolt, thresholdDownVolt);
        if (!(readVolt > 0 && readVolt < threshold)) {
            throw new InvalidInputException(flag + " " + Checks.readable(readVolt) + " V is not allowed with " + device
                    + ": a read input must be > 0 and below the device's programming threshold " + Checks.readable(threshold)
                    + " V, or the read would move the devices");
        }
    }

    /**
     * Requires a pulse of {@code amplitudeVolt} (V) across a device to exceed both of its thresholds (V), so that it
     * programs the device in either direction: what one device alone needs, without the V/2 scheme's half-selected
     * devices ({@link #requireV2Scheme}).
     */
    public static void requireAboveThresholds(double amplitudeVolt, double thresholdUpVolt, double thresholdDownVolt) {
        double vtMax = Math.max(thresholdUpVolt, thresholdDownVolt);
        if (amplitudeVolt <= vtMax) {
            throw new InvalidInputException("pulse amplitude Vp = " + Checks.readable(amplitudeVolt) + " V is not above the "
                    + "device threshold " + Checks.readable(vtMax) + " V: a pulse would not program the device; use Vp > "
                    + Checks.readable(vtMax) + " V");
        }
    }

    /** Checks Vp/2 < vt < Vp for both thresholds, naming the values. */
    public static void requireV2Scheme(double amplitudeVolt, double thresholdUpVolt, double thresholdDownVolt) {
        double vt = Math.min(thresholdUpVolt, thresholdDownVolt);
        double vtMax = Math.max(thresholdUpVolt, thresholdDownVolt);
        if (vtMax >= 2 * vt) {
            throw new InvalidInputException("the device thresholds " + Checks.readable(thresholdUpVolt) + " V (up) and "
                    + Checks.readable(thresholdDownVolt) + " V (down) leave no pulse amplitude for the V/2 scheme: Vp "
                    + "must exceed the larger and stay below twice the smaller; bring the thresholds within a factor 2 of "
                    + "each other");
        }
        requireAboveThresholds(amplitudeVolt, thresholdUpVolt, thresholdDownVolt);
        if (amplitudeVolt / 2 >= vt) {
            throw new InvalidInputException("pulse amplitude Vp = " + Checks.readable(amplitudeVolt) + " V puts Vp/2 = "
                    + Checks.readable(amplitudeVolt / 2) + " V on half-selected devices, not below the threshold "
                    + Checks.readable(vt) + " V; use Vp < " + Checks.readable(2 * vt) + " V");
        }
    }
}
