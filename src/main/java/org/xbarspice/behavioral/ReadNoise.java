package org.xbarspice.behavioral;

import java.util.Objects;
import java.util.random.RandomGenerator;

import org.xbarspice.units.Checks;

/**
 * Additive Gaussian read noise on each analog output: {@code y + sigma * outputRange * xi},
 * {@code xi ~ N(0, 1)} drawn from the generator passed in (same seed, same draws, same result).
 *
 * @param sigma       standard deviation relative to the output range (>= 0; 0 = off)
 * @param outputRange the output range the noise is relative to (> 0), e.g. the ADC's I_max in ampere
 */
public record ReadNoise(double sigma, double outputRange) {
    /** No noise. */
    public static final ReadNoise OFF = new ReadNoise(0, 1);

    public ReadNoise {
        Checks.nonNegative("read noise sigma", sigma, "(relative to the output range)");
        Checks.positive("read noise output range", outputRange, "(unit of the output)");
    }

    /** Whether this adds nothing. */
    public boolean isOff() {
        return sigma == 0;
    }

    /** Standard deviation in the unit of the output: sigma * outputRange. */
    public double std() {
        return sigma * outputRange;
    }

    /** Adds noise to every entry of {@code values} in index order; draws nothing when off. */
    public void apply(double[] values, RandomGenerator rng) {
        if (isOff()) {
            return;
        }
        Objects.requireNonNull(rng, "random generator");
        double std = std();
        for (int k = 0; k < values.length; k++) {
            values[k] += std * rng.nextGaussian();
        }
    }
}
