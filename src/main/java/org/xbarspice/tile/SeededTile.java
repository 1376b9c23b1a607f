package org.xbarspice.tile;

/**
 * A tile whose reads or updates draw random numbers. All its random streams (pulse trains, cycle-to-cycle noise,
 * read noise) are functions of the last seed given to {@link #reseed(long)} (or of the construction seed) and of
 * the operations since, so a trainer that reseeds every tile at every epoch from {@code (seed, epoch, layer)} can
 * restart any epoch exactly from the tile's weights alone.
 */
public interface SeededTile extends AnalogTile {
    /** Restarts every random stream of the tile from {@code seed}; weights and device parameters stay. */
    void reseed(long seed);
}
