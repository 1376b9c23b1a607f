package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.device.PeripheryPreset;
import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;

/** Both bundled periphery presets priced by hand on one read: a 128 x 128 forward read, 7-bit inputs, 8-bit ADCs. */
class CostModelPresetsTest {
    private static final CrossbarCircuit READ = new CrossbarCircuit(128, 128, 1, 0, new Sense.Ideal(), Direction.FORWARD);
    /** The array's power (W): devices, wires, drivers, sense, delivered. */
    private static final ArrayPower POWER = new ArrayPower(2e-3, 1e-4, 0, 0, 2.1e-3);

    @Test
    void isaacPricesOneBitDacsAndOneSharedAdcPerArray() {
        CostModel cost = new CostModel(PeripheryPresets.load(PeripheryPresets.DEFAULT));
        EnergyBreakdown e = cost.readCost(READ, 7, 8, READ.sensedLines()).energy(POWER, 128, 128);
        // 100 ns window; 128 rows x 7 bits x 0.39 pJ; 128 columns x 1.67 pJ (ISAAC, ISCA 2016 Table I)
        assertEquals(2e-3 * 1e-7, e.devices(), 1e-24);
        assertEquals(128 * 7 * 3.9e-13, e.dac(), 1e-24);
        assertEquals(40 * 7 * 3.9e-13, cost.readCost(READ, 7, 8, READ.sensedLines()).energy(POWER, 40, 128).dac(), 1e-24, "40 rows driven, 88 at 0 V");
        assertEquals(128 * 1.67e-12, e.adc(), 1e-24);
        // one ADC for all 128 columns: 128 conversions of 0.833 ns after the window
        assertEquals(1e-7 + 128 * 8.33e-10, cost.readSeconds(READ, 8, READ.sensedLines()), 1e-20);
    }

    @Test
    void neurosimPricesItsSarAdcAtTwentyTwoNanometres() {
        PeripheryPreset preset = PeripheryPresets.load(PeripheryPresets.NEUROSIM);
        assertEquals("22 nm", preset.technologyNode());
        CostModel cost = new CostModel(preset);
        EnergyBreakdown e = cost.readCost(READ, 7, 8, READ.sensedLines()).energy(POWER, 128, 128);
        // SarADC::GetColumnPower at 22 nm LP, 8 bits: (0.538 x 8 + 4.3753) uW over (8 + 1) ns = 78.11 fJ
        assertEquals(128 * (0.538 * 8 + 4.3753) * 1e-6 * 9e-9, e.adc(), 1e-3 * e.adc());
        // per input bit: the active row's drive, transmission gate 1.434 + row line 1.184 fJ, and every row's DFF 1.411 fJ
        assertEquals(128 * 7 * (2.62e-15 + 1.41e-15), e.dac(), 1e-24);
        // a sparse read (40 of the 128 rows other than 0): every row's flip-flop still shifts its bits, as NeuroSim
        // charges them (SwitchMatrix::CalculatePower: the DFFs for every row, the gates times the rows' activity); the
        // preset that charged 4.03 fJ per active row only gave 40 x 7 x 4.03 fJ = 1.13 pJ instead of 2.00 pJ
        assertEquals(40 * 7 * 2.62e-15 + 128 * 7 * 1.41e-15,
                cost.readCost(READ, 7, 8, READ.sensedLines()).energy(POWER, 40, 128).dac(), 1e-24);
        assertEquals(2e-3 * 1e-8 + 1e-4 * 1e-8, e.devices() + e.wires(), 1e-24);
        // 8 columns per ADC, (n + 1) ns per conversion (SarADC::CalculateLatency): 9 ns at 8 bits, 7 ns at 6; 0.503 ns of
        // switch-matrix settling before the 10 ns read pulse
        assertEquals(5.03e-10 + 1e-8 + 8 * 9e-9, cost.readSeconds(READ, 8, READ.sensedLines()), 1e-20);
        assertEquals(5.03e-10 + 1e-8 + 8 * 7e-9, cost.readSeconds(READ, 6, READ.sensedLines()), 1e-20);
    }

    /**
     * An integrator read occupies its sense amplifiers for its whole window: the reset, the input's edges and t_read
     * (before, the latency and the static energy took t_read alone: 100 ns of the 112 ns here).
     */
    @Test
    void anIntegratorReadTakesItsResetAndEdges() {
        PeripheryPreset n = PeripheryPresets.load(PeripheryPresets.NEUROSIM);
        PeripheryPreset preset = new PeripheryPreset(n.id(), n.technologyNode(), n.description(), n.sources(),
                n.readWindowSecond(), n.driveSettleSecond(), n.dacEnergyPerBitJoule(), n.inputRegisterEnergyPerBitJoule(),
                n.adcEnergyJoule(),
                n.adcConversionSecond(), n.adcConversionSecondByBits(), n.columnsPerAdc(), 1e-6, n.notes());
        CostModel cost = new CostModel(preset);
        CrossbarCircuit read = new CrossbarCircuit(128, 128, 1, 0, Sense.Integrator.defaults(InputEncoding.AMPLITUDE, 0.2),
                Direction.FORWARD);
        double window = 1e-8 + 1e-7 + 2e-9; // reset t_read / 10, t_read 100 ns, edges t_read / 100
        assertEquals(5.03e-10 + window + 8 * 9e-9, cost.readSeconds(read, 8, read.sensedLines()), 1e-20);
        assertEquals(1e-7, cost.readWindow(read), "the inputs are held for t_read");
        assertEquals(128 * 1e-6 * window, cost.readCost(read, 7, 8, read.sensedLines()).energy(POWER, 128, 128).sense(), 1e-24);
    }
}
