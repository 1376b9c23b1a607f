package org.xbarspice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the launcher rebuilds the jar: by the content of the sources and of the jar, not by modification times. Before,
 * it rebuilt when a source was newer than the jar, and a target/ copied into a clone (newer than the clone's sources)
 * ran a jar built from other sources. Here the launcher runs in a stand-in project, with a stand-in mvn whose "jar" is
 * its sources put together, and a stand-in java.
 */
class LauncherBuildTest {
    @Test
    void theLauncherBuildsWhenTheSourcesOrTheJarDifferFromItsLastBuild(@TempDir Path tmp) throws Exception {
        Launcher launcher = Launcher.standIn(tmp);
        Path home = launcher.home();
        Path source = home.resolve("src/main/java/A.java");

        assertEquals(1, launcher.run(), "no jar yet");
        assertEquals(1, launcher.run(), "nothing changed");
        Path firstTarget = copy(home.resolve("target"), tmp.resolve("first-target"));

        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(1, launcher.run(), "a source newer than the jar, its content the same");
        Files.writeString(source, "class A { int b; }\n");
        assertEquals(2, launcher.run(), "a source's content changed");

        copy(firstTarget, home.resolve("target"));
        assertEquals(3, launcher.run(), "a target/ built from other sources copied in, newer than the sources");

        Files.writeString(source, "class A { int c; }\n");
        assertEquals(4, launcher.mvnPackage(), "plain mvn package");
        Files.writeString(source, "class A { int b; }\n");
        assertEquals(5, launcher.run(), "the jar of a plain mvn package of other sources, the sources restored");

        assertEquals(6, launcher.mvnPackage(), "plain mvn package");
        assertEquals(6, launcher.run(), "the jar of a plain mvn package of the same sources: the same jar");

        Files.delete(home.resolve("target/build.sha1"));
        assertEquals(7, launcher.run(), "a jar without the launcher's record of its build");
        assertEquals(7, launcher.run(), "nothing changed since");
    }

    /**
     * {@code ./xbarspice test} holds the build lock while Maven runs: before, a command started meanwhile found the jar
     * Maven had just packaged unknown to the launcher and built into the same target/ (a compilation error printed). Its
     * jar is then the launcher's build: the next command does not build again.
     */
    @Test
    void theTestCommandHoldsTheBuildLockAndKeepsItsJar(@TempDir Path tmp) throws Exception {
        Launcher launcher = Launcher.standIn(tmp);
        script(launcher.home().resolve("scripts/setup-data.sh"), "exit 0");

        assertEquals(2, launcher.test(), "the build before the tests, then Maven's verify");
        assertEquals(List.of("verify: lock held"), Files.readAllLines(tmp.resolve("lock.log")));
        assertEquals(2, launcher.run(), "the jar the test run packaged, its sources unchanged");
    }

    /** The launcher in {@code home}, with the stand-ins in {@code bin}; each run returns the builds so far. */
    private record Launcher(Path home, Path bin, Path builds) {
        /**
         * The launcher in a stand-in project under {@code tmp}, with a stand-in mvn whose "jar" is its sources put
         * together (a {@code verify} notes in {@code tmp/lock.log} whether the build lock is held) and a stand-in java.
         */
        static Launcher standIn(Path tmp) throws IOException {
            Path home = Files.createDirectories(tmp.resolve("project"));
            Files.copy(Path.of("xbarspice").toAbsolutePath(), home.resolve("xbarspice"));
            Files.writeString(home.resolve("pom.xml"), "<project/>\n");
            Files.writeString(Files.createDirectories(home.resolve("src/main/java")).resolve("A.java"), "class A {}\n");
            Files.writeString(Files.createDirectories(home.resolve("device-models")).resolve("m.json"), "{}\n");
            script(Files.createDirectories(home.resolve("scripts")).resolve("setup-ngspice.sh"), "exit 0");
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path builds = tmp.resolve("builds.log");
            script(bin.resolve("mvn"), "echo build >> " + builds + "\nmkdir -p target\n"
                    + "case \" $* \" in *\" verify \"*)\n"
                    + "  if flock -n target/.build.lock true; then echo 'verify: lock free'; else echo 'verify: lock held'; fi"
                    + " >> " + tmp.resolve("lock.log") + " ;;\nesac\n"
                    + "cat pom.xml src/main/java/* device-models/* > target/xbarspice.jar");
            script(bin.resolve("java"), "case \"$1\" in\n"
                    + "  -version) echo 'openjdk version \"17.0.9\"' >&2 ;;\n"
                    + "  -XshowSettings:*) echo \"    java.home = " + System.getProperty("java.home") + "\" >&2 ;;\n"
                    + "esac");
            script(bin.resolve("javac"), "exit 0");
            return new Launcher(home, bin, builds);
        }

        int run() throws IOException, InterruptedException {
            return bash(home.resolve("xbarspice").toString(), "--version");
        }

        int test() throws IOException, InterruptedException {
            return bash(home.resolve("xbarspice").toString(), "test");
        }

        int mvnPackage() throws IOException, InterruptedException {
            return bash("-c", "mvn -B -q -DskipTests package");
        }

        private int bash(String... args) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder();
            pb.command().add("/bin/bash");
            pb.command().addAll(List.of(args));
            pb.directory(home.toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("HOME", home.getParent().toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), output);
            return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
        }
    }

    /** {@code from} copied to {@code to} (replaced), with fresh modification times. */
    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> files = Files.walk(to)) {
                for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(f);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
