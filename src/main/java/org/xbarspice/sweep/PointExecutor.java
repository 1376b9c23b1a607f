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
     * The Spark executor for {@code master}, with this jar in {@code spark.jars} (when running from one) and then
     * {@code settings}. Built by reflection after a check that Spark is on the classpath, so that the in-process path
     * never loads a Spark class.
     */
    static PointExecutor spark(String master, Map<String, String> settings) {
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
        try {
            return (PointExecutor) Class.forName("org.xbarspice.sweep.SparkExecutor").getConstructor(String.class, Map.class)
                    .newInstance(master, all);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark executor of this build cannot be created", e);
        }
    }
}
