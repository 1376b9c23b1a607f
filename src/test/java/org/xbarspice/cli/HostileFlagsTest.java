package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Hostile values for every value-taking flag of every command (issue 15), generated from the commands themselves so a
 * new flag is covered the day it appears: numbers that are not numbers, not finite or out of their type, and names
 * that name nothing. Each case exits 2 with a message naming the flag or the value, no stack trace, no output file.
 * The other flags of a case make a tiny run, so a value that slipped through would finish fast and fail the case.
 */
class HostileFlagsTest {
    @TempDir
    static Path tmp;

    /** Arguments that make each command's run small; {@code OUT} is its output, which must not appear. */
    private static final Map<String, List<String>> BASE = Map.of(
            "train", List.of("--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--train-samples", "10",
                    "--test-samples", "10", "--out", "OUT"),
            "sweep", List.of("--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--train-samples", "10",
                    "--test-samples", "10", "--grid", "seed=1", "--out", "OUT"),
            "toy", List.of("--steps", "1000", "--json", "OUT"),
            "read", List.of("--rows", "4", "--cols", "4", "--engine", "behavioral", "--json", "OUT"),
            "pulse-response", List.of("--engine", "behavioral", "--pulses", "10", "--json", "OUT"),
            "update", List.of("--rows", "2", "--cols", "2", "--engine", "behavioral", "--json", "OUT"),
            "netlist", List.of("--rows", "2", "--cols", "2", "-o", "OUT"),
            // with its required --wire-r: without it every case was refused for that, and passed on the usage that
            // named every flag
            "calibrate", List.of("--rows", "2", "--cols", "3", "--wire-r", "10", "--fit-updates", "2", "--held-out-updates",
                    "1", "--pulses", "20", "--out", "OUT"),
            "design", List.of("--size", "2", "--vectors", "1", "--out", "OUT"),
            "fit-device", List.of("--data", "validation/fit-device/li-ecram-synthetic.csv", "--g-range", "1e-6:1e-5",
                    "--out", "OUT"));

    /** Flags whose value is not checked by these cases: paths and lists, and choices of a run's shape. */
    private static final Set<String> SKIPPED = Set.of("--out", "--json", "--plot", "--config", "--resume", "--data-dir",
            "--array", "--dir", "--grid", "--spark", "--spark-conf", "--netlists", "-o");

    /** Values that are valid for some flags (an infinite tau is a symmetric device; a seed may be any long). */
    private static boolean legitimate(String flag, String value) {
        return flag.equals("--tau") && value.equals("Infinity");
    }

    private static List<String> badValues(Class<?> type) {
        if (type == double.class || type == Double.class) {
            return List.of("NaN", "Infinity", "-Infinity", "abc", "1e", "0x1p3q");
        }
        if (type == int.class || type == Integer.class) {
            return List.of("abc", "1.5", "2147483648", "-2147483649", "1e3");
        }
        if (type == long.class || type == Long.class) {
            return List.of("abc", "1.5", "9223372036854775808", "1e3");
        }
        if (type == boolean.class || type == Boolean.class) {
            return List.of();
        }
        return List.of("no-such-choice", "");
    }

    @TestFactory
    Stream<DynamicTest> everyFlagRefusesHostileValues() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, List<String>> command : BASE.entrySet()) {
            String name = command.getKey();
            for (OptionSpec option : Main.commandLine().getSubcommands().get(name).getCommandSpec().options()) {
                String flag = option.longestName();
                if (option.usageHelp() || option.versionHelp() || SKIPPED.contains(flag) || option.arity().max() == 0) {
                    continue;
                }
                if (!isNumber(option.type()) && !isChoice(flag)) {
                    continue;
                }
                for (String value : badValues(option.type())) {
                    if (legitimate(flag, value)) {
                        continue;
                    }
                    tests.add(DynamicTest.dynamicTest(name + " " + flag + " '" + value + "'", () -> check(name, command.getValue(),
                            flag, value)));
                }
            }
        }
        assertTrue(tests.size() >= 300, "only " + tests.size() + " cases");
        return tests.stream();
    }

    private static boolean isNumber(Class<?> type) {
        return type == double.class || type == Double.class || type == int.class || type == Integer.class
                || type == long.class || type == Long.class;
    }

    /** String flags that choose among named things (devices, data sets, algorithms, engines, modes, shapes). */
    private static boolean isChoice(String flag) {
        return Set.of("--model", "--data", "--algorithm", "--activation", "--device", "--sense", "--engine", "--update-mode",
                "--ir-drop-mode", "--direction", "--input-encoding", "--law").contains(flag);
    }

    private static void check(String command, List<String> base, String flag, String value) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>();
        args.add(command);
        for (String a : base) {
            args.add(a.equals("OUT") ? out.toString() : a);
        }
        // the hostile value replaces the base's own value of the flag, if it has one
        int at = args.indexOf(flag);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.add(flag);
            args.add(value);
        }
        BadInputTest.Run r = BadInputTest.run(args);
        assertEquals(2, r.exitCode(), args + ": " + r.err());
        String shown = value.isEmpty() ? flag : value;
        // a training flag sets a config key: its message may name the key (--ir-drop-mode: irDropMode)
        String key = java.util.regex.Pattern.compile("-([a-z])").matcher(flag.substring(2))
                .replaceAll(m -> m.group(1).toUpperCase(java.util.Locale.ROOT));
        assertTrue(r.err().contains(flag) || r.err().contains(shown) || r.err().contains(key),
                args + ": the message should name " + flag + " or '" + value + "': " + r.err());
        assertFalse(r.err().contains("\tat "), args + ": no stack trace: " + r.err());
        assertFalse(Files.exists(out), args + ": no output may be written");
    }
}
