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
     * The most time steps an ngspice transient takes per pulse on its flat parts ({@link #transientStepSecond}) where its
     * edges allow: a pulse of up to that many edges is stepped an edge at a time, as before 2026-12-05, a longer one a
     * hundredth of it at a time. 3 pulses each way of 2 us with 1 ns edges in {@code pulse-response} took 0.54 s in
     * ngspice, now 0.069 s, and differ from the behavioral curve by 1.49e-6 of a range of 2 (1.40e-6 before); of 10 us,
     * 0.090 s instead of 2.55 s and 6.3e-6 (1.66e-6); an 8 x 8 transient update of 1 us pulses 5.5 s instead of 40 s, its
     * largest difference to the quasi-static update the same to four digits (1.494e-4).
     */
    public static final double TRANSIENT_STEPS_PER_PULSE = 100;

    /**
     * The longest time step of an ngspice transient, in edges: its smallest step is 1e-11 of its longest, and where a
     * device crosses its threshold within a 1 ps edge the step control needs some 1e-17 s (a 1 ms pulse at 1 ps edges
     * failed with "timestep too small" stepped at 1e6 and 1e7 edges, ran at 1e4: 1e5 steps a pulse instead of 1e9).
     */
    public static final double LONGEST_STEP_EDGES = 1e4;

    /**
     * Steps per pulse beyond which an ngspice transient of such pulses is warned of ({@link #slowTransient}): a pulse of
     * more than {@code 1e3 x} {@value #LONGEST_STEP_EDGES} edges.
     */
    public static final double SLOW_TRANSIENT_STEPS = 1000;

    /**
     * The longest time step (s) of an ngspice transient of such pulses ({@code .tran}'s TMAX): the pulse over {@value
     * #TRANSIENT_STEPS_PER_PULSE}, at least the edge and at most {@value #LONGEST_STEP_EDGES} edges. The sources'
     * breakpoints still put steps at every corner of a pulse, and the step control shortens them where the devices'
     * states need it.
     */
    public double transientStepSecond() {
        return Math.max(edgeSecond, Math.min(durationSecond() / TRANSIENT_STEPS_PER_PULSE, LONGEST_STEP_EDGES * edgeSecond));
    }

    /** About how many time steps an ngspice transient takes per pulse ({@link #transientStepSecond}). */
    public double transientSteps() {
        return durationSecond() / transientStepSecond();
    }

    /**
     * The warning that an ngspice transient of {@code pulses} such pulses takes over {@value #SLOW_TRANSIENT_STEPS} steps
     * a pulse (4-12 s per 100,000 steps measured; a 1 ms pulse at 1 ps edges 1e5 steps, an update of 8 x 8 devices of
     * them ran for hours before its longest step was bounded, growing by 7.5 MB/s), with the {@code remedy}; null for
     * fewer.
     */
    public String slowTransient(long pulses, String remedy) {
        double steps = transientSteps();
        if (steps <= SLOW_TRANSIENT_STEPS) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the pulse of %.3g s lasts %.3g of its edges (%.3g s), and an ngspice "
                + "transient steps at most %.0e edges at a time: %.3g steps for %d pulses (4-12 s per 100,000 measured); %s",
                durationSecond(), durationSecond() / edgeSecond, edgeSecond, LONGEST_STEP_EDGES, pulses * steps, pulses,
                remedy);
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
        double edges = excess * excess * edgeSecond / v;
        // past 1e154 V the square overflows: the same term, a fraction of the excess (Vp = 1e300 gave a NaN step)
        return excess * widthSecond + (Double.isFinite(edges) ? edges : excess * (excess / v) * edgeSecond);
    }
}
