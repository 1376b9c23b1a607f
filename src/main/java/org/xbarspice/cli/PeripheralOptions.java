package org.xbarspice.cli;

import org.xbarspice.tile.ReadOptions;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Option;

/** Flags of the read peripherals: DAC and ADC resolution, output range, read noise. All off by default. */
final class PeripheralOptions {
    /** Largest read noise (std relative to I_max): noise as large as the full-scale current. */
    static final double MAX_READ_NOISE = 1;

    @Option(names = "--dac-bits", paramLabel = "B", description = "Quantise inputs with a B-bit DAC over +-V_read (2..31). Default: off.")
    Integer dacBits;

    @Option(names = "--adc-bits", paramLabel = "B", description = "Quantise sensed currents with a B-bit ADC over +-I_max (2..31). Default: off.")
    Integer adcBits;

    @Option(names = "--i-max", paramLabel = "A", description = "Output range I_max (A): ADC full scale and reference of the read noise.")
    Double maxAmpere;

    @Option(names = "--read-noise", paramLabel = "SIGMA",
            description = "Additive Gaussian read noise, std = SIGMA * I_max (0..1), drawn from the seed (same draws for "
                    + "every engine). Default: off.")
    Double readNoise;

    /**
     * The peripherals in the normalised units of {@link org.xbarspice.tile.ArrayRead}: the DAC's full scale is V_read, the ADC's and the
     * noise's I_max.
     */
    ReadOptions peripherals() {
        // each value's own range first: a bad one is the problem to name, not the flag it needs
        if (dacBits != null) {
            Checks.converterBits("--dac-bits", dacBits);
        }
        if (adcBits != null) {
            Checks.converterBits("--adc-bits", adcBits);
        }
        if (readNoise != null) {
            Checks.inRange("--read-noise", readNoise, 0, MAX_READ_NOISE, "(fraction of I_max)");
        }
        if (maxAmpere != null) {
            Checks.positive("output range --i-max", maxAmpere, "A");
        }
        boolean noise = readNoise != null && readNoise > 0; // --read-noise 0 is off, as the default
        if ((adcBits != null || noise) && maxAmpere == null) {
            boolean both = adcBits != null && noise;
            String given = both ? "--adc-bits " + adcBits + " and --read-noise " + readNoise
                    : adcBits != null ? "--adc-bits " + adcBits : "--read-noise " + readNoise;
            throw new InvalidInputException(given + (both ? " need" : " needs") + " the output range, the full scale "
                    + (both ? "they refer" : "it refers") + " to: add --i-max AMPERE");
        }
        if (maxAmpere != null && adcBits == null && !noise) {
            throw new InvalidInputException("--i-max " + maxAmpere + " has no effect without --adc-bits or --read-noise "
                    + "above 0: it is their full scale; drop --i-max or add one of them");
        }
        return new ReadOptions(dacBits == null ? 0 : dacBits, adcBits == null ? 0 : adcBits,
                readNoise == null ? 0 : readNoise, adcBits == null ? Double.POSITIVE_INFINITY : 1, false, false, 0);
    }

    /** The full-scale current I_max (A), 1 A when none is given (then nothing depends on it). */
    double fullScaleAmpere() {
        return maxAmpere == null ? 1 : maxAmpere;
    }
}
