package org.xbarspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's set-up as a user who is not root: the command it prints to run with sudo. */
class LauncherSetupTest {
    /**
     * Without Maven, the launcher prints one command to run as root. Before, it printed {@code sudo bash -c apt-get
     * update -qq && apt-get install ...} without quotes: sudo ran only {@code apt-get} and the install ran without root.
     * Here the printed line runs with a stand-in sudo that lists its arguments: all of the set-up must reach it.
     */
    @Test
    void theSudoCommandForJavaAndMavenRunsTheWholeInstallAsRoot(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        Files.createSymbolicLink(bin.resolve("java"), javaBin.resolve("java"));
        Files.createSymbolicLink(bin.resolve("javac"), javaBin.resolve("javac"));
        Files.createSymbolicLink(bin.resolve("dirname"), Path.of("/usr/bin/dirname"));
        script(bin.resolve("id"), "echo 1000"); // not root; no mvn on the PATH
        script(bin.resolve("sudo"), "for a in \"$@\"; do echo \"ARG:$a\"; done");
        Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", tmp.toString());

        Result launcher = bash(env, Path.of("xbarspice").toAbsolutePath().toString(), "--version");
        assertEquals(2, launcher.exit(), launcher.err());
        String line = launcher.err().lines().filter(l -> l.strip().startsWith("sudo ")).findFirst()
                .orElseThrow(() -> new AssertionError("no sudo command in: " + launcher.err())).strip();

        Result sudo = bash(env, "-c", line);
        List<String> args = sudo.out().lines().toList();
        assertEquals(3, args.size(), "sudo got " + args + " from: " + line + "\n" + sudo.err());
        String asRoot = args.get(2);
        assertTrue(asRoot.contains("apt-get update") && asRoot.contains("apt-get install")
                && asRoot.contains("openjdk-17-jdk-headless") && asRoot.contains("maven"), asRoot);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result bash(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("/bin/bash");
        pb.command().addAll(List.of(args));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
