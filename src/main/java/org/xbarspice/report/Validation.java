package org.xbarspice.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;

/**
 * The validation cases under {@code validation/}, run and judged. Each case is a folder with a {@code case.json} (the
 * command, the figure it yields, the tolerance, optionally the expected currents, or the files the command must write
 * again byte for byte; in the command and those files' paths, {@code {case}} is the case folder and {@code {scratch}}
 * a temporary folder removed afterwards) and a README saying what is compared and how the expected figures were made.
 * A case with {@code expectedFiles} (case file name to the path the command writes it to) gets no {@code --json}: its
 * figure is the number of lines that differ from the case's files (0 when every byte is the same). A case's command
 * is an xbarspice command line, run by the caller's {@link Commands} (the command-line interface's, in process).
 */
public final class Validation {
    private Validation() {
    }

    /** Runs xbarspice command lines for the cases. */
    public interface Commands {
        /** The names of the commands (the first word of a case's command must be one). */
        Set<String> names();

        /** Runs one command line, its own printed report discarded. */
        Ran run(String[] args);
    }

    /**
     * How a command line ended: its exit code, whether that code means its input was refused (a case that asks for
     * flags the command does not take is malformed, not failed), and the first line of its error output.
     */
    public record Ran(int exitCode, boolean badInput, String firstErrorLine) {
    }

    /**
     * One case's outcome; {@code malformed} when the case itself is bad input (its case.json, a command that refuses its
     * flags, a figure its command does not write), not a figure out of tolerance.
     */
    public record Outcome(String id, String figureName, double figure, double tolerance, String error, boolean malformed) {
        Outcome(String id, String figureName, double figure, double tolerance, String error) {
            this(id, figureName, figure, tolerance, error, false);
        }

        /** A case that is bad input, {@code error} saying why. */
        static Outcome malformed(String id, String figureName, double tolerance, String error) {
            return new Outcome(id, figureName, Double.NaN, tolerance, error, true);
        }

        /** Whether the case ran and its figure is within its tolerance. */
        public boolean passed() {
            return error == null && figure <= tolerance;
        }

        /** The case's line of the report: PASS, FAIL or BAD, its id, and its figure and tolerance or what went wrong. */
        public String line() {
            if (error != null) {
                return String.format(Locale.ROOT, "%s  %-34s %s", malformed ? "BAD " : "FAIL", id, error);
            }
            return String.format(Locale.ROOT, "%s  %-34s %s = %.3e  (tolerance %.1e)", passed() ? "PASS" : "FAIL", id,
                    figureName, figure, tolerance);
        }
    }

    /** The counts of a run of cases. */
    public record Summary(int passed, int failed, int malformed) {
        /** The report's last line. */
        public String line() {
            return passed + " passed, " + failed + " failed"
                    + (malformed > 0 ? ", " + malformed + " malformed (BAD: bad input, exit 2)" : "");
        }
    }

    /**
     * The case folders to run: {@code given} case ids (folder names under {@code root}) or paths to case folders, every
     * one checked before any runs; all cases under {@code root} when {@code given} is empty.
     *
     * @throws InvalidInputException naming the missing folder, an unknown case with the known ones, or a case given twice
     */
    public static List<Path> caseFolders(Path root, List<String> given) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("validation folder " + root + (Files.exists(root) ? " is not a folder" : " does not exist")
                    + ": pass --dir DIR, the folder of the cases");
        }
        List<String> ids = given.isEmpty() ? allCases(root) : given;
        if (ids.isEmpty()) {
            throw new InvalidInputException("no validation cases in " + root + ": a case is a folder with a case.json; pass "
                    + "--dir DIR, the folder of the cases");
        }
        List<Path> folders = new ArrayList<>();
        for (String id : ids) {
            Path caseDir = caseFolder(root, id);
            if (caseDir == null) {
                throw new InvalidInputException("unknown validation case '" + id + "': no " + root.resolve(id).resolve("case.json")
                        + "; known cases: " + allCases(root));
            }
            if (folders.stream().anyMatch(f -> sameFolder(f, caseDir))) { // ran and counted twice
                throw new InvalidInputException("validation case '" + id + "' is given twice: give each case once");
            }
            folders.add(caseDir);
        }
        return folders;
    }

    /** Runs the cases in {@code folders} one after the other, each outcome handed to {@code each} as it comes. */
    public static Summary runAll(List<Path> folders, Commands commands, Consumer<Outcome> each) throws IOException {
        int failed = 0;
        int malformed = 0;
        for (Path caseDir : folders) {
            Outcome outcome = run(caseDir.getFileName().toString(), caseDir, commands);
            each.accept(outcome);
            if (outcome.malformed()) {
                malformed++;
            } else if (!outcome.passed()) {
                failed++;
            }
        }
        return new Summary(folders.size() - failed - malformed, failed, malformed);
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * The folder of case {@code given}: a case id under {@code root}, or a path to a case folder (trailing slash and
     * {@code ..} allowed); null when neither holds a case.json.
     */
    private static Path caseFolder(Path root, String given) {
        try {
            for (Path candidate : List.of(root.resolve(given), Path.of(given))) {
                Path folder = candidate.toAbsolutePath().normalize();
                if (folder.getFileName() != null && Files.isRegularFile(folder.resolve("case.json"))) {
                    return folder;
                }
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }

    private static List<String> allCases(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("case.json"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        }
    }

    /** The keys a case.json may hold (a misspelled one was ignored in silence, and the case judged without it). */
    static final List<String> CASE_KEYS = List.of("description", "command", "figure", "tolerance", "expectedCurrentsAmpere",
            "expectedFiles");

    /** Runs case {@code id} in folder {@code caseDir} through {@code commands} and measures its figure. */
    public static Outcome run(String id, Path caseDir, Commands commands) throws IOException {
        Path specFile = caseDir.resolve("case.json");
        JsonNode spec;
        try {
            spec = ResultFiles.json().readTree(specFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Outcome.malformed(id, "?", Double.NaN, specFile + " is not valid JSON: "
                    + StrictJson.message(e));
        }
        String figureName = spec.path("figure").asText("maxRelError");
        double tolerance = spec.path("tolerance").asDouble(Double.NaN);
        for (String key : (Iterable<String>) spec::fieldNames) {
            if (!CASE_KEYS.contains(key)) {
                return Outcome.malformed(id, figureName, tolerance, specFile + ": unknown key \"" + key + "\": remove or "
                        + "rename it; known keys: " + String.join(", ", CASE_KEYS));
            }
        }
        JsonNode command = spec.path("command");
        boolean commandValid = command.isArray() && !command.isEmpty();
        for (JsonNode word : command) {
            commandValid &= word.isTextual();
        }
        if (!commandValid) {
            return Outcome.malformed(id, figureName, tolerance, specFile + ": \"command\" must be a non-empty array of "
                    + "strings, e.g. [\"read\", \"--rows\", \"64\", ...]");
        }
        if (!spec.has("tolerance")) {
            return Outcome.malformed(id, figureName, tolerance, specFile + ": \"tolerance\" is missing: give the "
                    + "largest figure that passes, a number >= 0");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            return Outcome.malformed(id, figureName, tolerance, specFile + ": \"tolerance\" must be a finite number >= 0");
        }
        JsonNode expectedFiles = spec.path("expectedFiles");
        if (spec.has("expectedFiles")) {
            String bad = !expectedFiles.isObject() || expectedFiles.isEmpty() ? "must name at least one file (case file name "
                    + "to the path the command writes it to)" : null;
            for (var e = expectedFiles.fields(); bad == null && e.hasNext(); ) {
                var file = e.next();
                if (!file.getValue().isTextual()) {
                    bad = "gives " + file.getValue() + " for " + file.getKey() + ": give the path the command writes it to";
                } else if (!Files.isRegularFile(caseDir.resolve(file.getKey()))) {
                    bad = "names " + file.getKey() + ", which is not a file of the case folder";
                }
            }
            if (bad != null) {
                return Outcome.malformed(id, figureName, tolerance, specFile + ": \"expectedFiles\" " + bad);
            }
        }
        double[][] expectedCurrents = null;
        if (spec.has("expectedCurrentsAmpere")) {
            expectedCurrents = matrix(spec.get("expectedCurrentsAmpere"));
            if (expectedCurrents == null) {
                return Outcome.malformed(id, figureName, tolerance, specFile + ": \"expectedCurrentsAmpere\" must be an "
                        + "array of vectors, each an array of currents (A) of the same length");
            }
        }
        if (!commands.names().contains(command.get(0).asText())) {
            return Outcome.malformed(id, figureName, tolerance, specFile + ": \"command\" starts with '"
                    + command.get(0).asText() + "', which is not an xbarspice command: use one of "
                    + String.join(", ", commands.names()));
        }
        List<String> args = new ArrayList<>();
        Path scratch = Files.createTempDirectory("xbarspice-validate-" + id);
        command.forEach(a -> args.add(expand(a.asText(), caseDir, scratch)));
        Path out = Files.createTempFile("xbarspice-validate-" + id, ".json");
        try {
            if (!expectedFiles.isObject()) {
                args.add("--json");
                args.add(out.toString());
            }
            Ran ran = commands.run(args.toArray(String[]::new));
            if (ran.exitCode() != 0) {
                return new Outcome(id, figureName, Double.NaN, tolerance, "command failed (exit " + ran.exitCode() + "): "
                        + ran.firstErrorLine(), ran.badInput());
            }
            if (expectedFiles.isObject()) {
                try {
                    return new Outcome(id, figureName, differingLines(caseDir, expectedFiles, scratch), tolerance, null);
                } catch (NoSuchFileException e) {
                    return new Outcome(id, figureName, Double.NaN, tolerance, "no file " + e.getFile());
                } catch (IOException e) { // a path of the case's that names no file: a folder, or nothing at all
                    return Outcome.malformed(id, figureName, tolerance, specFile + ": \"expectedFiles\" names a path "
                            + "that cannot be read as a file (" + e.getMessage() + "): give the path the command writes");
                }
            }
            JsonNode result = ResultFiles.json().readTree(out.toFile());
            if (expectedCurrents != null) {
                String mismatch = mismatch(expectedCurrents, result);
                if (mismatch != null) {
                    return Outcome.malformed(id, figureName, tolerance, specFile + ": \"expectedCurrentsAmpere\" " + mismatch);
                }
            }
            JsonNode value = result.path(figureName);
            double figure = expectedCurrents != null ? errorAgainstExpected(expectedCurrents, result)
                    : value.isNumber() ? value.asDouble() : Double.NaN;
            if (Double.isNaN(figure)) {
                return Outcome.malformed(id, figureName, tolerance, specFile + ": the command's JSON has no number " + figureName
                        + ": give \"figure\" one of its numeric keys (" + numericKeys(result) + ")");
            }
            return new Outcome(id, figureName, figure, tolerance, null);
        } finally {
            Files.deleteIfExists(out);
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The top-level keys of {@code result} that hold numbers, comma-separated. */
    private static String numericKeys(JsonNode result) {
        List<String> keys = new ArrayList<>();
        result.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                keys.add(e.getKey());
            }
        });
        return String.join(", ", keys);
    }

    /** {@code text} of a case (a command argument, a written file's path) with {@code {case}} and {@code {scratch}} put in. */
    private static String expand(String text, Path caseDir, Path scratch) {
        return text.replace("{case}", caseDir.toString()).replace("{scratch}", scratch.toString());
    }

    /**
     * The lines of the files the command wrote ({@code expected}: case file name to the path written, with
     * {@code {case}} and {@code {scratch}}) that differ from the case's own: 0 when every byte is the same, else at least 1.
     */
    private static double differingLines(Path caseDir, JsonNode expected, Path scratch) throws IOException {
        int differing = 0;
        for (var e = expected.fields(); e.hasNext(); ) {
            var file = e.next();
            byte[] want = Files.readAllBytes(caseDir.resolve(file.getKey()));
            byte[] got = Files.readAllBytes(Path.of(expand(file.getValue().asText(), caseDir, scratch)));
            if (Arrays.equals(want, got)) {
                continue;
            }
            List<String> a = new String(want, StandardCharsets.UTF_8).lines().toList();
            List<String> b = new String(got, StandardCharsets.UTF_8).lines().toList();
            int lines = Math.abs(a.size() - b.size());
            for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
                lines += a.get(k).equals(b.get(k)) ? 0 : 1;
            }
            differing += Math.max(1, lines);
        }
        return differing;
    }

    /** Largest {@link ReadComparison#maxRelError} of any engine's currents against the expected ones. */
    private static double errorAgainstExpected(double[][] expected, JsonNode result) {
        double worst = 0;
        for (JsonNode engine : result.path("outputs")) {
            worst = Math.max(worst, ReadComparison.maxRelError(expected, matrix(engine.get("currentsAmpere"))));
        }
        return worst;
    }

    /**
     * Why the expected currents cannot be compared with the command's: no engine's currents in its JSON, or an engine's
     * of another shape (vectors x lines); null when every engine's can.
     */
    private static String mismatch(double[][] expected, JsonNode result) {
        JsonNode outputs = result.path("outputs");
        if (!outputs.isObject() || outputs.isEmpty()) {
            return "has nothing to compare with: the command writes no engine's currents (outputs), as read does";
        }
        for (var e = outputs.fields(); e.hasNext(); ) {
            var engine = e.next();
            double[][] currents = matrix(engine.getValue().get("currentsAmpere"));
            if (currents == null || currents.length != expected.length || currents[0].length != expected[0].length) {
                return "holds " + expected.length + " x " + expected[0].length + " currents, the command's " + engine.getKey()
                        + " engine " + (currents == null ? "none" : currents.length + " x " + currents[0].length)
                        + ": give every vector's current of every sensed line";
            }
        }
        return null;
    }

    /** {@code node} as a rectangular matrix of finite numbers (at least 1 x 1), or null when it is not one. */
    private static double[][] matrix(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            return null;
        }
        double[][] out = new double[node.size()][];
        for (int k = 0; k < out.length; k++) {
            JsonNode row = node.get(k);
            if (!row.isArray() || row.isEmpty() || row.size() != node.get(0).size()) {
                return null;
            }
            out[k] = new double[row.size()];
            for (int j = 0; j < out[k].length; j++) {
                if (!row.get(j).isNumber() || !Double.isFinite(row.get(j).asDouble())) {
                    return null;
                }
                out[k][j] = row.get(j).asDouble();
            }
        }
        return out;
    }
}
