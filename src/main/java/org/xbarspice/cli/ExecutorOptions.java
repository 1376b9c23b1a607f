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
    @Option(names = "--threads", defaultValue = "2", description = "Points run in parallel on the in-process pool. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the points on Apache Spark instead of the thread pool, one task per point: local[N], "
                    + "spark://host:port, yarn, k8s://... The executors must see the output folders at the same paths.")
    String spark;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting for --spark; repeatable.")
    List<String> sparkConf;

    /** The pool, or the Spark executor with the --spark-conf settings. */
    PointExecutor executor() {
        if (spark == null) {
            return new LocalPool(threads);
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

    /** Where the points run, for the first line a command prints. */
    String where() {
        return spark == null ? "on " + threads + " thread(s)" : "on Spark " + spark;
    }
}
