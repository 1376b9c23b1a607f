package org.xbarspice.behavioral;

import java.util.Objects;
import java.util.function.Consumer;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * Behavioral fully parallel stochastic update with IR drop (PHYSICS.md sections 2, 5 and 6): every device sees
 * the voltage the wires and drivers leave it, and responds with the exact per-pulse map of the compact SPICE
 * device ({@link CompactDevice#pulse}) at that voltage.
 *
 * <p><b>Schedule</b>, as the SPICE path: phases in {@link UpdatePulses#phases()} order, in each phase slots
 * 0..BL-1; a slot in which no row or no column of the phase pulses is skipped (every other slot has at least one
 * coincidence). In a slot, every row that pulses is driven at {@code phase.rowVolt(Vp)}, every column that pulses
 * at {@code phase.colVolt(Vp)}, all other lines at 0 V, each through the driver resistance, with Vp the amplitude
 * of the circuit's pulse. {@link CrossbarSolver#programming the programming network} gives the voltage
 * V(R(i,j)) - V(C(i,j)) across every device, and every device's weight w becomes
 * {@code CompactDevice.of(array, index, spec).pulse(w, V, circuit.pulse())}: the pulse shape with its amplitude
 * replaced by the solved voltage. In a V/2 scheme ({@link CompactSpec} checks Vp/2 below both thresholds) a
 * half-selected device sees about Vp/2 and an unselected one about 0 V, so only coincident devices move; the map
 * is applied to every device anyway, at its own solved voltage, as SPICE would.
 *
 * <p><b>Quasi-static conductances.</b> Every solve of one update uses the conductances at the start of the update,
 * G = gMin + (gMax - gMin) x with x = (w - wMin_ij) / (wMax_ij - wMin_ij) of each device; the weights change
 * during the update but the network is not refactored (one factorization per update). A device moves by at most
 * BL steps of about dw_min in one update (a few per cent of its range at most, typically 0.1 % to 0.5 %), so its
 * conductance changes by that fraction and the IR drop it causes by no more; the device voltages err by that
 * fraction of the IR drop, not of Vp. The SPICE quasi-static mode makes the same choice.
 *
 * <p><b>Noise.</b> The compact device has no cycle-to-cycle noise; when the array's dwMinStd is not 0 each change
 * dw of the map is multiplied by (1 + dwMinStd xi), xi ~ N(0, 1) from a {@code ZigguratGaussian} seeded at
 * construction, before the weight is clipped to the device's bounds (as {@link DeviceArray#pulse}). One draw per
 * device whose unclipped map moves it (one at its bound pushed outwards too, as in aihwkit), in the schedule order
 * above, devices row-major within a slot; no draw when dwMinStd is 0.
 *
 * <p>With r = 0 and driver resistance 0 every coincident device sees exactly Vp and the result equals the plain
 * {@link PulseUpdater} (nominal pulses; tested). Not thread-safe: one updater per array and thread.
 */
public final class IrDropUpdater extends CompactUpdater {
    private final CrossbarSolver solver;
    private final CompactDevice[] devices;
    /** Every device's conductance at its weight. */
    private final DeviceConductance conductanceOf;
    private final PulseShape shape;
    private final double amplitudeVolt;
    private final double[] conductances;
    private final double[] rowVolt;
    private final double[] colVolt;
    private final double[] deviceVolt;
    /**
     * The lowest threshold of any device, up or down (V): a device whose voltage stays within it does not move, so the
     * slots pass over it without reading its parameters (in a profile of MNIST training with a spot check every 100
     * updates, the pulse maps of every device held 11 % of the samples; the run took 14.1 instead of 15.2 ms per sample
     * with this).
     */
    private final double leastThresholdVolt;
    /** Told the power of every slot solved, or null. */
    private Consumer<ArrayPower> observer;

    /**
     * An updater of {@code array} (updated in place).
     *
     * @param circuit the crossbar's rows, columns (those of the array), wire resistance per segment, driver
     *                resistance (ohm) and the pulse applied (its amplitude is Vp); both ends of every line are driven
     * @param range   conductance range of the devices (S), over the array's nominal bounds ({@link DeviceConductance})
     * @param spec    thresholds and nominal pulse of the compact device, which fix each device's rates
     * @param options options of the nodal solves
     * @param seed    seed of the cycle-to-cycle noise (unused when the array's dwMinStd is 0)
     */
    public IrDropUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec,
                         SolverOptions options, long seed) {
        this(array, circuit, range, CompactDevice.of(array, Objects.requireNonNull(spec, "compact device spec")), options, seed);
    }

    /** As {@link #IrDropUpdater(DeviceArray, UpdateCircuit, ConductanceRange, CompactSpec, SolverOptions, long)} with the
     * compact device of every crosspoint given (row-major), e.g. with a calibrated preset's full-pulse steps. */
    public IrDropUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactDevice[] devices,
                         SolverOptions options, long seed) {
        super(Objects.requireNonNull(array, "device array"), seed);
        Objects.requireNonNull(circuit, "circuit");
        this.conductanceOf = DeviceConductance.of(array.model(), Objects.requireNonNull(range, "conductance range"));
        if (circuit.rows() != array.rows() || circuit.cols() != array.cols()) {
            throw new InvalidInputException("the circuit is " + circuit.rows() + " x " + circuit.cols()
                    + " but the device array is " + array.rows() + " x " + array.cols() + ": they must match");
        }
        int size = array.size();
        this.devices = devices;
        if (devices.length != size) {
            throw new InvalidInputException(devices.length + " compact devices for an array of " + size);
        }
        this.shape = circuit.pulse();
        this.amplitudeVolt = shape.amplitudeVolt();
        double least = Double.POSITIVE_INFINITY;
        for (CompactDevice device : devices) {
            least = Math.min(least, Math.min(device.vtp(), device.vtn()));
        }
        this.leastThresholdVolt = least;
        this.conductances = new double[size];
        this.rowVolt = new double[array.rows()];
        this.colVolt = new double[array.cols()];
        this.deviceVolt = new double[size];
        fillConductances();
        this.solver = CrossbarSolver.programming(new CrossbarCircuit(circuit.rows(), circuit.cols(), circuit.wireOhm(),
                circuit.driverOhm(), new Sense.Ideal(), Direction.FORWARD), conductances, options);
    }

    /**
     * Tells {@code observer} (null: nobody) the power of every slot this updater solves (the active ones, on the
     * conductances at the start of the update): an energy count then need not solve them again.
     */
    public void observeSlots(Consumer<ArrayPower> observer) {
        this.observer = observer;
    }

    /**
     * The programming-network solver of this updater, set to the conductances at the start of the last update applied:
     * an observing meter solves the update's other slots on it ({@link UpdateEnergyMeter#observe}).
     */
    CrossbarSolver solver() {
        return solver;
    }

    /** Counters of the nodal solves since construction (one vector per solved slot). */
    public SolveStatistics solverStatistics() {
        return solver.statistics();
    }

    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    @Override
    public void apply(UpdatePulses pulses) {
        PulseUpdater.checkPulses(pulses, array);
        fillConductances();
        solver.setConductances(conductances);
        final long[] rowMasks = pulses.rowMasks();
        final long[] colMasks = pulses.colMasks();
        final byte[] rowSign = pulses.rowSign();
        final byte[] colSign = pulses.colSign();
        final double[] w = array.weights();
        for (UpdatePulses.Phase phase : pulses.phases()) {
            double rowOn = phase.rowVolt(amplitudeVolt);
            double colOn = phase.colVolt(amplitudeVolt);
            for (int s = 0; s < pulses.bl(); s++) {
                boolean anyRow = drive(rowMasks, rowSign, phase.rowSign(), s, rowOn, rowVolt);
                boolean anyCol = drive(colMasks, colSign, phase.colSign(), s, colOn, colVolt);
                if (!anyRow || !anyCol) {
                    continue;
                }
                solver.deviceVoltages(rowVolt, colVolt, deviceVolt);
                if (observer != null) {
                    observer.accept(solver.power());
                }
                for (int d = 0; d < w.length; d++) {
                    if (Math.abs(deviceVolt[d]) <= leastThresholdVolt) {
                        continue; // below every device's thresholds: its pulse map leaves it where it is
                    }
                    double before = w[d];
                    double after = devices[d].unclippedPulse(before, deviceVolt[d], shape);
                    if (after != before) { // the noise scales the step before its clip at the bounds (setWeight)
                        array.setWeight(d, noise.apply(before, after));
                    }
                }
            }
        }
    }

    /**
     * Source voltages of one slot: {@code on} (V) for the lines of sign {@code sign} that pulse in slot {@code s},
     * 0 V for the others; returns whether any line pulses.
     */
    static boolean drive(long[] masks, byte[] signs, int sign, int s, double on, double[] volt) {
        boolean any = false;
        for (int k = 0; k < volt.length; k++) {
            boolean active = signs[k] == sign && (masks[k] >>> s & 1L) != 0;
            volt[k] = active ? on : 0.0;
            any |= active;
        }
        return any;
    }

    /** Read conductance (S) of every device at its current weight. */
    private void fillConductances() {
        double[] w = array.weights();
        for (int d = 0; d < w.length; d++) {
            conductances[d] = conductanceOf.at(w[d]);
        }
    }
}
