package org.xbarspice.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

class IdxFilesTest {
    @TempDir
    Path dir;

    private static final int[][] PIXELS = {{0, 255, 128, 1, 2, 3}, {10, 20, 30, 40, 50, 60}, {255, 254, 0, 0, 7, 9}};

    @Test
    void imagesAndLabelsRoundTripPlainAndGzip() throws IOException {
        for (String suffix : new String[] {"", ".gz"}) {
            Path images = dir.resolve("img-idx3-ubyte" + suffix);
            Path labels = dir.resolve("lab-idx1-ubyte" + suffix);
            IdxFiles.writeImages(images, 2, 3, PIXELS);
            IdxFiles.writeLabels(labels, new int[] {3, 0, 9});
            byte[] head = Arrays.copyOf(Files.readAllBytes(images), 2);
            assertEquals(suffix.isEmpty(), head[0] == 0 && head[1] == 0, "gzip only when the name ends in .gz");
            float[][] back = IdxFiles.readImages(images).pixels();
            assertEquals(3, back.length);
            for (int k = 0; k < 3; k++) {
                for (int p = 0; p < 6; p++) {
                    assertEquals(PIXELS[k][p] / 255f, back[k][p], 0f);
                }
            }
            assertArrayEquals(new int[] {3, 0, 9}, IdxFiles.readLabels(labels));
        }
        assertEquals(4, Files.list(dir).count(), "no temporary files are left behind");
    }

    @Test
    void plainFileHasTheMnistHeaderBigEndian() throws IOException {
        Path images = dir.resolve("x");
        IdxFiles.writeImages(images, 2, 3, PIXELS);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(images));
        assertEquals(0x00000803, b.getInt());
        assertEquals(3, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(3, b.getInt());
        assertEquals(16 + 18, b.capacity());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope-idx3-ubyte");
        String msg = assertThrows(InvalidInputException.class, () -> IdxFiles.readImages(missing)).getMessage();
        assertTrue(msg.contains(missing.toString()) && msg.contains("does not exist"), msg);
    }

    @Test
    void corruptFilesAreRejectedWithTheReason() throws IOException {
        byte[] good = header(0x0803, 2, 2, 2);
        assertCorrupt(new byte[0], "shorter than the 4-byte magic");
        assertCorrupt(bytes(0x12345678), "not an IDX file");
        assertCorrupt(header(0x0D03, 1, 1, 1), "data type is 0x0d");
        assertCorrupt(header(0x0801, 4), "1 dimension(s) but 3 are expected");
        assertCorrupt(header(0x0803, 2, 2), "header ends before dimension 3");
        assertCorrupt(header(0x0803, 2, 0, 2), "dimension 2 = 0 must be >= 1");
        assertCorrupt(concat(good, new byte[5]), "truncated: the header announces 8 data bytes, the file holds 5");
        assertCorrupt(concat(good, new byte[9]), "more bytes than the 8 data bytes");
        byte[] gz = gzip(concat(good, new byte[8]));
        assertCorrupt(Arrays.copyOf(gz, gz.length - 12), "gzip compression is broken");
    }

    private void assertCorrupt(byte[] content, String reason) throws IOException {
        Path file = dir.resolve("bad-idx3-ubyte");
        Files.write(file, content);
        String msg = assertThrows(InvalidInputException.class, () -> IdxFiles.readImages(file)).getMessage();
        assertTrue(msg.contains(file.toString()) && msg.contains(reason) && msg.contains("again"), msg);
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] bytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
