package org.xbarspice.tile;

import java.util.Objects;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.Checks;

/**
 * Everything a {@link PulsedTile} (behavioral or SPICE) needs besides its size and seed.
 *
 * @param device           the device model the crosspoints are sampled from (weight units)
 * @param conductance      conductance range of one device (S); used only by IR-drop-aware reads
 * @param read             read peripherals
 * @param bl               pulse slots per stochastic update, 1..{@value UpdatePulses#MAX_BL}
 * @param updateManagement rescale the row and column pulse probabilities by sqrt(max|d| / max|x|) (PHYSICS.md 2)
 * @param blManagement     shorten each update's trains to ceil(lr max|x| max|d| / dwMin) slots, at most bl
 *                         (aihwkit's {@code update_bl_management}, see {@link org.xbarspice.netlist.PulseTrainDrawer})
 */
public record TileSpec(DeviceModel device, ConductanceRange conductance, ReadOptions read, int bl,
                       boolean updateManagement, boolean blManagement) {
    /** aihwkit's default {@code desired_bl}. */
    public static final int AIHWKIT_BL = 31;
    /** Conductance range used when none is given (S): 1 to 10 uS, as the bundled presets. */
    public static final ConductanceRange DEFAULT_CONDUCTANCE = new ConductanceRange(1e-6, 1e-5);

    public TileSpec {
        Objects.requireNonNull(device, "device model");
        Objects.requireNonNull(read, "read options (use ReadOptions.ideal())");
        if (conductance == null) {
            conductance = DEFAULT_CONDUCTANCE;
        }
        Checks.inRange("bl", bl, 1, UpdatePulses.MAX_BL);
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

    /** The same with other read peripherals. */
    public TileSpec withRead(ReadOptions other) {
        return new TileSpec(device, conductance, other, bl, updateManagement, blManagement);
    }
}
