package org.xbarspice.train.data;

import org.xbarspice.units.InvalidInputException;

/** A training set and its test set: same number of features and of classes. */
public record TrainTest(Dataset train, Dataset test) {
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

    /**
     * A hash of every sample of both sets (features, labels, classes), so that a resumed run can tell it trains on the
     * samples it started with.
     */
    public long contentHash() {
        return 31 * train.contentHash() + test.contentHash();
    }

    /**
     * The first {@code trainSamples} training and first {@code testSamples} test samples; 0 keeps a set whole.
     * Errors name the options {@code trainSamples} / {@code testSamples}.
     */
    public TrainTest head(int trainSamples, int testSamples) {
        return new TrainTest(train.head(trainSamples, "trainSamples"), test.head(testSamples, "testSamples"));
    }
}
