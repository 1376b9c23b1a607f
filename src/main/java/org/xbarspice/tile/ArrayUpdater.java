package org.xbarspice.tile;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The update engine of a tile and of every command: applies stochastic pulse updates to a device array, in place. The
 * implementations are {@link BehavioralUpdater} (plain, exact IR-drop, fast or calibrated) and {@link SpiceUpdater}
 * (ngspice quasi-static or transient). Not thread-safe.
 */
public interface ArrayUpdater {

    /** Applies {@code pulses} to {@code array}; the states carry over to the next update. */
    void update(DeviceArray array, UpdatePulses pulses);

    /** Engine name in result files: {@code transient}, {@code quasi-static} or {@code behavioral}. */
    String engine();

    /** Restarts the updater's own random streams (cycle-to-cycle noise), if it has any. */
    default void reseed(long seed) {
        // no random streams
    }
}
