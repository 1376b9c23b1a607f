package org.xbarspice.spice;

import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * A circuit simulator that runs self-contained netlists. Implementations are thread-safe: concurrent
 * calls run on separate engine instances when the engine has several.
 */
public interface SpiceEngine extends AutoCloseable {

    /**
     * Loads {@code netlist} (with its analysis line, ending in {@code .end}), runs it, returns the named
     * vectors and unloads the circuit.
     *
     * @throws SpiceNetlistException when the netlist does not parse or names another file ({@code .include},
     *                               {@code .lib}: read netlist files with {@link NetlistFile#read}, which inlines them)
     * @throws SpiceException        when the analysis fails
     */
    SpiceResult run(String netlist, List<String> vectors);

    /**
     * As {@link #run(String, List)}, sending the analysis' completed fraction (0..1) to {@code progress} while it runs,
     * on a thread of the engine, as often as the engine reports it (ngspice: at most every 150 ms); an engine that reports
     * none (the default) only runs.
     */
    default SpiceResult run(String netlist, List<String> vectors, DoubleConsumer progress) {
        return run(netlist, vectors);
    }

    /**
     * Runs a designer's netlist file as {@code ngspice -b -r} would (its {@code .spiceinit}, includes, {@code .control}
     * block, analyses), in a fresh engine state that nothing before or after sees.
     *
     * @throws org.xbarspice.units.InvalidInputException when a file is missing or unreadable, or the netlist or its
     *                               {@code .spiceinit} runs programs without {@link SpiceJob#allowShell}
     * @throws SpiceNetlistException when the engine rejects the netlist
     * @throws SpiceException        when an analysis fails, ngspice hits a fatal error, or a requested vector is missing
     * @throws UnsupportedOperationException when this engine runs generated netlists only
     */
    default SpiceJobResult runFile(SpiceJob job) {
        throw new UnsupportedOperationException(version() + " runs generated netlists only, not netlist files");
    }

    /**
     * Loads {@code netlist} (as {@link #run} takes it) and keeps it loaded for reruns with changed values
     * ({@link KeptCircuit#run}), which return the named {@code vectors}; nothing runs yet. Null when this engine cannot
     * keep circuits (the default): run netlists with {@link #run} then.
     */
    default KeptCircuit keep(String netlist, List<String> vectors) {
        return null;
    }

    /**
     * Returns once the work this engine does in the background after handing back a result has ended (ngspice frees
     * each circuit after its read: 0.3-0.5 s at 256 x 256), so that what is timed next does not share the machine with
     * it. Nothing to wait for by default.
     */
    default void awaitIdle() {
    }

    /** Engine name and version, e.g. {@code ngspice-46 (KLU)}. */
    String version();

    @Override
    void close();

    /**
     * A view of {@code engine} whose runs send their analysis' completed fraction to {@code progress} (as {@link
     * #run(String, List, DoubleConsumer)}), for a caller that runs netlists through a library call and shows their
     * progress; everything else goes to {@code engine} as it is, and closing the view leaves {@code engine} open.
     */
    static SpiceEngine reporting(SpiceEngine engine, DoubleConsumer progress) {
        return new SpiceEngine() {
            @Override
            public SpiceResult run(String netlist, List<String> vectors) {
                return engine.run(netlist, vectors, progress);
            }

            @Override
            public SpiceResult run(String netlist, List<String> vectors, DoubleConsumer own) {
                return engine.run(netlist, vectors, own);
            }

            @Override
            public SpiceJobResult runFile(SpiceJob job) {
                return engine.runFile(job);
            }

            @Override
            public KeptCircuit keep(String netlist, List<String> vectors) {
                return engine.keep(netlist, vectors);
            }

            @Override
            public void awaitIdle() {
                engine.awaitIdle();
            }

            @Override
            public String version() {
                return engine.version();
            }

            @Override
            public void close() {
            }
        };
    }
}
