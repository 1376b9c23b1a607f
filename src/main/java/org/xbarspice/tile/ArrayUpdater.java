package org.xbarspice.tile;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/** Applies stochastic pulse updates to a device array, in place; SPICE and behavioral engines implement it. */
public interface ArrayUpdater {

    /** Applies {@code pulses} to {@code array}; the states carry over to the next update. */
    void update(DeviceArray array, UpdatePulses pulses);

    /** Engine name in result files: {@code transient}, {@code quasi-static} or {@code behavioral}. */
    String engine();
}
