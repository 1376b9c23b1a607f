package org.xbarspice.tile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the same read through several engines and measures how far they disagree. */
public final class ReadComparison {
    private ReadComparison() {
    }

    /**
     * One engine's answer.
     *
     * @param currents      ampere, [vector][sensed line]
     * @param seconds       wall time of the read (s)
     * @param warmUpSeconds wall time of the engine's JIT warm-up before the read, run beside the engines before it
     *                      ({@link #run}; s, 0 when none)
     * @param powers        the array power of every physical read (W) and the lines it drove, in read order; empty when
     *                      not tracked
     */
    public record EngineOutput(double[][] currents, double seconds, double warmUpSeconds,
                               List<ArrayRead.ReadPower> powers) {
        public EngineOutput {
            powers = List.copyOf(powers);
        }
    }

    /**
     * Reads {@code inputs} with every reader, in order; keyed by {@link ArrayRead#engine()}. While the first reader
     * reads, a second thread warms the others up ({@link ArrayRead#warmUp}), so that each is timed on compiled code and
     * not on a cold JVM: a comparison of engines, not of JIT warm-up. Each warm-up's own time is reported beside. The
     * next reader starts once the last one's engine is idle ({@link ArrayRead#awaitIdle}): ngspice frees a read's
     * circuit after handing its currents back (0.3-0.5 s at 256 x 256), which would otherwise share the machine with
     * the next timed read.
     */
    public static Map<String, EngineOutput> run(List<ArrayRead> readers, double[][] inputs) {
        double[] warmUpSeconds = new double[readers.size()];
        Thread warming = null;
        if (readers.size() > 1) {
            warming = new Thread(() -> {
                for (int k = 1; k < readers.size(); k++) {
                    long start = System.nanoTime();
                    try {
                        readers.get(k).warmUp();
                    } catch (RuntimeException e) {
                        continue; // only an optimisation: the read then runs cold and reports its own errors
                    }
                    warmUpSeconds[k] = (System.nanoTime() - start) * 1e-9;
                }
            }, "xbarspice-warm-up");
            warming.setDaemon(true);
            warming.start();
        }
        Map<String, EngineOutput> out = new LinkedHashMap<>();
        for (int k = 0; k < readers.size(); k++) {
            if (k == 1) {
                join(warming);
            }
            ArrayRead reader = readers.get(k);
            long start = System.nanoTime();
            double[][] currents = reader.read(inputs);
            double seconds = (System.nanoTime() - start) * 1e-9;
            out.put(reader.engine(), new EngineOutput(currents, seconds, warmUpSeconds[k],
                    reader.tracksPower() ? reader.takePowers() : List.of()));
            reader.awaitIdle(); // ngspice frees its circuit after the read: not beside the next engine's timed read
        }
        return out;
    }

    private static void join(Thread warming) {
        try {
            warming.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engines warmed up", e);
        }
    }

    /** max |other - reference| / max |reference| over all entries (0 when both are all zero). */
    public static double maxRelError(double[][] reference, double[][] other) {
        double scale = 0;
        double worst = 0;
        for (int k = 0; k < reference.length; k++) {
            for (int s = 0; s < reference[k].length; s++) {
                scale = Math.max(scale, Math.abs(reference[k][s]));
                worst = Math.max(worst, Math.abs(other[k][s] - reference[k][s]));
            }
        }
        return worst == 0 ? 0 : worst / scale;
    }
}
