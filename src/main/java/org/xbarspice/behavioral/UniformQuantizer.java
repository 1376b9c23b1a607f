package org.xbarspice.behavioral;

import org.xbarspice.units.Checks;

/**
 * Uniform, symmetric, saturating quantiser of {@code bits} bits over {@code [-range, +range]}.
 *
 * <p>Levels: {@code k * step} for integer {@code k} in {@code [-L, L]} with {@code L = 2^(bits-1) - 1}
 * and {@code step = range / L}; that is {@code 2^bits - 1} levels (one code of the 2^bits is unused, so
 * the levels are symmetric about 0 and 0 is a level), the outermost ones exactly {@code +-range}. A value
 * is rounded to the nearest level (ties to the even k, which is symmetric about 0); values beyond
 * {@code +-range} saturate at {@code +-range}. Example: 8 bits over +-0.2 V give 255 levels 0.2/127 V apart.
 * Used as DAC (inputs, range +-V_read, volt) and as ADC (sensed currents, range +-I_max, ampere).
 *
 * @param bits  resolution, 2..31
 * @param range full-scale value (> 0, in the unit of the quantised quantity)
 */
public record UniformQuantizer(int bits, double range) {
    public UniformQuantizer {
        Checks.converterBits("quantiser resolution", bits);
        Checks.positive("quantiser range", range, "(unit of the quantised value)");
    }

    /** Number of positive levels L = 2^(bits-1) - 1. */
    public int positiveLevels() {
        return (1 << (bits - 1)) - 1;
    }

    /** Spacing of adjacent levels, range / L. */
    public double step() {
        return range / positiveLevels();
    }

    /** Level index k in [-L, L] of {@code value} (rounded to nearest, saturating). NaN is rejected. */
    public int code(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("cannot quantise NaN");
        }
        int levels = positiveLevels();
        double k = Math.rint(value / range * levels);
        if (k >= levels) {
            return levels;
        }
        if (k <= -levels) {
            return -levels;
        }
        return (int) k;
    }

    /** The value of level {@code code} (k * step; exactly +-range at the ends). */
    public double level(int code) {
        int levels = positiveLevels();
        if (code >= levels) {
            return range;
        }
        if (code <= -levels) {
            return -range;
        }
        return code * range / levels;
    }

    /** The value after conversion: the nearest level, saturating at +-range. */
    public double quantize(double value) {
        return level(code(value));
    }
}
