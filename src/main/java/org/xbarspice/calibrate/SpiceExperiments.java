package org.xbarspice.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.DoubleConsumer;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.tile.ArrayUpdate;
import org.xbarspice.tile.ArrayUpdater;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.SpiceUpdater;

/**
 * Runs the SPICE experiments of a calibration on one sampled array ({@link DeviceArray#sample} of the preset's model
 * with the setup's seed; weights start uniform in half the nominal range), all in the quasi-static SPICE mode
 * ({@link SpiceUpdater.Mode#QUASI_STATIC}: one DC solve of the whole array with its wires per active slot, each
 * device moved by its compact model at its solved voltage):
 * <ol>
 *   <li>pulse responses of the devices at the corners and the centre: only the device's row and column pulse,
 *       {@code responsePulses} up then as many down, {@code chunk} pulses per SPICE run, from w = 0, every other
 *       device at its initial weight;</li>
 *   <li>{@code fitUpdates} stochastic updates (x, d uniform in [-1, 1], new ones each update, update management);</li>
 *   <li>{@code heldOutUpdates} stochastic updates held out from the fit, continuing from the state after (2), with
 *       one x, d drawn once (the same gradient applied repeatedly, so that the changes accumulate) and new pulse
 *       trains each update.</li>
 * </ol>
 * Same seed, same data.
 */
public final class SpiceExperiments {
    private SpiceExperiments() {
    }

    /** Runs all experiments of {@code setup} in the quasi-static SPICE mode on {@code engine}. */
    public static CalibrationData run(SpiceEngine engine, CalibrationSetup setup) {
        return run(engine, setup, done -> { });
    }

    /**
     * As {@link #run(SpiceEngine, CalibrationSetup)}, telling {@code progress} the fraction of the experiments' updates
     * done after each (a 64 x 64 calibration at 5 ohm runs 210 s of SPICE).
     */
    public static CalibrationData run(SpiceEngine engine, CalibrationSetup setup, DoubleConsumer progress) {
        DevicePreset preset = setup.preset();
        UpdateCircuit circuit = new UpdateCircuit(setup.rows(), setup.cols(), setup.wireOhm(), 0,
                preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
        return run(ArrayUpdate.updater(ArrayUpdate.Engine.QUASI_STATIC, engine, circuit, preset, IrDrop.exact(), 0), setup,
                progress);
    }

    /**
     * Runs the same experiments through any updater of the setup's array (the fit's tests use a behavioral one with
     * known parameters).
     */
    public static CalibrationData run(ArrayUpdater updater, CalibrationSetup setup) {
        return run(updater, setup, done -> { });
    }

    private static CalibrationData run(ArrayUpdater updater, CalibrationSetup setup, DoubleConsumer progress) {
        // every experiment's updates, so that each update tells progress its share of them
        int updates = setup.positions().size() * responseChunks(setup).length + setup.fitUpdates()
                + setup.heldOutUpdates();
        int[] done = {0};
        return experiments((array, pulses) -> {
            updater.update(array, pulses);
            progress.accept((double) ++done[0] / updates);
        }, setup);
    }

    private static CalibrationData experiments(BiConsumer<DeviceArray, UpdatePulses> updater, CalibrationSetup setup) {
        DeviceModel model = setup.preset().model();
        SplittableRandom random = new SplittableRandom(setup.seed());
        int size = setup.rows() * setup.cols();
        double[] initial = uniform(size, model.wMin() / 2, model.wMax() / 2, random);

        List<CalibrationData.ResponseCurve> curves = new ArrayList<>();
        for (int[] p : setup.positions()) {
            curves.add(response(updater, setup, initial, p[0], p[1]));
        }
        DeviceArray array = array(setup, initial);
        List<CalibrationData.UpdateRecord> fit = new ArrayList<>();
        for (int u = 0; u < setup.fitUpdates(); u++) {
            double[] x = uniform(setup.rows(), -1, 1, random);
            double[] d = uniform(setup.cols(), -1, 1, random);
            fit.add(update(updater, array, x, d, setup, random.nextLong()));
        }
        double[] x = uniform(setup.rows(), -1, 1, random);
        double[] d = uniform(setup.cols(), -1, 1, random);
        List<CalibrationData.UpdateRecord> heldOut = new ArrayList<>();
        for (int u = 0; u < setup.heldOutUpdates(); u++) {
            heldOut.add(update(updater, array, x, d, setup, random.nextLong()));
        }
        return new CalibrationData(setup.rows(), setup.cols(), List.copyOf(curves), List.copyOf(fit), List.copyOf(heldOut),
                array(setup, new double[0]));
    }

    /** The signed pulse counts of a pulse response's chunks ({@link CalibrationData.ResponseCurve#chunkSteps}). */
    private static int[] responseChunks(CalibrationSetup setup) {
        return new CalibrationData.ResponseCurve(0, 0, setup.chunk(), setup.responsePulses(), null).chunkSteps();
    }

    private static CalibrationData.ResponseCurve response(BiConsumer<DeviceArray, UpdatePulses> updater,
                                                          CalibrationSetup setup, double[] initial, int row, int col) {
        DeviceArray array = array(setup, initial);
        int k = row * setup.cols() + col;
        array.setWeight(k, 0);
        int[] chunks = responseChunks(setup);
        double[] weights = new double[chunks.length + 1];
        weights[0] = array.weight(k);
        for (int c = 0; c < chunks.length; c++) {
            updater.accept(array, singleDevice(setup, row, col, chunks[c]));
            weights[c + 1] = array.weight(k);
        }
        return new CalibrationData.ResponseCurve(row, col, setup.chunk(), setup.responsePulses(), weights);
    }

    /** |steps| coincidences on crosspoint (row, col) only, up for steps > 0. */
    private static UpdatePulses singleDevice(CalibrationSetup setup, int row, int col, int steps) {
        int n = Math.abs(steps);
        long mask = UpdatePulses.firstSlots(n);
        long[] rowMasks = new long[setup.rows()];
        long[] colMasks = new long[setup.cols()];
        byte[] rowSign = new byte[setup.rows()];
        byte[] colSign = new byte[setup.cols()];
        rowMasks[row] = mask;
        colMasks[col] = mask;
        rowSign[row] = 1;
        colSign[col] = (byte) (steps > 0 ? 1 : -1);
        return new UpdatePulses(setup.rows(), setup.cols(), n, rowMasks, colMasks, rowSign, colSign);
    }

    private static CalibrationData.UpdateRecord update(BiConsumer<DeviceArray, UpdatePulses> updater, DeviceArray array,
                                                       double[] x, double[] d, CalibrationSetup setup, long seed) {
        UpdatePulses pulses = UpdatePulses.draw(x, d, setup.lr(), setup.preset().model().dwMin(), setup.bl(), true, seed);
        int[] steps = new int[array.size()];
        for (int i = 0; i < setup.rows(); i++) {
            for (int j = 0; j < setup.cols(); j++) {
                steps[i * setup.cols() + j] = pulses.direction(i, j) * pulses.coincidences(i, j);
            }
        }
        double[] start = array.weights().clone();
        updater.accept(array, pulses);
        return new CalibrationData.UpdateRecord(start, array.weights().clone(), steps);
    }

    private static DeviceArray array(CalibrationSetup setup, double[] initial) {
        DeviceArray array = DeviceArray.sample(setup.preset().model(), setup.rows(), setup.cols(), setup.seed());
        for (int k = 0; k < initial.length; k++) {
            array.setWeight(k, initial[k]);
        }
        return array;
    }

    private static double[] uniform(int n, double lo, double hi, SplittableRandom random) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (hi - lo) * random.nextDouble();
        }
        return v;
    }
}
