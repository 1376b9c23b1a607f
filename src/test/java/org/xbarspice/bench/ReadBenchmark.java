package org.xbarspice.bench;

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
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.FastCircuitReader;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.RowChanges;
import org.xbarspice.tile.SpiceReader;

/**
 * Read speed of both engines: G uniform in [1, 10] uS, inputs uniform in [-0.2, 0.2] V, ideal sense.
 * Run with {@code ./xbarspice bench ReadBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
public class ReadBenchmark {

    /** Behavioral read of one vector (the nodal solve with IR drop). */
    @State(Scope.Benchmark)
    public static class Behavioral {
        @Param({"64", "256"})
        int size;

        @Param({"0", "1"})
        double wireOhm;

        /** Threads of each solve ({@link SolverOptions#threads}: 2 splits every step with a helper thread). */
        @Param({"1", "2"})
        int threads;

        CrossbarSolver solver;
        double[] input;
        double[] output;

        @Setup(Level.Trial)
        public void setUp() {
            CrossbarCircuit c = new CrossbarCircuit(size, size, wireOhm, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(c, 1e-6, 1e-5, 1, 0.2, 1);
            solver = new CrossbarSolver(c, draw.conductances(), SolverOptions.defaults().withThreads(threads));
            input = draw.inputs()[0];
            output = new double[size];
        }
    }

    /**
     * Fast IR-drop read of one vector ({@link FastCircuitReader}, r = 1 ohm, conductances unchanged so no refresh), plain
     * or with its power split ({@code energy}: {@link FastCircuitReader#readPower}); the matrices are computed in the
     * set-up.
     */
    @State(Scope.Benchmark)
    public static class Fast {
        @Param({"64", "256"})
        int size;

        @Param({"false", "true"})
        boolean energy;

        FastCircuitReader reader;
        double[] g;
        double[][] volts;
        double[][] amps;
        ArrayPower[] power;

        @Setup(Level.Trial)
        public void setUp() {
            CrossbarCircuit c = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(c, 1e-6, 1e-5, 1, 0.2, 1);
            reader = new FastCircuitReader(c, 0.2, IrDrop.fast());
            g = draw.conductances();
            volts = draw.inputs();
            amps = new double[1][size];
            power = new ArrayPower[1];
            reader.readPower(g, RowChanges.ALL, Direction.FORWARD, volts, amps, power, 1);
        }
    }

    @Benchmark
    public double[][] fastReadOneVector(Fast s) {
        if (s.energy) {
            s.reader.readPower(s.g, RowChanges.NONE, Direction.FORWARD, s.volts, s.amps, s.power, 1);
        } else {
            s.reader.read(s.g, RowChanges.NONE, Direction.FORWARD, s.volts, s.amps, 1);
        }
        return s.amps;
    }

    /**
     * One-hot reads with their power split, as a transfer reads A (r = 1 ohm, the rows driven in turn at 0.2 V, each read
     * told that the row it drives changed, so that the reader computes the split anew, as after an update of A): {@code
     * OneHotReadPower}'s ladders at the current conductances, no unit solve; {@link #behavioralReadOneVector} at r = 1 is
     * what a unit solve costs.
     */
    @State(Scope.Benchmark)
    public static class OneHot {
        @Param({"64", "256"})
        int size;

        FastCircuitReader reader;
        double[] g;
        double[][] volts;
        double[][] amps;
        ArrayPower[] power;
        RowChanges changes;
        int row;

        @Setup(Level.Trial)
        public void setUp() {
            CrossbarCircuit c = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
            g = ReadCase.draw(c, 1e-6, 1e-5, 1, 0.2, 1).conductances();
            reader = new FastCircuitReader(c, 0.2, IrDrop.fast());
            volts = new double[1][size];
            amps = new double[1][size];
            power = new ArrayPower[1];
            changes = new RowChanges(size);
            reader.read(g, RowChanges.ALL, Direction.FORWARD, volts, amps, 1);
        }
    }

    @Benchmark
    public ArrayPower[] fastReadOneHotPower(OneHot s) {
        s.volts[0][s.row] = 0;
        s.row = (s.row + 1) % s.size;
        s.volts[0][s.row] = 0.2;
        s.changes.mark(s.row);
        s.reader.readPower(s.g, s.changes, Direction.FORWARD, s.volts, s.amps, s.power, 1);
        s.changes.clear();
        return s.power;
    }

    /**
     * The first read of a fresh fast reader (r = 1 ohm): its solvers built and its transfer matrix computed from one unit
     * solve per row, on {@code threads} solve threads ({@link FastCircuitReader#setSolveThreads}), as at the start of a
     * training run and at every refresh.
     */
    @State(Scope.Benchmark)
    public static class Refresh {
        @Param({"128", "256"})
        int size;

        @Param({"1", "2"})
        int threads;

        CrossbarCircuit circuit;
        double[] g;
        double[][] volts;
        double[][] amps;

        @Setup(Level.Trial)
        public void setUp() {
            circuit = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 1, 0.2, 1);
            g = draw.conductances();
            volts = draw.inputs();
            amps = new double[1][size];
        }
    }

    @Benchmark
    public double[][] fastReadMatrixRefresh(Refresh s) {
        FastCircuitReader reader = new FastCircuitReader(s.circuit, 0.2, IrDrop.fast());
        reader.setSolveThreads(s.threads);
        reader.read(s.g, RowChanges.ALL, Direction.FORWARD, s.volts, s.amps, 1);
        return s.amps;
    }

    /**
     * As {@link #fastReadMatrixRefresh}, then the first backward read with power: the refresh solved the rows (a square
     * circuit without drivers is reciprocal), so the backward power model solves every column the read drives, together,
     * on the reader's solve threads ({@code FastReadPower.LineSolves}), as a layer's first backward read with {@code
     * --energy} does after each refresh.
     */
    @Benchmark
    public ArrayPower[] fastReadFirstBackwardPower(Refresh s) {
        FastCircuitReader reader = new FastCircuitReader(s.circuit, 0.2, IrDrop.fast());
        reader.setSolveThreads(s.threads);
        reader.read(s.g, RowChanges.ALL, Direction.FORWARD, s.volts, s.amps, 1);
        ArrayPower[] power = new ArrayPower[1];
        reader.readPower(s.g, RowChanges.NONE, Direction.BACKWARD, s.volts, s.amps, power, 1);
        return power;
    }

    /** ngspice read of 16 vectors in one load (netlist text, load, .dc sweep, read-out, unload). */
    @State(Scope.Benchmark)
    public static class Spice {
        @Param({"64"})
        int size;

        NgSpiceEngine engine;
        SpiceReader reader;
        double[] conductances;
        double[][] inputs;

        @Setup(Level.Trial)
        public void setUp() {
            CrossbarCircuit c = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(c, 1e-6, 1e-5, 16, 0.2, 1);
            engine = NgSpiceEngine.open(1);
            reader = new SpiceReader(engine, c);
            conductances = draw.conductances();
            inputs = draw.inputs();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
        }
    }

    @Benchmark
    public double[] behavioralReadOneVector(Behavioral s) {
        s.solver.readInto(s.input, s.output);
        return s.output;
    }

    @Benchmark
    public double[][] ngspiceReadSixteenVectors(Spice s) {
        return s.reader.read(s.conductances, s.inputs);
    }
}
