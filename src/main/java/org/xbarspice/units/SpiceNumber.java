package org.xbarspice.units;

import java.math.BigDecimal;

/**
 * Formats numbers for SPICE netlists: shortest text that reads back to the same double, in plain
 * exponent form ({@code 1e-6}, {@code 2.5e-1}), independent of the default locale and without SI
 * suffixes (ngspice reads {@code M} as milli).
 */
public final class SpiceNumber {
    private SpiceNumber() {
    }

    /** SPICE text of {@code value}; rejects NaN and infinities, which no netlist can hold. */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a SPICE number must be finite, got " + value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder text = new StringBuilder(digits.length() + 8);
        if (exact.signum() < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        if (exponent != 0) {
            text.append('e').append(exponent);
        }
        return text.toString();
    }
}
