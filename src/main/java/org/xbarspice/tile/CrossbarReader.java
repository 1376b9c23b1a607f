package org.xbarspice.tile;

import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;

/**
 * The read engine of a tile and of every command: solves one crossbar circuit (wires, drivers, sense) for its sensed
 * currents, in either direction, on conductances that may change between calls. The implementations are the
 * behavioral exact solve ({@link BehavioralReader}), the behavioral fast solve ({@link FastCircuitReader}) and
 * ngspice ({@link SpiceReader}); peripherals act around it ({@link ReadPath}). Not thread-safe.
 */
public interface CrossbarReader {
    /** Engine name of the ngspice reader in result files. */
    String NGSPICE = "ngspice";
    /** Engine name of the behavioral readers in result files. */
    String BEHAVIORAL = "behavioral";

    /** The circuit this reader solves; its own direction is the default of {@link #read(double[], double[][])}. */
    CrossbarCircuit circuit();

    /**
     * For each {@code k < count}: the currents {@code amps[k]} (A) sensed at the sensed lines of {@code direction} when
     * its driven lines are at {@code volts[k]} (V).
     *
     * @param g       conductances (S), row-major rows x cols
     * @param changed the rows of g that changed since the previous call (readers keep their factorisation otherwise)
     */
    void read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, int count);

    /**
     * As {@link #read(double[], RowChanges, Direction, double[][], double[][], int)}, and the power split of each read's
     * DC state into {@code power[k]} (W): from the node voltages of the exact solve or of ngspice, by
     * {@link CrossbarPower}, or from the fast reader's effective matrices ({@link FastCircuitReader}). An integrator
     * read (a transient) gives its window's energy / t_read ({@link IntegratorReadEnergy}).
     */
    void readPower(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, ArrayPower[] power,
                   int count);

    /** Short engine name used in result files: {@link #NGSPICE} or {@link #BEHAVIORAL}. */
    String engine();

    /**
     * Runs this reader's code on a small circuit of the same kind, so that the JIT has compiled it before a timed read
     * (a cold one-shot read of a large array is mostly interpreted code); changes no result. Nothing to do for an
     * engine whose work is not Java code.
     */
    default void warmUp() {
    }

    /**
     * Returns once the work this reader's engine does in the background after a read has ended (ngspice frees each
     * circuit after handing its currents back), so that what is timed next does not share the machine with it. Nothing
     * to wait for by default.
     */
    default void awaitIdle() {
    }

    /**
     * Lets this reader spread the solves it does for itself (not the caller's vectors), such as a fast reader's unit
     * solves, over up to {@code threads} threads; changes no result. Nothing to do for a reader without such solves.
     */
    default void setSolveThreads(int threads) {
    }

    /**
     * Whether the next read in {@code direction} is one of the reader's spot checks against the exact solve, which then
     * checks its power split too when its power is asked for: a tile that counts only some reads' energy counts this one.
     */
    default boolean checksNext(Direction direction) {
        return false;
    }

    /**
     * Drops what the reader keeps from the reads before that a checkpoint does not store and a reader restored from it
     * would not give alike, and with {@code counts} starts its own figures again ({@link FastCircuitReader#restart}: its
     * checks). Nothing to do for a reader whose results depend on the conductances alone.
     */
    default void restart(boolean counts) {
    }

    /** Sensed currents (A), [vector][sensed line], of every input (V) on conductances {@code g} (S), in the circuit's direction. */
    default double[][] read(double[] g, double[][] volts) {
        CrossbarCircuit circuit = circuit();
        double[][] amps = new double[volts.length][circuit.sensedLines()];
        read(g, RowChanges.ALL, circuit.direction(), volts, amps, volts.length);
        return amps;
    }
}
