package org.xbarspice.device;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/** The symmetry point of a shaped law, solved numerically. */
final class SymmetryPoints {
    /** Grid intervals on which the sign of stepUp - stepDown is scanned before the root is refined. */
    static final int GRID = 256;
    private static final BrentSolver SOLVER = new BrentSolver(1e-14, 1e-14);

    private SymmetryPoints() {
    }

    /**
     * The weight (weight units) where {@code up * fUp(w) = down * fDown(w)} for a device with bounds [wMin, wMax]: the
     * lowest stable crossing (up step larger below it, smaller above), found on a grid of {@value #GRID} intervals and
     * refined by Brent's method to 1e-14. Without one: wMax if the up step is larger at wMax (random pulses drive the
     * weight there), wMin otherwise; 0 (clipped) if both steps are equal everywhere on the grid.
     *
     * @param up   the device's up scale times dwMin (or any common factor of both)
     * @param down the device's down scale times the same factor
     */
    static double solve(ShapedLaw law, double up, double down, double wMin, double wMax) {
        double previous = difference(law, up, down, wMin, wMin, wMax);
        double previousW = wMin;
        boolean anyNonZero = previous != 0;
        for (int g = 1; g <= GRID; g++) {
            double w = g == GRID ? wMax : wMin + (wMax - wMin) * g / GRID;
            double current = difference(law, up, down, w, wMin, wMax);
            anyNonZero |= current != 0;
            if (previous > 0 && current <= 0) {
                if (current == 0) {
                    return w;
                }
                double lo = previousW;
                return SOLVER.solve(200, v -> difference(law, up, down, v, wMin, wMax), lo, w);
            }
            previous = current;
            previousW = w;
        }
        if (!anyNonZero) {
            return Math.min(Math.max(0, wMin), wMax);
        }
        return previous > 0 ? wMax : wMin;
    }

    private static double difference(ShapedLaw law, double up, double down, double w, double wMin, double wMax) {
        return up * law.upShape(w, wMin, wMax) - down * law.downShape(w, wMin, wMax);
    }
}
