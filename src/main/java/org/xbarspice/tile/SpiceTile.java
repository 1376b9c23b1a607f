package org.xbarspice.tile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.SpiceTimeoutException;

/**
 * A {@link PulsedTile} whose reads and updates are ngspice simulations. Peripherals, pulse-train draws and seeds are
 * those of {@link PulsedTile}, so a {@link BehavioralTile} built from the same spec and seed sees the same inputs and
 * the same pulse trains.
 *
 * <ul>
 * <li><b>Reads</b>: the circuit read of {@link PulsedTile} (bias row, reference column, wire resistance
 *     {@code spec.read().wireOhm()} per segment, drivers of output resistance {@link TileSpec#driverOhm()}, the sense
 *     amplifier of {@code spec.read().sense()}: virtual ground or TIA) as one {@code .dc} analysis of a {@link SpiceReader}; the DAC levels are the driving voltages, output
 *     noise and ADC act on the sensed values. A batch of forward reads ({@link #forwardBatch}) is one analysis.</li>
 * <li><b>Updates</b>: the drawn pulse trains applied by a {@link SpiceUpdater} (V/2 scheme with the same wires and
 *     drivers; {@link SpiceUpdater.Mode#QUASI_STATIC} by default, {@link SpiceUpdater.Mode#TRANSIENT} on request) to the
 *     tile's devices, whose states persist from step to step. SPICE devices have no cycle-to-cycle noise.</li>
 * <li><b>Kept circuits</b>: single-vector reads keep their circuit loaded in ngspice and {@code alter} only the
 *     changed devices and drive sources ({@link SpiceReader}), unless {@link Setup#withKeptCircuits} turns it off.</li>
 * <li><b>Robustness</b>: an analysis that fails (no convergence) is run once more with relaxed tolerances
 *     ({@value #RELAXED_OPTIONS}); if that fails too, the error names the tile ({@link #setLabel}) and quotes
 *     ngspice.</li>
 * </ul>
 * The time spent in the engine is summed in {@link #engineSeconds()}. Not thread-safe; different tiles may run on
 * different threads when the engine has several instances.
 */
public final class SpiceTile extends PulsedTile {
    /** The options line of a retried analysis: looser tolerances, more iterations, a larger gmin. */
    public static final String RELAXED_OPTIONS = ".options reltol=1e-3 abstol=1e-10 vntol=1e-5 gmin=1e-10 itl1=500 itl2=500 itl4=50";

    /**
     * What a SPICE tile needs besides its spec (which holds the circuit: wires, drivers, sense, compact device).
     *
     * @param engine       the SPICE engine (shared; one analysis per instance at a time)
     * @param updateMode   how an update is simulated
     * @param keepCircuits whether single-vector reads keep their circuit loaded and alter what changed
     *                     ({@link SpiceReader}; ideal sense only)
     */
    public record Setup(SpiceEngine engine, SpiceUpdater.Mode updateMode, boolean keepCircuits) {
        public Setup {
            Objects.requireNonNull(engine, "SPICE engine");
            Objects.requireNonNull(updateMode, "update mode");
        }

        /** Kept read circuits, {@code updateMode} updates. */
        public Setup(SpiceEngine engine, SpiceUpdater.Mode updateMode) {
            this(engine, updateMode, true);
        }

        /** Quasi-static updates, kept read circuits. */
        public static Setup of(SpiceEngine engine) {
            return new Setup(engine, SpiceUpdater.Mode.QUASI_STATIC);
        }

        /** The same setup with read circuits kept or not. */
        public Setup withKeptCircuits(boolean keep) {
            return new Setup(engine, updateMode, keep);
        }
    }

    private final Runner runner;

    /** A tile of {@code inputs} x {@code outputs} weights (plus the bias row), devices sampled as {@link PulsedTile} says. */
    public SpiceTile(int inputs, int outputs, TileSpec spec, long seed, Setup setup) {
        this(inputs, outputs, spec, seed, new Runner(Objects.requireNonNull(setup, "SPICE setup").engine()), setup.updateMode(),
                setup.keepCircuits());
    }

    private SpiceTile(int inputs, int outputs, TileSpec spec, long seed, Runner runner, SpiceUpdater.Mode updateMode,
                      boolean keep) {
        super(inputs, outputs, spec, seed, new SpiceReader(runner, circuit(inputs, outputs, spec, "a SPICE read"), keep),
                new SpiceUpdater(runner, spec.updateCircuit(inputs + 1, outputs), spec.conductance(), spec.compact(),
                        spec.position(), updateMode));
        this.runner = runner;
    }

    /** A factory of SPICE tiles sharing {@code setup}. */
    public static PulsedTile.Factory factory(Setup setup) {
        return (inputs, outputs, spec, seed) -> new SpiceTile(inputs, outputs, spec, seed, setup);
    }

    /** Names the tile in error messages, e.g. {@code layer 1, array C}. */
    public void setLabel(String label) {
        runner.label = Objects.requireNonNull(label, "label");
    }

    /** Wall time spent inside the engine (netlist load, analysis, vector transfer) since construction (s). */
    public double engineSeconds() {
        return runner.engineSeconds;
    }

    /** Analyses run since construction (retries included). */
    public long analyses() {
        return runner.analyses;
    }

    /**
     * The tile's way into ngspice: every analysis timed, a failed one retried once with {@link #RELAXED_OPTIONS} (not one
     * that timed out).
     */
    private static final class Runner implements NetlistRunner {
        private final SpiceEngine engine;
        private String label = "tile";
        private double engineSeconds;
        private long analyses;

        Runner(SpiceEngine engine) {
            this.engine = engine;
        }

        @Override
        public <T> T run(Netlist<T> netlist) {
            try {
                return netlist.decode(timed(netlist));
            } catch (SpiceTimeoutException timeout) {
                throw timeout.withContext(label); // relaxed options would only wait as long again
            } catch (SpiceException first) {
                try {
                    return netlist.decode(timed(netlist.withLine(RELAXED_OPTIONS)));
                } catch (SpiceException second) {
                    throw second.withContext(label + " (also with relaxed options "
                            + RELAXED_OPTIONS.substring(".options ".length()) + "; first failure: "
                            + first.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        }

        @Override
        public KeptCircuit keep(Netlist<?> netlist) {
            try {
                return engine.keep(netlist.text(), netlist.vectors());
            } catch (SpiceException e) {
                throw e.withContext(label);
            }
        }

        @Override
        public void awaitIdle() {
            engine.awaitIdle();
        }

        @Override
        public SpiceResult rerun(KeptCircuit circuit, List<String> alterations) {
            analyses++;
            SpiceResult result;
            try {
                result = circuit.run(alterations);
            } catch (SpiceTimeoutException timeout) {
                throw timeout.withContext(label); // other failures: the reader loads the circuit anew
            }
            engineSeconds += result.seconds();
            return result;
        }

        private Map<String, double[]> timed(Netlist<?> netlist) {
            analyses++;
            SpiceResult result = engine.run(netlist.text(), netlist.vectors());
            engineSeconds += result.seconds();
            return result.vectors();
        }
    }
}
