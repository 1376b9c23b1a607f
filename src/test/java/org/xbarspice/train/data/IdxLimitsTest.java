package org.xbarspice.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** IDX data is read only as far as its header announces, and the header may announce at most 256 MiB. */
class IdxLimitsTest {
    @TempDir
    Path tmp;

    private static byte[] header(int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        return bytes.toByteArray();
    }

    /** One gzip member holding {@code head} then {@code zeros} zero bytes. */
    private static byte[] gzip(byte[] head, int zeros) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            gz.write(head);
            byte[] block = new byte[1 << 16];
            for (int left = zeros; left > 0; left -= block.length) {
                gz.write(block, 0, Math.min(left, block.length));
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void gzipBombIsReadOnlyAsFarAsTheHeaderAnnounces() throws IOException {
        // 8 MiB on disk that decompress to 4 GiB: 64 gzip members of 64 MiB of zeros each (concatenated members are one
        // stream); readAllBytes on it ended in OutOfMemoryError
        byte[] first = gzip(header(10, 28, 28), 64 << 20);
        byte[] more = gzip(new byte[0], 64 << 20);
        Path bomb = tmp.resolve("bomb-images-idx3-ubyte.gz");
        try (OutputStream out = Files.newOutputStream(bomb)) {
            out.write(first);
            for (int k = 1; k < 64; k++) {
                out.write(more);
            }
        }
        String msg = assertThrows(InvalidInputException.class, () -> IdxFiles.readImages(bomb)).getMessage();
        assertTrue(msg.contains(bomb.toString()) && msg.contains("more bytes than the 7840 data bytes"), msg);
    }

    @Test
    void headerAnnouncingMoreThanTheLimitIsRefusedBeforeReading() throws IOException {
        Path file = Files.write(tmp.resolve("huge-images-idx3-ubyte"), header(60000, 28000, 28000));
        String msg = assertThrows(InvalidInputException.class, () -> IdxFiles.readImages(file)).getMessage();
        assertTrue(msg.contains(file.toString()) && msg.contains("60000 x 28000 x 28000 = 47040000000000 data bytes")
                && msg.contains("256.0 MiB"), msg);
        Path overflow = Files.write(tmp.resolve("overflow-images-idx3-ubyte"),
                header(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        msg = assertThrows(InvalidInputException.class, () -> IdxFiles.readImages(overflow)).getMessage();
        assertTrue(msg.contains("2147483647 x 2147483647 x 2147483647") && msg.contains("too large"), msg);
    }

    @Test
    void smallGzipFileStillReads() throws IOException {
        Path file = Files.write(tmp.resolve("labels-idx1-ubyte.gz"), gzip(concat(header(3), new byte[] {7, 8, 9}), 0));
        assertEquals(9, IdxFiles.readLabels(file)[2]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
