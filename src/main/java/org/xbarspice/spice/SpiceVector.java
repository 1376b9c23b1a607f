package org.xbarspice.spice;

import java.util.Objects;

/**
 * One vector of an analysis: real values, or complex values as real and imaginary parts (every vector of an AC
 * analysis except its frequency scale).
 *
 * @param name      ngspice's name, as in its raw files ({@code v(out)}, {@code i(v1)}, {@code frequency})
 * @param type      ngspice's vector type ({@code voltage}, {@code current}, {@code time}, {@code frequency},
 *                  {@code voltage-density}, {@code notype}, ...), which gives the unit (V, A, s, Hz, V/sqrt(Hz))
 * @param real      the values of a real vector, or the real parts of a complex one, in the vector's unit
 * @param imaginary the imaginary parts of a complex vector (same unit, same length); null for a real vector
 */
public record SpiceVector(String name, String type, double[] real, double[] imaginary) {
    public SpiceVector {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(real, "real");
        if (imaginary != null && imaginary.length != real.length) {
            throw new IllegalArgumentException("vector " + name + ": " + real.length + " real parts but "
                    + imaginary.length + " imaginary parts");
        }
    }

    /** A real vector. */
    public static SpiceVector real(String name, String type, double[] values) {
        return new SpiceVector(name, type, values, null);
    }

    public boolean isComplex() {
        return imaginary != null;
    }

    public int length() {
        return real.length;
    }

    /** |z| per point, in the vector's unit (the values themselves, made non-negative, for a real vector). */
    public double[] magnitude() {
        double[] m = new double[real.length];
        for (int k = 0; k < m.length; k++) {
            m[k] = imaginary == null ? Math.abs(real[k]) : Math.hypot(real[k], imaginary[k]);
        }
        return m;
    }

    /** arg z per point in degrees, in [-180, 180] (0 or 180 for a real vector). */
    public double[] phaseDegrees() {
        double[] p = new double[real.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.toDegrees(Math.atan2(imaginary == null ? 0 : imaginary[k], real[k]));
        }
        return p;
    }
}
