package org.xbarspice.behavioral;

/**
 * Energy spent by a crossbar over reads or pulses (J), split as {@link ArrayPower}.
 *
 * @param devices   dissipated in the crosspoint devices
 * @param wires     dissipated in the wire segments
 * @param drivers   dissipated in the drivers' output resistances
 * @param sense     absorbed by the sense inputs
 * @param delivered delivered by the driving sources (the sum of the four others)
 */
public record ArrayEnergy(double devices, double wires, double drivers, double sense, double delivered) {
    /** No energy. */
    public static final ArrayEnergy ZERO = new ArrayEnergy(0, 0, 0, 0, 0);

    /** Dissipated in the array and its drivers: devices + wires + drivers (J). */
    public double array() {
        return devices + wires + drivers;
    }

    /** The mean power of this energy spent over {@code seconds} (s): each part in watts. */
    public ArrayPower per(double seconds) {
        return new ArrayPower(devices / seconds, wires / seconds, drivers / seconds, sense / seconds, delivered / seconds);
    }

    /** This minus {@code other}, part by part (e.g. a counter's growth since a snapshot). */
    public ArrayEnergy minus(ArrayEnergy other) {
        return new ArrayEnergy(devices - other.devices, wires - other.wires, drivers - other.drivers,
                sense - other.sense, delivered - other.delivered);
    }

    /** This energy times {@code factor}, part by part. */
    public ArrayEnergy times(double factor) {
        return new ArrayEnergy(devices * factor, wires * factor, drivers * factor, sense * factor, delivered * factor);
    }

    /** The sum of this and {@code other}, part by part. */
    public ArrayEnergy plus(ArrayEnergy other) {
        return new ArrayEnergy(devices + other.devices, wires + other.wires, drivers + other.drivers,
                sense + other.sense, delivered + other.delivered);
    }
}
