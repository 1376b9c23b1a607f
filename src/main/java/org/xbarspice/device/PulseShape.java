package org.xbarspice.device;

import org.xbarspice.units.Checks;

/**
 * A programming pulse across a device: linear rise over {@code edgeSecond}, flat top of
 * {@code widthSecond} at {@code amplitudeVolt}, linear fall over {@code edgeSecond}.
 *
 * @param amplitudeVolt full amplitude Vp across a selected device (V), > 0
 * @param widthSecond   flat-top width tp (s), {@value #MIN_SECOND} to {@value #MAX_SECOND}
 * @param edgeSecond    rise and fall time each (s), {@value #MIN_SECOND} to {@value #MAX_SECOND}
 */
public record PulseShape(double amplitudeVolt, double widthSecond, double edgeSecond) {
    /**
     * Shortest width or edge (s): 1 ps. ngspice rejects a pulse source with a zero edge, and femtosecond edges on a
     * nanosecond pulse make its transient crawl.
     */
    public static final double MIN_SECOND = 1e-12;
    /** Longest width or edge (s): 1 ms, a hundred thousand times the bundled presets' 10 ns pulses. */
    public static final double MAX_SECOND = 1e-3;

    public PulseShape {
        Checks.positive("pulse amplitude Vp (--vp, preset spice.pulse.amplitudeVolt)", amplitudeVolt, "V");
        Checks.inRange("pulse width tp (--tp, preset spice.pulse.widthSecond)", widthSecond, MIN_SECOND, MAX_SECOND, "s");
        Checks.inRange("pulse rise/fall time (--rise, preset spice.pulse.edgeSecond)", edgeSecond, MIN_SECOND, MAX_SECOND, "s");
    }

    /**
     * The energy duration of the pulse: {@code integral (V(t) / Vp)^2 dt = tp + 2 t_edge / 3} (s), so that a linear
     * network held at the full amplitude with power P dissipates {@code P} times this over one pulse.
     */
    public double energySecond() {
        return widthSecond + 2 * edgeSecond / 3;
    }

    /** Whole duration: rise + top + fall (s). */
    public double durationSecond() {
        return widthSecond + 2 * edgeSecond;
    }

    /**
     * Pulse duration in edges beyond which an ngspice transient of the pulse is warned of ({@link #slowTransient}): its
     * time steps are at most an edge long ({@code .tran} takes the edge as its step), so its time grows with the width
     * over the edge: 3 pulses each way of 10 us at 1 ns edges took 2.6-7.4 s in {@code pulse-response}, of 1 ms over ten
     * minutes (a review's); a 3 x 9 array's transient update of 1 us pulses at 1 ns edges some 30 s (a review's).
     */
    public static final double SLOW_TRANSIENT_EDGES = 1000;

    /**
     * The warning that an ngspice transient of {@code pulses} such pulses steps through over {@code pulses} times the
     * duration in edges, with the {@code remedy}; null where a pulse lasts at most {@link #SLOW_TRANSIENT_EDGES} edges.
     */
    public String slowTransient(long pulses, String remedy) {
        double edges = durationSecond() / edgeSecond;
        if (edges <= SLOW_TRANSIENT_EDGES) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the pulse of %.3g s lasts %.3g of its edges (%.3g s), and an ngspice "
                + "transient steps at most one edge at a time: over %.3g steps for %d pulses (4-12 s per 100,000 measured); "
                + "%s", durationSecond(), edges, edgeSecond, pulses * edges, pulses, remedy);
    }

    /**
     * Drive integral U = integral of max(0, |V(t)| - vt) dt (V s) when this pulse shape reaches the device with
     * peak {@code |deviceVolt|} and the device has threshold {@code thresholdVolt}: on the flat top
     * (|V| - vt) tp, on each edge (|V| - vt)^2 t_edge / (2 |V|). Zero below the threshold.
     */
    public double drive(double deviceVolt, double thresholdVolt) {
        double v = Math.abs(deviceVolt);
        double excess = v - thresholdVolt;
        if (excess <= 0) {
            return 0;
        }
        return excess * widthSecond + excess * excess * edgeSecond / v;
    }
}
