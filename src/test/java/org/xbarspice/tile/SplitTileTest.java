package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.units.InvalidInputException;

class SplitTileTest {
    private static final DeviceModel DEVICE = new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.2, 0, 0.2, 0));

    @Test
    void splitSizesAreAihwkitsNearlyEqualGroups() {
        assertArrayEquals(new int[] {392, 392}, SplitTile.splitSizes(784, 512));
        assertArrayEquals(new int[] {512}, SplitTile.splitSizes(512, 512));
        assertArrayEquals(new int[] {342, 342, 341}, SplitTile.splitSizes(1025, 512));
        assertArrayEquals(new int[] {10}, SplitTile.splitSizes(10, 0));
        assertThrows(InvalidInputException.class, () -> SplitTile.splitSizes(10, -1));
    }

    /** Behavioral parts with exact peripherals, layer 7 x 5 split into input groups 3, 2, 2 and output groups 3, 2. */
    private static SplitTile exactSplit(long seed) {
        TileSpec spec = TileSpec.ideal(DEVICE);
        return new SplitTile(7, 5, 3, 3, (p, q, inputs, outputs, biasRow) -> {
            BehavioralTile part = new BehavioralTile(inputs, outputs, spec, Seeds.derive(seed, p, q));
            if (!biasRow) {
                part.idleBiasRow();
            }
            return part;
        });
    }

    @Test
    void exactReadsOfTheSplitLayerAreTheReadsOfItsWholeMatrix() {
        SplitTile tile = exactSplit(4);
        assertEquals(6, tile.parts().size());
        double[] w = new SplittableRandom(1).doubles(8 * 5, -0.5, 0.5).toArray();
        List<double[]> parts = tile.partWeights(w);
        for (int k = 0; k < parts.size(); k++) {
            ((PulsedTile) tile.parts().get(k)).program(parts.get(k));
        }
        assertArrayEquals(w, tile.readWeights(), 1e-15, "assembled from the parts");
        FloatingPointTile whole = new FloatingPointTile(7, 5, w);
        double[] x = {0.3, -1, 0.5, 0.2, 0.9, -0.7, 0.1};
        double[] y = new double[5];
        double[] expected = new double[5];
        tile.forward(x, y);
        whole.forward(x, expected);
        assertArrayEquals(expected, y, 1e-12, "forward: part outputs summed, bias once");
        double[][] batchY = new double[2][5];
        tile.forwardBatch(new double[][] {x, x}, batchY, 2);
        assertArrayEquals(y, batchY[1], 0, "batch = single reads");
        double[] d = {1, -0.5, 0.25, 0.7, -0.1};
        double[] delta = new double[7];
        double[] expectedDelta = new double[7];
        tile.backward(d, delta);
        whole.backward(d, expectedDelta);
        assertArrayEquals(expectedDelta, delta, 1e-12, "backward: deltas summed over the output groups");
    }

    @Test
    void updatesReachEveryPartButNeverAnIdleBiasRow() {
        SplitTile tile = exactSplit(5);
        double[] before = tile.readWeights();
        double[] x = {1, -1, 1, -1, 1, -1, 1};
        double[] d = {1, -1, 1, -1, 1};
        for (int k = 0; k < 50; k++) {
            tile.update(x, d, 0.01);
        }
        double[] after = tile.readWeights();
        for (int i = 0; i <= x.length; i++) {
            for (int j = 0; j < d.length; j++) {
                double direction = (i < x.length ? x[i] : 1) * d[j];
                int k = i * d.length + j;
                assertTrue((after[k] - before[k]) * direction > 0, "weight (" + i + ", " + j + ") moved along x d");
            }
        }
        for (int k = 0; k < tile.parts().size(); k++) {
            PulsedTile part = (PulsedTile) tile.parts().get(k);
            double[] dw = part.deviceWeights();
            int rows = part.inputs();
            boolean carriesBias = k >= 4;
            double[] biasRow = Arrays.copyOfRange(dw, rows * part.outputs(), dw.length);
            assertEquals(carriesBias, Arrays.stream(biasRow).anyMatch(v -> v != 0), "part " + k + " bias row");
        }
    }

    @Test
    void idleTwoArrayPartsTransferOnlyTheirInputRows() {
        TileSpec spec = TileSpec.ideal(DEVICE);
        SplitTile tile = new SplitTile(4, 2, 2, 0, (p, q, inputs, outputs, biasRow) -> {
            ShdTile part = new ShdTile(inputs, outputs, spec, spec, 0, 0.1, 1, Seeds.derive(7, p));
            if (!biasRow) {
                part.idleBiasRow();
            }
            return part;
        });
        ShdTile idle = (ShdTile) tile.parts().get(0);
        ShdTile carrier = (ShdTile) tile.parts().get(1);
        double[] x = {1, 1, 1, 1};
        double[] d = {1, -1};
        for (int k = 0; k < 2; k++) {
            tile.update(x, d, 0.1);
        }
        assertEquals(0, idle.nextTransferRow(), "idle bias row: rows 0, 1, then 0 again");
        assertEquals(2, carrier.nextTransferRow(), "bias row 2 takes its turn");
        assertThrows(InvalidInputException.class, () -> idle.setTransferState(2, 0, 0), "row 2 of an idle part is no transfer row");
        assertFalse(Arrays.stream(carrier.fastWeights()).allMatch(v -> v == 0), "A moved");
    }
}
