package org.xbarspice.tile;

import org.xbarspice.behavioral.ArrayEnergy;
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

    /**
     * Does ahead of the next {@link #update} of {@code array} the part of it that depends on the array alone (as the
     * last update left it), so that a thread with nothing else to do can take it; changes no result. Touches the
     * updater's own state only, never the array: other threads may read the array meanwhile. Nothing by default.
     */
    default void prepare(DeviceArray array) {
    }

    /** Engine name in result files: {@code transient}, {@code quasi-static} or {@code behavioral}. */
    String engine();

    /**
     * Counts the array energy of the updates from now on (on) or stops (off): every slot in which any line fires, on
     * the conductances at the start of each update (ngspice transient: the simulated waveforms). Off by default.
     */
    void trackEnergy(boolean on);

    /** The array energy of the updates counted so far (J). */
    ArrayEnergy energy();

    /**
     * Sets {@link #energy()} to {@code counted}, as it was when a checkpoint within an epoch took it: the updates after
     * it count on from the same sum (each update's energy is the difference of two sums, so its rounding goes on too).
     */
    default void restoreEnergy(ArrayEnergy counted) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not restore its energy");
    }

    /**
     * Whether the next update is one of the updater's spot checks against the exact model, which then checks its energy
     * too when energy is counted: a tile that counts only some updates' energy counts this one.
     */
    default boolean checksNext() {
        return false;
    }

    /**
     * Drops what the updater keeps from the updates before: its caches, and with {@code counts} the energy counted so
     * far ({@link #energy()} starts again at zero) and the spot checks' figures; their schedule goes on.
     */
    void restart(boolean counts);

    /** Restarts the updater's own random streams (cycle-to-cycle noise), if it has any. */
    default void reseed(long seed) {
        // no random streams
    }
}
