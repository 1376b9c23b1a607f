package org.xbarspice.calibrate;

import java.util.List;
import org.xbarspice.device.DeviceArray;

/**
 * The measurements a calibration fits: single-device pulse responses and stochastic updates of the whole array.
 *
 * @param rows    N of the array
 * @param cols    M of the array
 * @param curves  pulse responses, one per position
 * @param fit     stochastic updates the fit uses, in order
 * @param heldOut stochastic updates held out from the fit, in order, continuing from the last fit update
 * @param devices the array's devices as sampled from the preset (their own dw_min, up and down scales and bounds; its
 *                weights are none of the experiments'): what of them the preset fixes, the fit takes as known
 */
public record CalibrationData(int rows, int cols, List<ResponseCurve> curves, List<UpdateRecord> fit, List<UpdateRecord> heldOut,
                              DeviceArray devices) {

    /**
     * One device's pulse response: {@code upPulses} up pulses then as many down pulses, only its row and column
     * pulsing, recorded every {@code chunk} pulses.
     *
     * @param row      row index i
     * @param col      column index j
     * @param chunk    pulses between two recorded weights (the last chunk of each direction may be shorter)
     * @param upPulses pulses in each direction
     * @param weights  weight before the first pulse and after each chunk (weight units)
     */
    public record ResponseCurve(int row, int col, int chunk, int upPulses, double[] weights) {
        /** Signed pulse counts between consecutive recorded weights (+n up, -n down). */
        public int[] chunkSteps() {
            int perDirection = (upPulses + chunk - 1) / chunk;
            int[] out = new int[2 * perDirection];
            for (int c = 0; c < perDirection; c++) {
                int n = Math.min(chunk, upPulses - c * chunk);
                out[c] = n;
                out[perDirection + c] = -n;
            }
            return out;
        }
    }

    /**
     * One stochastic update of the whole array.
     *
     * @param start weights before it, row-major (weight units)
     * @param end   weights after it (weight units)
     * @param steps signed coincidences of every crosspoint: +n for n up pulses, -n for n down pulses
     */
    public record UpdateRecord(double[] start, double[] end, int[] steps) {
    }
}
