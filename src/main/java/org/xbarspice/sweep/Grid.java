package org.xbarspice.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbarspice.units.InvalidInputException;

/**
 * The axes of a sweep: run-config keys (a key inside an object key as {@code OBJECT.KEY}, e.g.
 * {@code transferBuffer.momentum}), each with its values (as written on the command line), in the order given.
 *
 * @param axes key to values, insertion-ordered, unmodifiable
 */
public record Grid(Map<String, List<String>> axes) {
    public Grid {
        if (axes.isEmpty()) {
            throw new InvalidInputException("a sweep needs at least one --grid KEY=V1,V2,...");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        axes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        axes = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code KEY=V1,V2,...} specs: every key once, every value non-empty (a repeated key or an empty value is a
     * mistake to report, not to guess at).
     */
    public static Grid parse(List<String> specs) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        long points = 1;
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new InvalidInputException("--grid " + spec + " is not KEY=V1,V2,...: e.g. --grid algorithm=sgd,shd");
            }
            String key = spec.substring(0, eq);
            if (key.equals("threads")) { // every point would give the same results, only at another speed
                throw new InvalidInputException("--grid threads changes no result: a run gives the same weights and "
                        + "figures on any number of threads; the points run one thread each, --threads of them at once "
                        + "(the key threads of a --config file sets every point's), and ./xbarspice bench times them (e.g. "
                        + "ShdBenchmark -p threads=1,2)");
            }
            if (axes.containsKey(key)) {
                throw new InvalidInputException("--grid " + key + " is given twice: give all its values in one --grid "
                        + key + "=V1,V2,...");
            }
            for (String other : axes.keySet()) { // an object's values would replace those of its key, or the other way
                if (key.startsWith(other + ".") || other.startsWith(key + ".")) {
                    throw new InvalidInputException("--grid " + key + " and --grid " + other + " set the same key: the one "
                            + "given later would replace the other's values in every point; give one of them");
                }
            }
            List<String> values = List.of(spec.substring(eq + 1).split(",", -1));
            for (String value : values) {
                if (value.isBlank()) {
                    throw new InvalidInputException("--grid " + spec + " has an empty value: write the values without "
                            + "empty ones, e.g. --grid " + key + "=1,2");
                }
                if (value.strip().equals("null")) { // the default, which another value may spell: the same run twice
                    throw new InvalidInputException("--grid " + spec + " has the value null: give the key's default "
                            + "value itself, or leave the key out of the grid");
                }
            }
            if (values.stream().map(Grid::asCompared).distinct().count() != values.size()) {
                throw new InvalidInputException("--grid " + spec + " repeats a value: every point would run twice; use "
                        + "--repeat N for several seeds");
            }
            axes.put(key, values);
            points *= values.size();
            if (points > MAX_POINTS) {
                throw new InvalidInputException("--grid gives more than " + MAX_POINTS + " combinations of values (at "
                        + key + "): split the study into several sweeps");
            }
        }
        return new Grid(axes);
    }

    /** Most combinations of grid values in one sweep (each is a training run). */
    public static final int MAX_POINTS = 100_000;

    /** A grid value as compared for repeats: the number it spells (1 and 1.0 are one value), else the text. */
    static Object asCompared(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** Every combination of the values, the last key varying fastest. */
    public List<Map<String, String>> points() {
        List<String> keys = new ArrayList<>(axes.keySet());
        List<Map<String, String>> out = new ArrayList<>();
        cartesian(keys, 0, new LinkedHashMap<>(), out);
        return out;
    }

    private void cartesian(List<String> keys, int depth, Map<String, String> point, List<Map<String, String>> out) {
        if (depth == keys.size()) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(point)));
            return;
        }
        for (String v : axes.get(keys.get(depth))) {
            point.put(keys.get(depth), v);
            cartesian(keys, depth + 1, point, out);
        }
        point.remove(keys.get(depth));
    }
}
