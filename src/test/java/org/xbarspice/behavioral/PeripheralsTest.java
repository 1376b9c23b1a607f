package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

/** Quantisers, read noise and their composition. */
class PeripheralsTest {

    @Test
    void uniformQuantizerLevelsSpacingAndSaturation() {
        UniformQuantizer q = new UniformQuantizer(3, 0.3);
        assertEquals(3, q.positiveLevels());
        assertEquals(0.1, q.step(), 1e-16);
        TreeSet<Double> levels = new TreeSet<>();
        for (int k = -1000; k <= 1000; k++) {
            levels.add(q.quantize(k * 1e-3));
        }
        assertEquals(7, levels.size(), "2^bits - 1 levels: " + levels);
        assertEquals(-0.3, levels.first(), 0.0);
        assertEquals(0.3, levels.last(), 0.0);
        assertTrue(levels.contains(0.0));
        assertEquals(0.1, q.quantize(0.149), 1e-16);
        assertEquals(0.2, q.quantize(0.151), 1e-16);
        assertEquals(0.0, q.quantize(0.049), 0.0);
        assertEquals(0.3, q.quantize(0.29), 0.0);
        assertEquals(0.3, q.quantize(7.0), 0.0, "saturates at +range");
        assertEquals(-0.3, q.quantize(-7.0), 0.0, "saturates at -range");
        for (double x = -0.4; x <= 0.4; x += 0.0137) {
            assertEquals(-q.quantize(x), q.quantize(-x), 0.0, "symmetric about 0 at " + x);
            assertTrue(Math.abs(q.quantize(x) - Math.max(-0.3, Math.min(0.3, x))) <= 0.05 + 1e-15, "within half a step");
        }
        UniformQuantizer eight = new UniformQuantizer(8, 1.0);
        assertEquals(127, eight.positiveLevels());
        assertEquals(127, eight.code(5.0));
        assertEquals(-127, eight.code(-5.0));
        assertThrows(InvalidInputException.class, () -> new UniformQuantizer(1, 1.0));
        assertThrows(InvalidInputException.class, () -> new UniformQuantizer(8, 0));
    }
}
