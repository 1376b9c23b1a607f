package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * xbarspice's command line in a JVM of its own, for tests whose run must not outlive them in the test JVM (an analysis
 * abandoned at its time limit goes on in its thread) or that kill the run.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code Main} with {@code args} on the test class path, its output and errors into {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        return start(log, List.of(), args);
    }

    /** {@link #start(Path, List)} with the JVM options {@code jvmOptions} after the launcher's. */
    static Process start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
        // the JVM options the launcher (./xbarspice) gives every command
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Runs {@code Main} with {@code args} (output and errors into {@code log}) and returns its exit code and output;
     * fails the test when it has not ended after 120 s (and kills it).
     */
    static Ended run(Path log, List<String> args) throws IOException, InterruptedException {
        Process child = start(log, args);
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(ended, "the run must end: " + output);
        return new Ended(child.exitValue(), output);
    }

    /** A child's exit code and what it wrote. */
    record Ended(int exitCode, String output) {
    }
}
