package org.xbarspice.bench;

import java.util.Locale;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.tile.BehavioralTile;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadOptions;
import org.xbarspice.tile.TileSpec;
import org.xbarspice.train.TrainConfig;

/**
 * What SHD's A reads at rest through wires, with its symmetry points R subtracted exactly after A's read (the tile
 * before 2026-12-06) and with R's own array read through the same wires (the tile now, {@code PulsedTile}): A of MNIST's
 * first layer (392 inputs, 256 outputs: 393 x 257 devices, the aihwkit configuration's devices and variability)
 * programmed to R and read row by row as a transfer reads it (the one-hot read of row k, less the read of the bias row
 * alone: the read is linear), the reads' other peripherals ideal, so that only the circuit acts. The first is the read
 * of an array programmed to R without a reference, less R: about {@code (alpha_kj - alpha_kM) G_ref} in weight units
 * (the reference column at the row's far end sees less of the read's voltage than the devices near the driver); the
 * second is the tile's own read. Prints, per wire resistance, the RMS and largest of both over the devices (weight
 * units, and in the device's nominal steps dw_min), beside the RMS of R.
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
            double[][] tile = rowReads(a);
            double[][] referenceRead = rowReads(referenceArray);
            double sumExact = 0;
            double sumTile = 0;
            double sumR = 0;
            double worstExact = 0;
            double worstTile = 0;
            for (int k = 0; k < INPUTS; k++) {
                for (int j = 0; j < OUTPUTS; j++) {
                    double rk = r[k * OUTPUTS + j];
                    double exact = referenceRead[k][j] - rk; // A's read (= R's array's) less R subtracted exactly
                    double own = tile[k][j];
                    sumExact += exact * exact;
                    sumTile += own * own;
                    sumR += rk * rk;
                    worstExact = Math.max(worstExact, Math.abs(exact));
                    worstTile = Math.max(worstTile, Math.abs(own));
                }
            }
            int n = INPUTS * OUTPUTS;
            System.out.printf(Locale.ROOT, "%.1f ohm: A at rest reads, R subtracted exactly: RMS %.3e (%.1f dw_min), largest "
                    + "%.3e; R's array read through the same wires: RMS %.3e (%.2f dw_min), largest %.3e; RMS of R %.3e%n",
                    ohm, Math.sqrt(sumExact / n), Math.sqrt(sumExact / n) / dwMin, worstExact, Math.sqrt(sumTile / n),
                    Math.sqrt(sumTile / n) / dwMin, worstTile, Math.sqrt(sumR / n));
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
