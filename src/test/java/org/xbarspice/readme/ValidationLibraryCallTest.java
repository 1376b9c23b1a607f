package org.xbarspice.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.cli.Main;
import org.xbarspice.report.Validation;
import org.xbarspice.spice.ngspice.NgSpiceEngine;

/** The README's library call of {@code validate}, from outside the command-line package. */
class ValidationLibraryCallTest {
    /**
     * {@code Validation.runAll} with the command line's {@link Validation.Commands} judges cases as {@code validate} does:
     * a pass, and a case whose command refuses its flags as malformed, with the command's one-line message. Before, those
     * commands were private to the {@code validate} command, so a Java caller had to write its own and lost the timeout
     * and the message.
     */
    @Test
    void casesRunWithTheCommandLinesCommands(@TempDir Path root) throws IOException {
        Path written = Files.createDirectories(root.resolve("written"));
        assertEquals(0, Main.commandLine().execute("netlist", "--rows", "2", "--cols", "2", "-o",
                written.resolve("want.cir").toString()));
        Files.writeString(written.resolve("case.json"), "{\"command\": [\"netlist\", \"--rows\", \"2\", \"--cols\", \"2\", "
                + "\"-o\", \"{case}/got.cir\"], \"tolerance\": 0, \"expectedFiles\": {\"want.cir\": \"{case}/got.cir\"}}");
        Path bad = Files.createDirectories(root.resolve("bad"));
        Files.writeString(bad.resolve("case.json"), "{\"command\": [\"read\", \"--rows\", \"2\", \"--colz\", \"2\"], "
                + "\"tolerance\": 1}");

        List<Validation.Outcome> outcomes = new ArrayList<>();
        Validation.Summary summary = Validation.runAll(Validation.caseFolders(root, List.of()),
                Main.validationCommands(NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS), outcomes::add);
        assertEquals(new Validation.Summary(1, 0, 1), summary, outcomes.toString());
        Validation.Outcome refused = outcomes.stream().filter(o -> o.id().equals("bad")).findFirst().orElseThrow();
        assertTrue(refused.line().startsWith("BAD ") && refused.line().contains("Unknown options: '--colz'"),
                refused.line());
        assertTrue(Validation.run("written", written, Main.validationCommands(0)).passed());
    }
}
