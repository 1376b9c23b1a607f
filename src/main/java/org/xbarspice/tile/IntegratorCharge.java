package org.xbarspice.tile;

import org.apache.commons.math3.analysis.integration.gauss.LegendreRuleFactory;
import org.apache.commons.math3.util.Pair;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.InvalidInputException;

/**
 * The reported current of a behavioral integrator read ({@link Sense.Integrator}) with its drifting virtual ground.
 *
 * <p>The op-amp of gain A0 holds its output at {@code -A0 V(S)}, so the capacitor C between S and the output takes the
 * array's current as a capacitance {@code C_M = C (1 + A0)} from S to ground (Miller): {@code C_M dV/dt = I0(t) - Y V},
 * V the sense nodes' voltages, {@code I0(t)} the currents into sense nodes held at 0 V for the drive voltages at t, Y
 * the array's admittance between the sense nodes with the drivers at 0 V ({@link CrossbarSolver#senseLoadInto}). From
 * the end of the reset (V = 0) to the sample at {@code T} (half an input edge after the inputs end, as in the netlist),
 * {@code V(T) = (1 / C_M) sum_k (-Y / C_M)^k / k! int (T - t)^k I0(t) dt}; the reported current {@code C A0 V(T) /
 * t_read} is, in time normalised by t_read,
 * <pre>
 *   I = sum_k (-M)^k R_k / k!,   M = Y t_read / C_M,   R_k = A0 / (1 + A0) I0(u_k),
 *   u_k = int ((T - t) / t_read)^k v(t) dt / t_read   (each driven line's waveform v, {@link CrossbarNetlist#driverWaveform})
 * </pre>
 * summed by Horner's rule, so term k costs one sense-load solve (and for PWM one read of u_k; with amplitude encoding
 * every line has the same pulse, so u_k is u_0 times a number). {@code u_0} is the input vector itself, so the first
 * term is the DC model's {@code A0 / (1 + A0) I0(V)}; the terms shrink as {@code rho^k / k!}, rho bounding {@code M (T -
 * t_start) / t_read} by the largest conductance of a sensed line: on 32 x 32 of 1-10 uS rho is 3.5e-7 at the default
 * gain 1e6 (two sense-load solves), 3.5e-2 at gain 100 (eight). A rho beyond {@link Sense.Integrator#MAX_DRIFT} is refused: the
 * alternating series would lose its digits.
 */
final class IntegratorCharge {
    /** Terms are added until the next one's bound falls below this fraction of the first. */
    private static final double TERM_TOLERANCE = 1e-17;
    /** Terms at most: {@code 8^50 / 50!} is 5e-20. */
    private static final int MAX_TERMS = 50;
    /**
     * The 26-point Gauss-Legendre rule on [-1, 1] (abscissae, then weights): exact for polynomials up to degree 51 (term
     * 50's) on each linear piece of a waveform. Taken once: the library's rule cache is not thread-safe, and design
     * points read in parallel.
     */
    private static final Pair<double[], double[]> RULE = new LegendreRuleFactory().getRule(26);

    private final CrossbarSolver solver;
    private final Sense.Integrator integ;
    /** t_read / C (1 + A0) (ohm): the sense load's current times this is the drift over a window, in volts per amp. */
    private final double loadScale;
    /** The sample time from the window's start (s). */
    private final double sample;
    /** Terms of the series. */
    private final int terms;
    /** With amplitude encoding, u_k / u_0 = the unit pulse's moment k, by k; null with PWM (each line its own). */
    private final double[] unitMoments;

    /**
     * The series of {@code solver}'s circuit and conductances, for the reads of one batch: its bound rho and term count
     * from the sensed lines' conductances (checked against {@link Sense.Integrator#MAX_DRIFT}), and with amplitude encoding the moments of
     * the pulse every line shares.
     */
    IntegratorCharge(CrossbarSolver solver, Sense.Integrator integ) {
        this.solver = solver;
        this.integ = integ;
        double tRead = integ.readSecond();
        sample = integ.windowSecond() - integ.edgeSecond() / 2;
        loadScale = tRead / (integ.capacitanceFarad() * (1 + integ.openLoopGain()));
        double rho = integ.drift(solver.circuit().largestSensedLineSiemens(solver.conductances()));
        if (rho > Sense.Integrator.MAX_DRIFT) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "the integrator's virtual ground drifts too "
                    + "far for the behavioral model: the largest sensed line's conductance times the window over C (1 + A0) "
                    + "is %.3g, beyond %.0f (gain %.3g, C %.3g F, t_read %.3g s): raise the op-amp gain (--tia-gain) or the "
                    + "capacitance (--int-c), shorten t_read (--t-read), or read with --engine ngspice", rho, Sense.Integrator.MAX_DRIFT,
                    integ.openLoopGain(), integ.capacitanceFarad(), tRead));
        }
        int count = 1;
        double bound = 1;
        while (count < MAX_TERMS && (bound *= rho / count) > TERM_TOLERANCE) {
            count++;
        }
        terms = count;
        if (integ.encoding() == InputEncoding.AMPLITUDE) {
            double[] unitPulse = CrossbarNetlist.driverWaveform(integ, new double[][] {{1}}, 0);
            unitMoments = new double[terms];
            for (int k = 1; k < terms; k++) {
                unitMoments[k] = moment(unitPulse, k);
            }
        } else {
            unitMoments = null;
        }
    }

    /**
     * The reported currents (A, into {@code out}, length sensedLines) of input vector {@code volts} (V, length
     * drivenLines).
     */
    void readInto(double[] volts, double[] out) {
        int sensed = out.length;
        double[] read0 = new double[sensed];
        solver.readInto(volts, read0); // u_0 = volts: every pulse's area is its voltage times t_read
        double[][] waveforms = null; // PWM: each line's own pulse
        if (unitMoments == null && terms > 1) {
            waveforms = new double[volts.length][];
            for (int d = 0; d < volts.length; d++) {
                waveforms[d] = CrossbarNetlist.driverWaveform(integ, new double[][] {volts}, d);
            }
        }
        double[] sum = new double[sensed];
        double[] load = new double[sensed];
        double[] read = new double[sensed];
        double[] u = new double[volts.length];
        double factorial = 1; // (terms - 1)!, then k! down to 0!
        for (int k = 2; k < terms; k++) {
            factorial *= k;
        }
        for (int k = terms - 1; k >= 0; k--) {
            if (k == 0) {
                System.arraycopy(read0, 0, read, 0, sensed);
            } else if (unitMoments != null) {
                for (int s = 0; s < sensed; s++) {
                    read[s] = unitMoments[k] * read0[s];
                }
            } else {
                for (int d = 0; d < volts.length; d++) {
                    u[d] = moment(waveforms[d], k);
                }
                solver.readInto(u, read);
            }
            if (k < terms - 1) {
                solver.senseLoadInto(sum, load); // -Y S_(k+1): the drift of the sense nodes against the array
            }
            for (int s = 0; s < sensed; s++) {
                sum[s] = read[s] / factorial + (k < terms - 1 ? loadScale * load[s] : 0);
            }
            factorial /= Math.max(k, 1);
        }
        System.arraycopy(sum, 0, out, 0, sensed);
    }

    /** {@code int ((T - t) / t_read)^k v(t) dt / t_read} of a piecewise-linear waveform (time, value pairs) up to T. */
    private double moment(double[] wave, int k) {
        double tRead = integ.readSecond();
        double sampleSecond = sample;
        double total = 0;
        for (int p = 0; p + 3 < wave.length; p += 2) {
            double a = wave[p];
            double b = Math.min(wave[p + 2], sampleSecond);
            double va = wave[p + 1];
            double vb = wave[p + 3];
            if (b <= a || (va == 0 && vb == 0)) {
                continue;
            }
            double slope = (vb - va) / (wave[p + 2] - a);
            double half = (b - a) / tRead / 2;
            double middle = (a + b) / tRead / 2;
            double[] x = RULE.getFirst();
            double[] w = RULE.getSecond();
            for (int q = 0; q < x.length; q++) {
                double tau = middle + half * x[q];
                total += half * w[q] * Math.pow(sampleSecond / tRead - tau, k) * (va + slope * (tau * tRead - a));
            }
        }
        return total;
    }
}
