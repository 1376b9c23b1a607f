package org.xbarspice.tile;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.xbarspice.behavioral.UniformQuantizer;

/**
 * The read pipeline of {@link ReadOptions} around an array product: noise management, DAC, product, output noise,
 * ADC with saturation, bound management, rescaling. Owns its input buffer and its noise generator; allocates
 * nothing per read. Not thread-safe.
 */
final class ReadPath {
    /** An array product in weight units, without peripherals. */
    interface Array {
        /**
         * Writes {@code out[0..outs)}: forward {@code out_j = sum_{i < rows} w_ij in_i}; backward
         * {@code out_i = sum_j w_ij in_j} for the rows {@code i < rows - 1} (the bias row is not sensed).
         */
        void product(double[] in, double[] out, boolean forward);

        /** {@link #product} of {@code in[k]} into {@code out[k]} for every {@code k < count}; engines may solve them together. */
        default void productBatch(double[][] in, double[][] out, int count, boolean forward) {
            for (int k = 0; k < count; k++) {
                product(in[k], out[k], forward);
            }
        }
    }

    /** aihwkit's {@code max_bm_factor}. */
    static final double MAX_BOUND_MANAGEMENT_FACTOR = 1000;
    /** aihwkit's {@code max_bm_res}: bound management stops when the DAC would keep fewer than 2 bits. */
    static final double MAX_BOUND_MANAGEMENT_RESOLUTION = 0.25;

    private final ReadOptions options;
    private final boolean ideal;
    private final UniformQuantizer dac;
    private final UniformQuantizer adc;
    private final double bound;
    /**
     * Where an output counts as beyond the bound (normalised units): past the bound, or with an ADC from where it would
     * round to a level past it (half a step further; a tie rounds outward), as aihwkit tests its outputs after rounding
     * them. Such an output is clipped to the bound and calls for bound management; one that rounds to the bound does not.
     */
    private final double exceeds;
    /**
     * Outputs the reads delivered so far, of those with bound management and those without, and those of them clipped
     * at the bound ({@link #outputsAndClipped}): plain counters, so that counting costs a read two additions.
     */
    private long managedOutputs;
    private long managedClipped;
    private long unmanagedOutputs;
    private long unmanagedClipped;
    private final double noise;
    private final double bmLimit;
    private final double[] scaled;
    private SplittableRandom rng;

    /** A pipeline for inputs of at most {@code maxInputs} entries, its noise seeded with {@code seed}. */
    ReadPath(ReadOptions options, int maxInputs, long seed) {
        this.options = options;
        this.ideal = options.isIdeal();
        this.dac = options.dacBits() == 0 ? null : new UniformQuantizer(options.dacBits(), 1.0);
        this.adc = options.adcBits() == 0 ? null : new UniformQuantizer(options.adcBits(), options.outputBound());
        this.bound = options.outputBound();
        this.exceeds = adc == null ? bound : bound + adc.step() / 2; // with an ADC: where it would round past the bound
        this.noise = options.outputNoise();
        this.bmLimit = dac == null ? MAX_BOUND_MANAGEMENT_FACTOR
                : Math.min(MAX_BOUND_MANAGEMENT_FACTOR, MAX_BOUND_MANAGEMENT_RESOLUTION * dac.positiveLevels());
        this.scaled = new double[maxInputs];
        reseed(seed);
    }

    /** Restarts the noise stream from {@code seed}. */
    void reseed(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    ReadOptions options() {
        return options;
    }

    /**
     * One read of {@code in[0..inputs)} into {@code out[0..outputs)} (weight units times input units) through
     * {@code array}. Bound management (if on) only on forward reads, as aihwkit.
     */
    void read(Array array, double[] in, int inputs, double[] out, int outputs, boolean forward) {
        read(array, in, inputs, out, outputs, forward, forward);
    }

    /** As {@link #read(Array, double[], int, double[], int, boolean)}, bound management only if {@code manageBounds}. */
    void read(Array array, double[] in, int inputs, double[] out, int outputs, boolean forward, boolean manageBounds) {
        if (ideal) {
            array.product(in, out, forward);
            return;
        }
        double s = inputScale(in, inputs);
        if (s == 0) {
            Arrays.fill(out, 0, outputs, 0.0);
            return;
        }
        convert(in, inputs, s, scaled);
        array.product(scaled, out, forward);
        finishRead(array, in, inputs, out, outputs, forward, manageBounds, s);
    }

    /**
     * Reads of {@code in[k][0..inputs)} into {@code out[k][0..outputs)} for every {@code k < count}: bit-identical to
     * {@code count} calls of {@link #read(Array, double[], int, double[], int, boolean)} in order (the first-pass products
     * are noise-free, so computing them together changes nothing; noise and repeated reads then follow in order).
     */
    void readBatch(Array array, double[][] in, int inputs, double[][] out, int outputs, int count, boolean forward) {
        if (ideal) {
            array.productBatch(in, out, count, forward);
            return;
        }
        double[] s = new double[count];
        // the vectors read: an all-zero input under noise management is not read at all, as in a single read (its
        // energy and latency are not counted)
        double[][] converted = new double[count][];
        double[][] results = new double[count][];
        int read = 0;
        for (int k = 0; k < count; k++) {
            s[k] = inputScale(in[k], inputs);
            if (s[k] != 0) {
                converted[read] = new double[inputs];
                convert(in[k], inputs, s[k], converted[read]);
                results[read++] = out[k];
            }
        }
        if (read > 0) {
            array.productBatch(converted, results, read, forward);
        }
        for (int k = 0; k < count; k++) {
            if (s[k] == 0) {
                Arrays.fill(out[k], 0, outputs, 0.0);
            } else {
                finishRead(array, in[k], inputs, out[k], outputs, forward, forward, s[k]);
            }
        }
    }

    /** Noise management's input scale s: {@code max |in_i|} (0 for an all-zero input), or 1 when it is off. */
    private double inputScale(double[] in, int inputs) {
        if (!options.noiseManagement()) {
            return 1;
        }
        double s = 0;
        for (int i = 0; i < inputs; i++) {
            s = Math.max(s, Math.abs(in[i]));
        }
        return s;
    }

    /** DAC conversion of {@code in / f} into {@code to}: clipped to +-1, quantised. */
    private void convert(double[] in, int inputs, double f, double[] to) {
        double inverse = 1 / f;
        for (int i = 0; i < inputs; i++) {
            double v = in[i] * inverse;
            v = v > 1 ? 1 : v < -1 ? -1 : v;
            to[i] = dac == null ? v : dac.quantize(v);
        }
    }

    /**
     * The rest of a read whose first-pass product is in {@code out}: noise and ADC, repeated reads of bound
     * management with r doubled, rescaling by {@code s r}.
     */
    private void finishRead(Array array, double[] in, int inputs, double[] out, int outputs, boolean forward, boolean manageBounds,
                            double s) {
        boolean manage = manageBounds && options.boundManagement();
        double r = 1;
        int clipped;
        while ((clipped = finish(out, outputs)) > 0 && manage && r <= bmLimit) {
            r *= 2;
            convert(in, inputs, s * r, scaled);
            array.product(scaled, out, forward);
        }
        // the delivered pass only: an output that bound management's repeat brought within the bound was not clipped
        if (manage) {
            managedOutputs += outputs;
            managedClipped += clipped;
        } else {
            unmanagedOutputs += outputs;
            unmanagedClipped += clipped;
        }
        double back = s * r;
        if (back != 1) {
            for (int j = 0; j < outputs; j++) {
                out[j] *= back;
            }
        }
    }

    /**
     * The outputs of the reads so far (an all-zero input under noise management, which is not read, and an ideal read
     * not counted), and those beyond the bound that it clipped in the read's result (an output that bound management
     * read again within the bound not counted): {outputs of reads with bound management, clipped, outputs of those
     * without, clipped}.
     */
    long[] outputsAndClipped() {
        return new long[] {managedOutputs, managedClipped, unmanagedOutputs, unmanagedClipped};
    }

    /** Output noise, ADC and saturation in place; returns how many outputs went beyond the bound. */
    private int finish(double[] out, int outputs) {
        int saturated = 0;
        for (int j = 0; j < outputs; j++) {
            double z = out[j];
            if (noise != 0) {
                z += noise * rng.nextGaussian();
            }
            if (adc == null ? Math.abs(z) > bound : Math.abs(z) >= exceeds) {
                z = Math.copySign(bound, z);
                saturated++;
            }
            out[j] = adc == null ? z : adc.quantize(z); // between the bound and half a step past it: the top level
        }
        return saturated;
    }
}
