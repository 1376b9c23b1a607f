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
