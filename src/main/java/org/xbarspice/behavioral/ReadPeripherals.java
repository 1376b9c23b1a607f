package org.xbarspice.behavioral;

import java.util.Objects;

/**
 * Peripheral non-idealities of a read, applied in this order by {@code tile.PeripheralReader}: DAC on the
 * input voltages, the array (with its IR drop and sense amplifiers), additive read noise on the analog
 * output current, ADC on the noisy current. Everything is off by default ({@link #off()}).
 *
 * @param dac   input converter, range +-V_read (volt); {@link Quantizer#off()} for none
 * @param noise read noise on each sensed current; {@link ReadNoise#OFF} for none
 * @param adc   output converter, range +-I_max (ampere); {@link Quantizer#off()} for none
 */
public record ReadPeripherals(Quantizer dac, ReadNoise noise, Quantizer adc) {
    public ReadPeripherals {
        Objects.requireNonNull(dac, "dac (use Quantizer.off())");
        Objects.requireNonNull(noise, "noise (use ReadNoise.OFF)");
        Objects.requireNonNull(adc, "adc (use Quantizer.off())");
    }

    /** No DAC, no noise, no ADC. */
    public static ReadPeripherals off() {
        return new ReadPeripherals(Quantizer.off(), ReadNoise.OFF, Quantizer.off());
    }

    /** Whether all three stages are off. */
    public boolean isOff() {
        return dac.isOff() && noise.isOff() && adc.isOff();
    }

    /** The same with a {@code bits}-bit DAC over +-{@code readVolt}. */
    public ReadPeripherals withDac(int bits, double readVolt) {
        return new ReadPeripherals(new UniformQuantizer(bits, readVolt), noise, adc);
    }

    /** The same with a {@code bits}-bit ADC over +-{@code maxAmpere}. */
    public ReadPeripherals withAdc(int bits, double maxAmpere) {
        return new ReadPeripherals(dac, noise, new UniformQuantizer(bits, maxAmpere));
    }

    /** The same with read noise of std {@code sigma * outputRange} (ampere). */
    public ReadPeripherals withNoise(double sigma, double outputRange) {
        return new ReadPeripherals(dac, new ReadNoise(sigma, outputRange), adc);
    }
}
