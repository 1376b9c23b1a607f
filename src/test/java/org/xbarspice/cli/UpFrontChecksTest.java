package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, sweep and design check what they can before any work: a rejected command exits 2 with a message naming the
 * bad value, and writes no file.
 */
class UpFrontChecksTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY = List.of("--data", "spiral", "--model", "2-4-2", "--epochs", "1",
            "--train-samples", "10", "--test-samples", "10");

    private static List<String> args(String command, List<String> base, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(base);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs {@code args}, requires exit 2, a message holding every one of {@code named}, and no file at {@code out}. */
    private static void refused(List<String> args, Path out, String... named) {
        BadInputTest.Run r = BadInputTest.run(args);
        assertEquals(2, r.exitCode(), args + ": " + r.err());
        for (String n : named) {
            assertTrue(r.err().contains(n), args + ": the message should name '" + n + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), args + ": nothing may be written");
    }

    /** A model far beyond the heap (the test JVM has 1 GB) is refused before training, naming the layer. */
    @Test
    void modelsBeyondTheHeapAreRefused() {
        Path out = tmp.resolve("out");
        refused(List.of("train", "--data", "spiral", "--model", "2-99999999-2", "--train-samples", "10", "--test-samples",
                "10", "--out", out.toString()), out, "layer 1, 2 x 99999999", "JAVA_OPTS=-Xmx");
        refused(List.of("sweep", "--data", "spiral", "--model", "2-99999999-2", "--train-samples", "10", "--test-samples",
                "10", "--grid", "seed=1,2", "--out", out.toString()), out, "layer 1, 2 x 99999999");
    }
}
