package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** The calibrated position model carried over to other arrays. */
class PositionModelTest {
    /** c1 = 0.05, c2 = -0.01: a negative quadratic coefficient, as calibrate fits on 16 x 16 at 20 ohm. */
    private static final PositionModel MODEL = new PositionModel(0.05, -0.01, 16, 16, 20, 1, 1);

    /**
     * A preset's model is written with the form of its fit ({@code fit}); one without it was fitted with rows and columns
     * alike, which on a non-square array is another model: refused, naming the calibration that replaces it.
     */
    @Test
    void presetsWrittenBeforeThePerSegmentFitAreRefusedWhereTheyDiffer(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        DevicePreset preset = DevicePresets.load("onen-softbounds");
        PositionModel tall = new PositionModel(0.05, -0.01, 32, 8, 20, 1.1, 1.1);
        ObjectNode written = json.valueToTree(preset.withPosition(tall));
        assertEquals(PositionModel.FIT, written.at("/position/fit").asText());
        Path file = dir.resolve("tall.json");
        Files.writeString(file, written.toString());
        assertEquals(tall, DevicePresets.load(file.toString()).position());
        ((ObjectNode) written.get("position")).remove("fit");
        Files.writeString(file, written.toString());
        String old = assertThrows(InvalidInputException.class, () -> DevicePresets.load(file.toString())).getMessage();
        assertTrue(old.contains("calibrated on a 32 x 8 array before 2026-12-04 (no key position.fit)")
                && old.contains("xbarspice calibrate --device DEVICE --rows 32 --cols 8 --wire-r 20.0 --out FILE.json"), old);
        ((ObjectNode) written.get("position")).put("fit", "symmetric");
        Files.writeString(file, written.toString());
        String bad = assertThrows(InvalidInputException.class, () -> DevicePresets.load(file.toString())).getMessage();
        assertTrue(bad.contains("position.fit = \"symmetric\" is not accepted"), bad);
        ((ObjectNode) written.get("position")).put("fit", PositionModel.FIT).put("zzz", 1);
        Files.writeString(file, written.toString());
        String unknown = assertThrows(InvalidInputException.class, () -> DevicePresets.load(file.toString())).getMessage();
        assertTrue(unknown.contains("unknown key position.zzz (value 1): remove or rename it; allowed keys here: c1, c2, cols, "
                + "downGain, fit, rows, upGain, wireOhm"), unknown);
        // a square array's model is the same in both fits
        ObjectNode square = json.valueToTree(preset.withPosition(MODEL));
        ((ObjectNode) square.get("position")).remove("fit");
        Files.writeString(file, square.toString());
        assertEquals(MODEL, DevicePresets.load(file.toString()).position());
    }

    /**
     * Rows and columns share the drops per segment, so a model fitted on an N x M array gives the M x N array the
     * transposed fractions (its row j is the calibrated array's column, read from the other end), and on a square array
     * of the same sqrt(N M) the same coefficients as a square calibration. Before, a fit on a non-square array took rows
     * and columns alike: a 32 x 8 calibration at 20 ohm erred 80 % on 8 x 32 (bench/CarriedPosition), and its own
     * fractions mixed both lines' drops.
     */
    @Test
    void aNonSquareModelCarriesOverByEachLinesLength() {
        PositionModel tall = new PositionModel(0.05, -0.01, 32, 8, 20, 1, 1);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 32; j++) {
                assertEquals(tall.fraction(31 - j, 7 - i, 32, 8, 20), tall.fraction(i, j, 8, 32, 20), 1e-15, i + ", " + j);
            }
        }
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(MODEL.fraction(i, j, 16, 16, 20), tall.fraction(i, j, 16, 16, 20), 1e-15, i + ", " + j);
            }
        }
        // on its own array the model is the fitted form of calibrate, whose basis rows and columns scale alike
        double[] basis = new double[2];
        PositionModel.basis(5, 3, 32, 8, basis);
        assertEquals(1 - 0.05 * basis[0] + 0.01 * basis[1], tall.fraction(5, 3, 32, 8, 20), 1e-15);
        assertEquals(PositionModel.fraction(0.05, -0.01, 5, 3, 32, 8), tall.fraction(5, 3, 32, 8, 20), 1e-15);
        // on a square array the basis is u + v and u^2 + v^2 to the bit
        PositionModel.basis(3, 10, 16, 16, basis);
        double u = 11.0 / 16;
        double v = 13.0 / 16;
        assertEquals(u + v, basis[0], 0);
        assertEquals(u * u + v * v, basis[1], 0);
    }

    /**
     * Both coefficients scale in proportion to the wire resistance (the IR drop is first order in r; before, the quadratic
     * one took the square of r'/r), and along a row the drops scale with its length M, along a column with N: the
     * device's own current's drop {@code a = c1 + 2 c2} in proportion, the load's {@code b = -c2} with the square. Before,
     * both lines scaled with N + M and the whole linear term in proportion, so a 16 x 16 calibration at 20 ohm carried to
     * 32 x 32 took steps 12.6 % off the exact update on average (28 % at the worst device; now 0.69 % and 2.9 %), and one
     * carried to 64 x 64 at 5 ohm gave V / Vp above 1 at the near corner and was refused (now 0.69 % and 2.5 %).
     */
    @Test
    void theDropsScaleWithTheWireResistanceAndEachLinesLength() {
        int i = 3;
        int j = 10;
        double u = (j + 1.0) / 16;
        double v = (16.0 - i) / 16;
        double expected = 1 - 2 * 0.05 * (u + v) - 2 * -0.01 * (u * u + v * v);
        assertEquals(expected, MODEL.fraction(i, j, 16, 16, 40), 1e-15);
        assertEquals(PositionModel.fraction(0.05, -0.01, i, j, 16, 16), MODEL.fraction(i, j, 16, 16, 20), 1e-15);
        double u32 = (j + 1.0) / 32; // on 16 x 32: the rows twice as long
        double own = 0.05 - 2 * 0.01;
        double load = 0.01;
        assertEquals(1 - (own * (2 * u32 + v) + load * (4 * u32 * (2 - u32) + v * (2 - v))), MODEL.fraction(i, j, 16, 32, 20),
                1e-15);
        // with no load term the drops are linear in the length of each line
        PositionModel linear = new PositionModel(0.05, 0, 16, 16, 20, 1, 1);
        assertEquals(1 - 0.05 * (2 * u32 + v), linear.fraction(i, j, 16, 32, 20), 1e-15);
    }

    /**
     * Carried over to a much larger array, the model takes more than the pulse at the far corner (V / Vp below 0): refused,
     * naming the fix. (Before each line scaled with its own length, the negative quadratic term raised V / Vp above 1
     * there: steps 1.31x the ideal-wire step on average, where the exact IR-drop update gives 0.24x.)
     */
    @Test
    void aFractionOutsideZeroToOneIsRefused() {
        // on its own array the model is the fitted polynomial itself: 0.92 at the far corner, 0.99383 at the near one
        double[] near = MODEL.fractions(16, 16, 20, 0);
        double lowest = 1;
        double highest = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(PositionModel.fraction(0.05, -0.01, i, j, 16, 16), near[i * 16 + j], 1e-15);
                lowest = Math.min(lowest, near[i * 16 + j]);
                highest = Math.max(highest, near[i * 16 + j]);
            }
        }
        assertEquals(0.92, lowest, 1e-15);
        assertEquals(1 - 2 * (0.05 / 16 - 0.01 / 256), highest, 1e-15);
        String message = assertThrows(InvalidInputException.class, () -> MODEL.fractions(96, 96, 20, 0)).getMessage();
        assertTrue(message.contains("calibrated on 16 x 16 with 20.0 ohm wires gives V / Vp = ")
                && message.contains("of a 96 x 96 array with 20.0 ohm wires (the farthest outside), outside (0, 1]")
                && message.contains("xbarspice calibrate --rows 96 --cols 96 --wire-r 20.0"), message);
        // an array calibrate cannot run is not offered to it (it was: calibrate --rows 301, which calibrate refuses)
        String tooLarge = assertThrows(InvalidInputException.class, () -> MODEL.fractions(301, 10, 20, 0)).getMessage();
        assertTrue(tooLarge.contains("use --ir-drop-mode (key irDropMode) fast or exact, which solve the IR drop (calibrate "
                + "runs arrays of at most 128 lines a side)") && !tooLarge.contains("--rows"), tooLarge);
    }

    /**
     * Below the devices' threshold a device does not move at all, and calibrate refuses such a fit on its own array: the
     * demo's calibration (16 x 16 at 20 ohm, c1 = 0.0185, c2 = -0.0081) carried to 65 x 16 at 60 ohm gave V / Vp down to
     * 0.54 (536 of 1,040 devices below 0.8 V of a 1.2 V pulse) and froze 459 of the 858 devices the exact update moved, at
     * exit 0 (spot checks: 100 % worst step error).
     */
    @Test
    void aFractionBelowTheThresholdIsRefused() {
        PositionModel demo = new PositionModel(0.0185205, -0.00812611, 16, 16, 20, 1, 1);
        double floor = 0.8 / 1.2;
        String message = assertThrows(InvalidInputException.class, () -> demo.fractions(65, 16, 60, floor)).getMessage();
        assertTrue(message.contains("of a 65 x 16 array with 60.0 ohm wires (the farthest outside), outside (0.6667, 1], "
                + "the devices' threshold over the pulse below: it does not carry over that far"), message);
        double[] all = demo.fractions(65, 16, 60, 0); // without the floor the model gives every device a voltage
        int lowest = 0;
        for (int k = 0; k < all.length; k++) {
            lowest = all[k] < all[lowest] ? k : lowest;
        }
        assertTrue(all[lowest] > 0 && all[lowest] < floor, "lowest V / Vp " + all[lowest]);
        // the refusal names the lowest crosspoint, not the first below the floor (it named (0, 0) at 0.5666, the
        // lowest being 0.5388 at (0, 15))
        assertTrue(message.contains(String.format(java.util.Locale.ROOT, "V / Vp = %.4g at crosspoint (%d, %d)",
                all[lowest], lowest / 16, lowest % 16)), message);
        assertEquals(16 * 16, demo.fractions(16, 16, 20, floor).length); // its own array stays above the threshold
    }

    /**
     * A model that raises the pulse on its own array is refused as it loads: c1 = -0.5 (a hand-edited preset) was
     * refused only at a use, as a model that "does not carry over" to the array it was calibrated on.
     */
    @Test
    void aModelThatRaisesThePulseOnItsOwnArrayIsRefused() {
        String message = assertThrows(InvalidInputException.class,
                () -> new PositionModel(-0.5, 0, 6, 6, 100, 1, 1)).getMessage();
        assertTrue(message.contains("c1 = -0.5, c2 = 0 raise the pulse somewhere on the 6 x 6 array")
                && message.contains("must be <= 1"), message);
        // with c2 < 0 the largest fraction lies at the far corner, the near one below 1
        String far = assertThrows(InvalidInputException.class,
                () -> new PositionModel(0.1, -0.5, 8, 8, 100, 1, 1)).getMessage();
        assertTrue(far.contains("raise the pulse somewhere on the 8 x 8 array"), far);
        double highest = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                highest = Math.max(highest, PositionModel.fraction(0.1, -0.5, i, j, 8, 8));
            }
        }
        java.util.regex.Matcher upTo = java.util.regex.Pattern.compile("up to ([0-9.]+)").matcher(far);
        assertTrue(upTo.find(), far);
        assertEquals(highest, Double.parseDouble(upTo.group(1)), 1e-12, "the largest over the array, summed by line");
    }
}
