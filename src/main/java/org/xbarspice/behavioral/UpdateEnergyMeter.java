package org.xbarspice.behavioral;

import java.util.Objects;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The array energy of pulse updates (J), behaviorally: every {@link UpdatePulses#firingSlots() firing slot} of an
 * update (also those in which only rows or only columns pulse: their half-selected devices dissipate), its DC state on
 * the conductances at the start of the update (as the quasi-static updates), its power over the pulse's
 * {@link org.xbarspice.device.PulseShape#energySecond()}.
 *
 * <p>With wires or drivers every firing slot is a programming-network solve ({@link CrossbarSolver#programming}, one
 * factorisation per update). With ideal wires and drivers every device sees its row's minus its column's source
 * voltage, and the whole update has the closed form {@code t (Vp/2)^2 [sum_i n_i S_i + sum_j m_j T_j + 2 sum_ij c_ij
 * G_ij]}: {@code S_i}, {@code T_j} the row and column sums of G, {@code n_i}, {@code m_j} the firing slots of row i and
 * column j, {@code c_ij} the coincidences of device (i, j) (a coincident pair sees Vp, a half-selected device Vp/2).
 * Not thread-safe.
 */
public final class UpdateEnergyMeter {
    private final UpdateCircuit circuit;
    private final boolean ideal;
    private final double[] rowVolt;
    private final double[] colVolt;
    private final double[] deviceVolt;
    private CrossbarSolver solver;

    public UpdateEnergyMeter(UpdateCircuit circuit) {
        this.circuit = Objects.requireNonNull(circuit, "update circuit");
        this.ideal = circuit.wireOhm() == 0 && circuit.driverOhm() == 0;
        this.rowVolt = new double[circuit.rows()];
        this.colVolt = new double[circuit.cols()];
        this.deviceVolt = new double[circuit.rows() * circuit.cols()];
    }

    /** The energy of one update of {@code pulses} on an array of conductances {@code g} (S, row-major) at its start. */
    public ArrayEnergy measure(double[] g, UpdatePulses pulses) {
        return ideal ? closedForm(g, pulses) : solved(g, pulses);
    }

    private ArrayEnergy solved(double[] g, UpdatePulses pulses) {
        if (solver == null) {
            solver = CrossbarSolver.programming(new CrossbarCircuit(circuit.rows(), circuit.cols(), circuit.wireOhm(),
                    circuit.driverOhm(), new Sense.Ideal(), Direction.FORWARD), g, SolverOptions.defaults());
        } else {
            solver.setConductances(g);
        }
        double vp = circuit.pulse().amplitudeVolt();
        double seconds = circuit.pulse().energySecond();
        ArrayEnergy total = ArrayEnergy.ZERO;
        for (UpdatePulses.Phase phase : pulses.phases()) {
            for (int s = 0; s < pulses.bl(); s++) {
                boolean anyRow = IrDropUpdater.drive(pulses.rowMasks(), pulses.rowSign(), phase.rowSign(), s,
                        phase.rowVolt(vp), rowVolt);
                boolean anyCol = IrDropUpdater.drive(pulses.colMasks(), pulses.colSign(), phase.colSign(), s,
                        phase.colVolt(vp), colVolt);
                if (anyRow || anyCol) {
                    solver.deviceVoltages(rowVolt, colVolt, deviceVolt);
                    total = total.plus(solver.power().over(seconds));
                }
            }
        }
        return total;
    }

    private ArrayEnergy closedForm(double[] g, UpdatePulses pulses) {
        int rows = circuit.rows();
        int cols = circuit.cols();
        long[] rowMasks = pulses.rowMasks();
        long[] colMasks = pulses.colMasks();
        int[] rowPhases = new int[3]; // phases run per row sign, indexed by sign + 1
        int[] colPhases = new int[3];
        for (UpdatePulses.Phase p : pulses.phases()) {
            rowPhases[p.rowSign() + 1]++;
            colPhases[p.colSign() + 1]++;
        }
        double sum = 0;
        double[] colSum = new double[cols];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            int rowFires = Long.bitCount(rowMasks[i]) * rowPhases[pulses.rowSign()[i] + 1];
            double rowSum = 0;
            for (int j = 0; j < cols; j++) {
                double conductance = g[base + j];
                rowSum += conductance;
                colSum[j] += conductance;
                long both = rowMasks[i] & colMasks[j];
                if (both != 0) {
                    sum += 2 * conductance * Long.bitCount(both);
                }
            }
            sum += rowFires * rowSum;
        }
        for (int j = 0; j < cols; j++) {
            sum += Long.bitCount(colMasks[j]) * colPhases[pulses.colSign()[j] + 1] * colSum[j];
        }
        double half = circuit.pulse().amplitudeVolt() / 2;
        double joule = sum * half * half * circuit.pulse().energySecond();
        return new ArrayEnergy(joule, 0, 0, 0, joule);
    }
}
