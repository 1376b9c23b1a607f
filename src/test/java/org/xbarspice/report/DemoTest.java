package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** The demo's folder checks, made before any step. */
class DemoTest {
    @TempDir
    Path tmp;

    /** A folder holding a calibration's files is refused before step 1 (it failed at step 6, after minutes of work). */
    @Test
    void aFolderHoldingTheCalibrationsFilesIsRefusedBeforeAnyStep() throws IOException {
        Files.writeString(tmp.resolve("calibration-16x16.report.json"), "{}");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Demo.run(tmp, 1, new PrintStream(console, true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("holds files of a demo's calibration step (calibration-16x16.report.json exists"),
                e.getMessage());
        assertEquals("", console.toString(StandardCharsets.UTF_8), "no step ran");
    }
}
