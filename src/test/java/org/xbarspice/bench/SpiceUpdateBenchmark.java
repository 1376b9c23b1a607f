package org.xbarspice.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.SpiceUpdater;

/**
 * One SPICE update of a 32x32 array with 1 ohm wires (onen-softbounds, BL 31, x and d uniform in [-1, 1],
 * lr 0.01) in both modes. Single-shot: a transient takes minutes. Run with
 * {@code ./xbarspice bench SpiceUpdateBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
@State(Scope.Benchmark)
public class SpiceUpdateBenchmark {
    @Param({"QUASI_STATIC", "TRANSIENT"})
    SpiceUpdater.Mode mode;

    NgSpiceEngine engine;
    SpiceUpdater updater;
    DevicePreset preset;
    UpdatePulses pulses;
    DeviceArray array;

    @Setup(Level.Trial)
    public void setUp() {
        preset = DevicePresets.load("onen-softbounds");
        int n = 32;
        UpdateCircuit circuit = new UpdateCircuit(n, n, 1, 0, preset.spice().pulse(), 2 * preset.spice().pulse().durationSecond());
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[n];
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = 2 * rng.nextDouble() - 1;
            d[k] = 2 * rng.nextDouble() - 1;
        }
        pulses = UpdatePulses.draw(x, d, 0.01, preset.model().dwMin(), 31, true, 2);
        engine = NgSpiceEngine.open(1);
        updater = new SpiceUpdater(engine, circuit, preset.conductance(), preset.spice(), null, mode);
    }

    @Setup(Level.Invocation)
    public void freshArray() {
        array = DeviceArray.sample(preset.model(), 32, 32, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public DeviceArray update() {
        updater.update(array, pulses);
        return array;
    }
}
