package org.xbarspice.netlist;

import static org.xbarspice.units.SpiceNumber.format;

import java.util.Map;
import org.xbarspice.units.XbarspiceException;

/** Deterministic netlist text: {@code \n} line ends, long tables continued on {@code +} lines. */
final class NetlistText {
    /** Longest line emitted; longer tables continue on {@code +} lines. */
    private static final int MAX_LINE = 200;

    private final StringBuilder out = new StringBuilder(1 << 16);

    void line(String text) {
        out.append(text).append('\n');
    }

    /** The text so far, to append whole lines (each ending in {@code \n}) in hot loops. */
    StringBuilder builder() {
        return out;
    }

    /** Writes {@code head}, the numbers in pairs, and {@code tail}, continuing on {@code +} lines. */
    void table(String head, double[] numbers, String tail) {
        StringBuilder current = new StringBuilder(head);
        for (int p = 0; p < numbers.length; p += 2) {
            String pair = " " + format(numbers[p]) + "," + format(numbers[p + 1]) + (p + 2 < numbers.length ? "," : "");
            if (current.length() + pair.length() > MAX_LINE) {
                line(current.toString());
                current.setLength(0);
                current.append('+');
            }
            current.append(pair);
        }
        line(current.append(tail).toString());
    }

    /**
     * A behavioral voltage source {@code name} at {@code node} whose value is {@code values[k]} while the
     * selector source {@code Vk} sweeps k = 0..K-1 (a table lookup; K = 1 is padded to two points).
     */
    void sweptSource(String name, String node, double[] values) {
        double[] points = new double[2 * Math.max(2, values.length)];
        for (int k = 0; k < points.length / 2; k++) {
            points[2 * k] = k;
            points[2 * k + 1] = values[Math.min(k, values.length - 1)];
        }
        table(name + " " + node + " 0 V=pwl(V(k),", points, ")");
    }

    /** The named vector, which must have {@code length} values. */
    static double[] vector(Map<String, double[]> simulated, String name, int length) {
        double[] v = simulated.get(name);
        if (v == null || v.length != length) {
            throw new XbarspiceException("vector " + name + " has " + (v == null ? "no values" : v.length + " values")
                    + ", expected " + length);
        }
        return v;
    }

    /** Value of a sampled waveform at time t (s), by linear interpolation between its time points. */
    static double sampleAt(double[] time, double[] value, double t) {
        int hi = 1;
        while (hi < time.length - 1 && time[hi] < t) {
            hi++;
        }
        int lo = hi - 1;
        double span = time[hi] - time[lo];
        double frac = span > 0 ? Math.max(0, Math.min(1, (t - time[lo]) / span)) : 1;
        return value[lo] + frac * (value[hi] - value[lo]);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
