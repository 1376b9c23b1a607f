package org.xbarspice.spice;

import java.util.List;
import java.util.Locale;

/**
 * What one analysis of a netlist run produced (ngspice's "plot"): its vectors' names and types, not their values.
 *
 * @param name    the plot's name as ngspice forms it: the analysis and a running number, counted among the plots of
 *                this result ({@code op1}, {@code tran1}, {@code ac1}; a noise analysis gives {@code noise1}, the
 *                spectra, and {@code noise2}, the totals)
 * @param type    the analysis as ngspice titles the plot ({@code Transient Analysis}, {@code AC Analysis})
 * @param points  the length of every vector of the plot
 * @param vectors the vectors in ngspice's order, the scale (time, frequency, the swept source) first
 */
public record SpicePlot(String name, String type, int points, List<Column> vectors) {
    public SpicePlot {
        vectors = List.copyOf(vectors);
    }

    /**
     * One vector of a plot.
     *
     * @param complex whether its values are complex (all vectors of an AC or S-parameter plot but the frequency)
     */
    public record Column(String name, String type, boolean complex) {
    }

    /**
     * The vector that {@code requested} names, matched as ngspice matches names: ignoring case, {@code x#branch} as
     * {@code i(x)} and back, a bare node name {@code n} as {@code v(n)}; null if the plot has none.
     */
    public Column find(String requested) {
        String name = requested.strip().toLowerCase(Locale.ROOT);
        Column found = exact(name);
        if (found == null && name.endsWith("#branch")) {
            found = exact("i(" + name.substring(0, name.length() - "#branch".length()) + ")");
        }
        if (found == null && name.startsWith("i(") && name.endsWith(")")) {
            found = exact(name.substring(2, name.length() - 1) + "#branch");
        }
        if (found == null && name.indexOf('(') < 0) {
            found = exact("v(" + name + ")");
        }
        return found;
    }

    private Column exact(String lowerCase) {
        for (Column c : vectors) {
            if (c.name().toLowerCase(Locale.ROOT).equals(lowerCase)) {
                return c;
            }
        }
        return null;
    }
}
