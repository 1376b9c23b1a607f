package org.xbarspice.device;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/** Validation shared by the device model records; each message starts with the JSON field name. */
final class ModelChecks {
    private ModelChecks() {
    }

    /** Checks weight bounds: a finite wMin {@code < 0} and a finite wMax > 0 (weight units). */
    static void bounds(double wMin, double wMax) {
        if (!(wMin < 0) || Double.isInfinite(wMin)) {
            throw new InvalidInputException("wMin = " + Checks.readable(wMin) + " (weight units) is not allowed: it must be a "
                    + "finite value < 0");
        }
        Checks.positive("wMax", wMax, "(weight units)");
    }

    /** Checks the parameters every device model has. */
    static void common(double dwMin, double upScale, double downScale, double wMin, double wMax, Variability variability) {
        Checks.positive("dwMin", dwMin, "(weight units)");
        Checks.positive("upScale", upScale, "(relative)");
        Checks.positive("downScale", downScale, "(relative)");
        bounds(wMin, wMax);
        if (dwMin > wMax - wMin) {
            throw new InvalidInputException("dwMin = " + Checks.readable(dwMin) + " (weight units) is not allowed: it must be "
                    + "at most wMax - wMin = " + Checks.readable(wMax - wMin) + " (one step across the whole range)");
        }
        if (variability == null) {
            throw new InvalidInputException("variability is missing: give dwMinDtod, upDownDtod, boundsDtod and dwMinStd (all 0 for none)");
        }
    }
}
