package org.xbarspice.tile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.CrossbarPower;
import org.xbarspice.behavioral.TransientEnergy;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PositionModel;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
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
    private final PositionModel position;
    private final Mode mode;
    /** The compact devices of the last array updated (sampled parameters never change, so they are built once). */
    private DeviceArray compactOf;
    private CompactDevice[] compact;
    /** Every device's conductance at its weight, for the array {@link #compactOf}. */
    private DeviceConductance conductanceOf;
    private boolean trackEnergy;
    private ArrayEnergy energy = ArrayEnergy.ZERO;

    /**
     * @param range    conductance range of the devices (each device at the conductance of its weight, {@link
     *                 DeviceConductance})
     * @param spec     thresholds and nominal pulse from which each device's rates follow
     * @param position a calibrated preset's position model, or null: with it the devices take the preset's full-pulse
     *                 steps in a circuit with wires or drivers, whose IR drop the simulation applies itself, and its
     *                 array-average steps without (which hold the calibrated array's IR drop), as in the behavioral
     *                 updaters ({@link UpdateCircuit#compactDevices})
     */
    public SpiceUpdater(SpiceEngine engine, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec,
                        PositionModel position, Mode mode) {
        this(NetlistRunner.of(engine), circuit, range, spec, position, mode);
    }

    /** As the public constructor, with the netlists run by {@code engine}. */
    SpiceUpdater(NetlistRunner engine, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec,
                 PositionModel position, Mode mode) {
        this.engine = engine;
        this.circuit = circuit;
        this.range = range;
        this.spec = spec;
        this.position = position;
        this.mode = mode;
    }

    @Override
    public void update(DeviceArray array, UpdatePulses pulses) {
        if (pulses.activeSlots().isEmpty() && (!trackEnergy || pulses.firingSlots().isEmpty())) {
            return; // nothing moves, and no pulse's energy is asked for
        }
        if (array != compactOf) {
            compact = circuit.compactDevices(array, spec, position);
            conductanceOf = DeviceConductance.of(array.model(), range);
            compactOf = array;
        }
        CompactDevice[] devices = compact;
        double[] weights = array.weights().clone();
        if (mode == Mode.TRANSIENT && trackEnergy) {
            if (!pulses.activeSlots().isEmpty()) { // the transient of an uncounted update, with its waveforms
                UpdateNetlist.TransientRun run = engine.run(UpdateNetlist.transientEnergyUpdate(circuit, conductanceOf,
                        devices, weights, pulses));
                weights = run.weights();
                energy = energy.plus(transientEnergy(run));
            }
            List<UpdatePulses.Slot> idle = pulses.idleSlots();
            if (!idle.isEmpty()) { // nothing moves: the network is resistive, its DC power over the pulse
                double[] conductances = conductances(weights);
                UpdateNetlist.SlotNodes nodes = engine.run(UpdateNetlist.quasiStaticNodes(circuit, conductances, pulses,
                        idle));
                for (int g = 0; g < idle.size(); g++) {
                    energy = energy.plus(slotEnergy(conductances, pulses, idle.get(g), nodes, g));
                }
            }
        } else if (mode == Mode.TRANSIENT) {
            weights = engine.run(UpdateNetlist.transientUpdate(circuit, conductanceOf, devices, weights, pulses));
        } else {
            double[] conductances = conductances(weights);
            if (trackEnergy) { // the firing slots: the active ones in order, then those in which nothing moves
                List<UpdatePulses.Slot> slots = pulses.firingSlotsActiveFirst();
                UpdateNetlist.SlotNodes nodes = engine.run(UpdateNetlist.quasiStaticNodes(circuit, conductances, pulses,
                        slots));
                double[] deviceVolt = new double[weights.length];
                for (int g = 0; g < slots.size(); g++) {
                    double[] vR = nodes.rowNodeVolts()[g];
                    double[] vC = nodes.colNodeVolts()[g];
                    for (int k = 0; k < deviceVolt.length; k++) {
                        deviceVolt[k] = vR[k] - vC[k];
                    }
                    CompactDevice.applySlot(weights, devices, deviceVolt, circuit.pulse());
                    energy = energy.plus(slotEnergy(conductances, pulses, slots.get(g), nodes, g));
                }
            } else {
                double[][] volts = engine.run(UpdateNetlist.quasiStaticSweep(circuit, conductances, pulses));
                for (double[] slot : volts) {
                    CompactDevice.applySlot(weights, devices, slot, circuit.pulse());
                }
            }
        }
        for (int k = 0; k < weights.length; k++) {
            array.setWeight(k, weights[k]);
        }
    }

    /** The conductance of every device at {@code weights} (S). */
    private double[] conductances(double[] weights) {
        double[] out = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            out[k] = conductanceOf.at(weights[k]);
        }
        return out;
    }

    /** The energy of {@code slot}, sweep point {@code g} of {@code nodes}: its DC power over the pulse (J). */
    private ArrayEnergy slotEnergy(double[] conductances, UpdatePulses pulses, UpdatePulses.Slot slot,
                                   UpdateNetlist.SlotNodes nodes, int g) {
        return CrossbarPower.of(network(), true, conductances, sourceVolts(pulses, slot, true),
                sourceVolts(pulses, slot, false), nodes.rowNodeVolts()[g], nodes.colNodeVolts()[g])
                .over(circuit.pulse().energySecond());
    }

    /**
     * Counts the energy of the updates from now on (on) or stops (off). Quasi-static: every firing slot's DC state
     * (also the slots in which only rows or only columns pulse, added to the sweep) over the pulse's
     * {@link org.xbarspice.device.PulseShape#energySecond()}. Transient: the active slots simulated as without counting
     * (so that counting changes no weight), the power of the node voltages and device states integrated over time
     * (Simpson's rule on every step, node voltages interpolated linearly to its midpoint: exact where the network is
     * linear between two time points); the slots in which only rows or only columns pulse, where no device moves and
     * the network is resistive, by their DC state at the conductances after the transient, as quasi-static.
     */
    @Override
    public void trackEnergy(boolean on) {
        trackEnergy = on;
    }

    /** ngspice keeps nothing from one update to the next: only the energy starts again at zero, with {@code counts}. */
    @Override
    public void restart(boolean counts) {
        if (counts) {
            energy = ArrayEnergy.ZERO;
        }
    }

    @Override
    public ArrayEnergy energy() {
        return energy;
    }

    @Override
    public void restoreEnergy(ArrayEnergy counted) {
        energy = Objects.requireNonNull(counted, "counted");
    }

    /** The update circuit as the programming network of {@link CrossbarPower} (both ends driven). */
    private CrossbarCircuit network() {
        return new CrossbarCircuit(circuit.rows(), circuit.cols(), circuit.wireOhm(), circuit.driverOhm(), new Sense.Ideal(),
                Direction.FORWARD);
    }

    private double[] sourceVolts(UpdatePulses pulses, UpdatePulses.Slot slot, boolean rows) {
        double vp = circuit.pulse().amplitudeVolt();
        double[] out = new double[rows ? circuit.rows() : circuit.cols()];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows ? pulses.rowVolt(slot, k, vp) : pulses.colVolt(slot, k, vp);
        }
        return out;
    }

    /** The energy of a transient: the power at every time point and step midpoint ({@link TransientEnergy}). */
    private ArrayEnergy transientEnergy(UpdateNetlist.TransientRun run) {
        CrossbarCircuit network = network();
        int size = run.states().length;
        double[] g = new double[size];
        double[] vR = new double[size];
        double[] vC = new double[size];
        double[] rowSource = new double[circuit.rows()];
        double[] colSource = new double[circuit.cols()];
        return TransientEnergy.simpson(run.time(), 0, run.time().length - 1, (t, f) -> {
            for (int k = 0; k < size; k++) {
                double x = TransientEnergy.at(run.states()[k], t, f);
                g[k] = conductanceOf.at(compact[k].weight(Math.min(Math.max(x, 0), 1))); // as the device clips its state
                vR[k] = TransientEnergy.at(run.rowNodeVolts()[k], t, f);
                vC[k] = TransientEnergy.at(run.colNodeVolts()[k], t, f);
            }
            for (int i = 0; i < rowSource.length; i++) {
                rowSource[i] = TransientEnergy.at(run.rowSources()[i], t, f);
            }
            for (int j = 0; j < colSource.length; j++) {
                colSource[j] = TransientEnergy.at(run.colSources()[j], t, f);
            }
            return CrossbarPower.of(network, true, g, rowSource, colSource, vR, vC);
        });
    }

    @Override
    public String engine() {
        return mode.label();
    }
}
