/**
 * Array design studies for circuit designers: a {@link org.xbarspice.design.DesignStudy} measures every combination of
 * array size, wire and driver resistance, device and conductance range, sense periphery, read voltage and pulse
 * amplitude ({@link org.xbarspice.design.DesignAxis}) with exact IR-drop solves: the read error against the ideal
 * product ({@link org.xbarspice.design.ReadError}) and the fraction of the ideal step the devices take in a full update
 * ({@link org.xbarspice.design.StepFidelity}), optionally checked in ngspice ({@link org.xbarspice.design.SpiceCheck});
 * its points run on the sweep package's executors; {@link org.xbarspice.design.DesignReport} writes the table, the JSON,
 * the plots and the summary. Above {@code sweep} in the package order: it uses sweep, report, tile, behavioral,
 * netlist, device, spice and units.
 */
package org.xbarspice.design;
