package org.xbarspice.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** The npm-to-IDX conversion on a tiny fake package: digit d has d % 3 + 1 images; 19 digits in all. */
class MnistImportTest {
    @TempDir
    Path dir;

    /** Pixel p of the i-th image of class d, as a byte: distinct per image so the order can be checked. */
    private static int pixel(int d, int i, int p) {
        return (d * 37 + i * 11 + p) % 256;
    }

    private Path fakePackage() throws IOException {
        Path digits = Files.createDirectories(dir.resolve("package/src/digits"));
        for (int d = 0; d <= 9; d++) {
            StringJoiner values = new StringJoiner(",", "{ \"data\": [", "]}");
            for (int i = 0; i < d % 3 + 1; i++) {
                for (int p = 0; p < 784; p++) {
                    // as the package stores them: byte / 255 rounded to 3 decimals
                    values.add(String.format(Locale.ROOT, "%.3f", pixel(d, i, p) / 255.0).replaceAll("\\.?0+$", ""));
                }
            }
            Files.writeString(digits.resolve(d + ".json"), values.toString());
        }
        return dir.resolve("package");
    }

    @Test
    void convertsInSplitOrderWithExactPixelsAndLabels() throws IOException {
        Path pkg = fakePackage();
        // global index -> class: 0 | 1 2 | 3 4 5 | 6 | 7 8 | 9 10 11 | 12 | 13 14 | 15 16 17 | 18
        Path split = Files.writeString(dir.resolve("split.json"),
                "{\"description\": \"test\", \"train\": [5, 0, 18, 1, 6], \"test\": [2, 17]}");
        Path data = dir.resolve("data");
        int[] sizes = MnistImport.convert(pkg, split, DatasetCatalog.mnistDir(data));
        assertArrayEquals(new int[] {5, 2}, sizes);
        TrainTest loaded = DatasetCatalog.load("mnist", data);
        assertEquals("mnist/train", loaded.train().name());
        assertEquals(10, loaded.train().classes());
        assertArrayEquals(new int[] {2, 0, 9, 1, 3}, loaded.train().labels());
        assertArrayEquals(new int[] {1, 8}, loaded.test().labels());
        assertImage(loaded.train().features()[0], 2, 2);
        assertImage(loaded.train().features()[2], 9, 0);
        assertImage(loaded.test().features()[0], 1, 1);
        assertImage(loaded.test().features()[1], 8, 2);
    }

    private static void assertImage(float[] row, int d, int i) {
        for (int p = 0; p < 784; p++) {
            assertEquals(pixel(d, i, p) / 255f, row[p], 0f, "pixel " + p);
        }
    }

    @Test
    void badSplitOrDigitsAreNamed() throws IOException {
        Path pkg = fakePackage();
        Path out = dir.resolve("out");
        Path split = Files.writeString(dir.resolve("s1.json"), "{\"train\": [0, 19], \"test\": [1]}");
        String msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, split, out)).getMessage();
        assertTrue(msg.contains("s1.json") && msg.contains("train[1] = 19") && msg.contains("0..18"), msg);
        Path twice = Files.writeString(dir.resolve("s2.json"), "{\"train\": [0, 3], \"test\": [3]}");
        msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, twice, out)).getMessage();
        assertTrue(msg.contains("test[0] = 3") && msg.contains("listed twice"), msg);
        Path broken = Files.writeString(dir.resolve("s3.json"), "{\"train\": [0, 1");
        msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, broken, out)).getMessage();
        // Jackson's source description left out (it read "Source: REDACTED (StreamReadFeature...)" twice)
        assertTrue(msg.contains("s3.json") && msg.contains("cannot be read as JSON") && !msg.contains("REDACTED"), msg);
        Files.writeString(pkg.resolve("src/digits/4.json"), "{\"data\": [0.5, 1.5]}");
        msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, split, out)).getMessage();
        assertTrue(msg.contains("4.json") && msg.contains("data[1] = 1.5") && msg.contains("outside [0, 1]"), msg);
        Files.writeString(pkg.resolve("src/digits/4.json"), "{\"data\": [0.5, 1]}");
        msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, split, out)).getMessage();
        assertTrue(msg.contains("4.json") && msg.contains("holds 2 pixel values") && msg.contains("multiple of 784"), msg);
        Files.delete(pkg.resolve("src/digits/7.json"));
        Files.writeString(pkg.resolve("src/digits/4.json"), "{\"data\": []}");
        msg = assertThrows(InvalidInputException.class, () -> MnistImport.convert(pkg, split, out)).getMessage();
        assertTrue(msg.contains("4.json"), msg);
        assertTrue(Files.notExists(out), "nothing is written when the input is bad");
    }
}
