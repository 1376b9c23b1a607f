package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IrDropCheckTest {
    private static IrDropCheck check(double maxStep, double meanStep, long devices) {
        return new IrDropCheck(3, 1.4e-5, 8.4e-3, 2, maxStep, meanStep, 2.3e-4, devices, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Small step errors keep two significant digits (a worst error of 0.025 % was printed as 0.0 %). */
    @Test
    void theSummaryKeepsTwoDigitsOfSmallErrors() {
        String line = check(2.5e-4, 2.7e-5, 10).summary();
        assertTrue(line.contains("update step error 0.0027 % mean, 0.025 % worst (0.023 % of a nominal step)"), line);
        assertTrue(check(0.123, 0.0456, 10).summary().contains("4.6 % mean, 12 % worst"), check(0.123, 0.0456, 10).summary());
    }

    /**
     * Checks without reads (a TIA's reads are exact solves in the fast mode) say so: the line printed "read error 0.0e+00 of
     * full scale (NaN of the IR-drop effect)".
     */
    @Test
    void aCheckWithoutReadsSaysSo() {
        IrDropCheck updatesOnly = new IrDropCheck(0, 0, 0, 2, 0.01, 0.002, 0.01, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        String line = updatesOnly.summary();
        assertTrue(line.startsWith("spot checks: no read checked, update step error 0.20 % mean"),
                line);
        assertTrue(!line.contains("NaN"), line);
        assertTrue(IrDropCheck.NONE.summary().endsWith("no update checked yet"), IrDropCheck.NONE.summary());
    }

    /**
     * With energy counted the line gives the energy split's measured errors beside the results (they were in
     * summary.json and metrics.csv only); without, it says nothing of energy.
     */
    @Test
    void theSummaryGivesTheEnergySplitsErrors() {
        IrDropCheck counted = new IrDropCheck(3, 1.4e-5, 8.4e-3, 2, 0.01, 0.002, 0.01, 5, 1, 0, 3, 1.4e-3, 7.9e-3, 0, 2,
                2.1e-3, 6.7e-3, 1.6e-2);
        String line = counted.summary();
        assertTrue(line.endsWith("; energy split within 1.4e-03 of the reads' energy (wires 0.79 %), 2.1e-03 of the "
                + "updates' energy (wires 0.67 %, drivers 1.6 %)"), line);
        IrDropCheck readsOnly = new IrDropCheck(3, 1.4e-5, 8.4e-3, 0, 0, 0, 0, 0, 1, 0, 3, 1.4e-3, 7.9e-3, 0, 0, 0, 0, 0);
        assertTrue(readsOnly.summary().endsWith("no updates checked"), readsOnly.summary());
        assertTrue(!check(0.01, 0.002, 5).summary().contains("energy"), check(0.01, 0.002, 5).summary());
    }

    /** Adding checks without devices keeps the mean as it is, to the bit (a resumed run's totals equal a straight run's). */
    @Test
    void anEmptyCheckLeavesTheMeanExactlyAsItIs() {
        double mean = 0.1; // 0.1 * 3 / 3 is not 0.1 in binary
        IrDropCheck some = check(0.2, mean, 3);
        assertEquals(mean, some.plus(IrDropCheck.NONE).meanStepError());
        assertEquals(mean, IrDropCheck.NONE.plus(some).meanStepError());
        assertEquals((mean * 3 + 0.4 * 5) / 8, some.plus(check(0.5, 0.4, 5)).meanStepError(), 1e-17);
    }
}
