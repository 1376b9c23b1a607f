package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write under way when the JVM is stopped ends first; one that would begin after the signal does not begin. */
class ShutdownGuardTest {
    @TempDir
    Path tmp;

    /**
     * In a JVM of its own: a slow guarded write of a plot to {@code first} (the JVM's first PNG, as a run's first
     * checkpoint writes it), then a guarded write of file {@code second}.
     */
    static final class WritingJvm {
        public static void main(String[] args) throws Exception {
            Path first = Path.of(args[0]);
            Path second = Path.of(args[1]);
            ShutdownGuard.complete(() -> {
                try {
                    System.out.println("writing"); // the guard's hook is there by now
                    Thread.sleep(1500);
                    org.xbarspice.report.Plots.lines(first, "t", "x", "y", List.of(new org.xbarspice.report.Plots.Series(
                            "s", new double[] {1, 2}, new double[] {1, 2}, false)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ShutdownGuard.complete(() -> {
                try {
                    Files.writeString(second, "done");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(60_000);
        }
    }

    /**
     * SIGTERM 0.5 s into a write of 1.5 s: the JVM cut it off (a run's first checkpoint was lost so); and the plot in it
     * failed with "Shutdown in progress" as ImageIO's file cache registered a hook of its own.
     */
    @Test
    void aWriteUnderWayEndsBeforeTheJvmAndNoneBeginsAfter() throws Exception {
        Path first = tmp.resolve("first.png");
        Path second = tmp.resolve("second");
        Path log = tmp.resolve("log");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WritingJvm.class.getName(), first.toString(), second.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("writing")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(500);
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), Files.readString(log));
        assertTrue(Files.exists(first), "the write under way ended: " + Files.readString(log));
        assertFalse(Files.exists(second), "the write after the signal did not begin");
    }
}
