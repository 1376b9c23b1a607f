package org.xbarspice.tile;

/**
 * The weight matrix of one layer, laid out as a crossbar: row {@code i} carries input {@code x_i}
 * ({@code i < inputs()}), row {@code inputs()} is the bias row, driven by an always-on input of 1; column
 * {@code j} gives output {@code y_j}. The network touches its weights only through these operations, so a
 * floating-point tile ({@link FloatingPointTile}) and an analog tile (reads and pulsed updates of an array)
 * are interchangeable. Implementations need not be thread-safe.
 */
public interface AnalogTile {
    /** Number of inputs N, without the bias row. */
    int inputs();

    /** Number of outputs M (columns). */
    int outputs();

    /** Forward read {@code y = W' [x; 1]}: {@code y_j = sum_i w_ij x_i + b_j}. Reads {@code x[0..N-1]}, writes {@code y[0..M-1]}. */
    void forward(double[] x, double[] y);

    /**
     * Forward reads of the inputs {@code x[k]} into {@code y[k]} for {@code k < count}: the same results as {@code count}
     * calls of {@link #forward} in order; tiles whose engine solves many inputs at once (one SPICE analysis) override it.
     */
    default void forwardBatch(double[][] x, double[][] y, int count) {
        for (int k = 0; k < count; k++) {
            forward(x[k], y[k]);
        }
    }

    /** Backward read {@code delta = W d}, bias row excluded: {@code delta_i = sum_j w_ij d_j}. Writes {@code delta[0..N-1]}. */
    void backward(double[] d, double[] delta);

    /**
     * Rank-one update {@code w_ij += lr * x_i * d_j} for every row including the bias row ({@code x_N = 1}).
     * {@code d} is the negative loss gradient at the outputs, so a positive {@code lr} descends the loss.
     */
    void update(double[] x, double[] d, double lr);

    /**
     * Lets the tile's circuit readers spread their own solves over up to {@code threads} threads
     * ({@link CrossbarReader#setSolveThreads}); changes no result. Nothing to do for a tile without such solves.
     */
    default void setSolveThreads(int threads) {
    }

    /**
     * Does ahead of the next {@link #update} what it needs of the tile's arrays alone ({@link ArrayUpdater#prepare}), on
     * a thread that would otherwise wait; changes no result. It may run while another thread reads the tile ({@link
     * #forward}, {@link #backward}), not while one updates it. Nothing by default.
     */
    default void prepareUpdate() {
    }

    /** A copy of the weights as the tile holds them now, row-major {@code [N + 1][M]}: {@code w[i * M + j]}. */
    double[] readWeights();
}
