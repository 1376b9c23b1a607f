package org.xbarspice.behavioral;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A {@link CrossbarSolver} with its {@link ReadPeripherals}: DAC -> array -> read noise -> ADC.
 * Noise draws come from the generator passed in, in vector order then line order, so the same seed
 * gives the same result. Not thread-safe (the reader and the generator are not).
 */
public final class PeripheralReader {
    private final CrossbarSolver reader;
    private final ReadPeripherals peripherals;
    private final RandomGenerator rng;
    private final double[] converted;

    /**
     * @param reader      the array read
     * @param peripherals the converters and noise
     * @param rng         generator of the read noise (may be null when the noise is off)
     */
    public PeripheralReader(CrossbarSolver reader, ReadPeripherals peripherals, RandomGenerator rng) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.peripherals = Objects.requireNonNull(peripherals, "peripherals");
        if (!peripherals.noise().isOff()) {
            Objects.requireNonNull(rng, "random generator for the read noise");
        }
        this.rng = rng;
        this.converted = new double[reader.circuit().drivenLines()];
    }

    /** The array read. */
    public CrossbarSolver reader() {
        return reader;
    }

    /** The peripherals. */
    public ReadPeripherals peripherals() {
        return peripherals;
    }

    /** Reads K input vectors (K x drivenLines, volt) into K x sensedLines output values (ampere). */
    public double[][] read(double[][] inputs) {
        Objects.requireNonNull(inputs, "inputs");
        double[][] out = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            out[k] = read(inputs[k]);
        }
        return out;
    }

    /** Reads one input vector (volt) into the output values (ampere). */
    public double[] read(double[] input) {
        Objects.requireNonNull(input, "input");
        if (input.length != converted.length) {
            // let the reader produce its descriptive error
            return reader.read(input);
        }
        System.arraycopy(input, 0, converted, 0, converted.length);
        peripherals.dac().quantizeInPlace(converted);
        double[] out = reader.read(converted);
        peripherals.noise().apply(out, rng);
        peripherals.adc().quantizeInPlace(out);
        return out;
    }
}
