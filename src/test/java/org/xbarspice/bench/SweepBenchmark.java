package org.xbarspice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.LocalPool;
import org.xbarspice.sweep.PointExecutor;
import org.xbarspice.sweep.SparkExecutor;
import org.xbarspice.sweep.Sweep;
import org.xbarspice.train.TrainConfig;

/**
 * An 8-point grid of short training runs (SGD on 8x8 digits, 64-16-10, 1000 samples, 2 epochs) on the in-process pool
 * of 2 threads against Spark {@code local[2]} (context start included: a sweep starts its own). The difference over 8
 * is the per-task overhead of Spark. Run with {@code ./xbarspice bench SweepBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class SweepBenchmark {
    private static final String BASE = "{\"algorithm\": \"sgd\", \"dataset\": \"mnist-8x8\", \"layers\": \"64-16-10\", "
            + "\"epochs\": 2, \"learningRate\": 0.1, \"trainSamples\": 1000, \"testSamples\": 300}";

    private static List<Sweep.Outcome> sweep(PointExecutor executor) throws IOException {
        Path dir = Files.createTempDirectory("xbarspice-sweep-bench");
        try {
            return Sweep.create(dir, TrainConfig.parse(BASE, "bench").toJson(),
                    Grid.parse(List.of("learningRate=0.05,0.1", "seed=1,2,3,4")), 1, null).run(executor, o -> { });
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Benchmark
    public List<Sweep.Outcome> pool() throws IOException {
        return sweep(new LocalPool(2));
    }

    @Benchmark
    public List<Sweep.Outcome> sparkLocal() throws IOException {
        return sweep(new SparkExecutor("local[2]", Map.of()));
    }
}
