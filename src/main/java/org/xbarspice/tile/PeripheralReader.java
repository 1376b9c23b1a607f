package org.xbarspice.tile;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.xbarspice.behavioral.ReadPeripherals;

/**
 * A read of any engine with its {@link ReadPeripherals}: DAC on the inputs -> array -> read noise
 * -> ADC. Noise draws come from the generator passed in, in vector order then line order, so the
 * same seed gives the same result whichever engine reads the array. Not thread-safe.
 */
public final class PeripheralReader implements CrossbarReader {
    private final CrossbarReader array;
    private final ReadPeripherals peripherals;
    private final RandomGenerator rng;

    /**
     * @param array       the array read (ngspice or behavioral)
     * @param peripherals the converters and noise
     * @param rng         generator of the read noise (may be null when the noise is off)
     */
    public PeripheralReader(CrossbarReader array, ReadPeripherals peripherals, RandomGenerator rng) {
        this.array = Objects.requireNonNull(array, "array");
        this.peripherals = Objects.requireNonNull(peripherals, "peripherals");
        if (!peripherals.noise().isOff()) {
            Objects.requireNonNull(rng, "random generator for the read noise");
        }
        this.rng = rng;
    }

    @Override
    public double[][] read(double[][] inputs) {
        double[][] converted = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            converted[k] = inputs[k].clone();
            peripherals.dac().quantizeInPlace(converted[k]);
        }
        double[][] out = array.read(converted);
        for (double[] sensed : out) {
            peripherals.noise().apply(sensed, rng);
            peripherals.adc().quantizeInPlace(sensed);
        }
        return out;
    }

    @Override
    public String engine() {
        return array.engine();
    }
}
