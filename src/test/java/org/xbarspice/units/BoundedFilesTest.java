package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User files are read with a limit: endless or huge inputs are bad input naming the file, its size and the limit. */
class BoundedFilesTest {
    @TempDir
    Path tmp;

    private static String failure(Path file, long limit) {
        return assertThrows(InvalidInputException.class, () -> BoundedFiles.readBytes(file, "test file '" + file + "'", limit))
                .getMessage();
    }

    @Test
    void endlessDeviceStopsAtTheLimit() {
        String msg = failure(Path.of("/dev/zero"), 1 << 20);
        assertTrue(msg.contains("/dev/zero") && msg.contains("too large") && msg.contains("1.0 MiB (1048576 bytes)"), msg);
    }

    @Test
    void hugeFileIsRefusedBeforeReadingByItsSize() throws IOException {
        Path huge = tmp.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(5L << 30); // sparse: no disk space
        }
        String msg = failure(huge, BoundedFiles.JSON_LIMIT);
        assertTrue(msg.contains("huge.json") && msg.contains("5.0 GiB (5368709120 bytes)") && msg.contains("16.0 MiB"), msg);
    }

    @Test
    void filesUpToTheLimitAreRead() throws IOException {
        Path file = Files.write(tmp.resolve("ok.bin"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, BoundedFiles.readBytes(file, "f", 3));
        assertTrue(failure(file, 2).contains("3 bytes"));
        assertEquals("héllo", BoundedFiles.readUtf8(Files.writeString(tmp.resolve("t.txt"), "héllo"), "t", 100));
    }

    @Test
    void missingDirectoryAndNonUtf8AreNamed() throws IOException {
        assertTrue(failure(tmp.resolve("none"), 10).contains("does not exist"));
        assertTrue(failure(tmp, 10).contains("is a directory"));
        Path latin1 = Files.write(tmp.resolve("latin1.cir"), new byte[] {'a', (byte) 0xE9});
        String msg = assertThrows(InvalidInputException.class, () -> BoundedFiles.readUtf8(latin1, "netlist 'latin1.cir'", 10))
                .getMessage();
        assertTrue(msg.contains("latin1.cir") && msg.contains("UTF-8"), msg);
    }
}
