package org.xbarspice.behavioral;

/**
 * Dense reference for the programming network: the crossbar of {@link MnaReference#crossbar} (same nodes,
 * wire chains and devices), but every row periphery node P_i and every column periphery node Q_j is driven by
 * its own voltage source behind the driver resistance (directly when it is 0). Solved by Commons Math dense LU
 * with exact-residual refinement ({@link MnaReference#solve()}).
 */
final class ProgrammingReference {
    private ProgrammingReference() {
    }

    /** V(R(i,j)) - V(C(i,j)) (V, row-major) for conductances g (S), row and column source voltages (V). */
    static double[] deviceVoltages(int rows, int cols, double wireOhm, double driverOhm, double[] g,
                                   double[] rowVolt, double[] colVolt) {
        MnaReference m = new MnaReference();
        int[] rn = new int[rows * cols];
        int[] cn = new int[rows * cols];
        boolean wires = wireOhm > 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                rn[i * cols + j] = (wires || j == 0) ? m.node() : rn[i * cols];
            }
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                cn[i * cols + j] = (wires || i == 0) ? m.node() : cn[j];
            }
        }
        for (int d = 0; d < rows * cols; d++) {
            m.resistor(rn[d], cn[d], 1.0 / g[d]);
        }
        for (int i = 0; i < rows; i++) {
            int periphery = rn[i * cols];
            if (wires) {
                periphery = m.node();
                m.resistor(periphery, rn[i * cols], wireOhm);
                for (int j = 1; j < cols; j++) {
                    m.resistor(rn[i * cols + j - 1], rn[i * cols + j], wireOhm);
                }
            }
            drive(m, periphery, rowVolt[i], driverOhm);
        }
        for (int j = 0; j < cols; j++) {
            int periphery = cn[(rows - 1) * cols + j];
            if (wires) {
                periphery = m.node();
                for (int i = 1; i < rows; i++) {
                    m.resistor(cn[(i - 1) * cols + j], cn[i * cols + j], wireOhm);
                }
                m.resistor(cn[(rows - 1) * cols + j], periphery, wireOhm);
            }
            drive(m, periphery, colVolt[j], driverOhm);
        }
        double[] sol = m.solve();
        double[] dv = new double[rows * cols];
        for (int d = 0; d < rows * cols; d++) {
            dv[d] = sol[rn[d]] - sol[cn[d]];
        }
        return dv;
    }

    private static void drive(MnaReference m, int node, double volt, double driverOhm) {
        if (driverOhm > 0) {
            int source = m.node();
            m.source(source, volt);
            m.resistor(source, node, driverOhm);
        } else {
            m.source(node, volt);
        }
    }
}
