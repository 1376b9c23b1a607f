package org.xbarspice.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.design.DesignResult;
import org.xbarspice.design.DesignSettings;
import org.xbarspice.design.DesignStudy;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.LocalPool;

/**
 * The design study of issue 16's speed bar: a 5 x 5 grid (sizes 32, 64, 128, 256, 512; wire segments of 0.1, 0.5, 1, 2
 * and 5 ohm), the idealized device, 16 random vectors and the worst case per direction, reads and full updates with
 * exact IR-drop solves, on the pool of 2 threads, as {@code xbarspice design --size 32,64,128,256,512 --wire-r
 * 0.1,0.5,1,2,5} runs it (without its report files). Single shots, the first one cold (a fresh JVM, as the command).
 * Run with {@code ./xbarspice bench DesignBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
public class DesignBenchmark {
    private static final Grid GRID = new Grid(Map.of("size", List.of("32", "64", "128", "256", "512"),
            "wireOhm", List.of("0.1", "0.5", "1", "2", "5")));

    @Benchmark
    public List<DesignResult> grid5x5() {
        return DesignStudy.create(GRID, DesignSettings.defaults()).run(new LocalPool(2), r -> { });
    }
}
