package org.xbarspice.behavioral;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * Independent dense reference: modified nodal analysis (MNA) of the full crossbar read circuit, with
 * every periphery node, every voltage source (a branch-current unknown) and the TIA op-amp as a voltage
 * controlled voltage source, exactly as a SPICE netlist would state it. Solved by Commons Math dense LU
 * followed by iterative refinement with residuals computed exactly (BigDecimal), so the reference is
 * accurate to about the last bit of each unknown.
 */
final class MnaReference {
    private final List<double[]> resistors = new ArrayList<>(); // {a, b, conductance}
    private final List<double[]> sources = new ArrayList<>(); // {node, volt} to ground
    private final List<double[]> vcvs = new ArrayList<>(); // {out, ctrl, gain}: V(out) = gain V(ctrl)
    private int nodes = 1; // node 0 = ground

    int node() {
        return nodes++;
    }

    void resistor(int a, int b, double ohm) {
        resistors.add(new double[] {a, b, 1.0 / ohm});
    }

    /** Voltage source from node (+) to ground; returns its branch index (current flowing into + from the circuit). */
    int source(int node, double volt) {
        sources.add(new double[] {node, volt});
        return sources.size() - 1;
    }

    int vcvs(int out, int ctrl, double gain) {
        vcvs.add(new double[] {out, ctrl, gain});
        return vcvs.size() - 1;
    }

    /** Solution: node voltages [0..nodes) (index 0 = ground = 0) then source currents then VCVS currents. */
    double[] solve() {
        return solve(true);
    }

    /** As {@link #solve()}; without {@code refine} just the dense LU solution. */
    double[] solve(boolean refine) {
        int nv = nodes - 1;
        int size = nv + sources.size() + vcvs.size();
        double[][] a = new double[size][size];
        double[] b = new double[size];
        for (double[] r : resistors) {
            int p = (int) r[0] - 1;
            int m = (int) r[1] - 1;
            double gg = r[2];
            if (p >= 0) {
                a[p][p] += gg;
            }
            if (m >= 0) {
                a[m][m] += gg;
            }
            if (p >= 0 && m >= 0) {
                a[p][m] -= gg;
                a[m][p] -= gg;
            }
        }
        for (int s = 0; s < sources.size(); s++) {
            int p = (int) sources.get(s)[0] - 1;
            int row = nv + s;
            // branch current I_s flows from the circuit into the + terminal, through the source to ground
            a[p][row] += 1; // leaves node p
            a[row][p] += 1;
            b[row] = sources.get(s)[1];
        }
        for (int e = 0; e < vcvs.size(); e++) {
            int out = (int) vcvs.get(e)[0] - 1;
            int ctrl = (int) vcvs.get(e)[1] - 1;
            int row = nv + sources.size() + e;
            a[out][row] += 1;
            a[row][out] += 1;
            a[row][ctrl] -= vcvs.get(e)[2];
        }
        RealMatrix m = new Array2DRowRealMatrix(a, false);
        DecompositionSolver lu = new LUDecomposition(m, 1e-300).getSolver();
        double[] x = lu.solve(new ArrayRealVector(b, false)).toArray();
        MathContext mc = MathContext.DECIMAL128;
        for (int pass = 0; refine && pass < 4; pass++) {
            double[] r = new double[size];
            for (int i = 0; i < size; i++) {
                BigDecimal s = new BigDecimal(b[i]);
                for (int j = 0; j < size; j++) {
                    if (a[i][j] != 0) {
                        s = s.subtract(new BigDecimal(a[i][j]).multiply(new BigDecimal(x[j]), mc), mc);
                    }
                }
                r[i] = s.doubleValue();
            }
            double[] d = lu.solve(new ArrayRealVector(r, false)).toArray();
            boolean moved = false;
            for (int i = 0; i < size; i++) {
                double before = x[i];
                x[i] += d[i];
                moved |= x[i] != before;
            }
            if (!moved) {
                break;
            }
        }
        double[] full = new double[nodes + sources.size() + vcvs.size()];
        System.arraycopy(x, 0, full, 1, nv);
        System.arraycopy(x, nv, full, nodes, sources.size() + vcvs.size());
        return full;
    }

    double sourceCurrent(double[] solution, int source) {
        return solution[nodes + source];
    }

    /** Result of a crossbar read by MNA. */
    record Read(double[] currents, double[] deviceVoltages) {
    }

    /**
     * The crossbar read of {@code c} for one input. {@code tiaState} (nullable) fixes each TIA output:
     * 0 linear (VCVS of gain -A0), +1 / -1 a source at +Vlim / -Vlim (no clipping otherwise).
     */
    static Read crossbar(CrossbarCircuit c, double[] g, double[] input, int[] tiaState) {
        return crossbar(c, g, input, tiaState, true);
    }

    /** As {@link #crossbar(CrossbarCircuit, double[], double[], int[])}, refined or plain dense LU. */
    static Read crossbar(CrossbarCircuit c, double[] g, double[] input, int[] tiaState, boolean refine) {
        return network(c, g, input, new double[c.sensedLines()], tiaState, refine, true);
    }

    /**
     * The currents from the array into the sense nodes of {@code c} (no TIA) held at {@code senseVolt}, every driven source
     * at 0 V ({@link CrossbarSolver#senseLoadInto}), unscaled.
     */
    static double[] senseLoad(CrossbarCircuit c, double[] g, double[] senseVolt) {
        return network(c, g, new double[c.drivenLines()], senseVolt, null, true, false).currents();
    }

    /**
     * The network of {@code c}: driven sources at {@code input}, sense sources (no TIA) at {@code senseVolt}; an integrator's
     * currents scaled by A0 / (1 + A0) if {@code scaled}.
     */
    private static Read network(CrossbarCircuit c, double[] g, double[] input, double[] senseVolt, int[] tiaState,
                                boolean refine, boolean scaled) {
        MnaReference m = new MnaReference();
        int nr = c.rows();
        int nc = c.cols();
        double r = c.wireOhm();
        int[] rn = new int[nr * nc];
        int[] cn = new int[nr * nc];
        int[] periRow = new int[nr];
        int[] periCol = new int[nc];
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                rn[i * nc + j] = (r > 0 || j == 0) ? m.node() : rn[i * nc];
            }
        }
        for (int j = 0; j < nc; j++) {
            for (int i = 0; i < nr; i++) {
                cn[i * nc + j] = (r > 0 || i == 0) ? m.node() : cn[j];
            }
        }
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                m.resistor(rn[i * nc + j], cn[i * nc + j], 1.0 / g[i * nc + j]);
            }
        }
        for (int i = 0; i < nr; i++) {
            if (r > 0) {
                periRow[i] = m.node();
                m.resistor(periRow[i], rn[i * nc], r);
                for (int j = 1; j < nc; j++) {
                    m.resistor(rn[i * nc + j - 1], rn[i * nc + j], r);
                }
            } else {
                periRow[i] = rn[i * nc];
            }
        }
        for (int j = 0; j < nc; j++) {
            if (r > 0) {
                periCol[j] = m.node();
                for (int i = 1; i < nr; i++) {
                    m.resistor(cn[(i - 1) * nc + j], cn[i * nc + j], r);
                }
                m.resistor(cn[(nr - 1) * nc + j], periCol[j], r);
            } else {
                periCol[j] = cn[(nr - 1) * nc + j];
            }
        }
        boolean fwd = c.direction() == Direction.FORWARD;
        int[] driven = fwd ? periRow : periCol;
        int[] sensed = fwd ? periCol : periRow;
        for (int k = 0; k < driven.length; k++) {
            if (c.driverOhm() > 0) {
                int src = m.node();
                m.source(src, input[k]);
                m.resistor(src, driven[k], c.driverOhm());
            } else {
                m.source(driven[k], input[k]);
            }
        }
        int[] senseSource = new int[sensed.length];
        int[] outNode = new int[sensed.length];
        Sense s = c.sense();
        for (int k = 0; k < sensed.length; k++) {
            if (s instanceof Sense.Tia t) {
                outNode[k] = m.node();
                m.resistor(outNode[k], sensed[k], t.feedbackOhm());
                int st = tiaState == null ? 0 : tiaState[k];
                if (st == 0) {
                    m.vcvs(outNode[k], sensed[k], -t.openLoopGain());
                } else {
                    m.source(outNode[k], st * t.outputLimitVolt());
                }
            } else {
                senseSource[k] = m.source(sensed[k], senseVolt[k]);
            }
        }
        double[] sol = m.solve(refine);
        double[] cur = new double[sensed.length];
        for (int k = 0; k < sensed.length; k++) {
            if (s instanceof Sense.Tia t) {
                cur[k] = -sol[outNode[k]] / t.feedbackOhm();
            } else {
                double i = m.sourceCurrent(sol, senseSource[k]);
                if (s instanceof Sense.Integrator in && scaled) {
                    i *= in.openLoopGain() / (1 + in.openLoopGain());
                }
                cur[k] = i;
            }
        }
        double[] dv = new double[nr * nc];
        for (int d = 0; d < nr * nc; d++) {
            dv[d] = sol[rn[d]] - sol[cn[d]];
        }
        return new Read(cur, dv);
    }

    /** Unclipped op-amp drive -A0 V(S) of each TIA in a solution of {@link #crossbar} (for the brute force). */
    static double[] tiaDrive(CrossbarCircuit c, double[] g, double[] input, int[] tiaState) {
        // re-solve and recover V(S) = V_o + I_in Rf from the reported current: V_o = -I Rf
        Sense.Tia t = (Sense.Tia) c.sense();
        Read rd = crossbar(c, g, input, tiaState, false);
        double[] drive = new double[rd.currents().length];
        double[] iin = inputCurrents(c, g, rd.deviceVoltages());
        for (int k = 0; k < drive.length; k++) {
            double vo = -rd.currents()[k] * t.feedbackOhm();
            double vs = vo + iin[k] * t.feedbackOhm();
            drive[k] = -t.openLoopGain() * vs;
        }
        return drive;
    }

    /** Current into each sensed line from its devices. */
    static double[] inputCurrents(CrossbarCircuit c, double[] g, double[] dv) {
        int nr = c.rows();
        int nc = c.cols();
        boolean fwd = c.direction() == Direction.FORWARD;
        double[] iin = new double[fwd ? nc : nr];
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                double cur = g[i * nc + j] * dv[i * nc + j];
                if (fwd) {
                    iin[j] += cur;
                } else {
                    iin[i] -= cur;
                }
            }
        }
        return iin;
    }
}
