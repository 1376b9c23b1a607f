package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** The validation cases judged through the library alone, with commands of the test's own. */
class ValidationTest {

    /** A command "figure V" that writes {"value": V} to the path after --json; "refuse" that refuses its input. */
    private static final Validation.Commands COMMANDS = new Validation.Commands() {
        @Override
        public Set<String> names() {
            return Set.of("figure", "refuse");
        }

        @Override
        public Validation.Ran run(String[] args) {
            if (args[0].equals("refuse")) {
                return new Validation.Ran(2, true, "bad flag --x");
            }
            try {
                Files.writeString(Path.of(args[args.length - 1]), "{\"value\": " + args[1] + "}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Validation.Ran(0, false, "");
        }
    };

    private static void writeCase(Path root, String id, String json) throws IOException {
        Files.writeString(Files.createDirectories(root.resolve(id)).resolve("case.json"), json);
    }

    @Test
    void casesArePassedFailedOrMalformedByTheirFiguresAndCommands(@TempDir Path root) throws IOException {
        writeCase(root, "a-within", "{\"command\": [\"figure\", \"0.5\"], \"figure\": \"value\", \"tolerance\": 1}");
        writeCase(root, "b-beyond", "{\"command\": [\"figure\", \"2.5\"], \"figure\": \"value\", \"tolerance\": 1}");
        writeCase(root, "c-refused", "{\"command\": [\"refuse\"], \"figure\": \"value\", \"tolerance\": 1}");
        List<Validation.Outcome> outcomes = new ArrayList<>();
        Validation.Summary summary = Validation.runAll(Validation.caseFolders(root, List.of()), COMMANDS, outcomes::add);
        assertEquals(new Validation.Summary(1, 1, 1), summary);
        assertEquals("1 passed, 1 failed, 1 malformed (BAD: bad input, exit 2)", summary.line());
        assertEquals(0.5, outcomes.get(0).figure());
        assertTrue(outcomes.get(0).line().startsWith("PASS  a-within"), outcomes.get(0).line());
        assertFalse(outcomes.get(1).passed());
        assertEquals(2.5, outcomes.get(1).figure());
        assertEquals("BAD   c-refused                          command failed (exit 2): bad flag --x", outcomes.get(2).line());
    }

    /**
     * A case.json key the validator does not know is BAD, naming the key and the known ones: a misspelled
     * "expectedCurrentAmpere" was ignored in silence, and the case passed on its command's own figure (the hand-2x2 read
     * with "figure": "maxRelError" read PASS comparing the two engines, not the hand-solved currents).
     */
    @Test
    void anUnknownCaseKeyIsMalformed(@TempDir Path root) throws IOException {
        writeCase(root, "typo", "{\"command\": [\"figure\", \"0.5\"], \"figure\": \"value\", \"tolerance\": 1, "
                + "\"expectedCurrentAmpere\": [[1e-6]]}");
        Validation.Outcome outcome = Validation.run("typo", root.resolve("typo"), COMMANDS);
        assertTrue(outcome.malformed(), outcome.line());
        assertTrue(outcome.line().contains("unknown key \"expectedCurrentAmpere\"")
                && outcome.line().contains("description, command, figure, tolerance, expectedCurrentsAmpere, expectedFiles"),
                outcome.line());
    }

    @Test
    void unknownAndRepeatedCasesAreRefusedBeforeAnyRuns(@TempDir Path root) throws IOException {
        writeCase(root, "one", "{\"command\": [\"figure\", \"0\"], \"tolerance\": 0}");
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> Validation.caseFolders(root, List.of("one", "two")));
        assertTrue(unknown.getMessage().contains("unknown validation case 'two'") && unknown.getMessage().contains("[one]"),
                unknown.getMessage());
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> Validation.caseFolders(root, List.of("one", root.resolve("one") + "/")));
        assertTrue(twice.getMessage().contains("is given twice"), twice.getMessage());
    }
}
