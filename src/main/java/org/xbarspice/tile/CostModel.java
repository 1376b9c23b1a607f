package org.xbarspice.tile;

import java.util.Objects;
import org.xbarspice.behavioral.ArrayEnergy;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.device.PeripheryPreset;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * Energy and latency of reads and updates: the array's power from an engine ({@link CrossbarReader#readPower},
 * the updaters' energy) held over the operation's time, plus the peripherals of a {@link PeripheryPreset}.
 *
 * <p><b>Read</b> of one input vector: the array's power over the read window (the preset's, or the integrator's
 * t_read; an integrator read's power is its window's energy / t_read, {@link IntegratorReadEnergy}); the DAC of every
 * line driven at a voltage other than 0 converts its input ({@code dacBits} conversions of one bit each, none without a
 * DAC; a line at 0 V stays grounded and its DAC does not switch, as NeuroSim counts its row drives for the active rows
 * only); the input register of every line of the driven side takes its {@code dacBits} bits, 0 or not (NeuroSim's
 * flip-flops, {@link PeripheryPreset#inputRegisterEnergyPerBitJoule}, with the DAC's energy); every output
 * the read path quantises is converted once by an ADC of {@code adcBits} (none without an ADC): one per sensed line, but
 * one per pair of a differential pair's columns and none for a tile's reference column, whose currents are subtracted
 * before the ADC ({@link ArrayRead}, {@link PulsedTile}); every sense amplifier (one per sensed line) draws its static
 * power over the window (an integrator's with its reset and input edges). Latency: driver settling + that window + the
 * conversions of the outputs that share one ADC, one after the other.
 *
 * <p><b>Update</b>: the array's energy as the updater counted it (every firing slot). Latency: every slot of every
 * polarity phase of the update, BL x phases x slot period (the pulse trains run slot by slot, whether a line fires or
 * not; with BL management over their BL' slots, {@link UpdatePulses#slotsRun}).
 */
public final class CostModel {
    private final PeripheryPreset preset;

    public CostModel(PeripheryPreset preset) {
        this.preset = Objects.requireNonNull(preset, "periphery preset");
    }

    /** The preset. */
    public PeripheryPreset preset() {
        return preset;
    }

    /** How long the inputs of one read are held (s): an integrator's t_read, else the preset's window. */
    public double readWindow(CrossbarCircuit circuit) {
        return circuit.sense() instanceof Sense.Integrator integrator ? integrator.readSecond() : preset.readWindowSecond();
    }

    /**
     * How long one read occupies the sense amplifiers before its conversions (s): an integrator's whole window (reset,
     * the input's edges and t_read, {@link Sense.Integrator#windowSecond()}), else the preset's window.
     */
    public double senseWindow(CrossbarCircuit circuit) {
        return circuit.sense() instanceof Sense.Integrator integrator ? integrator.windowSecond()
                : preset.readWindowSecond();
    }

    /**
     * What every read of {@code circuit} with these DAC and ADC resolutions (0 = none) costs whatever its array power
     * (the preset's figures looked up once, for the many reads of one circuit), its ADCs converting {@code converted}
     * outputs per read (the circuit's sensed lines, fewer where pairs or a reference column are subtracted first).
     */
    public ReadCost readCost(CrossbarCircuit circuit, int dacBits, int adcBits, int converted) {
        double window = readWindow(circuit);
        double dac = dacBits * preset.dacEnergyPerBitJoule();
        double register = dacBits * preset.inputRegisterEnergyPerBitJoule();
        double adc = adcBits == 0 ? 0 : converted * preset.adcEnergy(adcBits);
        double senseStatic = circuit.sensedLines() * preset.senseStaticWatt() * senseWindow(circuit);
        return new ReadCost(window, dac, register, adc, senseStatic, readSeconds(circuit, adcBits, converted));
    }

    /**
     * The part of a read's cost that does not depend on the array's state ({@link #readCost}).
     *
     * @param windowSecond      how long the inputs are held (s)
     * @param dacJoulePerLine   the energy of one line's DAC converting a value other than 0 (J)
     * @param registerJoulePerLine the energy of one line's input register taking its bits, whatever its value (J)
     * @param adcJoule          the ADCs' energy (J)
     * @param senseStaticJoule  the sense amplifiers' static energy over their window ({@link #senseWindow}, J)
     * @param seconds           the read's latency (s)
     */
    public record ReadCost(double windowSecond, double dacJoulePerLine, double registerJoulePerLine, double adcJoule,
                           double senseStaticJoule, double seconds) {
        /**
         * Energy of one read (J) whose array state has {@code power} (W), of {@code lines} lines on the driven side,
         * {@code activeLines} of them driven at a voltage other than 0 (the DAC part: their conversions and every line's
         * input register).
         */
        public EnergyBreakdown energy(ArrayPower power, int activeLines, int lines) {
            ArrayEnergy array = power.over(windowSecond);
            return new EnergyBreakdown(array.devices(), array.wires(), array.drivers(),
                    activeLines * dacJoulePerLine + lines * registerJoulePerLine, adcJoule,
                    senseStaticJoule + array.sense());
        }

        /** How many of {@code volts}' first {@code count} lines are driven at a voltage other than 0. */
        public static int activeLines(double[] volts, int count) {
            int active = 0;
            for (int k = 0; k < count; k++) {
                active += volts[k] != 0 ? 1 : 0;
            }
            return active;
        }
    }

    /** Latency of one read (s) whose ADCs of {@code adcBits} (0 for none) convert {@code converted} outputs. */
    public double readSeconds(CrossbarCircuit circuit, int adcBits, int converted) {
        double conversions = adcBits == 0 ? 0 : Math.min(converted, preset.columnsPerAdc()) * preset.adcConversionSecond(adcBits);
        return preset.driveSettleSecond() + senseWindow(circuit) + conversions;
    }

    /**
     * Energy of updates whose array energy is {@code array} (J): the array's alone, whatever the preset, whose figures
     * price reads (the update's pulse drivers are in the array energy).
     */
    public static EnergyBreakdown update(ArrayEnergy array) {
        return EnergyBreakdown.of(array);
    }

    /** Latency of one update (s): BL x phases x slot period, BL' with BL management ({@link UpdatePulses#slotsRun}). */
    public static double updateSeconds(UpdatePulses pulses, UpdateCircuit circuit) {
        return updateSeconds(pulses.slotsRun(), pulses.phaseCount(), circuit);
    }

    /** Latency of one update of {@code phases} polarity phases of {@code bl} slots each (s). */
    public static double updateSeconds(int bl, int phases, UpdateCircuit circuit) {
        return (double) bl * phases * circuit.slotSecond();
    }
}
