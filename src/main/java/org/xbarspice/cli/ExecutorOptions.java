package org.xbarspice.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbarspice.sweep.LocalPool;
import org.xbarspice.sweep.PointExecutor;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Option;

/** Flags that choose where a study's points run: the in-process pool, or Apache Spark. */
final class ExecutorOptions {
    /** Points the in-process pool runs in parallel unless --threads says otherwise. */
    private static final int DEFAULT_THREADS = 2;

    @Option(names = "--threads", description = "Points run in parallel on the in-process pool (not with --spark). Default: "
            + DEFAULT_THREADS + ".")
    Integer threads;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the points on Apache Spark instead of the thread pool, one task per point: local[N], "
                    + "spark://host:port (a standalone cluster). The executors must see the output folders at the same "
                    + "paths.")
    String spark;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting for --spark; repeatable.")
    List<String> sparkConf;

    /**
     * The pool, or the Spark executor with the --spark-conf settings. A flag of the other one (--threads with --spark,
     * --spark-conf without it) would change nothing: refused.
     */
    PointExecutor executor() {
        if (spark == null) {
            if (sparkConf != null) {
                throw new InvalidInputException("--spark-conf " + sparkConf.get(0) + " has no effect without --spark: add "
                        + "--spark MASTER, or drop --spark-conf");
            }
            return new LocalPool(threads != null ? threads : DEFAULT_THREADS);
        }
        if (threads != null) {
            throw new InvalidInputException("--threads " + threads + " has no effect with --spark: Spark runs the points "
                    + "(set its parallelism in the master, e.g. --spark local[" + threads + "]); drop --threads");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String kv : sparkConf == null ? List.<String>of() : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("--spark-conf " + kv + " is not KEY=VALUE, e.g. --spark-conf spark.executor.memory=4g");
            }
            settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return PointExecutor.spark(spark, settings);
    }

    /**
     * The flags that run a resume where this run ran: {@code --spark} (its settings named, not repeated: they may hold a
     * secret), or the pool's {@code --threads} when given; a resume hint without them moved a Spark sweep onto the local
     * pool.
     */
    String resumeFlags() {
        if (spark == null) {
            return threads == null ? "" : " --threads " + threads;
        }
        return " --spark '" + spark.replace("'", "'\\''") + "'" + (sparkConf == null ? "" : " (and the same --spark-conf)");
    }

    /** Where the points run, for the first line a command prints. */
    String where() {
        return spark == null ? "on " + (threads != null ? threads : DEFAULT_THREADS) + " thread(s)" : "on Spark " + spark;
    }
}
