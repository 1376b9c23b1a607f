package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/** The meter's solved energy slot by slot, and its conductances across updates it did not see. */
class UpdateEnergyMeterTest {

    /**
     * Row 0 alone in slots 0-2, row 1 alone in slot 3, column 2 alone in slots 4 and 5: the meter solves slots 0, 3 and 4
     * and takes the others' power from the slot before; the sum equals a fresh solve of every slot.
     */
    @Test
    void slotsDrivenAsTheSlotBeforeTakeItsPower() {
        DeviceArray array = PulseUpdaterTest.softBounds(5, 4, 0.3, 7);
        UpdateCircuit circuit = IrDropUpdaterTest.circuit(5, 4, 20, 50);
        long[] rowMasks = {0b000111, 0b001000, 0, 0, 0};
        long[] colMasks = {0, 0, 0b110000, 0};
        UpdatePulses pulses = new UpdatePulses(5, 4, 6, rowMasks, colMasks, new byte[] {1, 1, 0, 0, 0},
                new byte[] {0, 0, 1, 0});
        UpdateEnergyMeter meter = new UpdateEnergyMeter(circuit, array, IrDropUpdaterTest.RANGE);
        meter.begin(pulses);
        ArrayEnergy metered = meter.end(pulses);

        double[] g = new double[array.size()];
        for (int d = 0; d < g.length; d++) {
            g[d] = readConductance(array, IrDropUpdaterTest.RANGE, d);
        }
        UpdatePulses.Phase phase = pulses.phases().get(0);
        double vp = circuit.pulse().amplitudeVolt();
        ArrayEnergy bySlot = ArrayEnergy.ZERO;
        for (int s = 0; s < 6; s++) {
            CrossbarSolver solver = CrossbarSolver.programming(new CrossbarCircuit(5, 4, circuit.wireOhm(),
                    circuit.driverOhm(), new Sense.Ideal(), Direction.FORWARD), g, SolverOptions.defaults());
            double[] rowVolt = new double[5];
            double[] colVolt = new double[4];
            IrDropUpdater.drive(rowMasks, pulses.rowSign(), phase.rowSign(), s, phase.rowVolt(vp), rowVolt);
            IrDropUpdater.drive(colMasks, pulses.colSign(), phase.colSign(), s, phase.colVolt(vp), colVolt);
            solver.deviceVoltages(rowVolt, colVolt, new double[g.length]);
            bySlot = bySlot.plus(solver.power().over(circuit.pulse().energySecond()));
        }
        // measured: equal to the last bit (a fresh solver per slot gives the same solves), so asserted equal
        assertEquals(bySlot.delivered(), metered.delivered(), 0);
        assertEquals(bySlot.wires(), metered.wires(), 0);
        assertEquals(bySlot.devices(), metered.devices(), 0);
    }

    /**
     * An update the meter did not see (a tile that counts only some updates' energy) leaves it as a fresh meter on the
     * new weights: the metered update pulses rows 0 and 1, the unseen one rows 5 and 6, whose conductances the last
     * update's energy then depends on (the weights' version tells the meter).
     */
    @Test
    void updatesTheMeterDidNotSeeAreBroughtUpToDate() {
        DeviceArray array = PulseUpdaterTest.softBounds(8, 6, 0.3, 11);
        UpdateCircuit circuit = IrDropUpdaterTest.circuit(8, 6, 5, 50);
        LineUpdater updater = new LineUpdater(array, circuit, IrDropUpdaterTest.RANGE, IrDropUpdaterTest.SPEC, 3);
        UpdateEnergyMeter kept = new UpdateEnergyMeter(circuit, array, IrDropUpdaterTest.RANGE);
        UpdatePulses metered = pulses(new int[] {0, 1}, new int[] {0, 1});
        kept.begin(metered);
        updater.apply(metered);
        kept.end(metered);
        double before = array.weights()[5 * 6 + 2];
        updater.apply(pulses(new int[] {5, 6}, new int[] {2, 3}));
        assertTrue(array.weights()[5 * 6 + 2] != before, "the unseen update moves row 5");
        UpdatePulses last = pulses(new int[] {5, 6}, new int[] {2, 3});
        UpdateEnergyMeter fresh = new UpdateEnergyMeter(circuit, array, IrDropUpdaterTest.RANGE);
        fresh.begin(last);
        ArrayEnergy expected = fresh.end(last);
        kept.begin(last);
        ArrayEnergy energy = kept.end(last);
        assertEquals(expected.delivered(), energy.delivered(), 0); // measured: equal to the last bit
    }

    /**
     * A spot check's energy reference ({@link SolverOptions#energyCheck()}) gives the energy of the solves of {@link
     * SolverOptions#defaults()}: a transfer (one row and random columns, most slots one-sided) and a drawn update, 129 x
     * 64 at 20 ohm with 50 ohm drivers, every part compared with the delivered energy. Measured: 1.5e-9 at most (bound
     * 1.7x that).
     */
    @Test
    void theSpotChecksEnergyReferenceGivesTheExactEnergy() {
        int rows = 129;
        int cols = 64;
        UpdateCircuit circuit = IrDropUpdaterTest.circuit(rows, cols, 20, 50);
        UpdatePulses[] updates = {LineUpdaterTest.transferPulses(rows, cols, 3, new java.util.SplittableRandom(81)),
                LineUpdaterTest.trainingPulses(rows, cols, 0.001, 82, 83)};
        double worst = 0;
        for (UpdatePulses pulses : updates) {
            ArrayEnergy[] energy = new ArrayEnergy[2];
            SolverOptions[] options = {SolverOptions.defaults(), SolverOptions.energyCheck()};
            for (int o = 0; o < 2; o++) {
                UpdateEnergyMeter meter = new UpdateEnergyMeter(circuit, PulseUpdaterTest.softBounds(rows, cols, 0.3, 84),
                        IrDropUpdaterTest.RANGE, options[o]);
                meter.begin(pulses);
                energy[o] = meter.end(pulses);
            }
            ArrayEnergy exact = energy[0];
            ArrayEnergy reference = energy[1];
            worst = Math.max(worst, Math.max(Math.max(Math.abs(reference.devices() - exact.devices()),
                    Math.abs(reference.wires() - exact.wires())), Math.max(Math.abs(reference.drivers() - exact.drivers()),
                    Math.abs(reference.delivered() - exact.delivered()))) / exact.delivered());
        }
        assertTrue(worst < 2.5e-9, "largest part's difference " + worst + " of the delivered energy");
    }

    /**
     * A meter observing an exact updater (a spot check: {@link SolverOptions#spotCheck()} updater, {@link
     * SolverOptions#energyCheck()} meter) solves the slots the updater does not on the updater's solver, at its own
     * tolerance, and leaves the solver at the updater's: a transfer on 129 x 64 at 20 ohm with 50 ohm drivers (most slots
     * one-sided). Its energy equals that of a meter solving every slot itself at {@link SolverOptions#defaults()}:
     * measured 1.03e-9 of the delivered energy (the largest part's difference), bound 1.5e-9.
     */
    @Test
    void anObservingMeterSolvesOnTheUpdatersSolverAtItsOwnTolerance() {
        int rows = 129;
        int cols = 64;
        UpdateCircuit circuit = IrDropUpdaterTest.circuit(rows, cols, 20, 50);
        UpdatePulses pulses = LineUpdaterTest.transferPulses(rows, cols, 3, new java.util.SplittableRandom(81));
        UpdateEnergyMeter alone = new UpdateEnergyMeter(circuit, PulseUpdaterTest.softBounds(rows, cols, 0.3, 84),
                IrDropUpdaterTest.RANGE);
        alone.begin(pulses);
        ArrayEnergy exact = alone.end(pulses);

        DeviceArray array = PulseUpdaterTest.softBounds(rows, cols, 0.3, 84);
        IrDropUpdater checker = new IrDropUpdater(array, circuit, IrDropUpdaterTest.RANGE, IrDropUpdaterTest.SPEC,
                SolverOptions.spotCheck(), 0);
        checker.setNoise(false);
        UpdateEnergyMeter meter = new UpdateEnergyMeter(circuit, array, IrDropUpdaterTest.RANGE, SolverOptions.energyCheck());
        meter.observe(checker);
        meter.begin(pulses);
        checker.apply(pulses);
        long updaterSolves = checker.solverStatistics().vectors();
        ArrayEnergy energy = meter.end(pulses);
        long meterSolves = checker.solverStatistics().vectors() - updaterSolves;
        assertTrue(updaterSolves > 0 && meterSolves > updaterSolves, "the updater solved " + updaterSolves
                + " slots, the meter " + meterSolves + " more on its solver");
        assertEquals(SolverOptions.spotCheck().tolerance(), checker.solver().options().tolerance(), 0);
        double worst = Math.max(Math.max(Math.abs(energy.devices() - exact.devices()), Math.abs(energy.wires() - exact.wires())),
                Math.max(Math.abs(energy.drivers() - exact.drivers()), Math.abs(energy.delivered() - exact.delivered())))
                / exact.delivered();
        assertTrue(worst < 1.5e-9, "largest part's difference " + worst + " of the delivered energy");
    }

    /** Potentiating pulses of {@code rows} and {@code cols} (8 x 6) in all of 4 slots. */
    private static UpdatePulses pulses(int[] rows, int[] cols) {
        long[] rowMasks = new long[8];
        long[] colMasks = new long[6];
        byte[] rowSign = new byte[8];
        byte[] colSign = new byte[6];
        for (int i : rows) {
            rowMasks[i] = 0b1111;
            rowSign[i] = 1;
        }
        for (int j : cols) {
            colMasks[j] = 0b1111;
            colSign[j] = 1;
        }
        return new UpdatePulses(8, 6, 4, rowMasks, colMasks, rowSign, colSign);
    }

    /**
     * Device d's conductance as the reads take it (S): the reference-column mapping over the model's nominal bounds,
     * clipped at 0 S, whatever the device's own sampled bounds.
     */
    static double readConductance(DeviceArray array, ConductanceRange range, int d) {
        WeightMapping.ReferenceColumn mapping = new WeightMapping.ReferenceColumn(array.model().wMin(), array.model().wMax());
        return Math.max(0, mapping.positiveConductance(range, array.weight(d)));
    }
}
