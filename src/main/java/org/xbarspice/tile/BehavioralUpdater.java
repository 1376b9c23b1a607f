package org.xbarspice.tile;

import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The behavioral twin of {@link SpiceUpdater}: the per-pulse device map for each coincidence
 * ({@link PulseUpdater}) when every device sees exactly the nominal pulse, the IR-drop-aware update
 * ({@link IrDropUpdater}: one nodal solve per slot, each device moved by its compact model at its solved
 * voltage) when the circuit has wire or driver resistance or the pulse differs from the nominal one.
 */
public final class BehavioralUpdater implements ArrayUpdater {
    private final UpdateCircuit circuit;
    private final ConductanceRange range;
    private final CompactSpec spec;
    private final long seed;
    private final boolean irAware;
    private PulseUpdater plain;
    private IrDropUpdater withIrDrop;

    /**
     * @param range conductance range of the devices (S)
     * @param spec  thresholds and nominal pulse of the devices
     * @param seed  seed of the cycle-to-cycle noise
     */
    public BehavioralUpdater(UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, long seed) {
        this.circuit = circuit;
        this.range = range;
        this.spec = spec;
        this.seed = seed;
        this.irAware = circuit.wireOhm() > 0 || circuit.driverOhm() > 0 || !circuit.pulse().equals(spec.pulse());
    }

    /** The behavioral updater for a preset's devices. */
    public static BehavioralUpdater of(UpdateCircuit circuit, DevicePreset preset, long seed) {
        return new BehavioralUpdater(circuit, preset.conductance(), preset.spice(), seed);
    }

    /** Whether updates solve the IR drop (true) or apply nominal pulses (false). */
    public boolean irAware() {
        return irAware;
    }

    @Override
    public void update(DeviceArray array, UpdatePulses pulses) {
        if (irAware) {
            if (withIrDrop == null || withIrDrop.array() != array) {
                withIrDrop = new IrDropUpdater(array, circuit, range, spec, SolverOptions.defaults(), seed);
            }
            withIrDrop.apply(pulses);
        } else {
            if (plain == null || plain.array() != array) {
                plain = new PulseUpdater(array, seed);
            }
            plain.apply(pulses);
        }
    }

    @Override
    public String engine() {
        return CrossbarReader.BEHAVIORAL;
    }
}
