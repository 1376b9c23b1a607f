package org.xbarspice.device;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Energy and latency of the peripherals around an array, at a named technology node, as data that cites its sources
 * ({@code device-models/periphery/<id>.json}, loaded by {@link PeripheryPresets}).
 *
 * @param id                   preset id
 * @param technologyNode       e.g. {@code 32 nm}
 * @param description          what the peripherals are
 * @param sources              the publications the figures come from
 * @param readWindowSecond     how long the drivers hold the inputs of a DC read (ideal or TIA sense) (s), > 0; an
 *                             integrator read lasts its own t_read
 * @param driveSettleSecond    settling of the drivers before the window (s), >= 0
 * @param dacEnergyPerBitJoule energy of one line driven at a voltage other than 0, per input bit (J), >= 0: a b-bit
 *                             input costs b of them (a line at 0 V none, {@link org.xbarspice.tile.CostModel})
 * @param inputRegisterEnergyPerBitJoule energy of the input register of every line of the driven side, per input bit
 *                             (J), >= 0, whether the line's input is 0 or not (NeuroSim's flip-flops, which shift every
 *                             row's bit); optional in a preset file, 0 where the source has none
 * @param adcEnergyJoule       energy of one conversion (J) by resolution (bits), >= 0
 * @param adcConversionSecond  time of one conversion (s), > 0: at every resolution not in {@code adcConversionSecondByBits}
 * @param adcConversionSecondByBits time of one conversion (s) by resolution (bits), > 0, where the source gives it (a SAR
 *                             ADC takes a clock cycle per bit); optional
 * @param columnsPerAdc        outputs of a read that share one ADC (converted one after the other), >= 1
 * @param senseStaticWatt      static power of one sense amplifier over the read window (W), >= 0
 * @param notes                how the figures were derived
 */
public record PeripheryPreset(String id, String technologyNode, String description, List<String> sources,
                              double readWindowSecond, double driveSettleSecond, double dacEnergyPerBitJoule,
                              double inputRegisterEnergyPerBitJoule, Map<Integer, Double> adcEnergyJoule,
                              double adcConversionSecond,
                              Map<Integer, Double> adcConversionSecondByBits, int columnsPerAdc, double senseStaticWatt,
                              String notes) {
    public PeripheryPreset {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("\"id\" is missing: give the preset a name (\"id\": \"my-periphery\"); the "
                    + "reports name the periphery by it");
        }
        if (sources == null || sources.isEmpty()) {
            throw new InvalidInputException("periphery preset '" + id + "': sources is missing: cite where the figures come from");
        }
        sources = List.copyOf(sources);
        // bounds far beyond any periphery, within which the reports' sums stay finite (a window of 1e300 s printed a
        // latency of Infinity ns)
        Checks.positiveAtMost("readWindowSecond", readWindowSecond, MAX_SECOND, "s");
        Checks.inRange("driveSettleSecond", driveSettleSecond, 0, MAX_SECOND, "s");
        Checks.inRange("dacEnergyPerBitJoule", dacEnergyPerBitJoule, 0, MAX_JOULE, "J");
        Checks.inRange("inputRegisterEnergyPerBitJoule", inputRegisterEnergyPerBitJoule, 0, MAX_JOULE, "J");
        if (adcEnergyJoule == null || adcEnergyJoule.isEmpty()) {
            throw new InvalidInputException("periphery preset '" + id + "': adcEnergyJoule is missing: give the energy of one "
                    + "conversion by resolution, e.g. {\"8\": 1.67e-12}");
        }
        adcEnergyJoule = new TreeMap<>(adcEnergyJoule);
        adcEnergyJoule.forEach((bits, joule) -> Checks.inRange(byBits("adcEnergyJoule", bits, joule), joule, 0, MAX_JOULE,
                "J"));
        Checks.positiveAtMost("adcConversionSecond", adcConversionSecond, MAX_SECOND, "s");
        adcConversionSecondByBits = adcConversionSecondByBits == null ? Map.of() : new TreeMap<>(adcConversionSecondByBits);
        adcConversionSecondByBits.forEach((bits, second) ->
                Checks.positiveAtMost(byBits("adcConversionSecondByBits", bits, second), second, MAX_SECOND, "s"));
        Checks.inRange("columnsPerAdc", columnsPerAdc, 1, 1 << 20);
        Checks.inRange("senseStaticWatt", senseStaticWatt, 0, MAX_WATT, "W");
    }

    /** Largest time of a preset (s): the integrator's longest read window too. */
    static final double MAX_SECOND = 1e3;
    /** Largest energy of one DAC bit or one ADC conversion (J). */
    static final double MAX_JOULE = 1;
    /** Largest static power of a sense amplifier (W). */
    static final double MAX_WATT = 1e3;

    /**
     * The name of the entry {@code bits} of the resolution map {@code key}, checked: a resolution --adc-bits can select
     * (2 to 31 bits) and a number.
     */
    private static String byBits(String key, int bits, Double value) {
        String name = key + "." + bits;
        if (bits < Checks.MIN_CONVERTER_BITS || bits > Checks.MAX_CONVERTER_BITS) {
            throw new InvalidInputException(name + ": " + bits + " bits is no ADC resolution: use "
                    + Checks.MIN_CONVERTER_BITS + " to " + Checks.MAX_CONVERTER_BITS);
        }
        if (value == null) {
            throw new InvalidInputException(name + " is null: give a number");
        }
        return name;
    }

    /**
     * Energy of one conversion at {@code bits} of resolution (J): the preset's figure for those bits.
     *
     * @throws InvalidInputException when the preset has no figure for them
     */
    public double adcEnergy(int bits) {
        requireAdcBits(bits, "periphery preset '" + id + "'");
        return adcEnergyJoule.get(bits);
    }

    /**
     * Requires the energy of a conversion at {@code bits} (0: no ADC, nothing required).
     *
     * @param named the preset as the message names it (its id, or the file it was read from)
     * @throws InvalidInputException when the preset has no figure for them
     */
    public void requireAdcBits(int bits, String named) {
        if (bits > 0 && !adcEnergyJoule.containsKey(bits)) {
            throw new InvalidInputException(named + " has no ADC energy for " + bits + " bits (it has "
                    + adcEnergyJoule.keySet() + "): use --adc-bits among those, or a preset with that resolution");
        }
    }

    /** Time of one conversion at {@code bits} of resolution (s): the preset's figure for those bits, else its default. */
    public double adcConversionSecond(int bits) {
        return adcConversionSecondByBits.getOrDefault(bits, adcConversionSecond);
    }
}
