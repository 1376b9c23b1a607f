package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatePulsesTest {
    private static UpdatePulses pulses(byte[] rowSign, byte[] colSign) {
        long[] rowMasks = new long[rowSign.length];
        long[] colMasks = new long[colSign.length];
        for (int i = 0; i < rowSign.length; i++) {
            rowMasks[i] = rowSign[i] == 0 ? 0 : 1;
        }
        for (int j = 0; j < colSign.length; j++) {
            colMasks[j] = colSign[j] == 0 ? 0 : 1;
        }
        return new UpdatePulses(rowSign.length, colSign.length, 4, rowMasks, colMasks, rowSign, colSign);
    }

    @Test
    void everyRowSignPresentMeetsEveryColumnSignPresentInTheFixedPhaseOrder() {
        UpdatePulses.Phase upPlus = new UpdatePulses.Phase(true, 1, 1);
        UpdatePulses.Phase upMinus = new UpdatePulses.Phase(true, -1, -1);
        UpdatePulses.Phase downPlus = new UpdatePulses.Phase(false, 1, -1);
        UpdatePulses.Phase downMinus = new UpdatePulses.Phase(false, -1, 1);
        // both signs on both sides, the second sign far down the lines (the scan must not stop early)
        UpdatePulses all = pulses(new byte[] {0, 1, 0, 0, 0, -1}, new byte[] {-1, 0, 0, 1});
        assertEquals(List.of(upPlus, upMinus, downPlus, downMinus), all.phases());
        assertEquals(4, all.phaseCount());
        // rows of one sign only (non-negative inputs): the two phases of that row sign
        UpdatePulses positiveRows = pulses(new byte[] {1, 0, 1}, new byte[] {1, -1});
        assertEquals(List.of(upPlus, downPlus), positiveRows.phases());
        assertEquals(2, positiveRows.phaseCount());
        UpdatePulses oneEach = pulses(new byte[] {0, -1}, new byte[] {0, 0, -1});
        assertEquals(List.of(upMinus), oneEach.phases());
        assertEquals(1, oneEach.phaseCount());
        UpdatePulses noColumn = pulses(new byte[] {1, -1}, new byte[] {0, 0});
        assertEquals(List.of(), noColumn.phases());
        assertEquals(0, noColumn.phaseCount());
    }
}
