package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;

/** What {@code sweep} prints and keeps of its points. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    /**
     * A point's warnings (here its updates saturate) were kept in its summary.json only: the sweep printed the point's
     * accuracy as if nothing were wrong. Now they follow the point's line, a text already printed for an earlier point as
     * "as for" that point, and sweep.json keeps them beside the point's figures.
     */
    @Test
    void aPointsWarningsArePrintedAndKeptInTheReport() throws IOException {
        Path dir = tmp.resolve("s");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.commandLine().execute("sweep", "--data", "spiral", "--model", "2-8-2", "--algorithm", "sgd",
                    "--epochs", "1", "--train-samples", "200", "--test-samples", "50", "--threads", "1",
                    "--grid", "learningRate=20,50", "--out", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        String said = printed.toString(StandardCharsets.UTF_8);
        JsonNode first = ResultFiles.json().readTree(dir.resolve("points/000/summary.json").toFile()).path("warnings");
        // measured: layers 1 and 2 saturate at both rates, layer 2's text the same at both (100.0 % of the updates)
        assertEquals(2, first.size(), first.toString());
        assertTrue(said.contains("[1/2] {learningRate=20}: test accuracy ") && said.contains("  warning: " + first.get(0).asText()),
                said);
        assertTrue(said.contains("  warning: as for {learningRate=20}"), said);
        JsonNode report = ResultFiles.json().readTree(dir.resolve("sweep.json").toFile()).path("runs");
        assertEquals(first, report.get(0).path("warnings"));
        assertEquals(ResultFiles.json().readTree(dir.resolve("points/001/summary.json").toFile()).path("warnings"),
                report.get(1).path("warnings"));
    }
}
