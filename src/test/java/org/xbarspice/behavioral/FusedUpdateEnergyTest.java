package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * The update energy counted inside the pulse kernel ({@link PulseUpdater#apply(UpdatePulses, UpdateEnergyMeter)}, ideal
 * wires) against the meter's separate pass ({@link UpdateEnergyMeter#begin}/{@link UpdateEnergyMeter#end}) and against
 * the sum over every firing slot and device from the weights before each update, over a run of updates (the kept row
 * and column sums), with weights programmed between some of them; and the pulses it applies are those of
 * {@link PulseUpdater#apply(UpdatePulses)}, bit for bit.
 */
class FusedUpdateEnergyTest {
    private static final DevicePreset PRESET = DevicePresets.load("onen-softbounds");
    private static final int ROWS = 23;
    private static final int COLS = 17;
    private static final int UPDATES = 400;

    /**
     * The preset's devices with aihwkit's 30 % spread of the bounds, weights uniform in [-0.8, 0.8] but for the devices
     * whose lower bound lies below -1.3, which sit at it: below the weight of 0 S (-1.22 here), where their conductance
     * is 0 in every engine.
     */
    private static DeviceArray array() {
        DeviceArray array = DeviceArray.sample(PRESET.model().withVariability(new Variability(0, 0, 0.3, 0)), ROWS, COLS, 7);
        SplittableRandom rng = new SplittableRandom(3);
        int atZero = 0;
        for (int k = 0; k < array.size(); k++) {
            boolean wide = array.wMin(k) < -1.3;
            array.setWeight(k, wide ? array.wMin(k) : 0.8 * (2 * rng.nextDouble() - 1));
            atZero += wide ? 1 : 0;
        }
        assertTrue(atZero > 10, atZero + " devices at 0 S");
        return array;
    }

    /** The arrays' update circuit: ideal wires and drivers, slots of twice the pulse. */
    private static UpdateCircuit circuit() {
        return new UpdateCircuit(ROWS, COLS, 0, 0, PRESET.spice().pulse(), 2 * PRESET.spice().pulse().durationSecond());
    }

    /** Inputs of which some are 0 (lines that do not fire) and of both signs. */
    private static double[] inputs(int n, SplittableRandom rng) {
        return inputs(n, rng, 0.3);
    }

    /** {@code n} inputs, each 0 with probability {@code zeros}, else uniform in [-1, 1]. */
    private static double[] inputs(int n, SplittableRandom rng, double zeros) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rng.nextDouble() < zeros ? 0 : 2 * rng.nextDouble() - 1;
        }
        return v;
    }

    /** The energy of {@code pulses} on the weights of {@code array} now, summed over every firing slot and device (J). */
    private static double everySlot(UpdateCircuit circuit, DeviceArray array, UpdatePulses pulses) {
        double vp = circuit.pulse().amplitudeVolt();
        double sum = 0;
        for (UpdatePulses.Slot slot : pulses.firingSlots()) {
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLS; j++) {
                    int d = i * COLS + j;
                    double g = UpdateEnergyMeterTest.readConductance(array, PRESET.conductance(), d);
                    double v = pulses.rowVolt(slot, i, vp) - pulses.colVolt(slot, j, vp);
                    sum += g * v * v;
                }
            }
        }
        return sum * circuit.pulse().energySecond();
    }

    @Test
    void theKernelCountsWhatTheSeparatePassAndEverySlotCount() {
        UpdateCircuit circuit = circuit();
        DeviceArray fusedArray = array();
        DeviceArray separateArray = array();
        UpdateEnergyMeter fusedMeter = new UpdateEnergyMeter(circuit, fusedArray, PRESET.conductance());
        UpdateEnergyMeter separateMeter = new UpdateEnergyMeter(circuit, separateArray, PRESET.conductance());
        PulseUpdater fused = new PulseUpdater(fusedArray, 11);
        PulseUpdater separate = new PulseUpdater(separateArray, 11);
        SplittableRandom rng = new SplittableRandom(5);
        double worstSeparate = 0;
        double worstSlots = 0;
        int checkedSlots = 0;
        for (int u = 0; u < UPDATES; u++) {
            if (u % 97 == 50) { // weights programmed between updates: the sums start again
                int k = rng.nextInt(fusedArray.size());
                double w = 2 * rng.nextDouble() - 1;
                fusedArray.setWeight(k, w);
                separateArray.setWeight(k, w);
            }
            UpdatePulses pulses = UpdatePulses.draw(inputs(ROWS, rng), inputs(COLS, rng), 0.05, PRESET.model().dwMin(),
                    31, true, u);
            double slots = u % 20 == 0 ? everySlot(circuit, fusedArray, pulses) : Double.NaN;
            ArrayEnergy e = fused.apply(pulses, fusedMeter);
            separateMeter.begin(pulses);
            separate.apply(pulses);
            ArrayEnergy s = separateMeter.end(pulses);
            assertArrayEquals(separateArray.weights(), fusedArray.weights(), 0, "the same pulses and noise");
            assertEquals(e.devices(), e.delivered(), 0);
            assertEquals(0, e.wires() + e.drivers() + e.sense(), 0);
            worstSeparate = Math.max(worstSeparate, Math.abs(e.devices() - s.devices()) / s.devices());
            if (!Double.isNaN(slots)) {
                worstSlots = Math.max(worstSlots, Math.abs(e.devices() - slots) / slots);
                checkedSlots++;
            }
        }
        assertTrue(checkedSlots == UPDATES / 20);
        // measured: 8.2e-16 against the separate pass; 3.7e-14 against every slot, the rounding of that plain sum of
        // about 5e4 terms (the separate pass is as far from it)
        assertTrue(worstSeparate < 2e-15, "against the separate pass: " + worstSeparate);
        assertTrue(worstSlots < 1e-13, "against every slot: " + worstSlots);
    }

    /**
     * Counting one update in some (train --energy-every): the meter is told of the updates it misses ({@link
     * UpdateEnergyMeter#missed}) and sums again only the rows they fired when they are few; each update it counts, fused
     * or by the separate pass, equals the sum over every firing slot and device, also after weights were programmed
     * between updates and after fused updates, which leave only the sums (the next one then sums the whole array). Row
     * inputs mostly 0 (few rows fire in the missed updates: the separate pass sums those alone) and mostly not (more than
     * half the rows fire: the whole array is summed anew).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.95})
    void aMeterThatMissedUpdatesCountsTheNextOneAsEverySlotDoes(double rowZeros) {
        UpdateCircuit circuit = circuit();
        DeviceArray array = array();
        UpdateEnergyMeter meter = new UpdateEnergyMeter(circuit, array, PRESET.conductance());
        PulseUpdater updater = new PulseUpdater(array, 11);
        SplittableRandom rng = new SplittableRandom(9);
        double worst = 0;
        int counted = 0;
        int fewRows = 0;
        for (int u = 0; u < UPDATES; u++) {
            if (u % 61 == 30) { // weights programmed between updates
                array.setWeight(rng.nextInt(array.size()), 2 * rng.nextDouble() - 1);
            }
            UpdatePulses pulses = UpdatePulses.draw(inputs(ROWS, rng, rowZeros), inputs(COLS, rng), 0.05,
                    PRESET.model().dwMin(), 31, true, u);
            if (u % 5 != 0) {
                long before = array.version();
                updater.apply(pulses);
                meter.missed(pulses, before);
                continue;
            }
            double slots = everySlot(circuit, array, pulses);
            fewRows += u > 0 && meter.separatePassCheaper() ? 1 : 0;
            ArrayEnergy e;
            if (u % 15 == 0) {
                e = updater.apply(pulses, meter);
            } else {
                meter.begin(pulses);
                updater.apply(pulses);
                e = meter.end(pulses);
            }
            if (slots == 0) { // no line fired (sparse rows, and the drawing left every column quiet too)
                assertEquals(0, e.devices(), "update " + u);
            } else {
                worst = Math.max(worst, Math.abs(e.devices() - slots) / slots);
            }
            counted++;
        }
        assertEquals(UPDATES / 5, counted);
        // both regimes taken: the missed updates' rows summed alone (sparse rows), the whole array anew (dense)
        assertTrue(rowZeros > 0.5 ? fewRows > counted / 2 : fewRows < counted / 2, fewRows + " of " + counted);
        System.out.printf("a meter that missed updates, rows 0 with probability %.2f: worst %.2e of every slot's sum, "
                + "%d of %d counted after few rows fired%n", rowZeros, worst, fewRows, counted);
        // measured: 4.6e-14 (dense rows) and 2.7e-14 (sparse), the rounding of the plain sum over every slot (as in the
        // test above); a meter that sums again none of the rows fired while it missed updates is off by 2.9e-3 (dense,
        // before the whole array was summed anew after many rows) and 8.5e-4 (sparse)
        assertTrue(worst < 1e-13, "against every slot: " + worst);
    }
}
