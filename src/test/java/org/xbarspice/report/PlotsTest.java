package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PlotsTest {
    /** A heat map's colour bar shows its ends with three significant digits, rounded outwards (it showed 16 digits). */
    @Test
    void theColourBarEndsAreShortAndHoldEveryValue() {
        assertArrayEquals(new double[] {-4.94, 4.83}, Plots.colourRange(-4.937906223850720, 4.829914682983385), 0);
        assertArrayEquals(new double[] {1.23e-5, 0.121}, Plots.colourRange(1.2345e-5, 0.1201), 0);
        assertArrayEquals(new double[] {2.0, 2.0 + 1e-300}, Plots.colourRange(2, 2), 0);
    }
}
