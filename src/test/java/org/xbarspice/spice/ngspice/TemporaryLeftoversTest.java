package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary folders that a process killed outright left are removed by the next one. */
class TemporaryLeftoversTest {
    /**
     * A file run's raw folder of a process that has ended is removed, with its raw file; those of a running process (this
     * one) and folders of other names stay. Before, a process killed with SIGKILL during a long transient left its raw
     * file (tens of MB) for good.
     */
    @Test
    void theFoldersOfEndedProcessesAreRemoved(@TempDir Path tmp) throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path left = Files.createDirectory(tmp.resolve("xbarspice-raw-" + ended.pid() + "-123"));
        Files.writeString(left.resolve("run.raw"), "raw data");
        Path copy = Files.createDirectory(tmp.resolve("xbarspice-ngspice-" + ended.pid() + "-9"));
        Files.writeString(copy.resolve("libngspice-1.so"), "a library copy");
        Path running = Files.createDirectory(tmp.resolve("xbarspice-raw-" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectory(tmp.resolve("xbarspice-raw789"));
        assertEquals(2, NgSpiceEngine.removeLeftovers(tmp));
        assertFalse(Files.exists(left) || Files.exists(copy));
        assertTrue(Files.isDirectory(running) && Files.isDirectory(other));
    }
}
