package org.xbarspice.cli;

import java.io.PrintWriter;
import org.xbarspice.spice.SpiceNetlistException;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code xbarspice} command line. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "xbarspice", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SPICE-coupled co-simulator for training neural networks on analog crossbar arrays.",
        subcommands = {DemoCommand.class, TrainCommand.class, SweepCommand.class, ToyCommand.class, ReadCommand.class,
            PulseResponseCommand.class, UpdateCommand.class, CalibrateCommand.class, NetlistCommand.class, SpiceCommand.class,
            ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for bad input (flags, presets, netlists). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** Installation folder (set by the launcher as -Dxbarspice.home), else the working directory. */
    public static java.nio.file.Path home() {
        return java.nio.file.Path.of(System.getProperty("xbarspice.home", "."));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        // every invocation starts from the default limit; a command's --timeout sets it for the engines it opens
        NgSpiceEngine.setDefaultTimeoutSeconds(NgSpiceEngine.DEFAULT_TIMEOUT_SECONDS);
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = ex;
            if (cause instanceof java.io.UncheckedIOException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidInputException || cause instanceof SpiceNetlistException) {
                err.println("error: " + cause.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (cause instanceof XbarspiceException || cause instanceof java.io.IOException) {
                err.println("error: " + cause.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli;
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
