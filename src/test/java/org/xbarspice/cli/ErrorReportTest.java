package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How errors reach the user: one message, the exit code, and the stack trace only with {@code --debug}. */
class ErrorReportTest {
    /** A command with a bug: it dereferences null. */
    @Command(name = "buggy")
    static final class BuggyCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            String missing = null;
            return missing.length();
        }
    }

    /** A command whose result file cannot be written: the disk is full under an image writer. */
    @Command(name = "full")
    static final class FullDiskCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("full");
            org.xbarspice.report.ResultFiles.write(dir.resolve("weights.png"), out -> {
                throw new javax.imageio.IIOException("I/O error writing PNG file!",
                        new java.io.IOException("No space left on device"));
            });
            return 0;
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("buggy", new BuggyCommand());
        cli.addSubcommand("full", new FullDiskCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void badInputIsOneLineWithoutDebugAndATraceWithIt() {
        Run quiet = run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--v-read", "-1");
        assertEquals(2, quiet.exit());
        assertTrue(quiet.err().startsWith("error: "), quiet.err());
        assertEquals(1, quiet.err().strip().lines().count(), quiet.err());

        Run debug = run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--v-read", "-1", "--debug");
        assertEquals(2, debug.exit());
        assertTrue(debug.err().startsWith("error: "), debug.err());
        assertTrue(debug.err().contains("\tat org.xbarspice."), debug.err());
    }

    @Test
    void aBugIsAnInternalErrorWithExitOneAndNoTraceUnlessAsked() {
        Run quiet = run("buggy");
        assertEquals(1, quiet.exit());
        assertTrue(quiet.err().startsWith("internal error: java.lang.NullPointerException"), quiet.err());
        assertTrue(quiet.err().contains("ErrorReportTest$BuggyCommand.call"), "names where: " + quiet.err());
        assertTrue(quiet.err().contains("--debug"), "says how to get the trace: " + quiet.err());
        assertFalse(quiet.err().contains("\tat "), quiet.err());

        Run debug = run("--debug", "buggy");
        assertEquals(1, debug.exit());
        assertTrue(debug.err().contains("\tat org.xbarspice.cli.ErrorReportTest$BuggyCommand.call"), debug.err());
    }

    @Test
    void resourceExhaustionSaysWhichJvmOptionToRaise() {
        assertTrue(Main.internalError(new OutOfMemoryError("Java heap space")).contains("JAVA_OPTS=-Xmx"));
        assertTrue(Main.internalError(new StackOverflowError()).contains("JAVA_OPTS=-Xss"));
    }

    /** A file error says what went wrong with which path: the JDK's own message of some is the bare path. */
    @Test
    void fileErrorsSayWhatWentWrong() {
        assertEquals("a file is in the way: /x/n1.cir exists; give another path or remove it",
                Main.ioMessage(new java.nio.file.FileAlreadyExistsException("/x/n1.cir")));
        assertEquals("no such file or folder: /x/in.csv", Main.ioMessage(new java.nio.file.NoSuchFileException("/x/in.csv")));
        assertEquals("permission denied: /x", Main.ioMessage(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("not a folder: /x/f", Main.ioMessage(new java.nio.file.NotDirectoryException("/x/f")));
        assertEquals("/x: disk full", Main.ioMessage(new java.io.IOException("/x: disk full")));
        // a result that cannot be written names the file and the disk's cause (it said "I/O error writing PNG file!")
        Run full = run("full");
        assertEquals(1, full.exit());
        assertTrue(full.err().matches("error: cannot write /\\S+/weights.png: No space left on device: the disk is full; "
                + "free space on it, or give a path on another disk\\s*"), full.err());
    }
}
