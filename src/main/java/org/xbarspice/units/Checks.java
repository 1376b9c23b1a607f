package org.xbarspice.units;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Range checks for physical parameters; each failure names the parameter, the value (with its unit where it has one)
 * and the allowed range, their numbers printed {@link #readable}.
 */
public final class Checks {
    private Checks() {
    }

    /** The value, {@link #readable}, with its unit if it has one. */
    private static String quantity(double value, String unit) {
        return readable(value) + (unit.isEmpty() ? "" : " " + unit);
    }

    /**
     * The significant digits {@link #readable} keeps: 15, fewer than a double's 15.9, so that the last-bit noise of
     * arithmetic rounds away (1 + 1 + 1 ns = 3.0000000000000004e-9 s reads 3e-9 s).
     */
    private static final MathContext READABLE_DIGITS = new MathContext(15);

    /**
     * A finite value rounded to the digits {@link #readable} prints; one that rounding would carry past the largest
     * double (1.7976931348623157e308) stays as it is. A bound derived by arithmetic is compared at this precision so
     * that the bound a message prints is itself allowed.
     */
    public static double rounded(double value) {
        double digits = BigDecimal.valueOf(value).round(READABLE_DIGITS).doubleValue();
        return Double.isInfinite(digits) ? value : digits;
    }

    /**
     * A number for a message (a value the user gave, a bound), as a reader writes it, to 15 significant digits: plainly
     * from 1e-3 up to 1e6, without a trailing ".0" (100, 0.5, 0.3 for 0.1 + 0.2), else in powers of ten as SPICE
     * numbers ({@link SpiceNumber#format}: 1e6 and 1e-9, not 1000000.0 and 1.0E-9). NaN and the infinities keep their
     * names (NaN, Infinity, -Infinity), which is how a config file gives them.
     */
    public static String readable(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        double digits = rounded(value);
        double size = Math.abs(digits);
        return digits == 0 || size >= 1e-3 && size < 1e6
                ? BigDecimal.valueOf(digits).stripTrailingZeros().toPlainString() : SpiceNumber.format(digits);
    }

    /** Requires a finite value >= 0; returns it. */
    public static double nonNegative(String name, double value, String unit) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(name + " = " + quantity(value, unit) + " is not allowed: it must be a finite value >= 0");
        }
        return value;
    }

    /** Requires a finite value > 0; returns it. */
    public static double positive(String name, double value, String unit) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(name + " = " + quantity(value, unit) + " is not allowed: it must be a finite value > 0");
        }
        return value;
    }

    /**
     * Requires a value > 0 and <= {@code hi}; the message states the bounds as a reader writes them ("> 0 and <= 100"),
     * not as the smallest double. Returns the value.
     */
    public static double positiveAtMost(String name, double value, double hi, String unit) {
        if (!(value > 0 && value <= hi)) {
            throw new InvalidInputException(name + " = " + quantity(value, unit) + " is out of range: allowed > 0 and <= "
                    + readable(hi) + (unit.isEmpty() ? "" : " " + unit));
        }
        return value;
    }

    /** Requires a finite value in [lo, hi]; returns it. */
    public static double inRange(String name, double value, double lo, double hi, String unit) {
        if (!(value >= lo && value <= hi)) {
            throw new InvalidInputException(name + " = " + quantity(value, unit) + " is out of range: allowed [" + readable(lo)
                    + ", " + readable(hi) + "]");
        }
        return value;
    }

    /**
     * Requires 0 (the ideal element) or a finite value in [lo, hi], so that denormals and values whose reciprocal
     * overflows never reach a solver; returns the value.
     *
     * @param setBy where the user sets it (the command-line flag, the config key), quoted in the message
     */
    public static double zeroOrInRange(String name, String setBy, double value, double lo, double hi, String unit) {
        if (value != 0 && !(value >= lo && value <= hi)) {
            throw new InvalidInputException(name + " = " + quantity(value, unit) + " (" + setBy + ") is out of range: allowed 0 ("
                    + "ideal) or " + readable(lo) + " .. " + quantity(hi, unit));
        }
        return value;
    }

    /** The resolutions a DAC or ADC can have (bits): at least 2, at most 31 (a uniform quantiser's codes fit an int). */
    public static final int MIN_CONVERTER_BITS = 2;
    public static final int MAX_CONVERTER_BITS = 31;

    /** Requires a DAC or ADC resolution, {@value #MIN_CONVERTER_BITS}..{@value #MAX_CONVERTER_BITS} bits; returns it. */
    public static int converterBits(String name, int bits) {
        return inRange(name, bits, MIN_CONVERTER_BITS, MAX_CONVERTER_BITS);
    }

    /**
     * Requires a DAC or ADC resolution or 0 for none: 0 or {@value #MIN_CONVERTER_BITS}..{@value #MAX_CONVERTER_BITS}
     * bits; returns it.
     */
    public static int converterBitsOrNone(String name, int bits) {
        if (bits != 0 && (bits < MIN_CONVERTER_BITS || bits > MAX_CONVERTER_BITS)) {
            throw new InvalidInputException(name + " = " + bits + " is out of range: allowed 0 (none) or "
                    + MIN_CONVERTER_BITS + ".." + MAX_CONVERTER_BITS);
        }
        return bits;
    }

    /** Requires an integer in [lo, hi]; returns it. */
    public static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new InvalidInputException(name + " = " + value + " is out of range: allowed " + lo + ".." + hi);
        }
        return value;
    }
}
