package org.xbarspice.train;

/**
 * Figures of one training epoch. The training figures are means over the epoch's samples, each taken by the
 * forward pass just before that sample's update; the test figures are taken after the epoch, without updates.
 *
 * @param epoch         1 for the first epoch
 * @param trainLoss     mean cross-entropy over the training samples (nats)
 * @param trainAccuracy fraction of training samples predicted right, 0..1
 * @param testLoss      mean cross-entropy over the test set (nats)
 * @param testAccuracy  fraction of test samples predicted right, 0..1
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {
}
