package org.xbarspice.tile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbarspice.behavioral.ArrayPower;

/** Runs the same read through several engines and measures how far they disagree. */
public final class ReadComparison {
    private ReadComparison() {
    }

    /**
     * One engine's answer.
     *
     * @param currents ampere, [vector][sensed line]
     * @param seconds  wall time of the read (s)
     * @param powers   the array power of every physical read (W), in read order; empty when not tracked
     */
    public record EngineOutput(double[][] currents, double seconds, List<ArrayPower> powers) {
        public EngineOutput {
            powers = List.copyOf(powers);
        }
    }

    /** Reads {@code inputs} with every reader, in order; keyed by {@link ArrayRead#engine()}. */
    public static Map<String, EngineOutput> run(List<ArrayRead> readers, double[][] inputs) {
        Map<String, EngineOutput> out = new LinkedHashMap<>();
        for (ArrayRead reader : readers) {
            long start = System.nanoTime();
            double[][] currents = reader.read(inputs);
            double seconds = (System.nanoTime() - start) * 1e-9;
            out.put(reader.engine(), new EngineOutput(currents, seconds, reader.tracksPower() ? reader.takePowers() : List.of()));
        }
        return out;
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
