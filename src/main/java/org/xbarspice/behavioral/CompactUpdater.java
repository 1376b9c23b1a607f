package org.xbarspice.behavioral;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/**
 * A pulse updater that moves each coincident device by its compact model at the voltage the circuit leaves it, with
 * cycle-to-cycle noise: the exact slot-by-slot solve ({@link IrDropUpdater}), the line-by-line model
 * ({@link MeanFieldUpdater}) or the calibrated position model ({@link PositionUpdater}). Not thread-safe.
 */
public interface CompactUpdater {
    /** The array the updater changes. */
    DeviceArray array();

    /** Applies {@code pulses} to the array's weights. */
    void apply(UpdatePulses pulses);

    /** Restarts the cycle-to-cycle noise from {@code seed}. */
    void reseed(long seed);

    /** Switches the cycle-to-cycle noise off (false) or back on (for comparisons between updaters). */
    void setNoise(boolean on);
}
