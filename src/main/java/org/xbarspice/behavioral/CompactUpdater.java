package org.xbarspice.behavioral;

import java.util.Objects;

import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/**
 * A pulse updater that moves each coincident device by its compact model at the voltage the circuit leaves it, with
 * cycle-to-cycle noise: the exact slot-by-slot solve ({@link IrDropUpdater}), the line-by-line model
 * ({@link LineUpdater}) or the calibrated position model ({@link PositionUpdater}). Not thread-safe.
 */
public abstract class CompactUpdater {
    /** The array updated in place. */
    final DeviceArray array;
    /** The cycle-to-cycle noise of every change the subclass makes. */
    final CycleToCycleNoise noise;

    /** An updater of {@code array} (updated in place), its noise seeded with {@code seed}. */
    CompactUpdater(DeviceArray array, long seed) {
        this.array = Objects.requireNonNull(array, "device array");
        this.noise = new CycleToCycleNoise(array.model().variability().dwMinStd(), seed);
    }

    /** The array the updater changes. */
    public final DeviceArray array() {
        return array;
    }

    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    public abstract void apply(UpdatePulses pulses);

    /** Restarts the cycle-to-cycle noise from {@code seed}. */
    public final void reseed(long seed) {
        noise.reseed(seed);
    }

    /** Switches the cycle-to-cycle noise off (false) or back on (for comparisons between updaters). */
    public final void setNoise(boolean on) {
        noise.setOn(on);
    }
}
