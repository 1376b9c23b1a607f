package org.xbarspice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.xbarspice.report.Validation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xbarspice validate}: runs the cases under {@code validation/} ({@link Validation}: what a case holds and how it
 * is judged), each case's command line in this JVM.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Run validation cases (folders under validation/) and print one line per case: figure, "
                + "tolerance, PASS/FAIL, or BAD for a malformed case. Exit code 1 if any case fails, 2 if any is malformed.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "CASE", description = "Case ids (folder names under --dir) or paths to case "
            + "folders; default: all.")
    List<String> cases = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder of the cases. Default: validation/ of the installation.")
    Path dir;

    @Mixin
    TimeoutOption timeout;

    @Override
    public Integer call() throws IOException {
        timeout.apply(); // a bad --timeout is this command's bad input, not a failure of every case
        List<Path> folders = Validation.caseFolders(dir != null ? dir : Main.home().resolve("validation"), cases);
        Validation.Summary summary = Validation.runAll(folders, commands(timeout.seconds),
                outcome -> System.out.println(outcome.line()));
        System.out.println(summary.line());
        return summary.malformed() > 0 ? Main.EXIT_BAD_INPUT : summary.failed() == 0 ? 0 : 1;
    }

    /** Runs one case in this JVM ({@link Validation#run}). */
    static Validation.Outcome run(String id, Path caseDir, long timeoutSeconds) throws IOException {
        return Validation.run(id, caseDir, commands(timeoutSeconds));
    }

    /**
     * The commands of this interface for the cases: each case's command line on a command line of its own, its report
     * discarded; a case command that runs ngspice takes {@code timeoutSeconds} as its limit, unless the case gives its
     * own --timeout ({@link Main#validationCommands}, for Java callers).
     */
    static Validation.Commands commands(long timeoutSeconds) {
        return new Validation.Commands() {
            @Override
            public Set<String> names() {
                return Main.commandLine().getSubcommands().keySet();
            }

            @Override
            public Validation.Ran run(String[] args) {
                CommandLine cli = Main.commandLine();
                StringWriter errors = new StringWriter();
                cli.setErr(new PrintWriter(errors, true));
                cli.setOut(new PrintWriter(new StringWriter(), true));
                PrintStream console = System.out;
                int code;
                try { // the case's own command prints its report; the validator prints one line per case
                    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
                    code = TimeoutOption.inherited(timeoutSeconds, () -> cli.execute(args));
                } finally {
                    System.setOut(console);
                }
                String first = errors.toString().strip().lines().findFirst().orElse("no message");
                return new Validation.Ran(code, code == Main.EXIT_BAD_INPUT,
                        first.startsWith("error: ") ? first.substring("error: ".length()) : first);
            }
        };
    }
}
