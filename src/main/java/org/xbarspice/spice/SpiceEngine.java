package org.xbarspice.spice;

import java.util.List;

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

    /** Engine name and version, e.g. {@code ngspice-46 (KLU)}. */
    String version();

    @Override
    void close();
}
