package org.xbarspice.train;

import java.util.List;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.EnergyEstimate;

/**
 * The energy of one epoch's analog arrays.
 *
 * @param epoch    1-based
 * @param samples  training samples of the epoch
 * @param layers   training, per layer (input layer first)
 * @param test     the test-set evaluation after the epoch (forward reads) (J)
 * @param estimate how many circuit reads' and updates' energy the engines counted and how many were estimated in the
 *                 epoch (from a resumption within it), test included ({@code train --energy-every})
 */
public record EpochEnergy(int epoch, long samples, List<LayerEnergy> layers, EnergyBreakdown test, EnergyEstimate estimate) {
    public EpochEnergy {
        layers = List.copyOf(layers);
    }

    /** Training energy of every layer (J). */
    public EnergyBreakdown train() {
        EnergyBreakdown sum = EnergyBreakdown.ZERO;
        for (LayerEnergy l : layers) {
            sum = sum.plus(l.total());
        }
        return sum;
    }

    /** Training energy per sample (J). */
    public EnergyBreakdown perSample() {
        return train().per(samples);
    }

    private EnergyBreakdown sum(java.util.function.Function<LayerEnergy, EnergyBreakdown> part) {
        EnergyBreakdown s = EnergyBreakdown.ZERO;
        for (LayerEnergy l : layers) {
            s = s.plus(part.apply(l));
        }
        return s;
    }

    /** Training reads of every layer (J). */
    public EnergyBreakdown reads() {
        return sum(LayerEnergy::reads);
    }

    /** Gradient updates of every layer (J). */
    public EnergyBreakdown updates() {
        return sum(LayerEnergy::updates);
    }

    /** Transfers of every layer (J). */
    public EnergyBreakdown transfers() {
        return sum(LayerEnergy::transfers);
    }
}
