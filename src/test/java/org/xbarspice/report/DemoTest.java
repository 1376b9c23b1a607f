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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.InvalidInputException;

/** The demo's folder checks, made before any step, and the figures its steps print against their summaries. */
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

    /**
     * summary.json holds "the figures printed": the update latency of step 3 and the behavioral time of step 2 are
     * printed, so they are in the step's summary too, with the printed values.
     */
    @Test
    void theUpdateLatencyAndThePulseResponsesBehavioralTimeArePrintedAndInTheSummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Demo demo = new Demo(tmp, 2026, new PrintStream(out, true, StandardCharsets.UTF_8));
        Map<String, Object> update;
        Map<String, Object> pulse;
        try (NgSpiceEngine spice = NgSpiceEngine.open(1)) {
            update = demo.updateMap(spice);
            pulse = demo.pulseResponse(spice);
        }
        String console = out.toString(StandardCharsets.UTF_8);
        Matcher latency = Pattern.compile("in (\\S+) us; behavioral twin").matcher(console);
        assertTrue(latency.find(), console);
        assertTrue(update.containsKey("updateLatencySeconds"), update.keySet().toString());
        assertEquals(latency.group(1), String.format(Locale.ROOT, "%.3g", 1e6 * (Double) update.get("updateLatencySeconds")));
        Matcher behavioral = Pattern.compile("behavioral (\\S+) s, max \\|difference\\|").matcher(console);
        assertTrue(behavioral.find(), console);
        assertTrue(pulse.containsKey("behavioralSeconds"), pulse.keySet().toString());
        assertEquals(behavioral.group(1), String.format(Locale.ROOT, "%.4f", (Double) pulse.get("behavioralSeconds")));
    }
}
