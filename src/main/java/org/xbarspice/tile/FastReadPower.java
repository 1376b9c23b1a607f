package org.xbarspice.tile;

import java.util.Arrays;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.netlist.Direction;

/**
 * The power split of fast reads ({@link FastCircuitReader}) in one direction by linear algebra, without a solve per
 * read. The read network (ideal sense, sense nodes at 0 V) is linear in the inputs v (V) of its driven lines, so the
 * power the sources deliver is the quadratic form {@code P = v' Y v} with Y (S) the driving-point admittances of the
 * driven lines (Y[a][b] = current delivered by source a when line b alone is at 1 V), the drivers dissipate
 * {@code Rd |Y v|^2} and the devices {@code v' D v} with {@code D[a][b] = sum_d G_d x_d^a x_d^b} (x^a: the device
 * voltages of the unit drive of line a). Y and the diagonal of D are exact, from one unit solve per driven line at
 * the conductances of the fast reader's last refresh. The off-diagonal of D would need the device voltages of every
 * pair of unit drives; it is taken to first order in the IR drop: a line's devices see about its own voltage times
 * their attenuation, so {@code D[a][b] = Y[a][b] (alpha_a + alpha_b)} with {@code alpha_a = D[a][a] / Y[a][a]}, the
 * mean attenuation of line a's own drive. Wires = delivered - devices - drivers. Between refreshes a conductance change
 * dG adds {@code dG (x_d v_line)^2} to the devices and the delivered power, with x_d the device's voltage per volt of
 * its own line's unit drive (first order, as the transfer matrix is carried). The error of this split is measured by
 * the fast reader's spot checks against the exact solve ({@link IrDropCheck#maxEnergyError()}).
 */
final class FastReadPower {
    private final boolean forward;
    private final int rows;
    private final int cols;
    private final int driven;
    private final double driverOhm;
    private final double[] y;
    private final double[] alpha;
    private final double[] self;
    private final double[] own;
    private final double[] gRef;
    private final long refresh;
    private final double[] work;

    /**
     * Unit solves of {@code solver} (a read solver of the fast reader's circuit set to {@code gRef}, S).
     *
     * @param refresh the fast reader's refresh count these matrices belong to
     */
    FastReadPower(CrossbarSolver solver, double[] gRef, long refresh) {
        this.forward = solver.circuit().direction() == Direction.FORWARD;
        this.rows = solver.circuit().rows();
        this.cols = solver.circuit().cols();
        this.driven = solver.circuit().drivenLines();
        this.driverOhm = solver.circuit().driverOhm();
        this.gRef = gRef.clone();
        this.refresh = refresh;
        this.y = new double[driven * driven];
        this.alpha = new double[driven];
        this.self = new double[driven];
        this.own = new double[rows * cols];
        this.work = new double[driven];
        double sign = forward ? 1 : -1; // a driven column delivers the current flowing from column to row
        double[] unit = new double[driven];
        for (int a = 0; a < driven; a++) {
            unit[a] = 1;
            double[] x = solver.deviceVoltages(unit);
            unit[a] = 0;
            double devices = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int d = i * cols + j;
                    double current = gRef[d] * x[d];
                    devices += current * x[d];
                    int line = forward ? i : j;
                    y[a * driven + line] += sign * current;
                    if (line == a) {
                        own[d] = sign * x[d];
                    }
                }
            }
            self[a] = devices;
        }
        for (int a = 0; a < driven; a++) {
            alpha[a] = y[a * driven + a] > 0 ? self[a] / y[a * driven + a] : 0;
        }
    }

    /** The refresh count of the fast reader these matrices were computed at. */
    long refresh() {
        return refresh;
    }

    /** The power of the read of driven-line voltages v (V) through conductances g (S); the sense absorbs nothing. */
    ArrayPower power(double[] v, double[] g) {
        double[] yv = work;
        Arrays.fill(yv, 0.0);
        for (int b = 0; b < driven; b++) {
            double vb = v[b];
            if (vb == 0) {
                continue;
            }
            int base = b * driven;
            for (int a = 0; a < driven; a++) {
                yv[a] += y[base + a] * vb; // Y is symmetric: row b = column b
            }
        }
        double delivered = 0;
        double drivers = 0;
        double devices = 0;
        for (int a = 0; a < driven; a++) {
            double va = v[a];
            delivered += va * yv[a];
            drivers += yv[a] * yv[a];
            devices += self[a] * va * va + 2 * alpha[a] * va * (yv[a] - y[a * driven + a] * va);
        }
        drivers *= driverOhm;
        double drift = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int d = i * cols + j;
                double dg = g[d] - gRef[d];
                if (dg != 0) {
                    double x = own[d] * v[forward ? i : j];
                    drift += dg * x * x;
                }
            }
        }
        devices += drift;
        delivered += drift;
        return new ArrayPower(devices, delivered - devices - drivers, drivers, 0, delivered);
    }
}
