package org.xbarspice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.RowChanges;
import org.xbarspice.tile.SpiceReader;

/**
 * One read of one vector through an N x N crossbar (1 ohm wires, ideal sense; the draw of {@code xbarspice read
 * --rows N --cols N --wire-r 1 --vectors 1}) in process against the ngspice binary on the netlist file the same read
 * writes ({@code ngspice -b -r out.raw FILE}, wall time of the process, which writes every vector to the raw file).
 * In process twice: the plain read ({@link SpiceReader#read}: netlist text, load, {@code .op}, the sense currents) and
 * the read with its energy ({@link SpiceReader#readPower}: also every crosspoint node voltage, as {@code xbarspice read}
 * asks for). A plain program rather than JMH, as {@link SpiceFileBenchmark}: the runs alternate (binary, plain,
 * energy) so that a machine shared with other work slows all alike; figures are medians, ratios medians of the
 * per-round ratios. The engine frees a read's circuit after handing its result back; every timed run starts after that
 * clean-up has ended (untimed), so the in-process figures are single reads without the freeing (0.3-0.5 s at 256 x 256).
 *
 * <p>Run (LD_PRELOAD as for the tests): {@code mvn -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test} then {@code java -Xss4m -cp
 * target/test-classes:target/classes:$(cat target/bench.classpath) org.xbarspice.bench.SpiceReadBenchmark [ROUNDS]
 * [SIZE]} (defaults 5 and 256).
 */
public final class SpiceReadBenchmark {
    private SpiceReadBenchmark() {
    }

    /**
     * Waits until the engine has freed the last read's circuit (it does so after handing the result back), not timed,
     * so that no timed run overlaps that clean-up.
     */
    private static void settle(NgSpiceEngine engine) {
        engine.awaitIdle();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        CrossbarCircuit circuit = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 1, 0.2, 1);
        Path dir = Files.createTempDirectory("xbarspice-bench");
        Path netlist = Files.writeString(dir.resolve("read.cir"),
                CrossbarNetlist.read(circuit, draw.conductances(), draw.inputs()).text());
        double[] binary = new double[rounds];
        double[] plain = new double[rounds];
        double[] plainRatio = new double[rounds];
        double[] energy = new double[rounds];
        double[] energyRatio = new double[rounds];
        double[][] amps = new double[1][size];
        ArrayPower[] power = new ArrayPower[1];
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            engine.setTimeoutSeconds(0);
            SpiceReader reader = new SpiceReader(engine, circuit);
            reader.read(draw.conductances(), draw.inputs()); // warm-up: JIT, the library copy's pages
            for (int r = 0; r < rounds; r++) {
                settle(engine);
                binary[r] = SpiceFileBenchmark.timed(new ProcessBuilder(SpiceFileBenchmark.BINARY, "-b", "-r",
                        dir.resolve("binary.raw").toString(), netlist.toString()));
                long t0 = System.nanoTime();
                reader.read(draw.conductances(), RowChanges.ALL, Direction.FORWARD, draw.inputs(), amps, 1);
                plain[r] = (System.nanoTime() - t0) * 1e-9;
                plainRatio[r] = plain[r] / binary[r];
                settle(engine);
                t0 = System.nanoTime();
                reader.readPower(draw.conductances(), RowChanges.ALL, Direction.FORWARD, draw.inputs(), amps, power, 1);
                energy[r] = (System.nanoTime() - t0) * 1e-9;
                energyRatio[r] = energy[r] / binary[r];
                System.out.printf(Locale.ROOT, "round %d: binary %.3f s, plain read %.3f s, read with energy %.3f s%n", r + 1,
                        binary[r], plain[r], energy[r]);
            }
        }
        System.out.printf(Locale.ROOT, "%dx%d, r = 1 ohm, one vector, %d rounds: ngspice -b -r %.3f s; in process: plain read "
                        + "%.3f s (ratio %.3f), read with energy %.3f s (ratio %.3f)%n", size, size, rounds,
                SpiceFileBenchmark.median(binary), SpiceFileBenchmark.median(plain), SpiceFileBenchmark.median(plainRatio),
                SpiceFileBenchmark.median(energy), SpiceFileBenchmark.median(energyRatio));
    }
}
