package org.xbarspice.device;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Conductance range of one device (PHYSICS.md section 4): state x in [0, 1] maps to
 * G(x) = gMin + (gMax - gMin) * x. Both directions are linear and exact; x outside [0, 1] extrapolates.
 *
 * @param gMinSiemens lowest conductance (S), > 0
 * @param gMaxSiemens highest conductance (S), > gMinSiemens
 */
public record ConductanceRange(double gMinSiemens, double gMaxSiemens) {
    public ConductanceRange {
        Checks.positive("gMinSiemens", gMinSiemens, "S");
        Checks.positive("gMaxSiemens", gMaxSiemens, "S");
        if (!(gMaxSiemens > gMinSiemens)) {
            throw new InvalidInputException("gMaxSiemens = " + gMaxSiemens + " S is not allowed: it must be > gMinSiemens = "
                    + gMinSiemens + " S");
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
