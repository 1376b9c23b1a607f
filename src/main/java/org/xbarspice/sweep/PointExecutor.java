package org.xbarspice.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xbarspice.units.InvalidInputException;

/** Runs the points of a study: the in-process pool ({@link LocalPool}) or Apache Spark ({@link SparkExecutor}). */
public interface PointExecutor {
    /**
     * Runs every point of {@code todo} (indices into {@code tasks}) with {@link PointTasks#run}, telling {@code done} of
     * each outcome as it comes (from any thread); returns the outcomes in the order of {@code todo}.
     */
    <O> List<O> run(PointTasks<O> tasks, List<Integer> todo, Consumer<O> done);

    /**
     * The master URLs this build's Spark takes, as the message of a refused one lists them: Spark's core holds the local
     * and standalone masters; YARN and Kubernetes need modules it does not bundle (they failed with "Could not parse
     * Master URL").
     */
    String SPARK_MASTERS = "local, local[N], local[*], local[N,F] (F: attempts per task) or spark://HOST:PORT (a "
            + "standalone cluster; YARN and Kubernetes need Spark modules this build does not bundle)";

    /**
     * The Spark executor for {@code master}, with this jar in {@code spark.jars} (when running from one) and then
     * {@code settings}. The master's form is checked first ({@value #SPARK_MASTERS}); built by reflection after a check
     * that Spark is on the classpath, so that the in-process path never loads a Spark class.
     */
    static PointExecutor spark(String master, Map<String, String> settings) {
        if (!master.matches("local|local\\[([1-9]\\d*|\\*)(,\\s*[1-9]\\d*)?]"
                + "|spark://[^:/,\\s]+:\\d+(,[^:/,\\s]+:\\d+)*")) {
            throw new InvalidInputException("--spark " + master + " is not a Spark master URL: give " + SPARK_MASTERS);
        }
        for (String key : List.of("spark.master", "spark.app.name")) { // set by --spark and the command: it replaced them
            if (settings.containsKey(key)) {
                throw new InvalidInputException("--spark-conf " + key + " is set by " + (key.equals("spark.master")
                        ? "--spark" : "xbarspice") + ": drop it from --spark-conf");
            }
        }
        if (master.startsWith("spark://")) {
            requireListening(master);
        }
        try {
            Class.forName("org.apache.spark.SparkConf");
        } catch (ClassNotFoundException e) {
            throw new InvalidInputException("--spark needs Apache Spark (spark-core_2.13 4.2.0) on the classpath: run through "
                    + "./xbarspice, which adds it when --spark is given");
        }
        Map<String, String> all = new LinkedHashMap<>();
        Path jar = Path.of(PointExecutor.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (jar.toString().endsWith(".jar")) {
            all.put("spark.jars", jar.toAbsolutePath().toString());
        }
        all.putAll(settings);
        long waitSeconds = executorWaitSeconds(all.remove(EXECUTOR_WAIT_KEY));
        try {
            return (PointExecutor) Class.forName("org.xbarspice.sweep.SparkExecutor")
                    .getConstructor(String.class, Map.class, long.class).newInstance(master, all, waitSeconds);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark executor of this build cannot be created", e);
        }
    }

    /**
     * The setting (in {@code --spark-conf}, not passed on to Spark) of how long a cluster may leave a study's jobs without
     * an executor before the study ends (s); default {@link #EXECUTOR_WAIT_SECONDS}.
     */
    String EXECUTOR_WAIT_KEY = "xbarspice.executorWaitSeconds";
    /** The default of {@link #EXECUTOR_WAIT_KEY} (s). */
    long EXECUTOR_WAIT_SECONDS = 120;

    /** The seconds of {@link #EXECUTOR_WAIT_KEY}'s {@code value}, a whole number from 1 (null: the default). */
    private static long executorWaitSeconds(String value) {
        if (value == null) {
            return EXECUTOR_WAIT_SECONDS;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 1) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("--spark-conf " + EXECUTOR_WAIT_KEY + "=" + value + " is not allowed: give a whole "
                + "number of seconds >= 1 (default " + EXECUTOR_WAIT_SECONDS + ")");
    }

    /** How long the up-front check waits for a standalone master to accept a connection (ms). */
    int MASTER_CONNECT_MILLIS = 5000;

    /**
     * Requires one of the masters of a {@code spark://HOST:PORT[,HOST:PORT...]} URL to accept a TCP connection: Spark
     * itself tried three times 20 s and then failed with about 45 lines of stacks, after a study had shown its progress
     * bar at 0 (a port without a master refused the connection at once).
     */
    private static void requireListening(String master) {
        java.io.IOException last = null;
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))), MASTER_CONNECT_MILLIS);
                return;
            } catch (java.io.IOException | IllegalArgumentException e) {
                last = e instanceof java.io.IOException io ? io : new java.io.IOException(e.getMessage(), e);
            }
        }
        throw new InvalidInputException("--spark " + master + ": no Spark master answers there (" + last.getMessage()
                + "): start the master (docs/SWEEPS.md, 'A standalone cluster'), or give the URL it printed at its "
                + "start");
    }
}
