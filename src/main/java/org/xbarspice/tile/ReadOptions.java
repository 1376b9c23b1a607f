package org.xbarspice.tile;

import org.xbarspice.behavioral.UniformQuantizer;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Read peripherals of a {@link PulsedTile}, modelled on the analog matrix-vector product of IBM aihwkit 0.8
 * ({@code IOParameters}; defaults there: {@code inp_res = 1/(2^7-2)}, {@code out_res = 1/(2^9-2)},
 * {@code inp_bound = 1}, {@code out_bound = 12}, {@code out_noise = 0.06}, noise management {@code ABS_MAX}, bound
 * management {@code ITERATIVE}), so that accuracies are comparable. One read of input vector u (forward:
 * {@code u = [x; 1]}, the bias input included; backward: {@code u = d}):
 * <ol>
 * <li>noise management: {@code s = max_i |u_i|} (1 when off); an all-zero input reads 0 without noise;</li>
 * <li>DAC: {@code v_i = Q_in(clip(u_i / (s r), -1, 1))} with {@code Q_in} a {@code dacBits}-bit
 *     {@link org.xbarspice.behavioral.UniformQuantizer} over +-1 (levels k / (2^(b-1) - 1): 7 bits give steps of
 *     1/63, exactly aihwkit's {@code inp_res * 2 * inp_bound}); r = 1 on the first pass;</li>
 * <li>the array: {@code z = W' v} (forward) or {@code W v} (backward), in weight units (with {@code wireOhm > 0}:
 *     through the circuit of the conductance view, see {@link PulsedTile});</li>
 * <li>output noise: {@code z_j += outputNoise * xi_j}, {@code xi ~ N(0, 1)}: the standard deviation is
 *     {@code outputNoise} in the units of z, i.e. {@code outputNoise / outputBound} of the ADC full scale
 *     (0.06 / 12 = 0.5 % for the defaults, as in aihwkit where {@code out_noise} is absolute in these units);</li>
 * <li>ADC: {@code z_j = Q_out(z_j)}, {@code adcBits} bits over +-outputBound (9 bits over +-12: steps of 12/255 =
 *     aihwkit's {@code out_res * 2 * out_bound}), saturating at +-outputBound (the saturation also applies with
 *     the ADC off);</li>
 * <li>bound management (network forward reads only; not on backward reads nor on SHD's transfer reads, as aihwkit): if an
 *     output saturated, the read is repeated with r doubled (fresh noise),
 *     until no output saturates or r exceeds {@code 0.25 (2^(dacBits-1) - 1)} (15.75 for 7 bits; 1000 without a
 *     DAC), as aihwkit's {@code max_bm_res} and {@code max_bm_factor};</li>
 * <li>the result is {@code s r z} (weight units times input units).</li>
 * </ol>
 *
 * @param dacBits         input DAC resolution, 2..31 bits, or 0 for none
 * @param adcBits         output ADC resolution, 2..31 bits, or 0 for none
 * @param outputNoise     standard deviation of the additive output noise in normalised output units (weight units
 *                        for a full-scale input), >= 0
 * @param outputBound     ADC full scale and output saturation (normalised output units),
 *                        {@value #MIN_OUTPUT_BOUND} to {@value #MAX_OUTPUT_BOUND}; may be infinite when the ADC is off
 * @param noiseManagement divide the input by its largest magnitude before the DAC (aihwkit ABS_MAX)
 * @param boundManagement repeat saturated forward reads with halved inputs (aihwkit ITERATIVE)
 * @param wireOhm         wire resistance per crosspoint segment (ohm) of an IR-drop-aware read, 0 = ideal wires
 * @param sense           the sense amplifier of the circuit read: {@link Sense.Ideal} (a virtual ground; the default,
 *                        also for null) or a {@link Sense.Tia} (finite gain, feedback resistor, output clipping), whose
 *                        sensed current {@code -V_out / R_f} is what the ADC converts; any other sense makes the
 *                        product a circuit read even with ideal wires
 */
public record ReadOptions(int dacBits, int adcBits, double outputNoise, double outputBound, boolean noiseManagement,
                          boolean boundManagement, double wireOhm, Sense sense) {
    /** aihwkit's default output bound {@code out_bound} (normalised output units). */
    public static final double AIHWKIT_OUTPUT_BOUND = 12;
    /** aihwkit's default {@code out_noise} (normalised output units). */
    public static final double AIHWKIT_OUTPUT_NOISE = 0.06;
    /**
     * Smallest finite output bound (normalised output units): bound management divides the input by at most 1000, so
     * below this even one full-scale weight times a full-scale input saturates on every repeat.
     */
    public static final double MIN_OUTPUT_BOUND = 1e-3;
    /**
     * Largest finite output bound (normalised output units): a sum of a million full-scale products does not saturate,
     * and a 31-bit ADC still steps by 1e-3 (the full scale / (2^30 - 1)).
     */
    public static final double MAX_OUTPUT_BOUND = 1e6;
    /** Read voltage (V) of a full-scale input in IR-drop-aware reads. */
    public static final double READ_VOLT = 0.2;

    public ReadOptions {
        Checks.converterBitsOrNone("dacBits", dacBits);
        Checks.converterBitsOrNone("adcBits", adcBits);
        Checks.nonNegative("outputNoise", outputNoise, "(normalised output units)");
        if (outputBound != Double.POSITIVE_INFINITY) {
            checkOutputBound(outputBound);
        } else if (adcBits != 0) {
            throw new InvalidInputException("outputBound = " + outputBound + " is not allowed with an ADC (adcBits = " + adcBits
                    + "): give the ADC a finite full scale, e.g. 12");
        }
        Checks.nonNegative("wireOhm", wireOhm, "ohm");
        if (sense == null) {
            sense = new Sense.Ideal();
        }
        if (sense instanceof Sense.Integrator) {
            throw new InvalidInputException("an integrator sense is not available for tile reads (it is a transient per "
                    + "vector): use an ideal or a TIA sense");
        }
    }

    /**
     * Requires a finite output bound of {@value #MIN_OUTPUT_BOUND} to {@value #MAX_OUTPUT_BOUND} normalised output
     * units (config key {@code outputBound}); returns it.
     */
    public static double checkOutputBound(double outputBound) {
        if (!(outputBound >= MIN_OUTPUT_BOUND && outputBound <= MAX_OUTPUT_BOUND)) {
            throw new InvalidInputException("outputBound = " + Checks.readable(outputBound) + " (normalised output units) is "
                    + "out of range: allowed [" + Checks.readable(MIN_OUTPUT_BOUND) + ", " + Checks.readable(MAX_OUTPUT_BOUND)
                    + "]; give the ADC full scale in weight units for a full-scale input, e.g. "
                    + Checks.readable(AIHWKIT_OUTPUT_BOUND) + " (aihwkit's out_bound, the default)");
        }
        return outputBound;
    }

    /** Options with the ideal virtual-ground sense. */
    public ReadOptions(int dacBits, int adcBits, double outputNoise, double outputBound, boolean noiseManagement,
                       boolean boundManagement, double wireOhm) {
        this(dacBits, adcBits, outputNoise, outputBound, noiseManagement, boundManagement, wireOhm, new Sense.Ideal());
    }

    /** Exact reads: no DAC, no noise, no ADC, no saturation, ideal wires. */
    public static ReadOptions ideal() {
        return new ReadOptions(0, 0, 0, Double.POSITIVE_INFINITY, false, false, 0);
    }

    /** aihwkit 0.8's defaults: 7-bit DAC, 9-bit ADC over +-12, output noise 0.06, ABS_MAX and ITERATIVE management. */
    public static ReadOptions aihwkit() {
        return new ReadOptions(7, 9, AIHWKIT_OUTPUT_NOISE, AIHWKIT_OUTPUT_BOUND, true, true, 0);
    }

    /** Whether every read is the exact product (nothing to model). */
    public boolean isIdeal() {
        return dacBits == 0 && adcBits == 0 && outputNoise == 0 && Double.isInfinite(outputBound) && !isCircuitRead();
    }

    /** Whether the product needs the circuit of the conductance view: wires or a non-ideal sense. */
    public boolean isCircuitRead() {
        return wireOhm > 0 || !(sense instanceof Sense.Ideal);
    }

    /** The same with another wire resistance (ohm); 0 turns the IR-drop-aware read off. */
    public ReadOptions withWireOhm(double ohm) {
        return new ReadOptions(dacBits, adcBits, outputNoise, outputBound, noiseManagement, boundManagement, ohm, sense);
    }

    /** The same with another sense amplifier. */
    public ReadOptions withSense(Sense other) {
        return new ReadOptions(dacBits, adcBits, outputNoise, outputBound, noiseManagement, boundManagement, wireOhm, other);
    }
}
