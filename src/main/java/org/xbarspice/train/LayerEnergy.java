package org.xbarspice.train;

import org.xbarspice.tile.EnergyBreakdown;

/**
 * The energy (J) and summed latency (s) of one layer's arrays over a stretch of training, by what they did.
 *
 * @param reads     forward and backward reads of the weights
 * @param updates   the pulse updates of the gradient (SGD: W; SHD and Tiki-Taka: A)
 * @param transfers SHD and Tiki-Taka: the reads of A's rows and the pulse updates of C they drive
 */
public record LayerEnergy(EnergyBreakdown reads, EnergyBreakdown updates, EnergyBreakdown transfers, double readSeconds,
                          double updateSeconds, double transferSeconds) {
    /** All three (J). */
    public EnergyBreakdown total() {
        return reads.plus(updates).plus(transfers);
    }
}
