package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/**
 * A hand-made 6 x 8 pulse pattern over BL = 4 slots with every kind of crosspoint: coincident up and down,
 * half-selected (row and column both pulse, in different slots, or only one of them pulses) and unselected.
 */
final class SelectionPattern {
    private SelectionPattern() {
    }

    static UpdatePulses pulses() {
        long[] rowMasks = {0b0001, 0b0010, 0b0101, 0b1000, 0, 0b0011};
        byte[] rowSign = {1, -1, 1, -1, 0, 1};
        long[] colMasks = {0b0001, 0b0010, 0b0100, 0b1000, 0b0011, 0, 0b1111, 0b0110};
        byte[] colSign = {1, 1, -1, 1, -1, 0, 1, -1};
        return new UpdatePulses(6, 8, 4, rowMasks, colMasks, rowSign, colSign);
    }

    /**
     * Asserts that every crosspoint without a coincidence still has its weight from {@code before} (weight units)
     * and every coincident one moved in its direction; also that the pattern has both kinds and half-selected
     * crosspoints whose row and column both pulse.
     */
    static void assertOnlyCoincidencesMoved(UpdatePulses pulses, DeviceArray array, double[] before) {
        int moved = 0;
        int halfSelectedBothActive = 0;
        for (int i = 0; i < pulses.rows(); i++) {
            for (int j = 0; j < pulses.cols(); j++) {
                int d = i * pulses.cols() + j;
                double change = array.weight(d) - before[d];
                if (pulses.coincidences(i, j) == 0) {
                    assertEquals(0.0, change, 0.0, "crosspoint (" + i + ", " + j + ") without coincidence");
                    if (pulses.rowMasks()[i] != 0 && pulses.colMasks()[j] != 0) {
                        halfSelectedBothActive++;
                    }
                } else {
                    assertNotEquals(0.0, change, "coincident crosspoint (" + i + ", " + j + ")");
                    assertEquals(pulses.direction(i, j), Math.signum(change), "direction of (" + i + ", " + j + ")");
                    moved++;
                }
            }
        }
        assertTrue(moved >= 8 && halfSelectedBothActive >= 8, moved + " moved, " + halfSelectedBothActive
                + " half-selected with both lines active");
    }
}
