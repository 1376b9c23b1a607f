package org.xbarspice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbarspice.device.PulseShape;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdateNetlist;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.ngspice.NgSpiceEngine;

/**
 * Whether a kept circuit ({@code alter} of changed values, no new netlist) could beat reloading for the quasi-static
 * pulse update, as it does for reads. The update's DC sweep selects its slot through behavioural sources {@code
 * V=pwl(V(k), ...)}, whose tables {@code alter} cannot change; the only alterable form of a per-slot source table is an
 * independent source's {@code pwl} over time, so the kept variant is the same circuit with {@code Vr0 dr0 0 pwl(0 v0 1
 * v1 ...)} sources and {@code .tran 1 S-1 0 1} (one slot per second). Both run the same draw, alternating: the fresh
 * path loads and sweeps the update's netlist (what {@code SpiceUpdater} does); the kept path reruns its transient with
 * no alteration at all, a lower bound of a kept update (its tables and devices would be altered first). Checks that
 * the transient's node voltages at the slot times equal the sweep's, and prints the medians of both and the
 * transient's time points per slot.
 *
 * <p>Run (LD_PRELOAD as for the tests): {@code java -Xss4m -cp target/test-classes:target/classes:$(cat
 * target/bench.classpath) org.xbarspice.bench.SpiceKeptUpdate [ROUNDS]} (default 15; 65 x 17 array, the first layer of
 * 64-16-10, 1 ohm wires, 10 ohm drivers, BL 31).
 */
public final class SpiceKeptUpdate {
    private static final Pattern SWEPT = Pattern.compile("^B(\\S+) (\\S+) 0 V=pwl\\(V\\(k\\),(.*)\\)$");

    private SpiceKeptUpdate() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int rows = 65;
        int cols = 17;
        int bl = 31;
        PulseShape shape = new PulseShape(1.2, 1e-6, 1e-8);
        UpdateCircuit circuit = new UpdateCircuit(rows, cols, 1, 10, shape, 2 * shape.durationSecond());
        SplittableRandom rng = new SplittableRandom(3);
        double[] g = new double[rows * cols];
        for (int d = 0; d < g.length; d++) {
            g[d] = 1e-6 + 9e-6 * rng.nextDouble();
        }
        double[] x = new double[rows];
        double[] e = new double[cols];
        for (int i = 0; i < rows; i++) {
            x[i] = rng.nextDouble() * 2 - 1;
        }
        for (int j = 0; j < cols; j++) {
            e[j] = rng.nextDouble() * 2 - 1;
        }
        PulseTrainDrawer drawer = new PulseTrainDrawer(rows, cols, bl);
        drawer.draw(x, e, 0.5, 0.01, true, rng.nextLong());
        UpdatePulses pulses = drawer.pulses();
        List<UpdatePulses.Slot> slots = pulses.activeSlots();
        Netlist<UpdateNetlist.SlotNodes> sweep = UpdateNetlist.quasiStaticNodes(circuit, g, pulses, slots);
        String overTime = transientText(sweep.text(), slots.size());
        List<String> vectors = new ArrayList<>(sweep.vectors());
        vectors.add("time");
        double[] fresh = new double[rounds];
        double[] kept = new double[rounds];
        double worst;
        int timePoints;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            engine.setTimeoutSeconds(0);
            UpdateNetlist.SlotNodes swept = sweep.decode(engine.run(sweep.text(), sweep.vectors()).vectors());
            try (KeptCircuit spice = engine.keep(overTime, vectors)) {
                SpiceResult result = spice.run(List.of()); // also the warm-up
                worst = difference(sweep, swept, result, slots.size());
                timePoints = result.vectors().get("time").length;
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    engine.run(sweep.text(), sweep.vectors());
                    long t1 = System.nanoTime();
                    spice.run(List.of());
                    long t2 = System.nanoTime();
                    fresh[r] = (t1 - t0) * 1e-6;
                    kept[r] = (t2 - t1) * 1e-6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "65 x 17, 1 ohm wires, 10 ohm drivers, BL %d, %d active slots, %d rounds: fresh load + "
                        + ".dc sweep %.1f ms, kept transient rerun with no alteration %.1f ms (medians); the transient "
                        + "takes %.1f time points per slot; largest |V_tran - V_dc| at the slot times %.1e V%n", bl,
                slots.size(), rounds, median(fresh), median(kept), (double) timePoints / slots.size(), worst);
    }

    /**
     * The quasi-static netlist with every swept source as an independent source over time (one slot per second) and the
     * DC sweep as a transient over {@code slots} seconds.
     */
    static String transientText(String quasiStatic, int slots) {
        StringBuilder out = new StringBuilder();
        for (String line : quasiStatic.replace("\n+", " ").split("\n")) {
            Matcher m = SWEPT.matcher(line);
            if (line.startsWith("Vk ")) {
                continue;
            } else if (m.matches()) {
                out.append('V').append(m.group(1)).append(' ').append(m.group(2)).append(" 0 pwl(")
                        .append(m.group(3).replace(",", " ")).append(")\n");
            } else if (line.startsWith(".dc ")) {
                out.append(".tran 1 ").append(slots - 1).append(" 0 1\n");
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Largest difference between the sweep's node voltages and the transient's at times 0, 1, ... (V). */
    private static double difference(Netlist<UpdateNetlist.SlotNodes> sweep, UpdateNetlist.SlotNodes swept,
                                     SpiceResult result, int slots) {
        double[] time = result.vectors().get("time");
        int[] at = new int[slots];
        for (int s = 0; s < slots; s++) {
            int k = 0;
            while (k < time.length - 1 && Math.abs(time[k] - s) > 1e-9) {
                k++;
            }
            at[s] = k;
        }
        double worst = 0;
        for (String name : sweep.vectors()) {
            double[] dc = result.vectors().get(name);
            double[] values = new double[slots];
            for (int s = 0; s < slots; s++) {
                values[s] = dc[at[s]];
            }
            double[] reference = sweepVector(sweep, swept, name, slots);
            for (int s = 0; s < slots; s++) {
                worst = Math.max(worst, Math.abs(values[s] - reference[s]));
            }
        }
        return worst;
    }

    /** The sweep's values of one node vector, from the decoded row and column node voltages. */
    private static double[] sweepVector(Netlist<UpdateNetlist.SlotNodes> sweep, UpdateNetlist.SlotNodes swept, String name,
                                        int slots) {
        int index = sweep.vectors().indexOf(name);
        double[] out = new double[slots]; // the names alternate: row node, column node of each device (wires > 0)
        for (int s = 0; s < slots; s++) {
            out[s] = (index % 2 == 0 ? swept.rowNodeVolts() : swept.colNodeVolts())[s][index / 2];
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
