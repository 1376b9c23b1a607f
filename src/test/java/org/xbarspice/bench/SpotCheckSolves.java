package org.xbarspice.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.behavioral.UpdateEnergyMeter;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The exact IR-drop update of a fast mode's spot check with the reference solves of {@link SolverOptions#spotCheck()}
 * against the defaults: one update of a rows x cols soft-bounds array (weights spread over +-0.5, 1 ohm wires, ideal
 * drivers; x non-zero with probability 0.2 as MNIST's pixels, d uniform in +-1, lr 0.1, BL 31, update management),
 * applied from the same weights with each, in alternating rounds; prints each round's seconds and PCG iterations and the
 * largest weight difference between the two. Then the energy of every firing slot of that update ({@link
 * UpdateEnergyMeter}) with the solves of {@link SolverOptions#spotCheck()} and of {@link SolverOptions#energyCheck()}:
 * seconds, and the difference of the delivered energy.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.SpotCheckSolves [rows [cols [rounds]]]} (defaults 393, 256, 3).
 */
public final class SpotCheckSolves {
    private SpotCheckSolves() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 393;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = rng.nextDouble() < 0.2 ? rng.nextDouble() : 0;
        }
        double[] d = new double[cols];
        for (int j = 0; j < cols; j++) {
            d[j] = 2 * rng.nextDouble() - 1;
        }
        UpdatePulses pulses = UpdatePulses.draw(x, d, 0.1, 0.001, 31, true, 7);
        PulseShape pulse = new PulseShape(1.2, 1e-8, 1e-9);
        UpdateCircuit circuit = new UpdateCircuit(rows, cols, 1, 0, pulse, 2 * pulse.durationSecond());
        ConductanceRange range = new ConductanceRange(1e-6, 1e-5);
        SolverOptions[] options = {SolverOptions.defaults(), SolverOptions.spotCheck()};
        for (int r = 0; r < rounds; r++) {
            double[][] after = new double[2][];
            for (int o = 0; o < 2; o++) {
                DeviceArray array = array(rows, cols);
                IrDropUpdater updater = new IrDropUpdater(array, circuit, range,
                        new CompactSpec(0.8, 0.8, pulse), options[o], 0);
                updater.setNoise(false);
                long start = System.nanoTime();
                updater.apply(pulses);
                double seconds = (System.nanoTime() - start) * 1e-9;
                after[o] = array.weights().clone();
                System.out.printf(Locale.ROOT, "round %d, tolerance %.0e: %.3f s, %d slots, %d PCG iterations%n", r,
                        options[o].tolerance(), seconds, updater.solverStatistics().vectors(),
                        updater.solverStatistics().pcgIterations());
            }
            double largest = 0;
            for (int k = 0; k < after[0].length; k++) {
                largest = Math.max(largest, Math.abs(after[0][k] - after[1][k]));
            }
            System.out.printf(Locale.ROOT, "round %d: largest weight difference %.2e%n", r, largest);
            ArrayEnergy[] energy = new ArrayEnergy[2];
            SolverOptions[] meterOptions = {SolverOptions.spotCheck(), SolverOptions.energyCheck()};
            for (int o = 0; o < 2; o++) {
                UpdateEnergyMeter meter = new UpdateEnergyMeter(circuit, array(rows, cols), range, meterOptions[o]);
                long start = System.nanoTime();
                meter.begin(pulses);
                energy[o] = meter.end(pulses);
                System.out.printf(Locale.ROOT, "round %d, energy of every firing slot, tolerance %.0e: %.3f s%n", r,
                        meterOptions[o].tolerance(), (System.nanoTime() - start) * 1e-9);
            }
            System.out.printf(Locale.ROOT, "round %d: delivered energy difference %.2e of it%n", r,
                    Math.abs(energy[1].delivered() - energy[0].delivered()) / energy[0].delivered());
        }
    }

    /** The soft-bounds array of every round, its weights spread over +-0.5. */
    private static DeviceArray array(int rows, int cols) {
        DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.1, 0.1, 0)),
                rows, cols, 3);
        SplittableRandom spread = new SplittableRandom(5);
        for (int k = 0; k < array.size(); k++) {
            array.setWeight(k, -0.5 + spread.nextDouble());
        }
        return array;
    }
}
