package org.xbarspice.cli;

import java.util.SplittableRandom;
import org.xbarspice.behavioral.ReadPeripherals;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.PeripheralReader;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Option;

/** Flags of the read peripherals: DAC and ADC resolution, output range, read noise. All off by default. */
final class PeripheralOptions {
    @Option(names = "--dac-bits", paramLabel = "B", description = "Quantise inputs with a B-bit DAC over +-V_read (2..31). Default: off.")
    Integer dacBits;

    @Option(names = "--adc-bits", paramLabel = "B", description = "Quantise sensed currents with a B-bit ADC over +-I_max (2..31). Default: off.")
    Integer adcBits;

    @Option(names = "--i-max", paramLabel = "A", description = "Output range I_max (A): ADC full scale and reference of the read noise.")
    Double maxAmpere;

    @Option(names = "--read-noise", paramLabel = "SIGMA",
            description = "Additive Gaussian read noise, std = SIGMA * I_max, drawn from the seed (same draws for every engine). Default: off.")
    Double readNoise;

    ReadPeripherals peripherals(double readVolt) {
        ReadPeripherals p = ReadPeripherals.off();
        if (dacBits != null) {
            p = p.withDac(dacBits, readVolt);
        }
        if ((adcBits != null || readNoise != null) && maxAmpere == null) {
            throw new InvalidInputException("--adc-bits and --read-noise need the output range: add --i-max AMPERE");
        }
        if (adcBits != null) {
            p = p.withAdc(adcBits, maxAmpere);
        }
        if (readNoise != null) {
            p = p.withNoise(readNoise, maxAmpere);
        }
        return p;
    }

    /** {@code array} behind the peripherals; the noise generator is seeded with {@code seed}. */
    CrossbarReader wrap(CrossbarReader array, double readVolt, long seed) {
        ReadPeripherals p = peripherals(readVolt);
        return p.isOff() ? array : new PeripheralReader(array, p, new SplittableRandom(seed));
    }
}
