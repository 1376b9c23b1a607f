package org.xbarspice.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.XbarspiceException;

/**
 * Runs a study's points on Apache Spark: one job of one task per point, each task a {@link PointTasks#run} in an
 * executor JVM, the outcomes gathered by the driver as each point ends, so the report is the local pool's. It takes
 * the masters of {@link PointExecutor#SPARK_MASTERS} (local and standalone). The executors build the tasks again from their
 * {@link PointTasks#recipe()} (a sweep from its {@value Sweep#SPEC}) and write what the points write (a sweep's point
 * folders, a design study's netlists) at the paths the driver gave, which they must see (the same machine, or a shared
 * file system). A task whose executor is lost is run again by Spark ({@code spark.task.maxFailures} 2); a point that
 * fails inside a task is recorded in its outcome by the tasks themselves, one that cannot run in its executor (what it
 * needs not readable there) by the driver ({@link PointTasks#failed}). The classes of this project reach the
 * executors through {@code spark.jars}; the executors load ngspice themselves, so the signal-chaining preload is
 * passed on as {@code spark.executorEnv.LD_PRELOAD}. Create it with {@link PointExecutor#spark}.
 */
public final class SparkExecutor implements PointExecutor {
    /**
     * Fewest point jobs submitted and not yet ended ({@link #jobsInFlight}): Spark's scheduler goes through its waiting
     * jobs at every free core, so a grid of 100,000 points is not submitted at once.
     */
    static final int MIN_JOBS_IN_FLIGHT = 512;
    /** Leads the text of a point that ran in its executor; its outcome's {@link PointTasks#encode} text follows. */
    private static final char RAN = '=';
    /** Leads the text of a point that could not run in its executor; why follows. */
    private static final char NOT_RUN = '!';
    /** How often the driver looks for ended point jobs while none has ended (ms). */
    private static final long POLL_MILLIS = 100;
    private final String master;
    private final Map<String, String> settings;
    private final long executorWaitSeconds;

    /**
     * @param master   the Spark master URL
     * @param settings further Spark settings (for example {@code spark.jars}, {@code spark.driver.host}); they win over
     *                 the defaults of this class
     */
    public SparkExecutor(String master, Map<String, String> settings) {
        this(master, settings, PointExecutor.EXECUTOR_WAIT_SECONDS);
    }

    /**
     * As {@link #SparkExecutor(String, Map)}, ending the study when a cluster leaves its jobs without an executor for
     * {@code executorWaitSeconds} (s): a standalone master without a worker (or without one that has the resources asked)
     * kept the jobs waiting for ever, with Spark's "Initial job has not accepted any resources" every 15 s as the only
     * word.
     */
    public SparkExecutor(String master, Map<String, String> settings, long executorWaitSeconds) {
        this.master = master;
        this.settings = Map.copyOf(settings);
        this.executorWaitSeconds = executorWaitSeconds;
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
        try (spark) {
            return stream(spark, tasks, todo, done);
        }
    }

    /**
     * Runs the points as one Spark job each, at most {@link #jobsInFlight} submitted at a time (Spark runs their
     * tasks as executors free up, first submitted first), and tells {@code done} of each outcome as its job ends: one
     * job for all points gave every outcome only when the last point ended, so a sweep on Spark showed no progress for
     * its whole length.
     */
    private <O> List<O> stream(JavaSparkContext spark, PointTasks<O> tasks, List<Integer> todo, Consumer<O> done) {
        PointTask<O> task = new PointTask<>(tasks.recipe());
        List<O> out = new ArrayList<>(Collections.nCopies(todo.size(), null));
        Map<Integer, JavaFutureAction<List<String>>> running = new LinkedHashMap<>(); // by place in todo
        int next = 0;
        long withExecutorNanos = System.nanoTime(); // the last poll that found an executor, or the start
        boolean hadExecutors = false;
        for (int finished = 0; finished < todo.size(); ) {
            List<Integer> ended = new ArrayList<>();
            try {
                // the cluster's cores as the executors register (a fixed bound of 512 left a larger cluster's rest idle)
                int inFlight = jobsInFlight(spark.defaultParallelism());
                for (; next < todo.size() && running.size() < inFlight; next++) {
                    running.put(next, spark.parallelize(List.of(todo.get(next)), 1).map(task).collectAsync());
                }
                for (Map.Entry<Integer, JavaFutureAction<List<String>>> job : running.entrySet()) {
                    if (job.getValue().isDone()) {
                        job.getValue().get(); // a failed job throws here
                        ended.add(job.getKey());
                    }
                }
                if (ended.isEmpty()) {
                    if (!master.startsWith("local")) { // a local master runs the tasks in the driver
                        long now = System.nanoTime();
                        if (spark.sc().statusTracker().getExecutorInfos().length > 1) { // the driver is listed too
                            withExecutorNanos = now;
                            hadExecutors = true;
                        } else if ((now - withExecutorNanos) * 1e-9 > executorWaitSeconds) {
                            throw new XbarspiceException("no executor of the cluster at " + master + " for the "
                                    + tasks.name() + " in " + executorWaitSeconds + " s" + (hadExecutors
                                    ? " (those it had were lost: see the workers' logs)" : "") + ": start a worker that "
                                    + "registers with that master (docs/SWEEPS.md, 'A standalone cluster'), or ask for "
                                    + "less than its workers have (spark.executor.memory, spark.executor.cores, "
                                    + "spark.task.cpus in --spark-conf), or wait longer (--spark-conf " + PointExecutor.EXECUTOR_WAIT_KEY
                                    + "=SECONDS)");
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XbarspiceException(tasks.name() + " was interrupted", e);
            } catch (XbarspiceException e) {
                throw e;
            } catch (Exception e) {
                // an unreachable standalone master lets the context start and shuts it down under the jobs; Spark's
                // message then goes on with the stacks where the context was created and stopped (about 45 lines)
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip();
                throw new XbarspiceException("the Spark job failed on master " + master + ": " + message
                        + (master.startsWith("spark://") ? " (a master that cannot be reached ends so: check that "
                        + master + " is up and reachable from this machine, and Spark's log lines above)" : ""), cause);
            }
            for (int place : ended) {
                String text = resultOf(running.remove(place));
                int index = todo.get(place);
                O o = text.charAt(0) == RAN ? tasks.decode(index, text.substring(1)) : tasks.failed(index, text.substring(1));
                out.set(place, o);
                done.accept(o);
                finished++;
            }
        }
        return out;
    }

    /**
     * Most point jobs submitted and not yet ended on a cluster of {@code cores} cores (Spark's default parallelism): two
     * a core, so that a core that frees up finds a job waiting, and at least {@value #MIN_JOBS_IN_FLIGHT}.
     */
    static int jobsInFlight(int cores) {
        return Math.max(MIN_JOBS_IN_FLIGHT, 2 * cores);
    }

    /** The one outcome text of a point's job that has ended without failing. */
    private static String resultOf(JavaFutureAction<List<String>> job) {
        try {
            return job.get().get(0);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("a finished Spark job gave no outcome", e);
        }
    }

    /**
     * One point in an executor: the tasks built from their recipe, the point run, its outcome as text. The ngspice
     * limit the driver's command set ({@code --timeout}, {@link NgSpiceEngine#defaultTimeoutSeconds}) goes with it: an
     * executor JVM of a cluster started at the default, so a point the local pool stopped at 1 s ran for a minute there.
     */
    private static final class PointTask<O> implements Function<Integer, String> {
        private static final long serialVersionUID = 4L;
        private final PointTasks.Recipe<O> recipe;
        private final long timeoutSeconds = NgSpiceEngine.defaultTimeoutSeconds();

        PointTask(PointTasks.Recipe<O> recipe) {
            this.recipe = recipe;
        }

        /**
         * The point's outcome after {@link #RAN}, or after {@link #NOT_RUN} why it could not run in this executor: the
         * tasks not built from their recipe, or the point not started, for what this JVM cannot read (a preset file on a
         * path the worker does not see). Such a failure of one point failed the Spark job, and so every point.
         */
        @Override
        public String call(Integer index) {
            NgSpiceEngine.setDefaultTimeoutSeconds(timeoutSeconds);
            PointTasks<O> tasks;
            O outcome;
            try {
                tasks = recipe.build();
                outcome = tasks.run(index);
            } catch (RuntimeException e) {
                return NOT_RUN + "not run on its Spark executor: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return RAN + tasks.encode(outcome);
        }
    }
}
