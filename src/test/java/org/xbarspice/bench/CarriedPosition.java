package org.xbarspice.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.tile.BehavioralUpdater;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;

/**
 * How far a calibrated preset's position model carries over ({@link org.xbarspice.device.PositionModel}): on each
 * array asked, six random updates (x and d uniform in [-1, 1], lr 0.05, BL 31, start weights uniform in half the
 * device range) in the calibrated IR-drop mode, each spot-checked against the exact IR-drop update of the same pulses;
 * prints the mean and worst step error of the checked devices (the figures of the calibrated-mode paragraph of
 * docs/IR-DROP-TRAINING.md).
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.CarriedPosition PRESET.json ROWSxCOLS@OHM...} (a preset written by {@code xbarspice calibrate};
 * for example {@code 16x16@20 32x32@20 64x8@20 64x64@5}).
 */
public final class CarriedPosition {
    private CarriedPosition() {
    }

    public static void main(String[] args) {
        DevicePreset preset = DevicePresets.load(Path.of(args[0]).toString());
        for (int a = 1; a < args.length; a++) {
            String[] size = args[a].split("[x@]");
            int rows = Integer.parseInt(size[0]);
            int cols = Integer.parseInt(size[1]);
            double ohm = Double.parseDouble(size[2]);
            UpdateCircuit circuit = new UpdateCircuit(rows, cols, ohm, 0, preset.spice().pulse(),
                    2 * preset.spice().pulse().durationSecond());
            BehavioralUpdater updater = new BehavioralUpdater(circuit, preset.conductance(), preset.spice(),
                    new IrDrop(IrDrop.Mode.CALIBRATED, IrDrop.DEFAULT_REFRESH_DRIFT, 1), preset.position(), 1);
            SplittableRandom random = new SplittableRandom(7);
            DeviceArray array = DeviceArray.sample(preset.model(), rows, cols, 3);
            for (int d = 0; d < rows * cols; d++) {
                array.setWeight(d, preset.model().wMin() / 2 + random.nextDouble() * (preset.model().wMax()
                        - preset.model().wMin()) / 2);
            }
            for (int k = 0; k < 6; k++) {
                double[] x = random.doubles(rows, -1, 1).toArray();
                double[] dd = random.doubles(cols, -1, 1).toArray();
                updater.update(array, UpdatePulses.draw(x, dd, 0.05, preset.model().dwMin(), 31, true, random.nextLong()));
            }
            IrDropCheck checks = updater.checks();
            System.out.printf(Locale.ROOT, "%s: %d updates checked, step error mean %.3g %%, worst %.3g %%%n", args[a],
                    checks.updates(), 100 * checks.meanStepError(), 100 * checks.maxStepError());
        }
    }
}
