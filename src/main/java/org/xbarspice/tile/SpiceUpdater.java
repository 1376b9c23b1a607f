package org.xbarspice.tile;

import java.util.Locale;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdateNetlist;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SpiceEngine;

/**
 * Applies stochastic pulse updates to a device array through SPICE, in one of two modes:
 * {@link Mode#TRANSIENT} simulates the whole pulse train with the compact device ({@code .tran uic});
 * {@link Mode#QUASI_STATIC} solves the array once per active pulse slot (one {@code .dc} sweep, KLU)
 * with the devices at their conductances at the start of the update, then moves every device by the
 * exact pulse map of its compact model at its solved voltage. The device states live in the array and
 * carry from one update to the next. Not thread-safe.
 */
public final class SpiceUpdater implements ArrayUpdater {
    /** How SPICE simulates an update. */
    public enum Mode {
        TRANSIENT, QUASI_STATIC;

        /** Name in result files and on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final NetlistRunner engine;
    private final UpdateCircuit circuit;
    private final ConductanceRange range;
    private final CompactSpec spec;
    private final Mode mode;
    /** The compact devices of the last array updated (sampled parameters never change, so they are built once). */
    private DeviceArray compactOf;
    private CompactDevice[] compact;

    /**
     * @param range conductance range of the devices (read conductance G = gMin + (gMax - gMin) x)
     * @param spec  thresholds and nominal pulse from which each device's rates follow
     */
    public SpiceUpdater(SpiceEngine engine, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, Mode mode) {
        this(NetlistRunner.of(engine), circuit, range, spec, mode);
    }

    /** As the public constructor, with the netlists run by {@code engine}. */
    SpiceUpdater(NetlistRunner engine, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, Mode mode) {
        this.engine = engine;
        this.circuit = circuit;
        this.range = range;
        this.spec = spec;
        this.mode = mode;
    }

    @Override
    public void update(DeviceArray array, UpdatePulses pulses) {
        if (pulses.activeSlots().isEmpty()) {
            return;
        }
        if (array != compactOf) {
            compact = CompactDevice.of(array, spec);
            compactOf = array;
        }
        CompactDevice[] devices = compact;
        double[] weights = array.weights().clone();
        if (mode == Mode.TRANSIENT) {
            Netlist<double[]> netlist = UpdateNetlist.transientUpdate(circuit, range, devices, weights, pulses);
            weights = engine.run(netlist);
        } else {
            double[] conductances = new double[weights.length];
            for (int k = 0; k < weights.length; k++) {
                conductances[k] = range.conductance(devices[k].state(weights[k]));
            }
            Netlist<double[][]> netlist = UpdateNetlist.quasiStaticSweep(circuit, conductances, pulses);
            double[][] volts = engine.run(netlist);
            for (double[] slot : volts) {
                CompactDevice.applySlot(weights, devices, slot, circuit.pulse());
            }
        }
        for (int k = 0; k < weights.length; k++) {
            array.setWeight(k, weights[k]);
        }
    }

    @Override
    public String engine() {
        return mode.label();
    }
}
