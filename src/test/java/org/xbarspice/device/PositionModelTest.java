package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

/** The calibrated position model carried over to other arrays. */
class PositionModelTest {
    /** c1 = 0.05, c2 = -0.01: a negative quadratic coefficient, as calibrate fits on 16 x 16 at 20 ohm. */
    private static final PositionModel MODEL = new PositionModel(0.05, -0.01, 16, 16, 20, 1, 1);

    /**
     * Both coefficients scale in proportion to the wire resistance (the IR drop is first order in r); before, the
     * quadratic one took the square of r'/r.
     */
    @Test
    void bothCoefficientsFollowTheWireResistanceLinearly() {
        int i = 3;
        int j = 10;
        double u = (j + 1.0) / 16;
        double v = (16.0 - i) / 16;
        double expected = 1 - 2 * 0.05 * (u + v) - 2 * -0.01 * (u * u + v * v);
        assertEquals(expected, MODEL.fraction(i, j, 16, 16, 40), 1e-15);
        assertEquals(PositionModel.fraction(0.05, -0.01, i, j, 16, 16), MODEL.fraction(i, j, 16, 16, 20), 0);
    }

    /**
     * Carried over to a much larger array, the negative quadratic term raised V / Vp above 1 (measured: steps 1.31x the
     * ideal-wire step on average, where the exact IR-drop update gives 0.24x): refused, naming the fix.
     */
    @Test
    void aFractionOutsideZeroToOneIsRefused() {
        // on its own array the model is the fitted polynomial itself: 0.92 at the far corner, 0.99383 at the near one
        double[] near = MODEL.fractions(16, 16, 20);
        double lowest = 1;
        double highest = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(PositionModel.fraction(0.05, -0.01, i, j, 16, 16), near[i * 16 + j], 0);
                lowest = Math.min(lowest, near[i * 16 + j]);
                highest = Math.max(highest, near[i * 16 + j]);
            }
        }
        assertEquals(0.92, lowest, 1e-15);
        assertEquals(1 - 2 * (0.05 / 16 - 0.01 / 256), highest, 1e-15);
        String message = assertThrows(InvalidInputException.class, () -> MODEL.fractions(96, 96, 20)).getMessage();
        assertTrue(message.contains("calibrated on 16 x 16 with 20.0 ohm wires gives V / Vp = ")
                && message.contains("of a 96 x 96 array with 20.0 ohm wires, outside (0, 1]")
                && message.contains("xbarspice calibrate --rows 96 --cols 96 --wire-r 20.0"), message);
        // an array calibrate cannot run is not offered to it (it was: calibrate --rows 301, which calibrate refuses)
        String tooLarge = assertThrows(InvalidInputException.class, () -> MODEL.fractions(301, 10, 20)).getMessage();
        assertTrue(tooLarge.contains("calibrate runs arrays of at most 128 lines a side: use --ir-drop-mode (key "
                + "irDropMode) fast or exact") && !tooLarge.contains("--rows"), tooLarge);
    }
}
