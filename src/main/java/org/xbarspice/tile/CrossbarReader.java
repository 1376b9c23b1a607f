package org.xbarspice.tile;

/** Reads a crossbar whose conductances are fixed: input voltages in, sensed currents out. */
public interface CrossbarReader {
    /** Engine name of the ngspice reader in result files. */
    String NGSPICE = "ngspice";
    /** Engine name of the behavioral reader in result files. */
    String BEHAVIORAL = "behavioral";

    /**
     * Sensed currents (A), [vector k][sensed line], for {@code inputs} (V), [vector k][driven line].
     */
    double[][] read(double[][] inputs);

    /** Short engine name used in result files: {@code ngspice} or {@code behavioral}. */
    String engine();
}
