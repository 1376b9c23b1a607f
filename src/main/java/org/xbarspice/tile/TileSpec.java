package org.xbarspice.tile;

import java.util.Objects;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.Checks;

/**
 * Everything a {@link PulsedTile} (behavioral or SPICE) needs besides its size and seed.
 *
 * @param device           the device model the crosspoints are sampled from (weight units)
 * @param conductance      conductance range of one device (S); used by circuit reads and IR-drop-aware updates
 * @param read             read peripherals
 * @param bl               pulse slots per stochastic update, 1..{@value UpdatePulses#MAX_BL}
 * @param updateManagement rescale the row and column pulse probabilities by sqrt(max|d| / max|x|) (PHYSICS.md 2)
 * @param blManagement     shorten each update's trains to ceil(lr max|x| max|d| / dwMin) slots, at most bl
 *                         (aihwkit's {@code update_bl_management}, see {@link org.xbarspice.netlist.PulseTrainDrawer}); needs
 *                         updateManagement
 * @param driverOhm        output resistance of every row and column driver (ohm), in reads and updates, >= 0
 * @param compact          thresholds and nominal pulse of the compact device (a preset's {@code spice} section): the
 *                         pulse of the V/2 update and how a device responds to the voltage the wires leave it
 * @param irDrop           how a behavioral tile solves the IR drop of wires and drivers (exact, fast or calibrated)
 * @param position         a calibrated preset's position model, or null: with it, the devices' compact models take its
 *                         full-pulse steps in every update through wires or drivers ({@code UpdateCircuit#compactDevices}),
 *                         and the calibrated mode updates with it
 * @param updateWireOhm    wire resistance per segment of the update circuit (ohm), >= 0: the reads' ({@code
 *                         read.wireOhm()}) unless a study takes the wires out of one of the two
 */
public record TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl,
                       boolean updateManagement, boolean blManagement, double driverOhm, CompactSpec compact,
                       IrDrop irDrop, PositionModel position, double updateWireOhm) {
    /** aihwkit's default {@code desired_bl}. */
    public static final int AIHWKIT_BL = 31;
    /** Conductance range used when none is given (S): 1 to 10 uS, as the bundled presets. */
    public static final ConductanceRange DEFAULT_CONDUCTANCE = new ConductanceRange(1e-6, 1e-5);
    /** Compact device used when none is given: the bundled presets' (thresholds 0.8 V, 1.2 V pulses of 10 ns, 1 ns edges). */
    public static final CompactSpec DEFAULT_COMPACT = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));

    public TileSpec {
        Objects.requireNonNull(device, "device model");
        Objects.requireNonNull(read, "read options (use ReadOptions.ideal())");
        if (conductance == null) {
            conductance = DEFAULT_CONDUCTANCE;
        }
        Checks.inRange("bl", bl, 1, UpdatePulses.MAX_BL);
        Checks.nonNegative("driverOhm", driverOhm, "ohm");
        PulseTrainDrawer.requireUpdateManagement(updateManagement, blManagement);
        if (compact == null) {
            compact = DEFAULT_COMPACT;
        }
        if (irDrop == null) {
            irDrop = IrDrop.exact();
        }
        irDrop.requirePositionModel(position);
        Checks.nonNegative("updateWireOhm", updateWireOhm, "ohm");
    }

    /** A spec whose updates have the reads' wires. */
    public TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl, boolean updateManagement,
                    boolean blManagement, double driverOhm, CompactSpec compact, IrDrop irDrop, PositionModel position) {
        this(device, conductance, read, bl, updateManagement, blManagement, driverOhm, compact, irDrop, position,
                read == null ? 0 : read.wireOhm());
    }

    /** A spec without a calibrated position model. */
    public TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl, boolean updateManagement,
                    boolean blManagement, double driverOhm, CompactSpec compact, IrDrop irDrop) {
        this(device, conductance, read, bl, updateManagement, blManagement, driverOhm, compact, irDrop, null);
    }

    /** A spec with ideal drivers, the default compact device and exact IR-drop solves. */
    public TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl,
                    boolean updateManagement, boolean blManagement) {
        this(device, conductance, read, bl, updateManagement, blManagement, 0, DEFAULT_COMPACT, IrDrop.exact(), null);
    }

    /** A spec without BL management (every update uses all bl slots). */
    public TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl,
                    boolean updateManagement) {
        this(device, conductance, read, bl, updateManagement, false);
    }

    /** Exact reads, BL 31, update management on. */
    public static TileSpec ideal(DeviceModel device) {
        return new TileSpec(device, DEFAULT_CONDUCTANCE, ReadOptions.ideal(), AIHWKIT_BL, true);
    }

    /** The same with other read peripherals (the updates with their wires). */
    public TileSpec withRead(ReadOptions other) {
        return new TileSpec(device, conductance, other, bl, updateManagement, blManagement, driverOhm, compact, irDrop, position,
                other.wireOhm());
    }

    /** The same with other update settings: BL slots, update management, BL management. */
    public TileSpec withUpdate(int otherBl, boolean otherUpdateManagement, boolean otherBlManagement) {
        return new TileSpec(device, conductance, read, otherBl, otherUpdateManagement, otherBlManagement, driverOhm, compact,
                irDrop, position, updateWireOhm);
    }

    /**
     * The read circuit of an array of {@code rows} x {@code cols} devices (forward direction): the spec's wires, drivers
     * and sense.
     */
    public CrossbarCircuit readCircuit(int rows, int cols) {
        return new CrossbarCircuit(rows, cols, read.wireOhm(), driverOhm, read.sense(), Direction.FORWARD);
    }

    /**
     * The V/2 programming circuit of an array of {@code rows} x {@code cols} devices: the spec's update wires, drivers and
     * pulse.
     */
    public UpdateCircuit updateCircuit(int rows, int cols) {
        return new UpdateCircuit(rows, cols, updateWireOhm, driverOhm, compact.pulse(), 2 * compact.pulse().durationSecond());
    }
}
