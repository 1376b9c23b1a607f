/**
 * The weights of one layer as a crossbar ({@link org.xbarspice.tile.AnalogTile}: forward, backward, update, read
 * weights), with interchangeable implementations: {@link org.xbarspice.tile.FloatingPointTile} (exact),
 * {@link org.xbarspice.tile.PulsedTile} (pulsed devices) and {@link org.xbarspice.tile.ShdTile} (the two arrays of SHD
 * and Tiki-Taka).
 *
 * <p>A pulsed tile is a composition: its device array, the read peripherals ({@code ReadPath} of
 * {@link org.xbarspice.tile.ReadOptions}), a {@link org.xbarspice.tile.CrossbarReader} (behavioral exact
 * {@link org.xbarspice.tile.BehavioralReader}, behavioral fast {@link org.xbarspice.tile.FastCircuitReader}, ngspice
 * {@link org.xbarspice.tile.SpiceReader}) and an {@link org.xbarspice.tile.ArrayUpdater}
 * ({@link org.xbarspice.tile.BehavioralUpdater}: plain, exact, fast or calibrated IR drop;
 * {@link org.xbarspice.tile.SpiceUpdater}: ngspice quasi-static or transient). {@link org.xbarspice.tile.BehavioralTile}
 * and {@link org.xbarspice.tile.SpiceTile} are the two usual compositions, both built from one
 * {@link org.xbarspice.tile.TileSpec}. The commands that read or update single arrays ({@code read}, {@code update},
 * {@code calibrate}, the demo) use the same readers ({@link org.xbarspice.tile.ArrayRead}, the same peripherals) and
 * updaters, so every physical effect is written once.
 */
package org.xbarspice.tile;
