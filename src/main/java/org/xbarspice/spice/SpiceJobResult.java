package org.xbarspice.spice;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a netlist file run ({@link SpiceEngine#runFile}) produced.
 *
 * @param netlist      the netlist file
 * @param plots        the plots of the netlist's analysis lines, in ngspice's order (the same plots as in the raw file
 *                     of {@code ngspice -b -r}); the last is the current plot. Plots that its {@code .control} block
 *                     made are not included (the block writes what it needs itself)
 * @param vectors      the requested vectors by the name they were asked for (lower case), then, if every vector of the
 *                     last plot was asked for, those by their own names; in that order
 * @param measurements the {@code .meas} results that ngspice computed, by name (lower case), in the netlist's order
 * @param printed      what the netlist's {@code .control} block printed ({@code echo}, {@code print}, its own
 *                     {@code meas} results), line by line as the binary prints it, without ngspice's own notices
 *                     (the circuit's title, an analysis's start, the linear solver); empty without such a block
 * @param warnings     what ngspice wrote on its error stream, and the {@code .meas} results it could not compute: the
 *                     run succeeded, but these may matter
 * @param seconds      time spent inside ngspice's functions (s)
 * @param everyVector  whether the plots hold every vector of the analyses, as the binary's raw file does; false when
 *                     the netlist has {@code .meas} lines and the job asked neither for every vector nor for more than
 *                     specific ones: ngspice then kept only the vectors that the {@code .meas} lines read and the
 *                     requested ones (as {@code ngspice -b} without {@code -r} keeps only what its {@code .meas} lines
 *                     read), and the plots list only those
 */
public record SpiceJobResult(Path netlist, List<SpicePlot> plots, Map<String, SpiceVector> vectors,
                             Map<String, Double> measurements, List<String> printed, List<String> warnings, double seconds,
                             boolean everyVector) {
    public SpiceJobResult {
        plots = List.copyOf(plots);
        vectors = Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
        measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
        printed = List.copyOf(printed);
        warnings = List.copyOf(warnings);
    }

    /** The current plot after the run, or null if the netlist's analyses produced none. */
    public SpicePlot lastPlot() {
        return plots.isEmpty() ? null : plots.get(plots.size() - 1);
    }
}
