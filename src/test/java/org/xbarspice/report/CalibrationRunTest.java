package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.Variability;

/** The line {@code calibrate} prints on the law it writes. */
class CalibrationRunTest {
    /** A linear step names the bounds its gammas are over; another law its type, step and bounds alone. */
    @Test
    void theLawLineNamesWhatItsSlopesAreOver() {
        assertEquals("calibrated law: linear-step, dw_min 0.00095776 (array average), bounds [-1.000, 1.000], gammas 1.0030 "
                + "up and 0.99670 down over each device's own bounds", CalibrationRun.lawLine(new LinearStepDevice(0.00095776,
                1, 1, -1, 1, 1.003, 0.9967, Variability.NONE, true)));
        assertEquals("calibrated law: linear-step, dw_min 0.0019347 (array average), bounds [-0.8280, 1.172], gammas 0.12318 "
                + "up and 0.50338 down over the nominal bounds", CalibrationRun.lawLine(new LinearStepDevice(0.0019347, 1, 1,
                -0.828, 1.172, 0.12318, 0.50338, Variability.NONE)));
        assertEquals("calibrated law: constant-step, dw_min 0.0010000 (array average), bounds [-1.000, 1.000]",
                CalibrationRun.lawLine(new ConstantStepDevice(0.001, 1, 1, -1, 1, Variability.NONE)));
    }
}
