package org.xbarspice.tile;

import java.util.Objects;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.CompactUpdater;
import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.LineUpdater;
import org.xbarspice.behavioral.PositionUpdater;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.behavioral.UpdateEnergyMeter;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.PositionModel;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * The behavioral twin of {@link SpiceUpdater}, used by the behavioral tile and by every command.
 *
 * <ul>
 * <li>When every device sees exactly the nominal pulse (ideal wires and drivers, the compact device's own pulse): a
 *     {@link PulseUpdater}, each coincidence one pulse of that device's step law times its cycle-to-cycle factor.</li>
 * <li>Otherwise every coincident device moves by its compact model at the voltage the circuit leaves it, as in SPICE:
 *     one programming-network solve per pulse slot ({@link IrDropUpdater}, {@link IrDrop.Mode#EXACT}), each active line
 *     solved as a chain ({@link LineUpdater}, {@link IrDrop.Mode#FAST}), or the voltage a calibrated position model
 *     gives each position ({@link PositionUpdater}, {@link IrDrop.Mode#CALIBRATED}). With a calibrated preset's position
 *     model the compact devices take its full-pulse steps where wires or drivers drop the pulse (the circuit applies
 *     the IR drop itself), its array-average steps elsewhere (which hold the calibrated array's IR drop), as in
 *     SPICE.</li>
 * <li>Spot checks (fast and calibrated modes): at the first update and every {@link IrDrop#checkEvery()} updates after
 *     it, so that even a short run is checked, the same pulses are also applied exactly (noise off, from the same
 *     weights) and the per-device step errors accumulate in {@link #checks()}.</li>
 * </ul>
 * The updater binds to the first array it updates and rebinds (fresh noise stream from the last seed) when given
 * another. Not thread-safe.
 */
public final class BehavioralUpdater implements ArrayUpdater {
    private final UpdateCircuit circuit;
    private final ConductanceRange range;
    private final CompactSpec spec;
    private final IrDrop irDrop;
    private final PositionModel position;
    private final boolean compactNeeded;
    private long seed;
    private DeviceArray bound;
    private PulseUpdater plain;
    private CompactUpdater compact;
    private CompactDevice[] compactDevices;
    /**
     * Updates so far in fast and calibrated modes; the first and every {@link IrDrop#checkEvery()}-th after it are
     * checked.
     */
    private long updates;
    private long updateChecks;
    private double maxStepError;
    private double stepErrorSum;
    private double maxStepErrorOfNominal;
    private long devicesChecked;
    private boolean trackEnergy;
    private UpdateEnergyMeter meter;
    private ArrayEnergy energy = ArrayEnergy.ZERO;
    private long updateEnergyChecks;
    private double maxUpdateEnergyError;
    private double maxUpdateWireEnergyError;
    private double maxUpdateDriverEnergyError;

    /**
     * @param circuit  the V/2 programming circuit (wires, drivers, the applied pulse)
     * @param range    conductance range of the devices (S)
     * @param spec     thresholds and nominal pulse of the compact device
     * @param irDrop   how wires and drivers are solved when they matter
     * @param position a calibrated preset's position model, or null (required in calibrated mode)
     * @param seed     seed of the cycle-to-cycle noise
     */
    public BehavioralUpdater(UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, IrDrop irDrop,
                             PositionModel position, long seed) {
        this.circuit = Objects.requireNonNull(circuit, "update circuit");
        this.range = Objects.requireNonNull(range, "conductance range");
        this.spec = Objects.requireNonNull(spec, "compact device");
        this.irDrop = Objects.requireNonNull(irDrop, "IR-drop mode");
        this.position = position;
        this.compactNeeded = circuit.dropsVoltage() || !circuit.pulse().equals(spec.pulse());
        this.seed = seed;
        if (compactNeeded) {
            irDrop.requirePositionModel(position);
            irDrop.requireSolvableDrivers(circuit.driverOhm());
            if (irDrop.mode() == IrDrop.Mode.CALIBRATED) { // refused here, as the tile is built, not at its first update
                position.fractions(circuit.rows(), circuit.cols(), circuit.wireOhm(),
                        Math.max(spec.thresholdUpVolt(), spec.thresholdDownVolt()) / circuit.pulse().amplitudeVolt());
            }
        }
    }

    /** The updater of a tile of {@code rows} x {@code cols} devices built from {@code spec}. */
    public static BehavioralUpdater of(TileSpec spec, int rows, int cols, long seed) {
        return new BehavioralUpdater(spec.updateCircuit(rows, cols), spec.conductance(), spec.compact(), spec.irDrop(),
                spec.position(), seed);
    }

    /** The updater of a preset's devices on {@code circuit}, exact IR drop. */
    public static BehavioralUpdater of(UpdateCircuit circuit, DevicePreset preset, long seed) {
        return new BehavioralUpdater(circuit, preset.conductance(), preset.spice(), IrDrop.exact(), preset.position(), seed);
    }

    /** Whether updates move devices by their compact model at solved voltages (true) or apply nominal pulses (false). */
    public boolean irAware() {
        return compactNeeded;
    }

    @Override
    public void reseed(long seed) {
        this.seed = seed;
        if (plain != null) {
            plain.reseed(seed);
        }
        if (compact != null) {
            compact.reseed(seed);
        }
    }

    /**
     * The next update binds the array anew: its engines (the fast mode's line factors), meters and checkers built again;
     * with {@code counts} the energy and the checks' figures start again. The check schedule goes on ({@link #updates()}).
     */
    @Override
    public void restart(boolean counts) {
        bound = null;
        if (!counts) {
            return;
        }
        energy = ArrayEnergy.ZERO;
        updateChecks = 0;
        maxStepError = 0;
        stepErrorSum = 0;
        maxStepErrorOfNominal = 0;
        devicesChecked = 0;
        updateEnergyChecks = 0;
        maxUpdateEnergyError = 0;
        maxUpdateWireEnergyError = 0;
        maxUpdateDriverEnergyError = 0;
    }

    /** Updates since the construction in the fast and calibrated modes: the check schedule. */
    public long updates() {
        return updates;
    }

    /** Continues the check schedule of an updater that had applied {@code updates} updates ({@link #updates()}). */
    public void resumeSchedule(long updates) {
        if (updates < 0) {
            throw new InvalidInputException("updates must be >= 0, not " + updates);
        }
        this.updates = updates;
    }

    @Override
    public void update(DeviceArray array, UpdatePulses pulses) {
        if (array != bound) {
            bind(array);
        }
        LineUpdater line = compact instanceof LineUpdater fast ? fast : null;
        if (trackEnergy && meter == null && line == null) {
            meter = new UpdateEnergyMeter(circuit, array, range);
            if (compact instanceof IrDropUpdater exact) {
                meter.observe(exact); // its solves of the active slots are the meter's
            }
        }
        UpdateEnergyMeter counting = trackEnergy ? meter : null; // an update it does not see changes the array's version
        if (!compactNeeded) {
            if (counting == null) { // not counted (energy estimated): the meter notes the rows it fires
                long before = array.version();
                plain.apply(pulses);
                if (meter != null) {
                    meter.missed(pulses, before);
                }
            } else if (counting.separatePassCheaper()) { // the few rows fired since the last counted update summed again
                counting.begin(pulses);
                plain.apply(pulses);
                energy = energy.plus(counting.end(pulses));
            } else {
                energy = energy.plus(plain.apply(pulses, counting)); // the closed form counted in the pulse kernel's own pass
            }
            return;
        }
        if (counting != null) {
            counting.begin(pulses);
        }
        if (irDrop.isFast() && updates++ % irDrop.checkEvery() == 0) {
            check(array, pulses);
        }
        compact.apply(pulses);
        if (counting != null) {
            energy = energy.plus(counting.end(pulses));
        } else if (line != null && trackEnergy) {
            energy = energy.plus(line.lastEnergy());
        }
    }

    /** The fast mode's lines that drifted, set ahead ({@link LineUpdater#prepare}); nothing in the other modes. */
    @Override
    public void prepare(DeviceArray array) {
        if (array == bound && compact instanceof LineUpdater line) {
            line.prepare();
        }
    }

    /**
     * Counts the energy of the updates: with ideal wires and drivers the closed form ({@link UpdateEnergyMeter}, inside
     * the pulse kernel when the pulses are nominal); in fast mode the line model ({@link LineUpdater#countEnergy}),
     * checked against the exact solves with the spot checks; else one programming-network solve per firing slot.
     */
    @Override
    public void trackEnergy(boolean on) {
        trackEnergy = on;
        if (meter != null && compact instanceof IrDropUpdater exact) {
            if (on) {
                meter.observe(exact);
            } else {
                exact.observeSlots(null); // no power per solved slot while nothing is counted
            }
        }
        if (compact instanceof LineUpdater line) {
            line.countEnergy(on);
        }
    }

    @Override
    public boolean checksNext() {
        return compactNeeded && irDrop.isFast() && updates % irDrop.checkEvery() == 0;
    }

    @Override
    public ArrayEnergy energy() {
        return energy;
    }

    @Override
    public void restoreEnergy(ArrayEnergy counted) {
        energy = Objects.requireNonNull(counted, "counted");
    }

    private void bind(DeviceArray array) {
        bound = array;
        meter = null;
        if (!compactNeeded) {
            plain = new PulseUpdater(array, seed);
            return;
        }
        compactDevices = circuit.compactDevices(array, spec, position);
        compact = switch (irDrop.mode()) {
            case EXACT -> new IrDropUpdater(array, circuit, range, compactDevices, SolverOptions.defaults(), seed);
            case FAST -> {
                LineUpdater line = new LineUpdater(array, circuit, range, compactDevices, seed);
                line.countEnergy(trackEnergy);
                yield line;
            }
            case CALIBRATED -> new PositionUpdater(array, compactDevices, position, circuit.wireOhm(), circuit.pulse(), seed);
        };
    }

    /**
     * Applies {@code pulses} noise-free exactly, in the approximate model and with ideal wires (the nominal step), each
     * from the current weights, records the per-device step error of the approximate one over every device either
     * update moves (a device the exact update left below threshold was skipped, its fast step unchecked), and restores
     * the weights. The exact update ({@link SolverOptions#spotCheck()}) and its energy meter (the other firing slots,
     * solved on the exact update's solver at {@link SolverOptions#energyCheck()}: a solver of its own took 40-65 ms to
     * build on 393 x 256 and made a check with energy about 1.3x longer, timers in training) are built for the check
     * and dropped after it: kept between checks (every 5000 updates), their nodal solvers and line model per array made
     * 784-1024-10 take 4.06 GB of heap in the fast mode instead of 2.83 GB ({@code bench/HeapUse}).
     */
    private void check(DeviceArray array, UpdatePulses pulses) {
        double[] w = array.weights();
        double[] before = w.clone();
        boolean energyChecked = trackEnergy && compact instanceof LineUpdater;
        IrDropUpdater checker = new IrDropUpdater(array, circuit, range, compactDevices, SolverOptions.spotCheck(), 0);
        checker.setNoise(false);
        UpdateEnergyMeter checkMeter = null;
        if (energyChecked) {
            checkMeter = new UpdateEnergyMeter(circuit, array, range, SolverOptions.energyCheck());
            checkMeter.observe(checker); // the checker's solves of the slots with coincidences are the meter's
            checkMeter.begin(pulses);
        }
        checker.apply(pulses);
        // the other firing slots solved on the weights before the update
        ArrayEnergy exactEnergy = energyChecked ? checkMeter.end(pulses) : null;
        double[] exactAfter = w.clone();
        restore(array, before);
        compact.setNoise(false);
        compact.apply(pulses);
        compact.setNoise(true);
        double[] fastAfter = w.clone();
        restore(array, before);
        PositionUpdater.nominal(array, compactDevices, circuit.pulse()).apply(pulses);
        double[] nominalAfter = w.clone();
        restore(array, before);
        if (energyChecked) {
            checkEnergy(((LineUpdater) compact).lastEnergy(), exactEnergy);
        }
        for (int d = 0; d < w.length; d++) {
            double exactStep = exactAfter[d] - before[d];
            double fastStep = fastAfter[d] - before[d];
            boolean clipped = exactAfter[d] == array.wMax(d) || exactAfter[d] == array.wMin(d);
            if ((exactStep == 0 && fastStep == 0) || clipped) {
                continue;
            }
            double difference = Math.abs(fastStep - exactStep);
            // a step the exact update does not take (its device below threshold there) is all error, as a missed one
            double error = exactStep == 0 ? 1 : difference / Math.abs(exactStep);
            maxStepError = Math.max(maxStepError, error);
            double nominalStep = nominalAfter[d] - before[d];
            if (nominalStep != 0) {
                maxStepErrorOfNominal = Math.max(maxStepErrorOfNominal, difference / Math.abs(nominalStep));
            }
            stepErrorSum += error;
            devicesChecked++;
        }
        updateChecks++;
    }

    /** Keeps the errors of the line model's update energy {@code fast} against the exact solves' {@code exact} (J). */
    private void checkEnergy(ArrayEnergy fast, ArrayEnergy exact) {
        double worst = Math.max(Math.max(Math.abs(fast.devices() - exact.devices()), Math.abs(fast.wires() - exact.wires())),
                Math.max(Math.abs(fast.drivers() - exact.drivers()), Math.abs(fast.delivered() - exact.delivered())));
        if (exact.delivered() > 0) {
            maxUpdateEnergyError = Math.max(maxUpdateEnergyError, worst / exact.delivered());
        }
        if (exact.wires() > 0) {
            maxUpdateWireEnergyError = Math.max(maxUpdateWireEnergyError, Math.abs(fast.wires() - exact.wires()) / exact.wires());
        }
        if (exact.drivers() > 0) {
            maxUpdateDriverEnergyError = Math.max(maxUpdateDriverEnergyError,
                    Math.abs(fast.drivers() - exact.drivers()) / exact.drivers());
        }
        updateEnergyChecks++;
    }

    private static void restore(DeviceArray array, double[] weights) {
        for (int d = 0; d < weights.length; d++) {
            array.setWeight(d, weights[d]);
        }
    }

    /** The sum of the checked devices' step errors behind {@link #checks()}' mean. */
    public double stepErrorSum() {
        return stepErrorSum;
    }

    /**
     * Continues the update spot checks of {@code checks} (their update fields), {@code stepErrorSum} the sum behind
     * their mean ({@link #stepErrorSum()}).
     */
    public void restoreChecks(IrDropCheck checks, double stepErrorSum) {
        updateChecks = checks.updates();
        maxStepError = checks.maxStepError();
        this.stepErrorSum = stepErrorSum;
        maxStepErrorOfNominal = checks.maxStepErrorOfNominal();
        devicesChecked = checks.devicesChecked();
        updateEnergyChecks = checks.updateEnergyChecks();
        maxUpdateEnergyError = checks.maxUpdateEnergyError();
        maxUpdateWireEnergyError = checks.maxUpdateWireEnergyError();
        maxUpdateDriverEnergyError = checks.maxUpdateDriverEnergyError();
    }

    /** The update spot checks so far (the read fields are 0; {@link IrDropCheck#NONE} in exact mode). */
    public IrDropCheck checks() {
        return new IrDropCheck(0, 0, 0, updateChecks, maxStepError, devicesChecked == 0 ? 0 : stepErrorSum / devicesChecked,
                maxStepErrorOfNominal, devicesChecked, 0, 0, 0, 0, 0, 0, updateEnergyChecks, maxUpdateEnergyError,
                maxUpdateWireEnergyError, maxUpdateDriverEnergyError);
    }

    @Override
    public String engine() {
        return CrossbarReader.BEHAVIORAL;
    }
}
