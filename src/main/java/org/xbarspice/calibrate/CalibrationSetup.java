package org.xbarspice.calibrate;

import java.util.ArrayList;
import java.util.List;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.LinearLaw;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * What a calibration simulates: the array, its wires and the experiments run on it.
 *
 * @param preset          the nominal device (sampled per crosspoint with its device-to-device variability)
 * @param rows            N, 2..128
 * @param cols            M, 2..128
 * @param wireOhm         resistance of one wire segment (ohm), >= 0; the drivers are ideal: the position model has no
 *                        term for their drop, which the fit would fold into the device's steps for every engine that
 *                        solves the drivers to take again (0.93x the steps at 200 ohm on 16 x 16)
 * @param bl              pulse slots per stochastic update, 1..64
 * @param lr              learning rate of the stochastic updates (weight units), > 0
 * @param fitUpdates      stochastic updates used by the fit, 1..1000
 * @param heldOutUpdates  stochastic updates held out from the fit (one fixed x, d), 1..1000
 * @param responsePulses  pulses in each direction of the single-device pulse responses, 1..100000
 * @param chunk           pulses per SPICE run in the pulse responses (the device voltage is solved once per run), 1..64
 * @param seed            seed of the device sample, the initial weights, x, d and the pulse trains
 * @param maxIterations   iteration limit of the Levenberg-Marquardt fit, 1..100000
 */
public record CalibrationSetup(DevicePreset preset, int rows, int cols, double wireOhm, int bl, double lr,
                               int fitUpdates, int heldOutUpdates, int responsePulses, int chunk, long seed,
                               int maxIterations) {
    /** Largest array calibrated. */
    public static final int MAX_LINES = PositionModel.MAX_CALIBRATED_LINES;

    public CalibrationSetup {
        if (preset == null) {
            throw new InvalidInputException("device preset is missing: give a preset id or file");
        }
        requireLinearLaw(preset.model());
        if (preset.position() != null) { // its steps are array averages, which calibration would take as full-pulse steps
            throw new InvalidInputException("device preset " + preset.id() + " was written by calibrate (it has a position "
                    + "model, and its steps are its calibration array's averages): calibrate the nominal preset it came "
                    + "from instead");
        }
        // each named as calibrate's flag that sets it
        Checks.inRange("rows (--rows)", rows, 2, MAX_LINES);
        Checks.inRange("cols (--cols)", cols, 2, MAX_LINES);
        if (rows == 2 && cols == 2) { // centre = a corner, and (u + v, u^2 + v^2) on one line: c1, c2 undetermined
            throw new InvalidInputException("a 2 x 2 array (--rows 2 --cols 2) cannot be calibrated: its centre is a "
                    + "corner and its crosspoints do not separate the position model's two terms (the fit ends "
                    + "unphysical); use at least 3 lines on one side, e.g. --rows 3 --cols 3");
        }
        Checks.nonNegative("wire resistance (--wire-r)", wireOhm, "ohm");
        CrossbarCircuit.checkResistances(wireOhm, 0); // before any work (1e7 ohm was refused after "calibrating ...")
        Checks.inRange("BL (--bl, pulse slots)", bl, 1, UpdatePulses.MAX_BL);
        Checks.positive("learning rate (--lr)", lr, "(weight units)");
        Checks.inRange("fit updates (--fit-updates)", fitUpdates, 1, 1000);
        Checks.inRange("held-out updates (--held-out-updates)", heldOutUpdates, 1, 1000);
        Checks.inRange("response pulses (--pulses)", responsePulses, 1, 100_000);
        Checks.inRange("response chunk (--chunk, pulses per SPICE run)", chunk, 1, 64);
        Checks.inRange("fit iterations (--max-iterations)", maxIterations, 1, 100_000);
    }

    /**
     * Calibration fits the linear step law dw = du (1 - su w) and its position model: a shaped law (exp-step, pow-step,
     * piecewise-step) cannot be fitted so and is refused, naming the law and the fix.
     */
    static void requireLinearLaw(DeviceModel model) {
        if (!(model instanceof LinearLaw)) {
            throw new InvalidInputException("device law " + model.type() + " cannot be calibrated: calibration fits the linear "
                    + "step law dw_up = du (1 - su w), dw_down = dd (1 + sd w) and its position model; calibrate a "
                    + SoftBoundsDevice.TYPE + ", " + LinearStepDevice.TYPE + " or " + ConstantStepDevice.TYPE + " preset, or "
                    + "train the " + model.type() + " device with --ir-drop-mode exact or fast instead of calibrated");
        }
    }

    /** The defaults of {@code xbarspice calibrate} for a rows x cols array with {@code wireOhm} wires. */
    public static CalibrationSetup defaults(DevicePreset preset, int rows, int cols, double wireOhm) {
        return new CalibrationSetup(preset, rows, cols, wireOhm, 31, 0.05, 24, 12, 400, 40, 1, 200);
    }

    /** Whether the preset's devices differ from one another (a device-to-device spread of dw_min, up/down ratio or bounds). */
    public boolean hasDeviceSpread() {
        Variability v = preset.model().variability();
        return v.dwMinDtod() > 0 || v.upDownDtod() > 0 || v.boundsDtod() > 0;
    }

    /**
     * The same calibration on the preset's nominal devices (no device-to-device spread; SPICE devices have no
     * cycle-to-cycle noise): what varies over their array is the IR drop alone, which the position model describes.
     */
    public CalibrationSetup withoutDeviceSpread() {
        Variability v = preset.model().variability();
        DevicePreset nominal = new DevicePreset(preset.id(), preset.description(), preset.source(),
                preset.model().withVariability(new Variability(0, 0, 0, v.dwMinStd())), preset.conductance(),
                preset.mapping(), preset.spice(), preset.position());
        return new CalibrationSetup(nominal, rows, cols, wireOhm, bl, lr, fitUpdates, heldOutUpdates, responsePulses, chunk,
                seed, maxIterations);
    }

    /** The pulse-response positions: the four corners and the centre, {row, col}, without repeats. */
    public List<int[]> positions() {
        int[][] all = {{0, 0}, {0, cols - 1}, {rows - 1, 0}, {rows - 1, cols - 1}, {rows / 2, cols / 2}};
        List<int[]> out = new ArrayList<>();
        for (int[] p : all) {
            boolean seen = false;
            for (int[] q : out) {
                seen |= q[0] == p[0] && q[1] == p[1];
            }
            if (!seen) {
                out.add(p);
            }
        }
        return out;
    }
}
