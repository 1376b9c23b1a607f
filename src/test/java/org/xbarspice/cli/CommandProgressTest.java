package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.AnalysisProgress;

/**
 * The commands that run SPICE pass their analyses' progress to the bars ({@link AnalysisProgress}): with every analysis
 * shown at its first report ({@link AnalysisProgress#SHOW_AFTER_PROPERTY} 0, so that the test does not depend on the
 * machine's speed), each command's output holds its bar, ended at 100 %.
 */
@Tag("ngspice")
class CommandProgressTest {
    private String before;

    @BeforeEach
    void showEveryAnalysis() {
        before = System.setProperty(AnalysisProgress.SHOW_AFTER_PROPERTY, "0");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(AnalysisProgress.SHOW_AFTER_PROPERTY);
        } else {
            System.setProperty(AnalysisProgress.SHOW_AFTER_PROPERTY, before);
        }
    }

    /** What the command prints on standard output; it must exit 0. */
    private static String printed(String... args) {
        PrintStream console = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.commandLine().execute(args));
        } finally {
            System.setOut(console);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertBar(String text, String name) {
        assertTrue(text.lines().anyMatch(line -> line.startsWith(name) && line.contains("100%")), text);
    }

    @Test
    void read() {
        String text = printed("read", "--rows", "64", "--cols", "64", "--wire-r", "1", "--vectors", "16", "--engine",
                "both");
        assertBar(text, "ngspice read");
    }

    @Test
    void update() {
        String text = printed("update", "--rows", "8", "--cols", "8", "--wire-r", "1", "--engine", "transient");
        assertBar(text, "transient");
    }

    @Test
    void pulseResponse() {
        String text = printed("pulse-response", "--pulses", "200", "--engine", "both");
        assertBar(text, "ngspice transient");
    }

    @Test
    void calibrate(@TempDir Path dir) {
        String text = printed("calibrate", "--rows", "6", "--cols", "6", "--wire-r", "100", "--fit-updates", "8",
                "--held-out-updates", "6", "--pulses", "120", "--chunk", "30", "--out",
                dir.resolve("cal.json").toString());
        assertBar(text, "SPICE experiments");
    }
}
