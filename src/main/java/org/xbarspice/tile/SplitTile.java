package org.xbarspice.tile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.xbarspice.units.InvalidInputException;

/**
 * One layer mapped onto a grid of physical arrays, for a layer with more inputs or outputs than one array takes (as
 * aihwkit 0.8's {@code TileModuleArray} with its {@code MappingParameter.max_input_size} and {@code max_output_size},
 * both 512 by default). The N inputs are cut into {@code ceil(N / maxInputs)} contiguous groups of nearly equal size
 * ({@link #splitSizes}), the M outputs likewise; part {@code (p, q)} holds the weights of input group p and output
 * group q, with its own peripherals.
 *
 * <ul>
 * <li><b>Forward:</b> every part reads its slice of x through its own DAC range, noise and bound management, read
 *     noise and ADC; the outputs of the parts of one output group are summed digitally.</li>
 * <li><b>Backward:</b> likewise with d sliced by output group and the deltas summed over the output groups.</li>
 * <li><b>Update:</b> every part is updated with its slices of x and d (its own update management and pulse trains);
 *     a two-array part (SHD) also makes its own transfers, so each array cycles through its own rows.</li>
 * <li><b>Bias:</b> the bias row of the parts of the last input group carries the layer's bias; the other parts'
 *     bias rows are idle ({@link PulsedTile#idleBiasRow()}: driven at 0 V, never pulsed).</li>
 * </ul>
 *
 * Seeds: part {@code k = p * outputGroups + q} is reseeded with {@code Seeds.derive(seed, k)}. Not thread-safe, except
 * {@link #updatePart} on different parts.
 */
public final class SplitTile implements SeededTile {
    private final int n;
    private final int m;
    private final int[] inStart;
    private final int[] outStart;
    private final SeededTile[][] parts;
    private final double[][] xs;
    private final double[][] ds;
    private final double[][] partX;
    private final double[][] partD;
    private final double[] partOut;
    private final double[] partDelta;

    /** Builds one part of a split layer. */
    @FunctionalInterface
    public interface PartFactory {
        /**
         * The part of {@code inputs} x {@code outputs} weights at input group {@code p}, output group {@code q};
         * {@code biasRow} false: its bias row must be idle ({@link PulsedTile#idleBiasRow()}, {@link ShdTile#idleBiasRow()}).
         */
        SeededTile create(int p, int q, int inputs, int outputs, boolean biasRow);
    }

    /**
     * A layer of {@code inputs} x {@code outputs} weights split into parts of at most {@code maxInputs} inputs and
     * {@code maxOutputs} outputs (0: no limit on that side), each made by {@code factory}.
     */
    public SplitTile(int inputs, int outputs, int maxInputs, int maxOutputs, PartFactory factory) {
        int[] inSizes = splitSizes(inputs, maxInputs);
        int[] outSizes = splitSizes(outputs, maxOutputs);
        this.n = inputs;
        this.m = outputs;
        this.inStart = starts(inSizes);
        this.outStart = starts(outSizes);
        this.parts = new SeededTile[inSizes.length][outSizes.length];
        this.xs = new double[inSizes.length][];
        this.ds = new double[outSizes.length][];
        for (int p = 0; p < inSizes.length; p++) {
            xs[p] = new double[inSizes[p]];
            for (int q = 0; q < outSizes.length; q++) {
                SeededTile part = factory.create(p, q, inSizes[p], outSizes[q], p == inSizes.length - 1);
                if (part.inputs() != inSizes[p] || part.outputs() != outSizes[q]) {
                    throw new IllegalArgumentException("part (" + p + ", " + q + ") is " + part.inputs() + " x " + part.outputs()
                            + ", expected " + inSizes[p] + " x " + outSizes[q]);
                }
                parts[p][q] = part;
            }
        }
        for (int q = 0; q < outSizes.length; q++) {
            ds[q] = new double[outSizes[q]];
        }
        this.partX = new double[inSizes.length * outSizes.length][];
        this.partD = new double[partX.length][];
        for (int k = 0; k < partX.length; k++) {
            partX[k] = new double[inSizes[k / outSizes.length]];
            partD[k] = new double[outSizes[k % outSizes.length]];
        }
        this.partOut = new double[outSizes[0]];
        this.partDelta = new double[inSizes[0]];
    }

    /**
     * The group sizes of {@code size} lines cut into arrays of at most {@code max} lines (0: one group): {@code
     * ceil(size / max)} groups of nearly equal size, the larger ones first (aihwkit's {@code get_split_sizes}).
     */
    public static int[] splitSizes(int size, int max) {
        if (size < 1 || max < 0) {
            throw new InvalidInputException("cannot split " + size + " lines into arrays of at most " + max
                    + ": the size must be >= 1 and the maximum >= 0 (0 = no limit)");
        }
        int groups = max == 0 ? 1 : (size + max - 1) / max;
        int[] sizes = new int[groups];
        for (int g = 0; g < groups; g++) {
            sizes[g] = size / groups + (g < size % groups ? 1 : 0);
        }
        return sizes;
    }

    private static int[] starts(int[] sizes) {
        int[] start = new int[sizes.length + 1];
        for (int g = 0; g < sizes.length; g++) {
            start[g + 1] = start[g] + sizes[g];
        }
        return start;
    }

    /** The parts, input group by input group, output groups within ({@code k = p * outputGroups + q}). */
    public List<SeededTile> parts() {
        List<SeededTile> out = new ArrayList<>();
        for (SeededTile[] row : parts) {
            out.addAll(List.of(row));
        }
        return out;
    }

    /** The physical tiles of a layer: the parts of a {@link SplitTile}, otherwise the layer's tile itself. */
    public static List<? extends AnalogTile> physical(AnalogTile layer) {
        return layer instanceof SplitTile ? ((SplitTile) layer).parts() : List.of(layer);
    }

    /**
     * The layer's {@code [N + 1][M]} matrix (row-major) assembled from a per-part view of the same layout (e.g.
     * {@link AnalogTile#readWeights()}); the bias row comes from the parts of the last input group.
     */
    public double[] assemble(Function<SeededTile, double[]> view) {
        double[] out = new double[(n + 1) * m];
        int last = parts.length - 1;
        for (int p = 0; p < parts.length; p++) {
            for (int q = 0; q < parts[p].length; q++) {
                double[] w = view.apply(parts[p][q]);
                int cols = outStart[q + 1] - outStart[q];
                int rows = inStart[p + 1] - inStart[p];
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(w, i * cols, out, (inStart[p] + i) * m + outStart[q], cols);
                }
                if (p == last) {
                    System.arraycopy(w, rows * cols, out, n * m + outStart[q], cols);
                }
            }
        }
        return out;
    }

    /**
     * The layer's {@code [N + 1][M]} matrix (row-major) cut into the parts' matrices, in {@link #parts()} order; an
     * idle bias row gets 0.
     */
    public List<double[]> partWeights(double[] weights) {
        if (weights.length != (n + 1) * m) {
            throw new InvalidInputException("weights of a " + n + "-input, " + m + "-output layer: " + weights.length
                    + " values given, " + (n + 1) * m + " expected ((inputs + 1) x outputs)");
        }
        List<double[]> out = new ArrayList<>();
        for (int p = 0; p < parts.length; p++) {
            int rows = inStart[p + 1] - inStart[p];
            for (int q = 0; q < parts[p].length; q++) {
                int cols = outStart[q + 1] - outStart[q];
                double[] w = new double[(rows + 1) * cols];
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(weights, (inStart[p] + i) * m + outStart[q], w, i * cols, cols);
                }
                if (p == parts.length - 1) {
                    System.arraycopy(weights, n * m + outStart[q], w, rows * cols, cols);
                }
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public void reseed(long seed) {
        int k = 0;
        for (SeededTile[] row : parts) {
            for (SeededTile part : row) {
                part.reseed(Seeds.derive(seed, k++));
            }
        }
    }

    @Override
    public void restartEngines(boolean counts) {
        for (SeededTile[] row : parts) {
            for (SeededTile part : row) {
                part.restartEngines(counts);
            }
        }
    }

    @Override
    public void setSolveThreads(int threads) {
        for (SeededTile[] row : parts) {
            for (SeededTile part : row) {
                part.setSolveThreads(threads);
            }
        }
    }

    @Override
    public int inputs() {
        return n;
    }

    @Override
    public int outputs() {
        return m;
    }

    @Override
    public void forward(double[] x, double[] y) {
        Arrays.fill(y, 0, m, 0);
        for (int p = 0; p < parts.length; p++) {
            System.arraycopy(x, inStart[p], xs[p], 0, xs[p].length);
            for (int q = 0; q < parts[p].length; q++) {
                parts[p][q].forward(xs[p], partOut);
                addInto(partOut, y, outStart[q], outStart[q + 1] - outStart[q]);
            }
        }
    }

    @Override
    public void forwardBatch(double[][] x, double[][] y, int count) {
        for (int k = 0; k < count; k++) {
            Arrays.fill(y[k], 0, m, 0);
        }
        double[][] out = new double[count][partOut.length];
        for (int p = 0; p < parts.length; p++) {
            double[][] in = new double[count][xs[p].length];
            for (int k = 0; k < count; k++) {
                System.arraycopy(x[k], inStart[p], in[k], 0, in[k].length);
            }
            for (int q = 0; q < parts[p].length; q++) {
                parts[p][q].forwardBatch(in, out, count);
                for (int k = 0; k < count; k++) {
                    addInto(out[k], y[k], outStart[q], outStart[q + 1] - outStart[q]);
                }
            }
        }
    }

    @Override
    public void backward(double[] d, double[] delta) {
        Arrays.fill(delta, 0, n, 0);
        sliceOutputs(d);
        for (int p = 0; p < parts.length; p++) {
            for (int q = 0; q < parts[p].length; q++) {
                parts[p][q].backward(ds[q], partDelta);
                addInto(partDelta, delta, inStart[p], xs[p].length);
            }
        }
    }

    /** Updates every part in {@link #parts()} order with {@link #updatePart}. */
    @Override
    public void update(double[] x, double[] d, double lr) {
        for (int k = 0; k < partX.length; k++) {
            updatePart(k, x, d, lr);
        }
    }

    /** Prepares every part's next update ({@link #preparePart}). */
    @Override
    public void prepareUpdate() {
        for (int k = 0; k < partX.length; k++) {
            preparePart(k);
        }
    }

    /** Prepares the next update of part {@code k} (of {@link #parts()}), as {@link #updatePart} may: on any thread. */
    public void preparePart(int k) {
        parts[k / ds.length][k % ds.length].prepareUpdate();
    }

    /**
     * Updates part {@code k} (of {@link #parts()}) with its slices of the layer's {@code x} and {@code d}. Parts share
     * no state, so different parts may be updated on different threads at once (each part's updates in order).
     */
    public void updatePart(int k, double[] x, double[] d, double lr) {
        int q = k % ds.length;
        int p = k / ds.length;
        System.arraycopy(x, inStart[p], partX[k], 0, partX[k].length);
        System.arraycopy(d, outStart[q], partD[k], 0, partD[k].length);
        parts[p][q].update(partX[k], partD[k], lr);
    }

    @Override
    public double[] readWeights() {
        return assemble(AnalogTile::readWeights);
    }

    private void sliceOutputs(double[] d) {
        for (int q = 0; q < ds.length; q++) {
            System.arraycopy(d, outStart[q], ds[q], 0, ds[q].length);
        }
    }

    private static void addInto(double[] part, double[] whole, int from, int count) {
        for (int k = 0; k < count; k++) {
            whole[from + k] += part[k];
        }
    }
}
