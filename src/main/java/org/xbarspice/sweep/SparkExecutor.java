package org.xbarspice.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Runs a sweep's points on Apache Spark: one task per point, each task a {@link Sweep#runPoint} in an executor JVM,
 * the outcomes gathered by the driver, so the report is the local pool's. Any master Spark takes ({@code local[N]},
 * {@code spark://host:port}, {@code yarn}, {@code k8s://...}). The executors rebuild the sweep from its
 * {@value Sweep#SPEC} and write each point's folder under the sweep folder, which they must see at the same path (the
 * same machine, or a shared file system). A task whose executor is lost is run again by Spark
 * ({@code spark.task.maxFailures} 2); a run that fails inside a task is retried and recorded by {@link Sweep#runPoint}.
 * The classes of this project reach the executors through {@code spark.jars}; the executors load ngspice themselves, so
 * the signal-chaining preload is passed on as {@code spark.executorEnv.LD_PRELOAD}.
 */
public final class SparkExecutor implements Sweep.Executor {
    private final String master;
    private final Map<String, String> settings;

    /**
     * @param master   the Spark master URL
     * @param settings further Spark settings (for example {@code spark.jars}, {@code spark.driver.host}); they win over
     *                 the defaults of this class
     */
    public SparkExecutor(String master, Map<String, String> settings) {
        this.master = master;
        this.settings = Map.copyOf(settings);
    }

    @Override
    public List<Sweep.Outcome> run(Sweep sweep, List<Sweep.Point> todo, Consumer<Sweep.Outcome> done) {
        if (todo.isEmpty()) {
            return List.of();
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("xbarspice sweep " + sweep.dir().getFileName())
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "2");
        if (master.startsWith("local")) { // everything in this JVM: nothing needs to listen beyond loopback
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null) {
            conf.setExecutorEnv("LD_PRELOAD", preload);
        }
        settings.forEach(conf::set);
        List<Integer> indices = new ArrayList<>();
        for (Sweep.Point p : todo) {
            indices.add(p.index());
        }
        List<String> outcomes;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            outcomes = spark.parallelize(indices, indices.size())
                    .map(new PointTask(sweep.dir().toAbsolutePath().toString(), sweep.dataDirText())).collect();
        }
        List<Sweep.Outcome> out = new ArrayList<>();
        for (int k = 0; k < todo.size(); k++) {
            Sweep.Outcome o = sweep.parseOutcome(todo.get(k), outcomes.get(k));
            done.accept(o);
            out.add(o);
        }
        return out;
    }

    /** One point in an executor: the sweep rebuilt from its folder, the point run, its outcome as JSON. */
    private static final class PointTask implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;
        private final String dir;
        private final String dataDir;

        PointTask(String dir, String dataDir) {
            this.dir = dir;
            this.dataDir = dataDir;
        }

        @Override
        public String call(Integer index) {
            Sweep sweep = Sweep.resume(Path.of(dir), dataDir == null ? null : Path.of(dataDir));
            return sweep.outcomeJson(sweep.runPoint(sweep.allPoints().get(index)));
        }
    }
}
