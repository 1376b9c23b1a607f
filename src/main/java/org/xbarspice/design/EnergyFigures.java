package org.xbarspice.design;

/**
 * The array's energy and the latency of a design point's operations (the peripherals' conversions are not included:
 * a design point has no DAC or ADC resolution), over the read window and ADC sharing of the default periphery preset.
 *
 * @param readEnergyJoule     array energy of one forward read (devices, wires, drivers), mean of the random vectors (J)
 * @param readWiresPercent    the wires' share of it (%)
 * @param readDriversPercent  the drivers' share of it (%)
 * @param readLatencySecond   one read: settling, window and the 8-bit conversions of the columns that share an ADC (s)
 * @param updateEnergyJoule   array energy of the full potentiating update (every row and column fires once) (J)
 * @param updateWiresPercent  the wires' share of it (%)
 * @param updateDriversPercent the drivers' share of it (%)
 * @param updateLatencySecond one slot of the full update (s)
 */
public record EnergyFigures(double readEnergyJoule, double readWiresPercent, double readDriversPercent,
                            double readLatencySecond, double updateEnergyJoule, double updateWiresPercent,
                            double updateDriversPercent, double updateLatencySecond) {
}
