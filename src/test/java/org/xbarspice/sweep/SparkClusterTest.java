package org.xbarspice.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.units.XbarspiceException;

/**
 * A real Spark standalone cluster on loopback (Spark's own Master and Worker as child JVMs, executors launched by the
 * worker): a 4-point sweep with two ngspice points gives the same results as the local pool. Nothing listens beyond
 * 127.0.0.1; the processes are stopped at the end.
 */
@Tag("ngspice")
class SparkClusterTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    private static final String BASE = "{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", \"epochs\": 1, "
            + "\"trainSamples\": 12, \"testSamples\": 20, \"seed\": 3}";

    @AfterEach
    void stopCluster() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(Path log, Map<String, String> env, String... args) throws IOException {
        // the project's log4j2.properties shows warnings only; the daemons' start-up lines are information
        Path info = tmp.resolve("log4j2-info.properties");
        Files.writeString(info, "rootLogger.level = info\nrootLogger.appenderRef.out.ref = out\nappender.out.type = Console\n"
                + "appender.out.name = out\nappender.out.layout.type = PatternLayout\nappender.out.layout.pattern = %p %c{1}: %m%n\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j2.configurationFile=" + info, "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(env);
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        for (int k = 0; k < 1200; k++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never appeared in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** This project's classes and its tests' ({@link TimeoutProbe}) as a jar, which the driver hands to the executors. */
    private Path applicationJar() throws Exception {
        Path jar = tmp.resolve("xbarspice-app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> of : List.of(Sweep.class, SparkClusterTest.class)) {
                Path classes = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, (OutputStream) out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    /** Points whose outcome is the ngspice limit their executor's engines would start with (s). */
    record TimeoutProbe() implements TextTasks, PointTasks.Recipe<String> {
        @Override
        public String name() {
            return "timeout probe";
        }

        @Override
        public String run(int index) {
            return Long.toString(NgSpiceEngine.defaultTimeoutSeconds());
        }

        @Override
        public Recipe<String> recipe() {
            return this;
        }

        @Override
        public PointTasks<String> build() {
            return this;
        }
    }

    /** A SPARK_HOME whose jars/ links every jar of the classpath (the worker builds executor classpaths from it). */
    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(tmp.resolve("spark-home/jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    /**
     * Starts a standalone master on 127.0.0.1 and returns its URL; its port chosen by the master itself (port 0): a free
     * port found here could be taken before it bound it.
     */
    private String startMaster() throws Exception {
        Path masterLog = tmp.resolve("master.log");
        Process master = start(masterLog, Map.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                "0", "--webui-port", "0");
        awaitLine(masterLog, "Starting Spark master", master);
        java.util.regex.Matcher bound = java.util.regex.Pattern.compile("Starting Spark master at (spark://\\S+)")
                .matcher(Files.readString(masterLog));
        assertTrue(bound.find(), Files.readString(masterLog));
        return bound.group(1);
    }

    @Test
    void aStandaloneClusterGivesThePoolsResults() throws Exception {
        String masterUrl = startMaster();
        Path workerLog = tmp.resolve("worker.log");
        Process worker = start(workerLog, Map.of("SPARK_HOME", sparkHome().toString(), "SPARK_SCALA_VERSION", "2.13"),
                "org.apache.spark.deploy.worker.Worker", masterUrl, "--host", "127.0.0.1", "--cores",
                "2", "--memory", "2g", "--webui-port", "0", "--work-dir",
                Files.createDirectories(tmp.resolve("work")).toString());
        awaitLine(workerLog, "Successfully registered with master", worker);

        String base = TrainConfig.parse(BASE, "cluster test").toJson();
        Grid grid = Grid.parse(List.of("engine=behavioral,ngspice", "learningRate=0.05,0.1"));
        Sweep local = Sweep.create(tmp.resolve("pool"), base, grid, 1, null);
        List<Sweep.Outcome> expected = local.run(new LocalPool(2), o -> { });
        Sweep onSpark = Sweep.create(tmp.resolve("spark"), base, grid, 1, null);
        List<Sweep.Outcome> outcomes = onSpark.run(new SparkExecutor(masterUrl, Map.of(
                "spark.jars", applicationJar().toString(), "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1", "spark.executor.memory", "1g")), o -> { });

        assertEquals(4, outcomes.size());
        for (int k = 0; k < 4; k++) {
            assertTrue(outcomes.get(k).succeeded(), outcomes.get(k).failure());
            assertEquals(expected.get(k).testAccuracy(), outcomes.get(k).testAccuracy(), "point " + k);
        }
        // the driver's --timeout reaches the executors' engines (they started at the default, 3600 s, whatever it said)
        long before = NgSpiceEngine.defaultTimeoutSeconds();
        NgSpiceEngine.setDefaultTimeoutSeconds(7);
        try {
            assertEquals(List.of("7", "7"), new SparkExecutor(masterUrl, Map.of("spark.jars", applicationJar().toString(),
                    "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1", "spark.executor.memory", "1g"))
                    .run(new TimeoutProbe(), List.of(0, 1), o -> { }));
        } finally {
            NgSpiceEngine.setDefaultTimeoutSeconds(before);
        }
        SweepReport.write(local.dir(), grid, 1, expected);
        SweepReport.write(onSpark.dir(), grid, 1, outcomes);
        assertEquals(withoutSeconds(local.dir().resolve("sweep.csv")), withoutSeconds(onSpark.dir().resolve("sweep.csv")));
        String workerSaid = Files.readString(workerLog);
        assertTrue(workerSaid.contains("Asked to launch executor"), "the points ran in the worker's executors: " + workerSaid);
        assertTrue(Files.readString(onSpark.folder(outcomes.get(2).point()).resolve("summary.json")).contains("\"ngspice\""),
                "the ngspice point trained in ngspice on an executor");
    }

    /**
     * A master without a worker ends the study after the executor wait, with what to do (it kept the jobs waiting for
     * ever, with Spark's "Initial job has not accepted any resources" as the only word); here a wait of 5 s.
     */
    @Test
    void aClusterWithoutExecutorsEndsTheStudyWithWhatToDo() throws Exception {
        String masterUrl = startMaster();
        SparkExecutor executor = new SparkExecutor(masterUrl, Map.of("spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1"), 5);
        XbarspiceException e = assertThrows(XbarspiceException.class,
                () -> executor.run(new TimeoutProbe(), List.of(0), o -> { }));
        assertTrue(e.getMessage().startsWith("no executor of the cluster at " + masterUrl + " for the timeout probe "
                + "in 5 s: start a worker that registers with that master"), e.getMessage());
    }

    /** The CSV with its seconds column (the only one that may differ) removed. */
    private static String withoutSeconds(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int column = List.of(lines.get(0).split(",")).indexOf("seconds");
        return lines.stream().map(l -> {
            List<String> cells = new ArrayList<>(List.of(l.split(",")));
            cells.remove(column);
            return String.join(",", cells);
        }).collect(Collectors.joining("\n"));
    }
}
