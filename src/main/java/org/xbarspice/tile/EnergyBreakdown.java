package org.xbarspice.tile;

import org.xbarspice.behavioral.ArrayEnergy;

/**
 * Energy of reads or updates of an array with its peripherals (J): the array's own parts from the engines, the
 * peripherals' from a {@link org.xbarspice.device.PeripheryPreset}.
 *
 * @param devices dissipated in the crosspoint devices
 * @param wires   dissipated in the wire segments
 * @param drivers dissipated in the drivers' output resistances
 * @param dac     input conversions
 * @param adc     output conversions
 * @param sense   sense amplifiers: their static power over the read window and the power their inputs absorb
 */
public record EnergyBreakdown(double devices, double wires, double drivers, double dac, double adc, double sense) {
    /** No energy. */
    public static final EnergyBreakdown ZERO = new EnergyBreakdown(0, 0, 0, 0, 0, 0);

    /** The array's part of {@code array}, no peripherals. */
    public static EnergyBreakdown of(ArrayEnergy array) {
        return new EnergyBreakdown(array.devices(), array.wires(), array.drivers(), 0, 0, array.sense());
    }

    /** All parts (J). */
    public double total() {
        return devices + wires + drivers + dac + adc + sense;
    }

    /** The sum of this and {@code other}, part by part. */
    public EnergyBreakdown plus(EnergyBreakdown other) {
        return new EnergyBreakdown(devices + other.devices, wires + other.wires, drivers + other.drivers, dac + other.dac,
                adc + other.adc, sense + other.sense);
    }

    /** Each part divided by {@code count} (e.g. per sample). */
    public EnergyBreakdown per(double count) {
        return new EnergyBreakdown(devices / count, wires / count, drivers / count, dac / count, adc / count, sense / count);
    }
}
