package org.xbarspice.units;


/**
 * Formats numbers for SPICE netlists: shortest text that reads back to the same double, in plain
 * exponent form ({@code 1e-6}, {@code 2.5e-1}), independent of the default locale and without SI
 * suffixes (ngspice reads {@code M} as milli).
 */
public final class SpiceNumber {
    /** Entries of the memo of recent texts (a power of 2). */
    private static final int MEMO_SIZE = 1 << 14;
    /**
     * Direct-mapped memo of recently formatted values: netlists repeat most of their numbers from run to run (DAC
     * levels, pulse voltages, slot indices, the resistances of devices that did not move). Entries are immutable, so
     * unsynchronised sharing between threads is safe (a racing thread at worst formats again).
     */
    private static final Memo[] MEMO = new Memo[MEMO_SIZE];

    private record Memo(long bits, String text) {
    }

    private SpiceNumber() {
    }

    /** SPICE text of {@code value}; rejects NaN and infinities, which no netlist can hold. */
    public static String format(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(MEMO_SIZE)));
        Memo memo = MEMO[slot];
        if (memo != null && memo.bits() == bits) {
            return memo.text();
        }
        String text = text(value);
        MEMO[slot] = new Memo(bits, text);
        return text;
    }

    private static String text(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a SPICE number must be finite, got " + value);
        }
        if (value == 0) {
            return "0";
        }
        String shortest = Double.toString(Math.abs(value)); // "ddd.ddd" or "d.dddE[-]x": the shortest exact digits
        int e = shortest.indexOf('E');
        int mantissaEnd = e < 0 ? shortest.length() : e;
        int dot = shortest.indexOf('.');
        int first = -1;
        int last = -1;
        for (int k = 0; k < mantissaEnd; k++) {
            char c = shortest.charAt(k);
            if (c != '.' && c != '0') {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        int exponent = (first < dot ? dot - first - 1 : dot - first)
                + (e < 0 ? 0 : Integer.parseInt(shortest, e + 1, shortest.length(), 10));
        StringBuilder text = new StringBuilder(26);
        if (value < 0) {
            text.append('-');
        }
        text.append(shortest.charAt(first));
        if (last > first) {
            text.append('.');
            for (int k = first + 1; k <= last; k++) {
                char c = shortest.charAt(k);
                if (c != '.') {
                    text.append(c);
                }
            }
        }
        if (exponent != 0) {
            text.append('e').append(exponent);
        }
        return text.toString();
    }
}
