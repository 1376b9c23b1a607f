package org.xbarspice.behavioral;

/**
 * The energy of a transient (J) from the power of its states ({@link ArrayPower}, W) by Simpson's rule on every time
 * step, with the state at the step's midpoint interpolated linearly between its two time points: exact where the
 * power is quadratic in time over a step, as in a linear network whose sources and conductances are linear in time
 * between two time points. One rule for every transient whose energy is counted: ngspice updates and integrator reads,
 * and the behavioral integrator read (on the breakpoints of its driver waveforms).
 */
public final class TransientEnergy {
    private TransientEnergy() {
    }

    /** The power of the state at time point {@code t + f} (0 <= f < 1; f = 0 or 0.5 here). */
    @FunctionalInterface
    public interface PowerAt {
        ArrayPower at(int t, double f);
    }

    /** The energy from time point {@code from} to time point {@code to} (indices into {@code time}, s). */
    public static ArrayEnergy simpson(double[] time, int from, int to, PowerAt power) {
        ArrayEnergy total = ArrayEnergy.ZERO;
        ArrayPower previous = null;
        for (int t = from; t <= to; t++) {
            ArrayPower now = power.at(t, 0);
            if (previous != null) {
                double dt = time[t] - time[t - 1];
                ArrayPower middle = power.at(t - 1, 0.5);
                total = total.plus(previous.over(dt / 6)).plus(middle.over(4 * dt / 6)).plus(now.over(dt / 6));
            }
            previous = now;
        }
        return total;
    }

    /** A waveform's value at time point {@code t + f}, linear between time points. */
    public static double at(double[] wave, int t, double f) {
        return f == 0 ? wave[t] : wave[t] + f * (wave[t + 1] - wave[t]);
    }
}
