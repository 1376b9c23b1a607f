package org.xbarspice.netlist;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.PulseShape;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * The circuit of a pulsed update: the crossbar of {@link CrossbarCircuit} (same wires and node names)
 * with every row and column driven through {@code driverOhm} by a V/2-scheme pulse source.
 *
 * @param rows       N, 1..512
 * @param cols       M, 1..512
 * @param wireOhm    resistance of one wire segment (ohm), 0 for ideal wires, else 1e-9..1e6
 * @param driverOhm  output resistance of each driver (ohm), 0 for ideal drivers, else 1e-9..1e6
 * @param pulse      the pulse across a selected device: rows swing +-Vp/2, columns -+Vp/2
 * @param slotSecond period of the pulse slots (s), at least the pulse duration and at most {@value #MAX_SLOT_PULSES}
 *                   of it, to 15 digits ({@link Checks#rounded}); one equal to the pulse to them becomes the pulse's
 */
public record UpdateCircuit(int rows, int cols, double wireOhm, double driverOhm, PulseShape pulse, double slotSecond) {
    /**
     * Longest slot period, in pulse durations (a duty cycle of 1 %): a longer slot changes only the latency (the devices
     * do not move between pulses), while the transient steps through its idle time as finely as through the pulse (4 x 4,
     * 12 ns pulses: 0.31 s at 2, 2.0 s at 100, 15.7 s at 1000 durations; 1e6 s would take some 1e12 s).
     */
    public static final int MAX_SLOT_PULSES = 100;

    public UpdateCircuit {
        CrossbarCircuit.checkArray(rows, cols, wireOhm, driverOhm);
        if (pulse == null) {
            throw new InvalidInputException("the update pulse is missing: give the programming pulse across a selected device "
                    + "(a device preset's spice.pulse, {\"amplitudeVolt\", \"widthSecond\", \"edgeSecond\"})");
        }
        Checks.positive("slot period (--slot)", slotSecond, "s");
        double pulseSecond = pulse.durationSecond();
        if (Checks.rounded(slotSecond) < Checks.rounded(pulseSecond)) {
            throw new InvalidInputException("slot period (--slot) " + Checks.readable(slotSecond) + " s is shorter "
                    + "than the pulse (rise + width + fall = " + Checks.readable(pulseSecond) + " s): use --slot >= "
                    + Checks.readable(pulseSecond) + " s, or leave it out (twice the pulse)");
        }
        // as long as the pulse but for the rounding of rise + width + fall: the pulse's own, lest slots overlap
        slotSecond = Math.max(slotSecond, pulseSecond);
        double longest = MAX_SLOT_PULSES * pulseSecond;
        if (Checks.rounded(slotSecond) > Checks.rounded(longest)) {
            throw new InvalidInputException("slot period (--slot) " + Checks.readable(slotSecond) + " s is longer than "
                    + MAX_SLOT_PULSES + " pulses (rise + width + fall = " + Checks.readable(pulseSecond) + " s): a "
                    + "longer slot changes only the latency, and the transient steps through it as finely as through "
                    + "the pulse; use --slot <= " + Checks.readable(longest) + " s, or leave it out (twice the pulse)");
        }
    }

    /** Whether wires or drivers leave a selected device less than the applied pulse (some resistance in the circuit). */
    public boolean dropsVoltage() {
        return wireOhm > 0 || driverOhm > 0;
    }

    /**
     * The compact device of every crosspoint of {@code array} as the updaters on this circuit take them, SPICE and
     * behavioral alike: with a calibrated preset's {@code position} model (null for none) its full-pulse steps where the
     * circuit drops the pulse (it applies the IR drop itself), else its array-average steps, which hold the calibrated
     * array's IR drop ({@link CompactDevice#of(DeviceArray, CompactSpec, PositionModel)}).
     */
    public CompactDevice[] compactDevices(DeviceArray array, CompactSpec spec, PositionModel position) {
        return CompactDevice.of(array, spec, dropsVoltage() ? position : null);
    }

    /** Start of global slot g (s): pulses sit in the middle of their slot. */
    public double slotStart(int g) {
        return g * slotSecond + (slotSecond - pulse.durationSecond()) / 2;
    }
}
