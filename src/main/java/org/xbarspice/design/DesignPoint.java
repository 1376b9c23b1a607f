package org.xbarspice.design;

import org.xbarspice.device.ConductanceRange;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * One array design of a study: every input of its figures (the study's {@link DesignSettings} hold the rest).
 *
 * @param index       position in the study, grid order
 * @param rows        N, 1..512
 * @param cols        M, 1..512
 * @param wireOhm     resistance of one wire segment (ohm), 0 = ideal wires
 * @param driverOhm   output resistance of every driver (ohm), reads and updates, 0 = ideal
 * @param device      device preset id or preset file, as given
 * @param conductance the conductance range the array is drawn in (S)
 * @param sense       ideal, tia or integrator, with their defaults ({@link Sense#withDefaults})
 * @param readVolt    largest read input (V)
 * @param pulseVolt   update pulse amplitude Vp across a selected device (V)
 */
public record DesignPoint(int index, int rows, int cols, double wireOhm, double driverOhm, String device,
                          ConductanceRange conductance, String sense, double readVolt, double pulseVolt) {

    /** The read circuit in {@code direction}. */
    public CrossbarCircuit readCircuit(Direction direction) {
        return new CrossbarCircuit(rows, cols, wireOhm, driverOhm, Sense.withDefaults(sense, readVolt, DesignAxis.SENSE.flag()),
                direction);
    }

    /** The size as on the command line: {@code NxM}. */
    public String size() {
        return rows + "x" + cols;
    }

    /** The full-scale current of a line sensed in {@code direction} (A): driven lines x gMax x readVolt. */
    public double fullScaleAmpere(Direction direction) {
        return direction.drivenLines(rows, cols) * conductance.gMaxSiemens() * readVolt;
    }
}
