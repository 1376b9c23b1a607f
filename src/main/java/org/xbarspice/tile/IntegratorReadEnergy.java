package org.xbarspice.tile;

import java.util.TreeSet;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.TransientEnergy;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * The array energy of integrator reads ({@link Sense.Integrator}), a transient in both engines: input vector k's
 * energy is the integral of the array's power over its window k (reset, input edges, integration), reported as the
 * mean power over t_read (the window's energy / t_read), so that {@link CostModel#read} (power times t_read) gives
 * that energy back.
 *
 * <ul>
 * <li>ngspice: the power of the simulated node voltages and source voltages at every time point and step midpoint,
 *     by {@link TransientEnergy} (the rule of the transient update).</li>
 * <li>behavioral: the integrator holds its input at virtual ground (an ideal op-amp: the DC model of
 *     {@link CrossbarSolver}), so at every instant the array is in the DC state of the driver voltages at that instant;
 *     the drivers are the netlist's waveforms ({@link CrossbarNetlist#driverWaveform}), linear between their
 *     breakpoints, so the power is quadratic in time there and Simpson's rule on the breakpoints
 *     ({@link TransientEnergy}) is exact. A state proportional to the previous one is scaled, not solved again
 *     (amplitude encoding: one solve per vector).</li>
 * </ul>
 * What the engines differ by is what these DC states leave out: the virtual ground's drift (V(S) = -V_out / A0), which
 * the reported currents take ({@link IntegratorCharge}).
 */
final class IntegratorReadEnergy {
    private IntegratorReadEnergy() {
    }

    /** The mean power over t_read of every vector of an ngspice integrator read (W), [vector]. */
    static ArrayPower[] spice(CrossbarCircuit oriented, double[] g, CrossbarNetlist.TransientNodes run, int vectors) {
        Sense.Integrator integ = (Sense.Integrator) oriented.sense();
        boolean forward = oriented.direction() == Direction.FORWARD;
        double[] time = run.time();
        int size = g.length;
        double[] vR = new double[size];
        double[] vC = new double[size];
        double[] source = new double[oriented.drivenLines()];
        TransientEnergy.PowerAt power = (t, f) -> {
            for (int d = 0; d < size; d++) {
                vR[d] = TransientEnergy.at(run.rowNodeVolts()[d], t, f);
                vC[d] = TransientEnergy.at(run.colNodeVolts()[d], t, f);
            }
            for (int d = 0; d < source.length; d++) {
                source[d] = TransientEnergy.at(run.sourceVolts()[d], t, f);
            }
            return CrossbarPower.of(oriented, false, g, forward ? source : null, forward ? null : source, vR, vC);
        };
        ArrayPower[] out = new ArrayPower[vectors];
        int from = 0;
        for (int k = 0; k < vectors; k++) {
            int to = k == vectors - 1 ? time.length - 1 : firstAtOrAfter(time, (k + 1) * integ.windowSecond(), from);
            out[k] = TransientEnergy.simpson(time, from, to, power).per(integ.readSecond());
            from = to;
        }
        return out;
    }

    /**
     * {@code mean} with the charge each sensed line's capacitor holds at the window's end, {@code Q^2 / 2 C} per line, as
     * sense power over t_read, supplied by the op-amp's output (in {@code delivered} too) and dumped by the next reset:
     * {@code Q = I t_read (1 + A0) / A0} from the reported current {@code amps} (A), which is {@code C A0 V(T) / t_read}
     * while the capacitor holds {@code C (1 + A0) V(T)}.
     */
    static ArrayPower withCapacitors(ArrayPower mean, double[] amps, Sense.Integrator integ) {
        double charge = integ.readSecond() * (1 + integ.openLoopGain()) / integ.openLoopGain();
        double joule = 0;
        for (double current : amps) {
            double q = current * charge;
            joule += q * q / (2 * integ.capacitanceFarad());
        }
        double watt = joule / integ.readSecond();
        return new ArrayPower(mean.devices(), mean.wires(), mean.drivers(), mean.sense() + watt, mean.delivered() + watt);
    }

    /** The first time point at or after t (s), from index {@code from} on (the last point if none). */
    private static int firstAtOrAfter(double[] time, double t, int from) {
        int k = from;
        while (k < time.length - 1 && time[k] < t * (1 - 1e-12)) {
            k++;
        }
        return k;
    }

    /**
     * The mean power over t_read of vector k of a behavioral integrator read (W).
     *
     * @param solver    the DC solver of the read's circuit and conductances
     * @param waveforms every driven line's waveform of the read ({@link CrossbarNetlist#driverWaveform})
     * @param k         the vector
     */
    static ArrayPower behavioral(CrossbarSolver solver, Sense.Integrator integ, double[][] waveforms, int k) {
        double start = k * integ.windowSecond();
        double end = start + integ.windowSecond();
        TreeSet<Double> points = new TreeSet<>();
        points.add(start);
        points.add(end);
        for (double[] wave : waveforms) {
            for (int p = 2 * firstAtOrAfter(wave, Math.nextUp(start)); p < wave.length && wave[p] < end; p += 2) {
                points.add(wave[p]);
            }
        }
        double[] time = points.stream().mapToDouble(Double::doubleValue).toArray();
        State state = new State(solver, waveforms);
        ArrayEnergy energy = TransientEnergy.simpson(time, 0, time.length - 1,
                (t, f) -> state.power(f == 0 ? time[t] : time[t] + f * (time[t + 1] - time[t])));
        return energy.per(integ.readSecond());
    }

    /** The first point of a PWL waveform (time, value pairs, times ascending) at or after time t (bisection). */
    private static int firstAtOrAfter(double[] wave, double t) {
        int lo = 0;
        int hi = wave.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (wave[2 * mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The DC power of the driver voltages at a time, remembering the last solved state to scale proportional ones. */
    private static final class State {
        private final CrossbarSolver solver;
        private final double[][] waveforms;
        private final double[] v;
        private final double[] out;
        private double[] solved;
        private ArrayPower solvedPower;

        State(CrossbarSolver solver, double[][] waveforms) {
            this.solver = solver;
            this.waveforms = waveforms;
            this.v = new double[waveforms.length];
            this.out = new double[solver.circuit().sensedLines()];
        }

        ArrayPower power(double t) {
            int largest = -1;
            for (int d = 0; d < v.length; d++) {
                v[d] = valueAt(waveforms[d], t);
                if (v[d] != 0 && (largest < 0 || Math.abs(v[d]) > Math.abs(v[largest]))) {
                    largest = d;
                }
            }
            if (largest < 0) {
                return ArrayPower.ZERO;
            }
            if (solved != null && solved[largest] != 0) {
                double c = v[largest] / solved[largest];
                boolean proportional = true;
                for (int d = 0; d < v.length && proportional; d++) {
                    proportional = Math.abs(v[d] - c * solved[d]) <= 1e-14 * Math.abs(v[largest]);
                }
                if (proportional) {
                    return solvedPower.times(c * c);
                }
            }
            solver.readInto(v, out);
            solvedPower = solver.power();
            solved = v.clone();
            return solvedPower;
        }

        /** A PWL waveform (time, value pairs) at time t, linear between its points. */
        private static double valueAt(double[] wave, double t) {
            int hi = Math.max(1, Math.min(firstAtOrAfter(wave, t), wave.length / 2 - 1));
            int lo = hi - 1;
            double span = wave[2 * hi] - wave[2 * lo];
            double frac = span > 0 ? Math.max(0, Math.min(1, (t - wave[2 * lo]) / span)) : 1;
            return wave[2 * lo + 1] + frac * (wave[2 * hi + 1] - wave[2 * lo + 1]);
        }
    }

    /** Every driven line's waveform of an integrator read of {@code inputs} (V, [vector][driven line]). */
    static double[][] waveforms(Sense.Integrator integ, double[][] inputs, int drivenLines) {
        double[][] out = new double[drivenLines][];
        for (int d = 0; d < drivenLines; d++) {
            out[d] = CrossbarNetlist.driverWaveform(integ, inputs, d);
        }
        return out;
    }
}
