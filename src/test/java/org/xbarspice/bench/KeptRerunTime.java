package org.xbarspice.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ReadCase;

/**
 * The time of one small analysis through the engine: a kept N x N read (1 ohm wires, ideal sense) of K vectors rerun
 * with 10 devices altered, as {@code SpiceReader}'s kept reads do, under the engine's default time limit: an {@code op}
 * for one vector, a {@code .dc} sweep for several. Prints the median and the mean of the reruns' wall times and the
 * process CPU time per rerun (ms) after 200 untimed, the latter less sensitive to a machine shared with other work; run
 * it alternately on two builds to compare them. A tiny array (2 x 2) shows the engine's fixed cost per analysis.
 *
 * <p>Run (LD_PRELOAD as for the tests): {@code java -cp target/test-classes:target/classes:$(cat
 * target/bench.classpath) org.xbarspice.bench.KeptRerunTime [RERUNS] [N] [K]} (defaults 1,000, 32 and 1).
 */
public final class KeptRerunTime {
    private KeptRerunTime() {
    }

    public static void main(String[] args) {
        int reruns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int vectors = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        CrossbarCircuit circuit = new CrossbarCircuit(size, size, 1, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, vectors, 0.2, 1);
        Netlist<double[][]> netlist = CrossbarNetlist.read(circuit, draw.conductances(), draw.inputs());
        SplittableRandom rng = new SplittableRandom(7);
        double[] ms = new double[reruns];
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = 0;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1);
             KeptCircuit kept = engine.keep(netlist.text(), netlist.vectors())) {
            for (int r = -200; r < reruns; r++) {
                if (r == 0) {
                    cpu = os.getProcessCpuTime();
                }
                List<String> alterations = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    alterations.add(CrossbarNetlist.deviceName(rng.nextInt(size), rng.nextInt(size)) + " = "
                            + String.format(Locale.ROOT, "%.6e", 1 / (1e-6 + 9e-6 * rng.nextDouble())));
                }
                long t0 = System.nanoTime();
                kept.run(alterations);
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) * 1e-6;
                }
            }
            cpu = os.getProcessCpuTime() - cpu;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d kept %d x %d reruns (10 alters + %s): median %.3f ms, mean %.3f ms, process CPU "
                + "%.3f ms per rerun%n", reruns, size, size, vectors == 1 ? "op" : "dc sweep of " + vectors + " vectors",
                sorted[reruns / 2], Arrays.stream(ms).average().orElse(0), cpu * 1e-6 / reruns);
    }
}
