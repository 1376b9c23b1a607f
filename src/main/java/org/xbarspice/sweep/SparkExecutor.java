package org.xbarspice.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.xbarspice.units.XbarspiceException;

/**
 * Runs a study's points on Apache Spark: one task per point, each task a {@link PointTasks#run} in an executor JVM, the
 * outcomes gathered by the driver, so the report is the local pool's. Any master Spark takes ({@code local[N]},
 * {@code spark://host:port}, {@code yarn}, {@code k8s://...}). The executors build the tasks again from their
 * {@link PointTasks#recipe()} (a sweep from its {@value Sweep#SPEC}) and write what the points write (a sweep's point
 * folders, a design study's netlists) at the paths the driver gave, which they must see (the same machine, or a shared
 * file system). A task whose executor is lost is run again by Spark ({@code spark.task.maxFailures} 2); a point that
 * fails inside a task is recorded in its outcome by the tasks themselves. The classes of this project reach the
 * executors through {@code spark.jars}; the executors load ngspice themselves, so the signal-chaining preload is
 * passed on as {@code spark.executorEnv.LD_PRELOAD}. Create it with {@link PointExecutor#spark}.
 */
public final class SparkExecutor implements PointExecutor {
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
    public <O> List<O> run(PointTasks<O> tasks, List<Integer> todo, Consumer<O> done) {
        if (todo.isEmpty()) {
            return List.of();
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName(tasks.name())
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
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException (checked in Java) without declaring it
            throw new XbarspiceException("Spark did not start with master " + master + ": " + e.getMessage()
                    + ": check --spark and --spark-conf", e);
        }
        List<String> outcomes;
        try (spark) {
            outcomes = spark.parallelize(todo, todo.size()).map(new PointTask<>(tasks.recipe())).collect();
        } catch (Exception e) {
            // an unreachable standalone master lets the context start and shuts it down under the job
            throw new XbarspiceException("the Spark job failed on master " + master + ": " + e.getMessage()
                    + (master.startsWith("spark://") ? " (a master that cannot be reached ends so: check that " + master
                    + " is up and reachable from this machine, and Spark's log lines above)" : ""), e);
        }
        List<O> out = new ArrayList<>();
        for (int k = 0; k < todo.size(); k++) {
            O o = tasks.decode(todo.get(k), outcomes.get(k));
            done.accept(o);
            out.add(o);
        }
        return out;
    }

    /** One point in an executor: the tasks built from their recipe, the point run, its outcome as text. */
    private static final class PointTask<O> implements Function<Integer, String> {
        private static final long serialVersionUID = 2L;
        private final PointTasks.Recipe<O> recipe;

        PointTask(PointTasks.Recipe<O> recipe) {
            this.recipe = recipe;
        }

        @Override
        public String call(Integer index) {
            PointTasks<O> tasks = recipe.build();
            return tasks.encode(tasks.run(index));
        }
    }
}
