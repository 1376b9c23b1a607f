package org.xbarspice.bench;

import java.util.Locale;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadOptions;
import org.xbarspice.tile.TileSpec;
import org.xbarspice.train.TrainConfig;

/**
 * What SHD's A reads at rest through wires (the validation README's section 1b on MNIST): A of MNIST's first layer
 * (392 inputs, 256 outputs: 393 x 257 devices, the aihwkit configuration's devices and variability) programmed to its
 * symmetry points R and read row by row as a transfer reads it (the one-hot read of row k, less the read of the bias row
 * alone: the read is linear), with the reads' other peripherals ideal, so that only the circuit acts. With ideal wires it
 * reads 0. The tile subtracts R exactly after the circuit read of A ({@code PulsedTile}: the ideal of a reference array),
 * so through wires it reads about {@code (alpha - 1) R}; were R read through a circuit of its own (a reference array
 * with the same wires: a second tile programmed to R, without reference), the offset would be A's read less R's. Prints,
 * per wire resistance, the RMS and largest offset of both models over the devices (weight units, and in the device's
 * nominal steps dw_min), beside the RMS of R.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.ReferenceOffset [ohm ...]} (default 0.5 1 2).
 */
public final class ReferenceOffset {
    private static final int INPUTS = 392;
    private static final int OUTPUTS = 256;

    private ReferenceOffset() {
    }

    public static void main(String[] args) {
        double[] wires = args.length == 0 ? new double[] {0.5, 1, 2} : new double[args.length];
        for (int a = 0; a < args.length; a++) {
            wires[a] = Double.parseDouble(args[a]);
        }
        TrainConfig config = TrainConfig.parse(ShdBenchmark.CONFIG, "ReferenceOffset");
        DevicePreset preset = config.devicePreset();
        double dwMin = config.deviceModel().dwMin();
        for (double ohm : wires) {
            ReadOptions read = new ReadOptions(0, 0, 0, Double.POSITIVE_INFINITY, false, false, ohm);
            TileSpec spec = new TileSpec(config.deviceModel(), preset.conductance(), read, TileSpec.AIHWKIT_BL, true, false,
                    0, preset.spice(), IrDrop.fast(), null);
            BehavioralTile a = new BehavioralTile(INPUTS, OUTPUTS, spec, 1);
            a.referenceAtSymmetryPoints();
            double[] r = a.reference();
            BehavioralTile referenceArray = new BehavioralTile(INPUTS, OUTPUTS, spec, 1);
            referenceArray.setDeviceWeights(r);
            double[][] exact = rowReads(a);
            double[][] circuit = rowReads(referenceArray);
            double sumExact = 0;
            double sumCircuit = 0;
            double sumR = 0;
            double worstExact = 0;
            double worstCircuit = 0;
            for (int k = 0; k < INPUTS; k++) {
                for (int j = 0; j < OUTPUTS; j++) {
                    double rk = r[k * OUTPUTS + j];
                    double offset = exact[k][j]; // A's read, R subtracted exactly
                    double throughCircuit = exact[k][j] + rk - circuit[k][j]; // A's read less R's read
                    sumExact += offset * offset;
                    sumCircuit += throughCircuit * throughCircuit;
                    sumR += rk * rk;
                    worstExact = Math.max(worstExact, Math.abs(offset));
                    worstCircuit = Math.max(worstCircuit, Math.abs(throughCircuit));
                }
            }
            int n = INPUTS * OUTPUTS;
            System.out.printf(Locale.ROOT, "%.1f ohm: A at rest reads, R subtracted exactly: RMS %.3e (%.1f dw_min), largest "
                    + "%.3e; R read through its own wires: RMS %.3e (%.2f dw_min), largest %.3e; RMS of R %.3e%n", ohm,
                    Math.sqrt(sumExact / n), Math.sqrt(sumExact / n) / dwMin, worstExact, Math.sqrt(sumCircuit / n),
                    Math.sqrt(sumCircuit / n) / dwMin, worstCircuit, Math.sqrt(sumR / n));
        }
    }

    /** Row k's read {@code y(e_k) - y(0)} for every input row k (weight units). */
    private static double[][] rowReads(BehavioralTile tile) {
        double[] x = new double[INPUTS];
        double[] bias = new double[OUTPUTS];
        tile.forward(x, bias);
        double[][] out = new double[INPUTS][OUTPUTS];
        for (int k = 0; k < INPUTS; k++) {
            x[k] = 1;
            tile.forward(x, out[k]);
            x[k] = 0;
            for (int j = 0; j < OUTPUTS; j++) {
                out[k][j] -= bias[j];
            }
        }
        return out;
    }
}
