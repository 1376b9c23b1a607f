package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.InvalidInputException;

/**
 * The {@code read} command's comparison as a library call ({@link ReadComparison#run(ReadComparison.Setup, boolean,
 * boolean, org.xbarspice.spice.SpiceEngine)}), and the one place that picks the behavioral reader of an IR-drop mode
 * ({@link BehavioralReader#of}), which the tiles use too.
 */
class ReadComparisonTest {
    private static final double READ_VOLT = 0.2;

    private static ReadComparison.Setup setup(CrossbarCircuit circuit, IrDrop.Mode mode) {
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 20, READ_VOLT, 5);
        return new ReadComparison.Setup(circuit, draw, false, ReadOptions.ideal(), READ_VOLT, 1e-4, mode, 1, 7);
    }

    /** A draw's conductance range out of order is refused (it was taken, and drew from the range as if in order). */
    @Test
    void aDrawOfARangeOutOfOrderIsRefused() {
        CrossbarCircuit circuit = new CrossbarCircuit(2, 2, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> ReadCase.draw(circuit, 1e-5, 1e-6, 1, READ_VOLT, 1));
    }

    @Test
    void fastModeReadsTheExactCurrentsAndReportsItsCheck() {
        CrossbarCircuit circuit = new CrossbarCircuit(24, 12, 2.0, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadComparison.Result exact = ReadComparison.run(setup(circuit, IrDrop.Mode.EXACT), false, true, null);
        ReadComparison.Result fast = ReadComparison.run(setup(circuit, IrDrop.Mode.FAST), false, true, null);
        assertNull(exact.fastRead(), "an exact read has no fast check");
        IrDropCheck check = fast.fastRead();
        assertEquals(1, check.reads(), "the first vector checked against the exact solve");
        assertEquals(1, check.refreshes(), "one transfer matrix");
        double[][] a = exact.outputs().get(CrossbarReader.BEHAVIORAL).currents();
        double[][] b = fast.outputs().get(CrossbarReader.BEHAVIORAL).currents();
        double error = ReadComparison.maxRelError(a, b);
        // measured: 4.9e-16 of the largest current over 20 vectors (a fresh matrix, exact to its unit solves' 1e-11);
        // the IR drop itself 4.7e-4 of full scale
        assertTrue(error < 5e-15, "fast vs exact " + error);
        assertTrue(check.maxReadEffect() > 4e-4, "a case with an IR drop to read: " + check.maxReadEffect());
    }

    @Test
    void theBehavioralReaderFollowsTheModeAndTheSense() {
        CrossbarCircuit ideal = new CrossbarCircuit(4, 4, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        CrossbarCircuit tia = new CrossbarCircuit(4, 4, 1.0, 0, Sense.Tia.defaults(), Direction.FORWARD);
        assertInstanceOf(FastCircuitReader.class, BehavioralReader.of(ideal, IrDrop.fast(), READ_VOLT, 1));
        assertInstanceOf(BehavioralReader.class, BehavioralReader.of(ideal, IrDrop.exact(), READ_VOLT, 1));
        assertInstanceOf(BehavioralReader.class, BehavioralReader.of(tia, IrDrop.fast(), READ_VOLT, 1),
                "a TIA's read is not linear in the inputs: solved exactly");
    }

    @ParameterizedTest
    @CsvSource({"calibrated, 1, ideal, changes updates only",
            "fast, 0, ideal, without wire or driver resistance",
            "fast, 1, tia, which a TIA's clipped output is not"})
    void modesWithoutEffectAreRefused(String mode, double wireOhm, String sense, String why) {
        CrossbarCircuit circuit = new CrossbarCircuit(4, 4, wireOhm, 0,
                sense.equals("tia") ? Sense.Tia.defaults() : new Sense.Ideal(), Direction.FORWARD);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> setup(circuit, IrDrop.Mode.of(mode)));
        assertTrue(e.getMessage().contains("irDropMode = " + mode) && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aFastModeWithoutTheBehavioralEngineIsRefused() {
        CrossbarCircuit circuit = new CrossbarCircuit(4, 4, 1.0, 0, new Sense.Ideal(), Direction.FORWARD);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ReadComparison.run(setup(circuit, IrDrop.Mode.FAST), true, false, null));
        assertTrue(e.getMessage().contains("without the behavioral engine"), e.getMessage());
    }
}
