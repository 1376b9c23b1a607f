package org.xbarspice.behavioral;

/**
 * Where the power of one DC state of a crossbar goes (W), from its node voltages ({@link CrossbarPower}).
 *
 * @param devices   dissipated in the crosspoint devices, sum of G V^2
 * @param wires     dissipated in the wire segments, including the segments at the line ends
 * @param drivers   dissipated in the drivers' output resistances
 * @param sense     dissipated in the TIAs' feedback resistors, sum of I^2 R_f over the sensed lines, or an integrator's
 *                  capacitors' charge at the window's end, dumped by the reset (as mean power over t_read; {@code
 *                  IntegratorReadEnergy}); 0 for an ideal sense
 * @param delivered delivered by the driving sources (sum of V I) and the sense op-amps' outputs; equals the sum of the
 *                  four others (energy balance)
 */
public record ArrayPower(double devices, double wires, double drivers, double sense, double delivered) {
    /** No power. */
    public static final ArrayPower ZERO = new ArrayPower(0, 0, 0, 0, 0);

    /** Dissipated in the array and its drivers: devices + wires + drivers (W). */
    public double array() {
        return devices + wires + drivers;
    }

    /** The sum of this and {@code other}, part by part. */
    public ArrayPower plus(ArrayPower other) {
        return new ArrayPower(devices + other.devices, wires + other.wires, drivers + other.drivers,
                sense + other.sense, delivered + other.delivered);
    }

    /** This power times {@code factor}, part by part (e.g. the state of inputs scaled by c has c^2 times the power). */
    public ArrayPower times(double factor) {
        return new ArrayPower(devices * factor, wires * factor, drivers * factor, sense * factor, delivered * factor);
    }

    /** Energy of this power held for {@code seconds} (s): each part in joules. */
    public ArrayEnergy over(double seconds) {
        return new ArrayEnergy(devices * seconds, wires * seconds, drivers * seconds, sense * seconds, delivered * seconds);
    }
}
