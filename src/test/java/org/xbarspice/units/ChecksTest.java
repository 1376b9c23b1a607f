package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The numbers of a refusal read as a user writes them (1e300, 0.3), not as Java prints a double (1.0E300). */
class ChecksTest {
    private static void assertMessage(String expected, Executable check) {
        assertEquals(expected, assertThrows(InvalidInputException.class, check).getMessage());
    }

    @Test
    void readableWritesNumbersAsAUserTypesThem() {
        assertEquals("1e300", Checks.readable(1e300));
        assertEquals("0.3", Checks.readable(0.1 + 0.2)); // 0.30000000000000004
        assertEquals("1e-9", Checks.readable(1e-9));
        assertEquals("2.5", Checks.readable(2.5));
        assertEquals("100", Checks.readable(100));
        assertEquals("0.001", Checks.readable(1e-3));
        assertEquals("999999", Checks.readable(999999));
        assertEquals("1e6", Checks.readable(1e6)); // was 1000000
        assertEquals("-1.5e7", Checks.readable(-1.5e7));
        assertEquals("0", Checks.readable(-0.0));
        assertEquals("4.9e-324", Checks.readable(Double.MIN_VALUE));
    }

    /** NaN and the infinities keep their names; the largest double, which 15 digits would round past, its digits. */
    @Test
    void readableNamesWhatIsNotANumber() {
        assertEquals("NaN", Checks.readable(Double.NaN));
        assertEquals("Infinity", Checks.readable(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", Checks.readable(Double.NEGATIVE_INFINITY));
        assertEquals("1.7976931348623157e308", Checks.readable(Double.MAX_VALUE));
        assertEquals(Double.MAX_VALUE, Checks.rounded(Double.MAX_VALUE));
    }

    @Test
    void refusalsPrintTheValueReadably() {
        assertMessage("--max-error = 1e300 % of full scale is out of range: allowed > 0 and <= 100 % of full scale",
                () -> Checks.positiveAtMost("--max-error", 1e300, 100, "% of full scale"));
        assertMessage("gamma = 1.3 (dimensionless) is out of range: allowed [0, 1]",
                () -> Checks.inRange("gamma", 0.1 + 0.2 + 1, 0, 1, "(dimensionless)"));
        assertMessage("dwMin = 0 (weight units) is not allowed: it must be a finite value > 0",
                () -> Checks.positive("dwMin", 0, "(weight units)"));
        assertMessage("outputNoise = -1e-9 is not allowed: it must be a finite value >= 0",
                () -> Checks.nonNegative("outputNoise", -1e-9, ""));
        assertMessage("wire resistance = 2e6 ohm (--wire-r) is out of range: allowed 0 (ideal) or 1e-9 .. 1e6 ohm",
                () -> Checks.zeroOrInRange("wire resistance", "--wire-r", 2e6, 1e-9, 1e6, "ohm"));
        assertMessage("lr = 1.7976931348623157e308 is out of range: allowed > 0 and <= 1",
                () -> Checks.positiveAtMost("lr", Double.MAX_VALUE, 1, ""));
    }

    @Test
    void refusalsNameNaNAndTheInfinities() {
        assertMessage("tau = NaN (weight units) is not allowed: it must be a finite value > 0",
                () -> Checks.positive("tau", Double.NaN, "(weight units)"));
        assertMessage("wireOhm = Infinity ohm is not allowed: it must be a finite value >= 0",
                () -> Checks.nonNegative("wireOhm", Double.POSITIVE_INFINITY, "ohm"));
        assertMessage("c1 = -Infinity (dimensionless) is out of range: allowed [-1, 1]",
                () -> Checks.inRange("c1", Double.NEGATIVE_INFINITY, -1, 1, "(dimensionless)"));
    }
}
