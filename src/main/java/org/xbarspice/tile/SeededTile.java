package org.xbarspice.tile;

/**
 * A tile whose reads or updates draw random numbers. All its random streams (pulse trains, cycle-to-cycle noise,
 * read noise) are functions of the last seed given to {@link #reseed(long)} (or of the construction seed) and of
 * the operations since, so a trainer that reseeds every tile at every epoch from {@code (seed, epoch, layer)} can
 * restart any epoch (or, restarting them every step, any step) exactly from the tile's weights and what a checkpoint
 * stores of its engines, once {@link #restartEngines} has dropped the rest of what they keep from the operations before.
 */
public interface SeededTile extends AnalogTile {
    /** Restarts every random stream of the tile from {@code seed}; weights and device parameters stay. */
    void reseed(long seed);

    /**
     * Drops what the tile's engines keep from the operations before, as if the tile were built now with its weights,
     * but for what a checkpoint stores ({@link BehavioralTile.EngineState}: the fast read matrices' conductances and the
     * check schedules): the fast IR-drop mode's line factors (its read power models stay, as a reader restored from
     * that state gives their power: {@link FastCircuitReader#restart}); with {@code counts} also the
     * energy tallies, line sums and estimator ({@link PulsedTile#energy()} and {@link PulsedTile#energyEstimate()} start
     * again at zero) and the fast modes' spot checks' figures, which a trainer adds to its run's first. Then, after a
     * {@link #reseed}, what the tile does is a function of its weights, that stored state, its device parameters and the
     * seed alone (and with counts false, its energy figures of the operations before).
     */
    void restartEngines(boolean counts);
}
