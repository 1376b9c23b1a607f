package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A multi-vector TIA sweep gets reset points only when some output may clip (the plain sweep stays as fast). */
class TiaResetPointsTest {
    private static final double[] G = {1e-5, 1e-5, 1e-5, 1e-5}; // 2 x 2, 20 uS per line
    private static final double[][] INPUTS = {{0.2, -0.2}, {0.1, 0.1}, {-0.2, 0.05}};

    private static String netlist(double limitVolt) {
        return netlist(limitVolt, INPUTS);
    }

    private static String netlist(double limitVolt, double[][] inputs) {
        CrossbarCircuit c = new CrossbarCircuit(2, 2, 0, 0, new Sense.Tia(1e6, 5e3, limitVolt), Direction.FORWARD);
        return CrossbarNetlist.read(c, G, inputs).text();
    }

    @Test
    void outputsThatCannotClipKeepThePlainSweep() {
        // bound R_f max|V| sum G = 5e3 * 0.2 * 2e-5 = 20 mV < 1.5 V
        String text = netlist(1.5);
        assertFalse(text.contains("unclip"), text);
        assertTrue(text.contains(".dc Vk 0 2 1"), text);
    }

    @Test
    void outputsThatMayClipGetAResetPointBeforeEachVectorAfterOne() {
        // 20 mV bound >= 10 mV limit for vectors 0 and 2, 10 mV for vector 1: reset points before vectors 0, 1, 2
        String text = netlist(0.01);
        assertTrue(text.contains("Bunclip unclip 0 V=pwl(V(k), 0,1, 1,0, 2,1, 3,0, 4,1, 5,0)"), text);
        assertTrue(text.contains(".dc Vk 0 5 1"), text);
    }

    @Test
    void aVectorThatCannotClipNeedsNoResetPointAfterIt() {
        // bounds 20 mV, 1 mV, 10 mV against a 10 mV limit: reset points before vectors 0 and 1 only
        String text = netlist(0.01, new double[][] {{0.2, -0.2}, {0.01, 0.01}, {0.1, 0.1}});
        assertTrue(text.contains("Bunclip unclip 0 V=pwl(V(k), 0,1, 1,0, 2,1, 3,0, 4,0)"), text);
        assertTrue(text.contains(".dc Vk 0 4 1"), text);
    }
}
