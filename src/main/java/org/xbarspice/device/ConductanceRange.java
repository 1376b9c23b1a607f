package org.xbarspice.device;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Conductance range of one device (PHYSICS.md section 4): state x in [0, 1] maps to
 * G(x) = gMin + (gMax - gMin) * x. Both directions are linear and exact; x outside [0, 1] extrapolates.
 *
 * @param gMinSiemens lowest conductance (S), in [{@value #MIN_SIEMENS}, {@value #MAX_SIEMENS}]
 * @param gMaxSiemens highest conductance (S), > gMinSiemens and <= {@value #MAX_SIEMENS}
 */
public record ConductanceRange(double gMinSiemens, double gMaxSiemens) {
    /**
     * Largest device conductance (S): a 1 ohm device, far above any memristive device (the presets reach 1e-5 S), and low
     * enough that every current, power and energy of a full array (512 x 512 devices, any accepted voltage) stays finite.
     */
    public static final double MAX_SIEMENS = 1;
    /**
     * Smallest device conductance (S): 1 fS (1 Pohm), three orders below the off state of the most resistive memristive
     * devices (about 1e-12 S), so that no physical device is refused while denormal and vanishing values (1e-320 S
     * passed before) are.
     */
    public static final double MIN_SIEMENS = 1e-15;

    public ConductanceRange {
        requireDevice("gMinSiemens", gMinSiemens);
        requireDevice("gMaxSiemens", gMaxSiemens);
        if (!(gMaxSiemens > gMinSiemens)) {
            throw new InvalidInputException("gMaxSiemens = " + Checks.readable(gMaxSiemens) + " S is not allowed: it must be > "
                    + "gMinSiemens = " + Checks.readable(gMinSiemens) + " S");
        }
    }

    /** The range as {@code --g-range} takes it, {@code GMIN:GMAX} (S), e.g. {@code 1e-6:1e-5}. */
    public String flagValue() {
        return Checks.readable(gMinSiemens) + ":" + Checks.readable(gMaxSiemens);
    }

    /**
     * Requires a device conductance in [{@value #MIN_SIEMENS}, {@value #MAX_SIEMENS}] (S), wherever one enters (presets,
     * array files, flags); returns it.
     *
     * @param name what the value is, with the file or flag it came from
     */
    public static double requireDevice(String name, double siemens) {
        if (!(siemens >= MIN_SIEMENS && siemens <= MAX_SIEMENS)) {
            throw new InvalidInputException(name + " = " + Checks.readable(siemens) + " S is out of range: a device "
                    + "conductance must be in " + Checks.readable(MIN_SIEMENS) + " .. " + Checks.readable(MAX_SIEMENS) + " S");
        }
        return siemens;
    }

    /**
     * Parses {@code GMIN:GMAX} (S) as a flag gives it.
     *
     * @param flag the flag, named in every message
     */
    public static ConductanceRange parse(String flag, String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            throw new InvalidInputException(flag + " '" + text + "' is not GMIN:GMAX: give two conductances in siemens, e.g. "
                    + flag + " 1e-6:1e-5");
        }
        double[] g = new double[2];
        for (int k = 0; k < 2; k++) {
            try {
                g[k] = Double.parseDouble(parts[k].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(flag + " '" + text + "': '" + parts[k].strip()
                        + "' is not a number: give GMIN:GMAX in siemens, e.g. " + flag + " 1e-6:1e-5");
            }
        }
        try {
            return new ConductanceRange(g[0], g[1]);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag + " '" + text + "': " + e.getMessage(), e);
        }
    }

    /** gMax - gMin (S). */
    public double span() {
        return gMaxSiemens - gMinSiemens;
    }

    /** G(x) = gMin + (gMax - gMin) * x (S) for the dimensionless state x. */
    public double conductance(double state) {
        return gMinSiemens + (gMaxSiemens - gMinSiemens) * state;
    }

    /** The dimensionless state x(G) = (G - gMin) / (gMax - gMin) of a conductance G (S). */
    public double state(double conductanceSiemens) {
        return (conductanceSiemens - gMinSiemens) / (gMaxSiemens - gMinSiemens);
    }
}
