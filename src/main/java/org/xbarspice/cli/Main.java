package org.xbarspice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.report.Validation;
import org.xbarspice.spice.SpiceNetlistException;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.ShutdownGuard;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code xbarspice} command line. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "xbarspice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SPICE-coupled co-simulator for training neural networks on analog crossbar arrays.",
        subcommands = {DemoCommand.class, TrainCommand.class, SweepCommand.class, DesignCommand.class, ToyCommand.class, ReadCommand.class,
            PulseResponseCommand.class, UpdateCommand.class, CalibrateCommand.class, FitDeviceCommand.class, NetlistCommand.class, SpiceCommand.class,
            ValidateCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The launcher ./xbarspice also runs:",
            "  test          set-up, then the full test suite (mvn verify)",
            "  bench [ARGS]  the JMH benchmarks (ARGS go to JMH: bench -h lists them)"})
public final class Main {
    /** Exit code for bad input (flags, presets, netlists). */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, print the Java stack trace after the message (for bug reports).")
    boolean debug;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code;
        try {
            code = commandLine().execute(args);
        } catch (VirtualMachineError e) { // picocli's handler takes Exceptions: the JVM's errors came as a bare stack trace
            System.err.println(internalError(e));
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Installation folder: set by the launcher as -Dxbarspice.home; else, run as {@code java -jar HOME/target/xbarspice.jar}
     * from another folder, the folder above the jar's; else the working directory.
     */
    public static java.nio.file.Path home() {
        String set = System.getProperty("xbarspice.home");
        if (set != null) {
            return java.nio.file.Path.of(set);
        }
        java.security.CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                java.nio.file.Path above = java.nio.file.Path.of(source.getLocation().toURI()).toAbsolutePath().getParent()
                        .getParent();
                if (above != null && java.nio.file.Files.isDirectory(above.resolve("validation"))) {
                    return above;
                }
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                // not a file on this machine: the working directory
            }
        }
        return java.nio.file.Path.of(".");
    }

    /**
     * Options a command no longer takes (command name, option), each with why and what to use instead, which an unknown
     * option's message then adds (picocli's "Unknown options: '--driver-r', '10'" alone left a user of the option lost).
     */
    private static final Map<List<String>, String> REMOVED_OPTIONS = Map.of(List.of("calibrate", "--driver-r"),
            "calibrate no longer takes --driver-r: its position model has no term for the drivers' drop, which the fit "
            + "folded into the steps; calibrate with ideal drivers, and train with drivers in --ir-drop-mode fast or exact, "
            + "which solve them");

    /** Why an unknown option of {@code ex} was removed ({@link #REMOVED_OPTIONS}), or null. */
    private static String removedOption(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            String command = ex.getCommandLine().getCommandName();
            for (String argument : unmatched.getUnmatched()) {
                String why = REMOVED_OPTIONS.get(List.of(command, argument.split("=", 2)[0]));
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /**
     * The subcommands (for a word) or options (for a flag) of the command within one edit of the first unmatched
     * argument of {@code ex}, two for names of more than four letters (an edit: a letter added, dropped or changed, or
     * two neighbours swapped), the closest ones, as "a or b"; null if none is or nothing was unmatched. picocli's own
     * suggestion for "raed" was "xbarspice train or xbarspice calibrate", and it had none for "--rwos".
     */
    static String closeNames(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        CommandLine command = ex.getCommandLine();
        String given = unmatched.getUnmatched().get(0).split("=", 2)[0];
        boolean flag = given.startsWith("-");
        List<String> names = flag ? command.getCommandSpec().options().stream().flatMap(o -> Arrays.stream(o.names()))
                .toList() : List.copyOf(command.getSubcommands().keySet());
        int bound = given.replaceFirst("^-+", "").length() > 4 ? 2 : 1;
        int best = bound + 1;
        List<String> closest = new ArrayList<>();
        for (String name : names) {
            int d = edits(given, name);
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best) {
                closest.add(flag ? name : command.getCommandSpec().qualifiedName() + " " + name);
            }
        }
        return closest.isEmpty() ? null : Ids.alternatives(closest);
    }

    /** Edits from a to b: letters added, dropped or changed, and swaps of two neighbours (optimal string alignment). */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + change);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The command-line name of an enum flag's value: its constant in lower case, '-' for '_' ({@code quasi-static}). */
    static String flagName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Takes the values of an enum flag by their command-line names ({@link #flagName}), whatever their case, as the
     * library takes the ids of configs ({@link Ids}), and lists those names when a value is not one of them (picocli's
     * own conversion listed the constants, upper case).
     */
    private static <E extends Enum<E>> void registerIds(CommandLine cli, Class<E> type) {
        List<E> values = List.of(type.getEnumConstants());
        cli.registerConverter(type, value -> Ids.match(value, values, Main::flagName).orElseThrow(() ->
                new CommandLine.TypeConversionException(Ids.unknown(value, values, Main::flagName))));
    }

    /**
     * The command line's {@link Validation.Commands}, for {@link Validation#runAll} and {@link Validation#run} from Java
     * as {@code validate} runs the cases: each case's command line in this JVM, its printed report discarded, the first
     * line of its error kept; a case command that runs ngspice gives up after {@code timeoutSeconds} (s, 0 = no limit)
     * unless the case gives its own --timeout.
     */
    public static Validation.Commands validationCommands(long timeoutSeconds) {
        if (timeoutSeconds < 0) {
            throw new InvalidInputException("timeout " + timeoutSeconds + " s is not allowed: give seconds >= 0 (0 = no "
                    + "limit)");
        }
        return ValidateCommand.commands(timeoutSeconds);
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // a command's --timeout sets the limit of the engines it opens, and only theirs: the limit before it comes back
        // when it ends (the library's callers, a test's next engine, kept a 1 s limit after a validation)
        cli.setExecutionStrategy(parseResult -> {
            long before = NgSpiceEngine.defaultTimeoutSeconds();
            NgSpiceEngine.setDefaultTimeoutSeconds(NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                NgSpiceEngine.setDefaultTimeoutSeconds(before);
            }
        });
        // every command's --version prints the tool's (a command's own printed nothing, with exit 0)
        Version version = new Version();
        cli.getSubcommands().values().forEach(command -> command.getCommandSpec().versionProvider(version));
        // every enum flag's type: its values by name in any case (picocli's own case-insensitive enums listed constants)
        registerIds(cli, CircuitOptions.SenseKind.class);
        registerIds(cli, EngineChoice.class);
        registerIds(cli, UpdateCommand.UpdateEngine.class);
        registerIds(cli, Direction.class);
        registerIds(cli, InputEncoding.class);
        cli.registerConverter(java.nio.file.Path.class, Main::path);
        cli.registerConverter(Double.class, Main::number);
        cli.registerConverter(double.class, Main::number);
        cli.registerConverter(Integer.class, value -> (int) whole(value, Integer.MAX_VALUE));
        cli.registerConverter(int.class, value -> (int) whole(value, Integer.MAX_VALUE));
        cli.registerConverter(Long.class, value -> whole(value, Long.MAX_VALUE));
        cli.registerConverter(long.class, value -> whole(value, Long.MAX_VALUE));
        // a value or an option picocli cannot take: its message and where the usage is, not the usage itself (about 90
        // lines on standard error, over which the message scrolled away)
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine command = ex.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("error: " + ex.getMessage());
            String why = removedOption(ex);
            if (why != null) {
                err.println(why);
            }
            String close = closeNames(ex);
            if (close != null) {
                err.println("Did you mean: " + close + "?");
            } else {
                CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            }
            err.println("see: " + command.getCommandSpec().qualifiedName() + " --help");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ShutdownGuard.stopping() && !debugRequested(parseResult)) {
                // failed because the JVM stops (Spark's context stopped under its jobs): the interrupt notice says what
                // happened and how to go on; "error: the Spark job failed" and its stacks said otherwise (the JVM's exit
                // status is then the signal's, whatever this returns)
                return 1;
            }
            Throwable cause = ex;
            String written = wrapperMessage(ex);
            if (cause instanceof java.io.UncheckedIOException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            int code;
            if (cause instanceof InvalidInputException) {
                err.println("error: " + (cause instanceof FileValueException ? cause.getMessage()
                        : namingFlags(cause.getMessage(), parseResult)));
                code = EXIT_BAD_INPUT;
            } else if (cause instanceof SpiceNetlistException) {
                err.println("error: " + cause.getMessage());
                code = EXIT_BAD_INPUT;
            } else if (cause instanceof XbarspiceException) {
                err.println("error: " + cause.getMessage());
                code = 1;
            } else if (cause instanceof java.io.IOException io) {
                err.println("error: " + (written != null ? written : ioMessage(io)));
                code = 1;
            } else {
                err.println(internalError(cause));
                code = 1;
            }
            if (debugRequested(parseResult)) {
                cause.printStackTrace(err);
            }
            return code;
        });
        return cli;
    }

    /**
     * A number option's value: Java's syntax, but a finite number too large for a double (1e400), which Java reads as
     * infinity, is refused as out of range (the words Infinity and NaN pass on to the option's own check).
     */
    static double number(String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number");
        }
        if (Double.isInfinite(v) && !value.contains("Infinity")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of the range of a double (at most about "
                    + "1.8e308 in magnitude)");
        }
        return v;
    }

    /**
     * An integer option's value, at most {@code largest} in magnitude (picocli said "'0.5' is not a long" and "'4.5' is
     * not an int").
     */
    static long whole(String value, long largest) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number" + (value.matches("[-+]?\\d+")
                    ? " of at most " + largest + " in magnitude" : ""));
        }
        if (Math.abs(v) > largest) { // (Math.abs(-2^63) is negative: a long option takes it, as Long.parseLong does)
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of at most " + largest
                    + " in magnitude");
        }
        return v;
    }

    /** A path option's value; an empty one (which would mean the working folder) is refused. */
    static java.nio.file.Path path(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty path is not allowed: give a file or folder name");
        }
        return java.nio.file.Path.of(value);
    }

    /**
     * The first of the options {@code names} given on the command line of {@code spec} (a command, or the command a
     * mixin is in), as the user wrote it ({@code --tia-rf 1000}), or null: for refusing flags that would have no effect.
     */
    static String given(CommandSpec spec, String... names) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : names) {
            OptionSpec option = parsed.matchedOption(name);
            if (option != null) {
                List<String> values = option.originalStringValues();
                return values.isEmpty() || option.arity().max == 0 ? name : name + " " + values.get(values.size() - 1);
            }
        }
        return null;
    }

    /**
     * Refuses an empty element of the list option {@code name} of {@code spec}, seen in the values as given ({@code --size
     * 4,,}): picocli's split drops the trailing ones. {@code fix} says how to write the list.
     */
    static void requireNoEmptyElement(CommandSpec spec, String name, String fix) {
        OptionSpec option = spec.commandLine().getParseResult().matchedOption(name);
        if (option == null) {
            return;
        }
        Pattern split = Pattern.compile(option.splitRegex());
        for (String value : option.originalStringValues()) {
            if (Arrays.stream(split.split(value, -1)).anyMatch(String::isBlank)) {
                boolean quote = value.isEmpty() || value.chars().anyMatch(Character::isWhitespace);
                throw new InvalidInputException(name + " " + (quote ? "'" + value + "'" : value) + " has an empty element: "
                        + fix);
            }
        }
    }

    /**
     * {@code message} of a refused value with the flag the user gave in place of the library's name for it: the checks
     * name a value by its key or field ({@code learningRate = -1.0 is not allowed}), which for a flag given on the command
     * line is the field the flag sets; so {@code name = } becomes {@code --lr = } for each flag given whose field is called
     * {@code name}. A value from a config file keeps its key.
     */
    static String namingFlags(String message, CommandLine.ParseResult parsed) {
        String out = message;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec option : p.matchedOptions()) {
                if (option.userObject() instanceof java.lang.reflect.Field field) {
                    java.util.regex.Matcher named = java.util.regex.Pattern.compile("(^|[\\s:(])"
                            + java.util.regex.Pattern.quote(field.getName()) + " = ").matcher(out);
                    out = named.replaceFirst("$1" + java.util.regex.Matcher.quoteReplacement(option.longestName()) + " = ");
                }
            }
        }
        return out;
    }

    /**
     * A refused value of a config file that a flag overrides: its message names the file's key, which {@link #namingFlags}
     * must not turn into the flag (the file's {@code learningRate = -1} read as {@code --lr = -1} beside {@code --lr 0.05}).
     */
    static final class FileValueException extends InvalidInputException {
        FileValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The flag of what {@link #given} returned ({@code --tia-rf} of {@code --tia-rf 1000}). */
    static String flagOf(String given) {
        return given.split(" ")[0];
    }

    /** What a failed file operation means, with the path (the JDK's own message of some is the bare path). */
    /**
     * The message of an {@link java.io.UncheckedIOException} that says which file failed and why ({@code
     * ResultFiles.write}: "cannot write weights.png: No space left on device ..."), where its cause says only why; null
     * for any other.
     */
    static String wrapperMessage(Throwable ex) {
        return ex instanceof java.io.UncheckedIOException && ex.getCause() != null && ex.getMessage() != null
                && !ex.getMessage().equals(ex.getCause().toString()) ? ex.getMessage() : null;
    }

    static String ioMessage(java.io.IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return "a file is in the way: " + f.getFile() + " exists; give another path or remove it";
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file or folder: " + f.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return "not a folder: " + f.getFile();
        }
        return e.getMessage();
    }

    /** Whether {@code --debug} was given, before or after the subcommand's name. */
    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message for an error no check anticipated (a bug, or the JVM out of memory or stack): what happened, where,
     * and what to do, without the stack trace ({@code --debug} adds it).
     */
    static String internalError(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return "error: the JVM ran out of memory (" + cause.getMessage() + "): give it more with JAVA_OPTS=-Xmx<size> "
                    + "(e.g. -Xmx16g), or make the run smaller";
        }
        if (cause instanceof StackOverflowError) {
            return "error: the JVM ran out of stack: give it more with JAVA_OPTS=-Xss<size> (e.g. -Xss16m)";
        }
        StackTraceElement[] trace = cause.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0];
        return "internal error: " + cause + where + "; this is a bug in xbarspice: please report it with the command "
                + "and the output of the same command with --debug";
    }

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"xbarspice " + (v == null ? "dev" : v)};
        }
    }
}
