package org.xbarspice.behavioral;

/** A converter of analog values to discrete levels (DAC on inputs, ADC on sensed outputs), or none. */
public sealed interface Quantizer permits Quantizer.Off, UniformQuantizer {

    /** The value after conversion. */
    double quantize(double value);

    /** Converts every entry of {@code values} in place. */
    default void quantizeInPlace(double[] values) {
        for (int k = 0; k < values.length; k++) {
            values[k] = quantize(values[k]);
        }
    }

    /** Whether this converter leaves values unchanged. */
    default boolean isOff() {
        return false;
    }

    /** No conversion: infinite resolution, no saturation. */
    static Quantizer off() {
        return Off.INSTANCE;
    }

    /** The identity converter. */
    record Off() implements Quantizer {
        static final Off INSTANCE = new Off();

        @Override
        public double quantize(double value) {
            return value;
        }

        @Override
        public void quantizeInPlace(double[] values) {
            // nothing to do
        }

        @Override
        public boolean isOff() {
            return true;
        }
    }
}
