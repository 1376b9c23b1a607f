package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SPICE number text: normalised exponent form, shortest digits, exact round trip. */
class SpiceNumberTest {
    private static final Pattern FORM = Pattern.compile("-?[1-9](\\.[0-9]*[1-9])?(e-?[1-9][0-9]*)?|0");

    @Test
    void knownValues() {
        assertEquals("0", SpiceNumber.format(0));
        assertEquals("1e-6", SpiceNumber.format(1e-6));
        assertEquals("2.5e-1", SpiceNumber.format(0.25));
        assertEquals("1e2", SpiceNumber.format(100));
        assertEquals("-1.5", SpiceNumber.format(-1.5));
        assertEquals("1.2345678e7", SpiceNumber.format(12345678));
        assertEquals("4.9e-324", SpiceNumber.format(Double.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> SpiceNumber.format(Double.NaN));
    }

    /** Random doubles over many magnitudes: the text has the form, reads back exactly, and has Java's shortest digits. */
    @Test
    void roundTripsWithShortestDigits() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k < 200_000; k++) {
            double v = (rng.nextBoolean() ? 1 : -1) * rng.nextDouble() * Math.pow(10, rng.nextInt(-30, 30));
            if (k % 7 == 0) {
                v = Math.rint(v * 1000) / 1000;
            }
            String text = SpiceNumber.format(v);
            assertTrue(FORM.matcher(text).matches(), text);
            assertEquals(v, Double.parseDouble(text), 0, text);
            if (v != 0) {
                String digits = text.replace("-", "").replaceAll("e.*", "").replace(".", "");
                assertEquals(new BigDecimal(Double.toString(v)).stripTrailingZeros().unscaledValue().abs().toString(), digits, text);
            }
        }
    }
}
