package org.xbarspice.train.data;

import org.xbarspice.units.InvalidInputException;

/**
 * A training set and its test set: same number of features and of classes.
 *
 * @param lastClassSample the first sample whose label is the last class, as {@code training sample K} or {@code test
 *                        sample K} (0-based), or null when none has it: where to look when the labels give more classes
 *                        than expected (a stray 255 in an IDX file makes 256 classes); in the whole files, also after
 *                        {@link #head} (a stray label beyond the samples kept went unnamed)
 */
public record TrainTest(Dataset train, Dataset test, String lastClassSample) {
    public TrainTest {
        if (train.featureCount() != test.featureCount()) {
            throw new InvalidInputException("training set '" + train.name() + "' has " + train.featureCount()
                    + " features per sample but test set '" + test.name() + "' has " + test.featureCount()
                    + ": both must come from the same kind of data");
        }
        if (train.classes() != test.classes()) {
            throw new InvalidInputException("training set '" + train.name() + "' has " + train.classes()
                    + " classes but test set '" + test.name() + "' has " + test.classes()
                    + ": both must use the same class count");
        }
    }

    /** The two sets, their {@link #lastClassSample} found in them. */
    public TrainTest(Dataset train, Dataset test) {
        this(train, test, lastClassSample(train, test));
    }

    /**
     * A hash of every sample of both sets (features, labels, classes), so that a resumed run can tell it trains on the
     * samples it started with.
     */
    public long contentHash() {
        return 31 * train.contentHash() + test.contentHash();
    }

    private static String lastClassSample(Dataset train, Dataset test) {
        int last = train.classes() - 1;
        for (Dataset set : new Dataset[] {train, test}) {
            int[] labels = set.labels();
            for (int k = 0; k < labels.length; k++) {
                if (labels[k] == last) {
                    return (set == train ? "training" : "test") + " sample " + k;
                }
            }
        }
        return null;
    }

    /**
     * The first {@code trainSamples} training and first {@code testSamples} test samples; 0 keeps a set whole.
     * Errors name the options {@code trainSamples} / {@code testSamples}.
     */
    public TrainTest head(int trainSamples, int testSamples) {
        return new TrainTest(train.head(trainSamples, "trainSamples"), test.head(testSamples, "testSamples"), lastClassSample);
    }
}
