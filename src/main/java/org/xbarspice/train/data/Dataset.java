package org.xbarspice.train.data;

import java.util.Arrays;
import org.xbarspice.units.InvalidInputException;

/**
 * Labelled samples: {@code features[k]} is sample k's feature row (image pixels scaled to [0, 1], or
 * coordinates for synthetic sets), {@code labels[k]} its class in {@code 0..classes-1}. The arrays are
 * shared, not copied: treat them as read-only.
 *
 * @param name     short name used in messages and results, e.g. {@code mnist/train}
 * @param features one row per sample, all rows of the same length
 * @param labels   one class index per sample
 * @param classes  number of classes (the network's output size)
 */
public record Dataset(String name, float[][] features, int[] labels, int classes) {
    public Dataset {
        if (features.length != labels.length) {
            throw new InvalidInputException("dataset '" + name + "' has " + features.length + " feature rows but "
                    + labels.length + " labels: every sample needs exactly one label");
        }
        if (features.length == 0) {
            throw new InvalidInputException("dataset '" + name + "' has no samples: give a file or size with at least one");
        }
        if (classes < 1) {
            throw new InvalidInputException("dataset '" + name + "': classes = " + classes + " must be >= 1");
        }
        int width = features[0].length;
        for (int k = 0; k < features.length; k++) {
            if (features[k].length != width) {
                throw new InvalidInputException("dataset '" + name + "': sample " + k + " has " + features[k].length
                        + " features, sample 0 has " + width + ": all samples need the same number");
            }
            if (labels[k] < 0 || labels[k] >= classes) {
                throw new InvalidInputException("dataset '" + name + "': label of sample " + k + " = " + labels[k]
                        + " is outside 0.." + (classes - 1) + " (classes = " + classes + ")");
            }
        }
    }

    /** A hash of every sample's features and label and of the class count (not of the name). */
    public long contentHash() {
        long h = 0x9E3779B97F4A7C15L * classes;
        for (int k = 0; k < labels.length; k++) {
            h = mix(h + labels[k]);
            for (float v : features[k]) {
                h = mix(h + Float.floatToIntBits(v));
            }
        }
        return h;
    }

    /** One round of SplitMix64's finaliser over {@code h}. */
    private static long mix(long h) {
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Number of features per sample (the network's input size). */
    public int featureCount() {
        return features[0].length;
    }

    /**
     * The first {@code n} samples (the same row arrays, no pixel copy); {@code n = 0} keeps all.
     *
     * @param field name of the option that asked for {@code n}, used in the error message
     */
    public Dataset head(int n, String field) {
        if (n < 0 || n > size()) {
            throw new InvalidInputException(field + " = " + n + " is out of range: dataset '" + name + "' has "
                    + size() + " samples, allowed 1.." + size() + " (or 0 for all)");
        }
        return n == 0 || n == size() ? this : new Dataset(name, Arrays.copyOf(features, n), Arrays.copyOf(labels, n), classes);
    }
}
