package org.xbarspice.tile;

import java.util.Objects;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.units.InvalidInputException;

/**
 * A {@link PulsedTile} simulated in Java: the same circuit as {@link SpiceTile} (wires of {@code spec.read().wireOhm()}
 * per segment, drivers of {@code spec.driverOhm()}, the sense of {@code spec.read().sense()}, the compact device and
 * pulse of {@code spec.compact()}), composed of the behavioral engines.
 *
 * <ul>
 * <li><b>Reads</b>: the exact product of {@code W - R} when the circuit is ideal; otherwise the circuit read of
 *     {@link PulsedTile} solved by a {@link BehavioralReader} ({@link IrDrop.Mode#EXACT}) or, in the fast and
 *     calibrated modes with an ideal sense, by a {@link FastCircuitReader}.</li>
 * <li><b>Updates</b>: a {@link BehavioralUpdater} of the spec's IR-drop mode.</li>
 * <li><b>Spot checks</b> (fast and calibrated modes): the updater's and the fast reader's, together in
 *     {@link #irDropCheck()}.</li>
 * </ul>
 * Noise draws come from the tile's seed. Nothing is allocated per read or plain update. Not thread-safe.
 */
public final class BehavioralTile extends PulsedTile {
    private final BehavioralUpdater updater;
    private final FastCircuitReader fastReads;

    /**
     * A tile of {@code inputs} x {@code outputs} weights (plus the bias row) whose devices are sampled from
     * {@code spec.device()} with a seed derived from {@code seed}. Device weights start at 0.
     */
    public BehavioralTile(int inputs, int outputs, TileSpec spec, long seed) {
        this(inputs, outputs, spec, seed, reader(inputs, outputs, spec),
                BehavioralUpdater.of(spec, inputs + 1, outputs, 0));
    }

    private BehavioralTile(int inputs, int outputs, TileSpec spec, long seed, CrossbarReader reader,
                           BehavioralUpdater updater) {
        super(inputs, outputs, spec, seed, reader, updater);
        this.updater = updater;
        this.fastReads = reader instanceof FastCircuitReader fast ? fast : null;
    }

    /** The behavioral reader of the spec's circuit and IR-drop mode, or null when the circuit is ideal. */
    private static CrossbarReader reader(int inputs, int outputs, TileSpec spec) {
        ReadOptions read = spec.read();
        if (!read.isCircuitRead() && spec.driverOhm() == 0) {
            return null;
        }
        CrossbarCircuit circuit = circuit(inputs, outputs, spec, "a circuit read (wireOhm = " + read.wireOhm()
                + " ohm, driverOhm = " + spec.driverOhm() + " ohm, sense " + read.sense() + ")");
        return BehavioralReader.of(circuit, spec.irDrop(), ReadOptions.READ_VOLT, 1);
    }

    /**
     * What the tile's engines carry from one epoch to the next in the fast and calibrated IR-drop modes, beyond its
     * weights ({@link #restartEngines} drops the rest): the updater's check schedule and the fast reader's state; and
     * the spot checks since the engines last restarted their counts, so that a run resumed within an epoch sums them
     * on as one that went through.
     *
     * @param updates      the updater's {@link BehavioralUpdater#updates()}
     * @param reads        the fast reader's {@link FastCircuitReader#state()}, or null without a fast reader
     * @param checks       {@link #irDropCheck()}
     * @param stepErrorSum the sum of the checked devices' step errors behind {@code checks}' mean, as summed
     */
    public record EngineState(long updates, FastCircuitReader.State reads, IrDropCheck checks, double stepErrorSum) {
        public EngineState {
            Objects.requireNonNull(checks, "checks");
        }

        /** Whether {@code other} holds the same numbers (arrays compared by content); false for null. */
        public boolean sameAs(EngineState other) {
            return other != null && updates == other.updates
                    && (reads == null ? other.reads == null : reads.sameAs(other.reads)) && checks.equals(other.checks)
                    && Double.compare(stepErrorSum, other.stepErrorSum) == 0;
        }
    }

    /** This tile's {@link EngineState}. */
    public EngineState engineState() {
        return new EngineState(updater.updates(), fastReads == null ? null : fastReads.state(), irDropCheck(),
                updater.stepErrorSum());
    }

    /** Continues from {@code state} ({@link #engineState()} of a tile of the same spec), before this tile's first read. */
    public void restoreEngines(EngineState state) {
        if ((fastReads == null) != (state.reads() == null)) {
            throw new InvalidInputException("checkpoint: the stored engine state " + (fastReads == null ? "has" : "lacks")
                    + " a fast reader's state, which this tile " + (fastReads == null ? "does not read with" : "reads with"));
        }
        updater.resumeSchedule(state.updates());
        updater.restoreChecks(state.checks(), state.stepErrorSum());
        if (fastReads != null) {
            fastReads.restore(state.reads());
            fastReads.restoreChecks(state.checks());
        }
    }

    /**
     * The spot checks of the fast IR-drop modes since the tile was built or its engines restarted ({@link
     * IrDropCheck#NONE} in exact mode or without wires).
     */
    public IrDropCheck irDropCheck() {
        IrDropCheck updates = updater.checks();
        if (fastReads == null) {
            return updates;
        }
        return updates.plus(fastReads.irDropCheck());
    }
}
