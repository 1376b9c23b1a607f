package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.TrainConfig;

/** {@code xbarspice calibrate} end to end on a small array: files, a preset train accepts, and nothing on failure. */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    private static final List<String> SMALL = List.of("calibrate", "--rows", "6", "--cols", "6", "--wire-r", "100",
            "--fit-updates", "8", "--held-out-updates", "6", "--pulses", "120", "--chunk", "30");

    private static int run(List<String> base, String... more) {
        String[] args = Stream.concat(base.stream(), Stream.of(more)).toArray(String[]::new);
        return Main.commandLine().execute(args);
    }

    @Test
    void writesAPresetThatLoadsAndAReport() throws IOException {
        Path preset = dir.resolve("cal.json");
        assertEquals(0, run(SMALL, "--out", preset.toString()));
        for (String name : List.of("cal.json", "cal.report.json", "cal.pulse-response.png", "cal.attenuation.png",
                "cal.attenuation-measured.png")) {
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        DevicePreset loaded = DevicePresets.load(preset.toString());
        assertEquals("onen-softbounds-calibrated-6x6", loaded.id());
        JsonNode report = ResultFiles.json().readTree(dir.resolve("cal.report.json").toFile());
        double after = report.get("heldOutRmsAfter").asDouble();
        double before = report.get("heldOutRmsNominal").asDouble();
        assertTrue(after < 0.02 && after < before, "held-out RMS after " + after + ", nominal " + before);
        assertTrue(report.at("/fitted/c1/sigma").asDouble() > 0);
        // train accepts the file as its device
        TrainConfig config = TrainConfig.parse("{\"device\": " + ResultFiles.json().writeValueAsString(preset.toString()) + "}",
                "test config");
        assertEquals(preset.toString(), config.device());
    }

    @Test
    void aFitThatDoesNotConvergeWritesNothing() throws IOException {
        Path preset = dir.resolve("never.json");
        Path report = dir.resolve("never-report.json");
        StringWriter errors = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(errors, true));
        String[] args = Stream.concat(SMALL.stream(), Stream.of("--max-iterations", "1", "--out", preset.toString(),
                "--json", report.toString())).toArray(String[]::new);
        assertEquals(1, cli.execute(args));
        assertTrue(errors.toString().contains("did not converge within 1 "), errors.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void badInputIsRejectedNamingTheValue() {
        StringWriter errors = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(errors, true));
        assertEquals(2, cli.execute("calibrate", "--rows", "1", "--wire-r", "1"));
        assertTrue(errors.toString().contains("rows"), errors.toString());
    }
}
