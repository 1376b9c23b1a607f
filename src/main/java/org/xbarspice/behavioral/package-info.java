/**
 * Fast pure-Java crossbar model: the IR-drop nodal read of the same circuit the netlist generator
 * emits for ngspice ({@link org.xbarspice.behavioral.CrossbarSolver}, PHYSICS.md section 5), its solver
 * options and statistics, the uniform quantiser of the DAC and ADC
 * ({@link org.xbarspice.behavioral.UniformQuantizer}, used by the tile's read peripherals); and the pulse-update kernels of the fully parallel
 * stochastic update: {@link org.xbarspice.behavioral.PulseUpdater} (ideal wires, per-pulse step law and
 * cycle-to-cycle noise) and the IR-drop-aware {@link org.xbarspice.behavioral.CompactUpdater}s, which move each
 * device by its compact map at the voltage it sees: {@link org.xbarspice.behavioral.IrDropUpdater} (the programming
 * network solved per pulse slot), {@link org.xbarspice.behavioral.LineUpdater} (line by line, fast) and
 * {@link org.xbarspice.behavioral.PositionUpdater} (a calibrated position model).
 * Hot loops work on primitive arrays; nothing here depends on the SPICE engine.
 */
package org.xbarspice.behavioral;
