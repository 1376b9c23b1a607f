/**
 * The weights of one layer as a crossbar ({@link org.xbarspice.tile.AnalogTile}: forward, backward, update, read
 * weights), with interchangeable implementations: {@link org.xbarspice.tile.FloatingPointTile} (exact),
 * {@link org.xbarspice.tile.PulsedTile} (pulsed devices with read peripherals and the stochastic update), simulated by
 * {@link org.xbarspice.tile.BehavioralTile} in Java or {@link org.xbarspice.tile.SpiceTile} in ngspice, and
 * {@link org.xbarspice.tile.ShdTile} (the two arrays of SHD and Tiki-Taka). Both engines' tiles take the whole circuit
 * (wires, drivers, sense, compact device, IR-drop mode: {@link org.xbarspice.tile.TileSpec}, {@link org.xbarspice.tile.IrDrop})
 * from one spec. Plus the readers and updaters that run single arrays in ngspice or behaviorally and compare them.
 */
package org.xbarspice.tile;
