package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarspice.report.ResultFiles;

/** {@code read --ir-drop-mode fast}: the behavioral engine reads through the transfer matrix of the training's fast mode. */
@Tag("ngspice")
class ReadFastModeTest {
    @TempDir
    Path dir;

    /**
     * A one-shot read changes no conductance, so the fast read is the exact one up to the unit solves' tolerance, checked
     * against the exact solve on its first vector and against ngspice on every vector, differential pairs and the
     * backward direction included.
     */
    @Test
    void fastReadsAgreeWithNgspiceAndCheckThemselves() throws IOException {
        Path json = dir.resolve("read.json");
        BadInputTest.Run r = BadInputTest.run(List.of("read", "--rows", "24", "--cols", "12", "--wire-r", "2", "--vectors",
                "30", "--differential", "--direction", "backward", "--ir-drop-mode", "fast", "--json", json.toString()));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = ResultFiles.json().readTree(json.toFile());
        assertEquals("fast", doc.get("irDropMode").asText());
        JsonNode check = doc.get("irDropCheck");
        assertEquals(1, check.get("reads").asLong());
        assertEquals(1, check.get("refreshes").asLong());
        double error = check.get("maxReadError").asDouble();
        double effect = check.get("maxReadEffect").asDouble();
        double spice = doc.get("maxRelError").asDouble();
        // measured: 2.1e-16 of full scale from the exact solve, the IR drop itself 4.6e-4; 1.6e-13 from ngspice
        assertTrue(error < 1e-15 && effect > 4e-4, check.toString());
        assertTrue(spice < 5e-13, "fast read vs ngspice " + spice);
    }

    /**
     * A backward read's check takes the sensed rows' sums as full scale: with the columns' it put a 1 x 512 backward
     * read's IR drop at 3.55 of full scale (276 times the 0.0129 measured now).
     */
    @Test
    void aBackwardReadsCheckIsScaledByItsSensedRows() throws IOException {
        Path json = dir.resolve("row.json");
        BadInputTest.Run r = BadInputTest.run(List.of("read", "--rows", "1", "--cols", "512", "--wire-r", "1", "--driver-r",
                "10", "--vectors", "3", "--direction", "backward", "--engine", "behavioral", "--ir-drop-mode", "fast",
                "--json", json.toString()));
        assertEquals(0, r.exitCode(), r.err());
        double effect = ResultFiles.json().readTree(json.toFile()).path("irDropCheck").path("maxReadEffect").asDouble(-1);
        assertEquals(0.0129, effect, 0.0005, "measured 0.012861");
    }

    @ParameterizedTest
    @CsvSource({"calibrated, 1, both, ideal, changes updates only",
            "fast, 1, ngspice, ideal, add --engine behavioral or both",
            "exact, 1, ngspice, ideal, add --engine behavioral or both",
            "exact, 0, behavioral, ideal, give wire or driver resistance (--wire-r OHM or --driver-r OHM)",
            "fast, 0, behavioral, ideal, give wire or driver resistance (--wire-r OHM or --driver-r OHM)",
            "fast, 1, behavioral, tia, which a TIA's clipped output is not"})
    void modesWithoutEffectAreRefused(String mode, String wireOhm, String engine, String sense, String why) {
        BadInputTest.Run r = BadInputTest.run(List.of("read", "--rows", "4", "--cols", "4", "--ir-drop-mode", mode,
                "--wire-r", wireOhm, "--engine", engine, "--sense", sense));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--ir-drop-mode = " + mode) && r.err().contains(why), r.err());
    }
}
