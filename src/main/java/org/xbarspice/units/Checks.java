package org.xbarspice.units;

/** Range checks for physical parameters; each failure names the parameter, the value, its unit and the allowed range. */
public final class Checks {
    private Checks() {
    }

    /** Requires a finite value >= 0; returns it. */
    public static double nonNegative(String name, double value, String unit) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(name + " = " + value + " " + unit + " is not allowed: it must be a finite value >= 0");
        }
        return value;
    }

    /** Requires a finite value > 0; returns it. */
    public static double positive(String name, double value, String unit) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(name + " = " + value + " " + unit + " is not allowed: it must be a finite value > 0");
        }
        return value;
    }

    /** Requires a finite value in [lo, hi]; returns it. */
    public static double inRange(String name, double value, double lo, double hi, String unit) {
        if (!(value >= lo && value <= hi)) {
            throw new InvalidInputException(name + " = " + value + " " + unit + " is out of range: allowed [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** Requires an integer in [lo, hi]; returns it. */
    public static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new InvalidInputException(name + " = " + value + " is out of range: allowed " + lo + ".." + hi);
        }
        return value;
    }
}
