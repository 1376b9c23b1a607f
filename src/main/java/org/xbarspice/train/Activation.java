package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import org.xbarspice.units.Ids;

/** Hidden-layer activation functions; each derivative is computed from the activation's output. */
public enum Activation {
    /** {@code 1 / (1 + exp(-z))}, derivative {@code a (1 - a)}. */
    SIGMOID,
    /** {@code tanh(z)}, derivative {@code 1 - a^2}. */
    TANH,
    /** {@code max(z, 0)}, derivative 1 where {@code a > 0}, else 0. */
    RELU;

    /** The name used in configs and on the command line: {@code sigmoid}, {@code tanh}, {@code relu}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation called {@code id}; the error names the field {@code activation} and the allowed names. */
    @JsonCreator
    public static Activation of(String id) {
        return Ids.find("activation", id, List.of(values()), Activation::id);
    }

    /** {@code v[k] = f(v[k])} for {@code k < n}. */
    void apply(double[] v, int n) {
        switch (this) {
            case SIGMOID:
                for (int k = 0; k < n; k++) {
                    v[k] = 1 / (1 + Math.exp(-v[k]));
                }
                break;
            case TANH:
                for (int k = 0; k < n; k++) {
                    v[k] = StrictMath.tanh(v[k]); // fdlibm: the same bits on every JVM (Math.tanh is not, from JDK 24)
                }
                break;
            default:
                for (int k = 0; k < n; k++) {
                    v[k] = Math.max(v[k], 0);
                }
                break;
        }
    }

    /** {@code d[k] *= f'} at the unit whose output is {@code a[k]}, for {@code k < n}. */
    void multiplyDerivative(double[] a, double[] d, int n) {
        switch (this) {
            case SIGMOID:
                for (int k = 0; k < n; k++) {
                    d[k] *= a[k] * (1 - a[k]);
                }
                break;
            case TANH:
                for (int k = 0; k < n; k++) {
                    d[k] *= 1 - a[k] * a[k];
                }
                break;
            default:
                for (int k = 0; k < n; k++) {
                    if (a[k] <= 0) {
                        d[k] = 0;
                    }
                }
                break;
        }
    }
}
