package org.xbarspice.spice;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A designer's own netlist file, run by {@link SpiceEngine#runFile} as {@code ngspice -b -r out.raw NETLIST} run in
 * {@code workDir} runs it: its {@code .spiceinit} read first, its {@code .control} block executed, its analysis lines
 * run, the vectors of the raw file returned.
 *
 * @param netlist    the netlist file (made absolute); its {@code .include} and {@code .lib} files are inlined by
 *                   {@link NetlistFile#read(Path, List)}
 * @param workDir    the folder ngspice runs in (made absolute): files that the netlist's {@code .control} commands
 *                   write or read by a relative path are there, as if {@code ngspice -b} had been started in it; by
 *                   default the netlist's folder
 * @param vectors    the vectors to return, by ngspice name ({@code v(out)}, {@code i(v1)}, {@code v1#branch}, a node
 *                   name), lower case, looked up in the last plot; {@code PLOT.NAME} ({@code op1.v(out)}) looks in
 *                   another plot. Empty: none, unless {@code allVectors}
 * @param allVectors return every vector of the last plot (as well as {@code vectors})
 * @param allowShell run the netlist and its {@code .spiceinit} even if they run programs or load native libraries
 *                   ({@link NetlistFile#checkControlCommands})
 */
public record SpiceJob(Path netlist, Path workDir, List<String> vectors, boolean allVectors, boolean allowShell) {
    public SpiceJob {
        netlist = netlist.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
        vectors = vectors.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** {@code netlist} run in its own folder, returning no vectors (the result lists the plots). */
    public static SpiceJob of(Path netlist) {
        Path absolute = netlist.toAbsolutePath().normalize();
        return new SpiceJob(absolute, Objects.requireNonNull(absolute.getParent(), "folder of " + absolute), List.of(),
                false, false);
    }

    public SpiceJob withWorkDir(Path dir) {
        return new SpiceJob(netlist, dir, vectors, allVectors, allowShell);
    }

    public SpiceJob withVectors(List<String> names) {
        return new SpiceJob(netlist, workDir, names, allVectors, allowShell);
    }

    public SpiceJob withAllVectors(boolean all) {
        return new SpiceJob(netlist, workDir, vectors, all, allowShell);
    }

    public SpiceJob withAllowShell(boolean allow) {
        return new SpiceJob(netlist, workDir, vectors, allVectors, allow);
    }
}
