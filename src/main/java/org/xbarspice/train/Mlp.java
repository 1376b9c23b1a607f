package org.xbarspice.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.FloatingPointTile;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.Team;

/**
 * A multilayer perceptron: layer {@code l} maps {@code sizes[l]} inputs to {@code sizes[l+1]} outputs through
 * its {@link AnalogTile} (bias included); hidden layers apply the {@link Activation}, the output layer is a
 * softmax trained with cross-entropy. Weights are touched only through the tiles, so analog tiles can replace
 * the floating-point ones. Buffers are allocated once (per largest batch); not thread-safe (the layers' updates may
 * run on helper threads, see {@link #setThreads(int)}, with results independent of the thread count).
 */
public final class Mlp {
    /** Test samples pushed through the network together by {@link #evaluate}. */
    static final int EVALUATION_BATCH = 256;

    private final AnalogTile[] tiles;
    private final Activation activation;
    private final int[] sizes;
    /** act[b][l]: input of layer l for batch slot b (act[b][L] = logits). */
    private double[][][] act = new double[0][][];
    /** err[b][l]: negative loss gradient at act[b][l], for l >= 1 (err[b][0] is not needed). */
    private double[][][] err = new double[0][][];
    /** Threads for the layers' updates; null = the calling thread only. */
    private Team team;
    /**
     * The update units: unit u updates layer {@code unitLayer[u]}, the whole tile ({@code unitPart[u] = -1}) or one
     * part of a {@link SplitTile}; output layer first, as the team takes them.
     */
    private final int[] unitLayer;
    private final int[] unitPart;
    private final int[] updateOrder;
    private final IntConsumer updateUnit = this::updateUnit;
    /**
     * Each update unit's preparation ({@link AnalogTile#prepareUpdate}) in the batch's updates: {@link #UNPREPARED},
     * {@link #PREPARING} or {@link #PREPARED} by the helpers while the caller runs the batch's passes ({@link
     * #prepareAhead}), or {@link #CLAIMED} by the unit's update, which then prepares it itself.
     */
    private final AtomicIntegerArray prepared;
    private static final int UNPREPARED = 0;
    private static final int PREPARING = 1;
    private static final int PREPARED = 2;
    private static final int CLAIMED = 3;
    private final Runnable prepareAhead = this::prepareAhead;
    private int updateCount;
    private int lastCount;
    private double updateStep;

    /** A network over the given tiles, in order; each tile's input count must equal the previous tile's outputs. */
    public Mlp(List<? extends AnalogTile> tiles, Activation activation) {
        if (tiles.isEmpty()) {
            throw new InvalidInputException("a network needs at least one layer (tile)");
        }
        this.tiles = tiles.toArray(new AnalogTile[0]);
        this.activation = activation;
        this.sizes = new int[this.tiles.length + 1];
        sizes[0] = this.tiles[0].inputs();
        for (int l = 0; l < this.tiles.length; l++) {
            if (this.tiles[l].inputs() != sizes[l]) {
                throw new InvalidInputException("layer " + l + " has " + this.tiles[l].inputs() + " inputs but layer "
                        + (l - 1) + " gives " + sizes[l] + " outputs: consecutive tiles must match");
            }
            sizes[l + 1] = this.tiles[l].outputs();
        }
        List<int[]> units = new ArrayList<>();
        for (int l = this.tiles.length - 1; l >= 0; l--) {
            if (this.tiles[l] instanceof SplitTile) {
                for (int k = ((SplitTile) this.tiles[l]).parts().size() - 1; k >= 0; k--) {
                    units.add(new int[] {l, k});
                }
            } else {
                units.add(new int[] {l, -1});
            }
        }
        this.unitLayer = units.stream().mapToInt(u -> u[0]).toArray();
        this.unitPart = units.stream().mapToInt(u -> u[1]).toArray();
        this.updateOrder = IntStream.range(0, units.size()).toArray();
        this.prepared = new AtomicIntegerArray(units.size());
        ensureSlots(1);
    }

    /** A network of {@link FloatingPointTile}s initialised uniformly in +-1/sqrt(fan-in), layer by layer from {@code rng}. */
    public static Mlp floatingPoint(int[] sizes, Activation activation, SplittableRandom rng) {
        if (sizes.length < 2) {
            throw new InvalidInputException("layers needs at least an input and an output size, got " + sizes.length + " size(s)");
        }
        FloatingPointTile[] tiles = new FloatingPointTile[sizes.length - 1];
        for (int l = 0; l < tiles.length; l++) {
            tiles[l] = FloatingPointTile.uniform(sizes[l], sizes[l + 1], rng);
        }
        return new Mlp(List.of(tiles), activation);
    }

    /**
     * Parses a size string such as {@code 784-256-128-10}: input size, hidden sizes, output size, each >= 1.
     * Errors name the field {@code layers}.
     */
    public static int[] parseLayers(String layers) {
        String example = ": write the sizes separated by '-', input first, output last, e.g. 784-256-128-10";
        if (layers == null || layers.isBlank()) {
            throw new InvalidInputException("layers (--model) is missing" + example);
        }
        String[] parts = layers.split("-", -1);
        if (parts.length < 2) {
            throw new InvalidInputException("layers = '" + layers + "' has a single size" + example);
        }
        int[] sizes = new int[parts.length];
        for (int l = 0; l < parts.length; l++) {
            try {
                sizes[l] = Integer.parseInt(parts[l].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("layers = '" + layers + "': '" + parts[l] + "' is "
                        + (parts[l].trim().matches("\\d+") ? "too large (at most " + Integer.MAX_VALUE + ")" : "not a whole number")
                        + example);
            }
            if (sizes[l] < 1) {
                throw new InvalidInputException("layers = '" + layers + "': size " + sizes[l] + " at position " + (l + 1)
                        + " must be >= 1");
            }
        }
        return sizes;
    }

    /** The canonical text of layer sizes, {@code 784-256-128-10}: what {@link #parseLayers} reads back. */
    public static String layersText(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    /** Layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Hidden-layer activation. */
    public Activation activation() {
        return activation;
    }

    /** The tiles, input layer first. */
    public List<AnalogTile> tiles() {
        return List.of(tiles);
    }

    /**
     * One minibatch of SGD on the samples {@code order[from .. from+count-1]}: forward and backward passes of all
     * of them with the current weights, then their rank-one updates one sample at a time (as an analog array
     * applies them), each {@code (lr / count) * d x'} with {@code d} the negative gradient of that sample's loss
     * (so {@code lr} applies to the batch-mean loss). Adds each sample's loss and prediction (made before the
     * update) to {@code tally}.
     */
    public void trainBatch(float[][] features, int[] labels, int[] order, int from, int count, double lr, Tally tally) {
        if (from < 0 || from + count > order.length) {
            throw new IllegalArgumentException("batch [" + from + ", " + (from + count) + ") is outside the order of "
                    + order.length + " samples");
        }
        ensureSlots(count);
        lastCount = count;
        int last = tiles.length;
        for (int b = 0; b < count; b++) {
            if (team != null && b == count - 1) {
                team.wake(prepareAhead); // the helpers start while the last sample's passes run, preparing the updates
            }
            int k = order[from + b];
            int predicted = forward(features[k], b);
            tally.add(softmaxCrossEntropy(act[b][last], labels[k], err[b][last]), predicted == labels[k]);
            double[][] a = act[b];
            double[][] e = err[b];
            for (int l = last - 1; l >= 1; l--) {
                tiles[l].backward(e[l + 1], e[l]);
                activation.multiplyDerivative(a[l], e[l], sizes[l]);
            }
        }
        double step = lr / count;
        if (team == null) {
            for (int b = 0; b < count; b++) {
                for (int l = 0; l < last; l++) {
                    tiles[l].update(act[b][l], err[b][l + 1], step);
                }
            }
        } else {
            updateCount = count;
            updateStep = step;
            try {
                team.run(updateOrder, updateUnit);
            } finally {
                for (int u = 0; u < updateOrder.length; u++) {
                    prepared.set(u, UNPREPARED);
                }
            }
        }
    }

    /** The logits (normalised output units) of the last sample of the last {@link #trainBatch}, before its update; null before any. */
    public double[] lastLogits() {
        return lastCount == 0 ? null : act[lastCount - 1][tiles.length].clone();
    }

    /**
     * The helpers' job while the caller runs the last sample's passes ({@link Team#wake(Runnable)}), in which they would
     * only wait: prepares the update units' next updates, in the order the team hands the units out, each one not yet
     * claimed by its update. In SHD training on MNIST at 1 ohm (fast mode) that is the lines that drifted, about 4.5 % of
     * each thread's time (JFR), so that the caller's units take less of the run.
     */
    private void prepareAhead() {
        for (int u : updateOrder) {
            if (prepared.compareAndSet(u, UNPREPARED, PREPARING)) {
                try {
                    AnalogTile tile = tiles[unitLayer[u]];
                    if (unitPart[u] < 0) {
                        tile.prepareUpdate();
                    } else {
                        ((SplitTile) tile).preparePart(unitPart[u]);
                    }
                } finally {
                    prepared.set(u, PREPARED);
                }
            }
        }
    }

    /** The samples' updates of update unit u, in sample order (the job of one thread of the team). */
    private void updateUnit(int u) {
        if (!prepared.compareAndSet(u, UNPREPARED, CLAIMED)) {
            while (prepared.get(u) == PREPARING) { // a helper prepares it: a part of a sample's update
                Thread.onSpinWait();
            }
        }
        int count = updateCount;
        double step = updateStep;
        int l = unitLayer[u];
        int part = unitPart[u];
        AnalogTile tile = tiles[l];
        for (int b = 0; b < count; b++) {
            if (part < 0) {
                tile.update(act[b][l], err[b][l + 1], step);
            } else {
                ((SplitTile) tile).updatePart(part, act[b][l], err[b][l + 1], step);
            }
        }
    }

    /**
     * Applies the updates of different layers (and of the parts of a {@link SplitTile}) on up to {@code threads}
     * threads (the caller and helper threads; 1 = the caller only, the default), and lets every tile spread its readers'
     * own solves (the fast IR-drop mode's read matrices) over as many ({@link AnalogTile#setSolveThreads}). Each tile's
     * updates stay in sample order on one thread and the tiles share no state, so the weights are bit-identical whatever
     * the number of threads; it pays off when updates are expensive (analog tiles, whose pulses dominate). At most one
     * thread per tile is used for the updates.
     */
    public void setThreads(int threads) {
        Checks.inRange("threads", threads, 1, Team.MAX_THREADS);
        int helpers = Math.min(threads, updateOrder.length) - 1;
        team = helpers == 0 ? null : new Team("layer-update", helpers);
        for (AnalogTile tile : tiles) {
            tile.setSolveThreads(threads);
        }
    }

    /**
     * Adds the loss and prediction of every sample of {@code features}/{@code labels}, in order, to {@code tally}; no
     * update. The samples go through the network {@value #EVALUATION_BATCH} at a time, layer by layer
     * ({@link AnalogTile#forwardBatch}: one SPICE analysis per layer and batch), with the same results as one by one.
     */
    public void evaluate(float[][] features, int[] labels, Tally tally) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " samples but " + labels.length + " labels");
        }
        int last = tiles.length;
        double[] gradient = new double[sizes[last]];
        double[][][] layer = new double[last + 1][][];
        for (int l = 0; l <= last; l++) {
            layer[l] = new double[Math.min(EVALUATION_BATCH, Math.max(1, features.length))][sizes[l]];
        }
        for (int from = 0; from < features.length; from += EVALUATION_BATCH) {
            int count = Math.min(EVALUATION_BATCH, features.length - from);
            for (int b = 0; b < count; b++) {
                float[] x = features[from + b];
                requireFeatures(x);
                for (int i = 0; i < x.length; i++) {
                    layer[0][b][i] = x[i];
                }
            }
            for (int l = 0; l < last; l++) {
                tiles[l].forwardBatch(layer[l], layer[l + 1], count);
                if (l < last - 1) {
                    for (int b = 0; b < count; b++) {
                        activation.apply(layer[l + 1][b], sizes[l + 1]);
                    }
                }
            }
            for (int b = 0; b < count; b++) {
                double[] z = layer[last][b];
                int label = labels[from + b];
                tally.add(softmaxCrossEntropy(z, label, gradient), argMax(z) == label);
            }
        }
    }

    private void requireFeatures(float[] x) {
        if (x.length != sizes[0]) {
            throw new InvalidInputException("sample of " + x.length + " features given to a network with "
                    + sizes[0] + " inputs: the first layer's size must equal the data's features");
        }
    }

    /**
     * The class of the largest logit; a tie goes to the lowest class, as PyTorch's argmax (aihwkit's evaluations); -1,
     * no class, when a logit is NaN (comparisons with a NaN all fail, which made a NaN first logit class 0).
     */
    static int argMax(double[] z) {
        int best = 0;
        for (int j = 0; j < z.length; j++) {
            if (Double.isNaN(z[j])) {
                return -1;
            }
            if (z[j] > z[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Forward pass of {@code x} in slot {@code b}; logits land in act[b][L]; returns the arg-max class. */
    private int forward(float[] x, int b) {
        requireFeatures(x);
        double[][] a = act[b];
        double[] in = a[0];
        for (int i = 0; i < x.length; i++) {
            in[i] = x[i];
        }
        int last = tiles.length;
        for (int l = 0; l < last; l++) {
            tiles[l].forward(a[l], a[l + 1]);
            if (l < last - 1) {
                activation.apply(a[l + 1], sizes[l + 1]);
            }
        }
        return argMax(a[last]);
    }

    /**
     * Softmax cross-entropy at the logits {@code z}: sets {@code d = onehot(label) - softmax(z)}, the negative gradient of
     * the loss; returns the loss {@code log(sum exp z) - z_label} (nats). Touches no buffer of the network.
     */
    private static double softmaxCrossEntropy(double[] z, int label, double[] d) {
        if (label < 0 || label >= z.length) {
            throw new InvalidInputException("label " + label + " is outside 0.." + (z.length - 1)
                    + ": the output size must equal the data's number of classes");
        }
        double max = z[0];
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            d[j] = Math.exp(z[j] - max);
            sum += d[j];
        }
        for (int j = 0; j < z.length; j++) {
            d[j] = (j == label ? 1 : 0) - d[j] / sum;
        }
        return Math.log(sum) + max - z[label];
    }

    private void ensureSlots(int count) {
        if (count < 1) {
            throw new InvalidInputException("batch of " + count + " samples: a batch needs at least one");
        }
        if (act.length >= count) {
            return;
        }
        act = new double[count][sizes.length][];
        err = new double[count][sizes.length][];
        for (int b = 0; b < count; b++) {
            for (int l = 0; l < sizes.length; l++) {
                act[b][l] = new double[sizes[l]];
                err[b][l] = l == 0 ? null : new double[sizes[l]];
            }
        }
    }
}
