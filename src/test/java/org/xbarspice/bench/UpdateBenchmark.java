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
import org.openjdk.jmh.annotations.Warmup;
import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.LineUpdater;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdatePulses;

/**
 * Cost of one fully parallel stochastic update, pulse trains drawn in the measured time
 * ({@code UpdatePulses.draw} + apply): BL = 31, x and d uniform in [-1, 1], lr = 0.01, soft-bounds device
 * dwMin = 0.001, bounds +-1, no update management; each invocation draws new trains (next seed). Sample time,
 * so JMH reports the median (p0.50). Run with {@code ./xbarspice bench UpdateBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
public class UpdateBenchmark {
    static final int BL = 31;
    static final double LR = 0.01;
    static final double DW_MIN = 0.001;

    /** x and d of one update (uniform in [-1, 1]) and the seed of the next trains. */
    @State(Scope.Benchmark)
    public static class Inputs {
        double[] x;
        double[] d;
        long seed;

        void draw(int rows, int cols) {
            SplittableRandom rng = new SplittableRandom(1);
            x = rng.doubles(rows, -1, 1).toArray();
            d = rng.doubles(cols, -1, 1).toArray();
        }

        UpdatePulses next() {
            return UpdatePulses.draw(x, d, LR, DW_MIN, BL, false, seed++);
        }
    }

    /** Behavioral update of a 256 x 256 tile with ideal wires, with and without cycle-to-cycle noise. */
    @State(Scope.Benchmark)
    public static class Plain extends Inputs {
        @Param({"0", "0.3"})
        double dwMinStd;

        PulseUpdater updater;

        /** Draws x and d, samples the array and builds the updater, once per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            draw(256, 256);
            DeviceArray array = DeviceArray.sample(
                    new SoftBoundsDevice(DW_MIN, 1, 1, -1, 1, new Variability(0, 0, 0, dwMinStd)), 256, 256, 1);
            updater = new PulseUpdater(array, 2);
        }
    }

    /** Drawing the trains of a 256 x 256 tile alone (UpdatePulses.draw). */
    @State(Scope.Benchmark)
    public static class DrawOnly extends Inputs {
        /** Draws x and d once per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            draw(256, 256);
        }
    }

    /**
     * IR-drop-aware update of a size x size tile, r = 1 ohm, ideal drivers, G in [1, 10] uS, thresholds 0.8 V,
     * Vp = 1.2 V (10 ns top, 1 ns edges), no cycle-to-cycle noise.
     */
    @State(Scope.Benchmark)
    public static class IrDrop extends Inputs {
        @Param({"32", "64"})
        int size;

        IrDropUpdater updater;

        /** Draws x and d, samples the array and builds the updater, once per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            draw(size, size);
            DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(DW_MIN, 1, 1, -1, 1, Variability.NONE),
                    size, size, 1);
            CompactSpec spec = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
            UpdateCircuit circuit = new UpdateCircuit(size, size, 1, 0, spec.pulse(), 2 * spec.pulse().durationSecond());
            updater = new IrDropUpdater(array, circuit, new ConductanceRange(1e-6, 1e-5), spec,
                    SolverOptions.defaults(), 2);
        }
    }

    /**
     * The fast IR-drop-aware update ({@link LineUpdater}) of one 393 x 256 array of the MNIST network's first layer, as
     * {@link IrDrop}'s circuit and devices: {@code kind} {@code update} = x non-zero with probability 0.19 (uniform in
     * [0, 1] then, as MNIST pixels), d uniform; {@code transfer} = one row pulsed, as SHD's transfer into C.
     */
    @State(Scope.Benchmark)
    public static class Line extends Inputs {
        @Param({"update", "transfer"})
        String kind;

        LineUpdater updater;
        private SplittableRandom rowPicker;

        /** Draws x and d, samples the array and builds the updater, once per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            int rows = 393;
            int cols = 256;
            draw(rows, cols);
            SplittableRandom rng = new SplittableRandom(2);
            for (int i = 0; i < rows; i++) {
                x[i] = rng.nextDouble() < 0.19 ? rng.nextDouble() : 0;
            }
            rowPicker = new SplittableRandom(3);
            DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(DW_MIN, 1, 1, -1, 1, Variability.NONE),
                    rows, cols, 1);
            CompactSpec spec = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
            UpdateCircuit circuit = new UpdateCircuit(rows, cols, 1, 0, spec.pulse(), 2 * spec.pulse().durationSecond());
            updater = new LineUpdater(array, circuit, new ConductanceRange(1e-6, 1e-5), spec, 2);
        }

        @Override
        UpdatePulses next() {
            if (kind.equals("update")) {
                return super.next();
            }
            double[] row = new double[x.length];
            row[rowPicker.nextInt(row.length)] = 1;
            return UpdatePulses.draw(row, d, LR, DW_MIN, BL, false, seed++);
        }
    }

    /** One fast IR-drop-aware update of the 393 x 256 array: draw the trains, apply them (ms per update). */
    @Benchmark
    public DeviceArray lineUpdate(Line s) {
        s.updater.apply(s.next());
        return s.updater.array();
    }

    /** One plain update of the 256 x 256 tile: draw the trains, apply them (ms per update). */
    @Benchmark
    public DeviceArray plainUpdate256(Plain s) {
        s.updater.apply(s.next());
        return s.updater.array();
    }

    /** Drawing the trains of the 256 x 256 tile alone (ms per update). */
    @Benchmark
    public UpdatePulses drawOnly256(DrawOnly s) {
        return s.next();
    }

    /** One IR-drop-aware update: draw the trains, solve every slot, apply (ms per update). */
    @Benchmark
    public DeviceArray irDropUpdate(IrDrop s) {
        s.updater.apply(s.next());
        return s.updater.array();
    }
}
