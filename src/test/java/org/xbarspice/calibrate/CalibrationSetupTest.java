package org.xbarspice.calibrate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.units.InvalidInputException;

class CalibrationSetupTest {

    /**
     * A 2 x 2 array has its centre at a corner and its positions' (u + v, u^2 + v^2) on one line, so the position model
     * is not determined: {@code calibrate --rows 2 --cols 2 --wire-r 20} ran SPICE and then failed with "converged to an
     * unphysical value ... lower the wire resistance" (at 1 ohm: "too few devices"). It is refused before any work.
     */
    @Test
    void twoByTwoArrayIsRefusedBeforeAnyWork() {
        var preset = DevicePresets.load("onen-softbounds");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CalibrationSetup.defaults(preset, 2, 2, 20.0));
        assertTrue(e.getMessage().contains("2 x 2") && e.getMessage().contains("--rows 3"), e.getMessage());
        assertDoesNotThrow(() -> CalibrationSetup.defaults(preset, 2, 3, 20.0));
        assertDoesNotThrow(() -> CalibrationSetup.defaults(preset, 3, 2, 20.0));
    }
}
