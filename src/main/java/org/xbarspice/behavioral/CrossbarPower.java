package org.xbarspice.behavioral;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * The power split ({@link ArrayPower}) of one DC state of the crossbar of {@link CrossbarCircuit} (PHYSICS.md
 * section 5) from its node voltages, whichever engine solved them: the behavioral solver or ngspice. One formula for
 * both, so the engines are compared on their node voltages only.
 *
 * <p>Every line is a chain (one node without wires) fed at one end: rows at their driver end P, columns at their
 * sense end Q; the far ends are open, so the current in each wire segment is the sum of the device currents beyond it
 * (KCL), and its power is that current squared times r: computed from device currents, not from the small voltage
 * drops along a wire, it keeps the full precision of the node voltages.
 * A driven line's end element is its source V behind the driver resistance Rd and the end wire segment r: it
 * dissipates I^2 Rd in the driver and I^2 r in the wire, and the source delivers V I. A sensed line's end element is
 * its wire segment r to the sense node S at {@code V_S = V_end + I r}. A TIA's feedback resistor R_f carries the
 * line's current (its op-amp's input takes none) and dissipates {@code I^2 R_f}, the sense part: its op-amp's output
 * delivers that less what the input S absorbs from the line, {@code -I V_S} (I into the line), and is counted among the
 * sources. An ideal or integrator sense holds S at 0 V: no part here.
 */
public final class CrossbarPower {
    private CrossbarPower() {
    }

    /**
     * The power of one state.
     *
     * @param circuit    the circuit (size, wires, drivers, direction)
     * @param bothDriven true for the programming network of an update (rows and columns driven, no sense)
     * @param g          device conductances (S), row-major rows x cols
     * @param rowSource  the source voltage of every row (V) where rows are driven (forward or both driven), else unused
     * @param colSource  the source voltage of every column (V) where columns are driven (backward or both driven), else
     *                   unused
     * @param vR         voltage of the row-side node of every crosspoint (V), row-major
     * @param vC         voltage of the column-side node of every crosspoint (V), row-major
     */
    public static ArrayPower of(CrossbarCircuit circuit, boolean bothDriven, double[] g, double[] rowSource,
                                double[] colSource, double[] vR, double[] vC) {
        int rows = circuit.rows();
        int cols = circuit.cols();
        double r = circuit.wireOhm();
        double rd = circuit.driverOhm();
        boolean rowsDriven = bothDriven || circuit.direction() == Direction.FORWARD;
        boolean colsDriven = bothDriven || circuit.direction() == Direction.BACKWARD;
        // other senses hold their node at 0 V: they absorb nothing
        double feedbackOhm = circuit.sense() instanceof Sense.Tia tiaSense ? tiaSense.feedbackOhm() : 0;
        boolean tia = feedbackOhm > 0;
        double devices = 0;
        double wires = 0;
        double drivers = 0;
        double sense = 0;
        double delivered = 0;
        double[] colCurrent = new double[cols]; // into each column from its far end down to the row done
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            double rowCurrent = 0; // through the row's segment left of column j, for j going down
            double rowWires = 0;
            for (int j = cols - 1; j >= 0; j--) {
                int d = base + j;
                double v = vR[d] - vC[d];
                double current = g[d] * v;
                devices += current * v;
                rowCurrent += current;
                rowWires += rowCurrent * rowCurrent;
                colCurrent[j] -= current;
            }
            double columnWires = 0;
            for (int j = 0; j < cols; j++) {
                columnWires += colCurrent[j] * colCurrent[j];
            }
            wires += (rowWires + columnWires) * r;
            if (rowsDriven) {
                drivers += rowCurrent * rowCurrent * rd;
                delivered += rowSource[i] * rowCurrent;
            } else if (tia) {
                double feedback = rowCurrent * rowCurrent * feedbackOhm;
                sense += feedback;
                delivered += feedback + rowCurrent * (vR[base] + rowCurrent * r); // the op-amp's output
            }
        }
        int last = (rows - 1) * cols;
        for (int j = 0; j < cols; j++) {
            double current = colCurrent[j];
            if (colsDriven) {
                drivers += current * current * rd;
                delivered += colSource[j] * current;
            } else if (tia) {
                double feedback = current * current * feedbackOhm;
                sense += feedback;
                delivered += feedback + current * (vC[last + j] + current * r); // the op-amp's output
            }
        }
        return new ArrayPower(devices, wires, drivers, sense, delivered);
    }
}
