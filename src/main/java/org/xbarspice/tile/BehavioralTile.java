package org.xbarspice.tile;

import org.xbarspice.behavioral.CompactUpdater;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.MeanFieldUpdater;
import org.xbarspice.behavioral.PositionUpdater;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.PositionModel;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;

/**
 * A {@link PulsedTile} simulated in Java: the same circuit as {@link SpiceTile} (wires of {@code spec.read().wireOhm()}
 * per segment, drivers of {@code spec.driverOhm()}, the sense of {@code spec.read().sense()}, the compact device and
 * pulse of {@code spec.compact()}), solved by the behavioral engine.
 *
 * <ul>
 * <li><b>Reads</b>: the exact product of {@code W - R} when the circuit is ideal; otherwise the circuit read of
 *     {@link PulsedTile} solved by {@link CrossbarSolver} ({@link IrDrop.Mode#EXACT}, one refactorisation on the first
 *     read after an update) or, in {@link IrDrop.Mode#FAST} with an ideal sense, by {@link FastCircuitSolver}.</li>
 * <li><b>Updates</b>: with ideal wires and drivers a {@link PulseUpdater} (each coincidence one pulse of that device's
 *     own step law times its cycle-to-cycle factor); with wire or driver resistance every coincident device moves by
 *     its compact model at the voltage the circuit leaves it, as in {@link SpiceTile}: one programming-network solve
 *     per pulse slot ({@link IrDropUpdater}, exact mode), each active line solved as a chain ({@link MeanFieldUpdater},
 *     fast mode), or the voltage a calibrated position model gives each position ({@link PositionUpdater}, calibrated
 *     mode). With a calibrated preset's position model the compact devices take its full-pulse steps.</li>
 * <li><b>Spot checks</b> (fast and calibrated modes): every {@link IrDrop#checkEvery()} updates, the update is also applied exactly
 *     (noise off, on a copy of the weights) and compared with the fast one, and the next forward read is compared with
 *     its exact solve; the figures accumulate in {@link #irDropCheck()}.</li>
 * </ul>
 * Noise draws come from the tile's seed. Nothing is allocated per read or plain update. Not thread-safe.
 */
public final class BehavioralTile extends PulsedTile {
    private final UpdateCircuit updateCircuit;
    private PulseUpdater plain;
    /** With wires or drivers: the IR-drop-aware updater of the spec's mode. */
    private CompactUpdater compact;
    private CompactDevice[] compactDevices;
    private IrDropUpdater checker;
    private FastCircuitSolver fastReads;
    private long updatesSinceCheck;
    private long updateChecks;
    private double maxStepError;
    private double stepErrorSum;
    private long devicesChecked;

    /**
     * A tile of {@code inputs} x {@code outputs} weights (plus the bias row) whose devices are sampled from
     * {@code spec.device()} with a seed derived from {@code seed}. Device weights start at 0.
     */
    public BehavioralTile(int inputs, int outputs, TileSpec spec, long seed) {
        super(inputs, outputs, spec, seed);
        array();
        this.updateCircuit = spec.irDropInUpdates() ? updateCircuit(inputs + 1, outputs, spec) : null;
        reseed(Seeds.derive(seed, 1));
    }

    /** The V/2 programming circuit of an array of {@code rows} x {@code cols} devices built from {@code spec}. */
    static UpdateCircuit updateCircuit(int rows, int cols, TileSpec spec) {
        return new UpdateCircuit(rows, cols, spec.read().wireOhm(), spec.driverOhm(), spec.compact().pulse(),
                2 * spec.compact().pulse().durationSecond());
    }

    @Override
    void reseedEngine(long seed) {
        if (updateCircuit == null) {
            if (plain == null) {
                plain = new PulseUpdater(devices(), seed);
            } else {
                plain.reseed(seed);
            }
        } else if (compact == null) {
            compact = newCompactUpdater(seed);
        } else {
            compact.reseed(seed);
        }
    }

    /**
     * The IR-drop-aware updater of the spec's mode; its compact devices take a calibrated preset's full-pulse steps when
     * the spec has a position model.
     */
    private CompactUpdater newCompactUpdater(long seed) {
        PositionModel position = spec().position();
        compactDevices = position == null ? CompactDevice.of(devices(), spec().compact())
                : CompactDevice.of(devices(), spec().compact(), position.upGain(), position.downGain());
        return switch (spec().irDrop().mode()) {
            case EXACT -> new IrDropUpdater(devices(), updateCircuit, spec().conductance(), compactDevices,
                    SolverOptions.defaults(), seed);
            case FAST -> new MeanFieldUpdater(devices(), updateCircuit, spec().conductance(), compactDevices, seed);
            case CALIBRATED -> new PositionUpdater(devices(), compactDevices, position, updateCircuit.wireOhm(),
                    updateCircuit.pulse(), seed);
        };
    }

    @Override
    ReadPath.Array newArray() {
        ReadOptions read = spec().read();
        double r = read.wireOhm();
        double rd = spec().driverOhm();
        if (!read.isCircuitRead() && rd == 0) {
            return new IdealArray();
        }
        int rows = inputs() + 1;
        int cols = outputs() + 1;
        String what = "a circuit read (wireOhm = " + r + " ohm, driverOhm = " + rd + " ohm, sense " + read.sense() + ")";
        if (spec().irDrop().isFast() && read.sense() instanceof Sense.Ideal) {
            fastReads = new FastCircuitSolver(rows, cols, r, rd, ReadOptions.READ_VOLT, spec().irDrop().refreshDrift());
            return new CircuitArray(fastReads, what);
        }
        CircuitSolver solver = new CircuitSolver() {
            private CrossbarSolver forwardSolver;
            private CrossbarSolver backwardSolver;

            @Override
            public void solve(double[] g, boolean changed, boolean forward, double[][] volts, double[][] amps, int count) {
                if (forwardSolver == null) {
                    forwardSolver = new CrossbarSolver(new CrossbarCircuit(rows, cols, r, rd, read.sense(), Direction.FORWARD),
                            g, SolverOptions.defaults());
                    backwardSolver = new CrossbarSolver(new CrossbarCircuit(rows, cols, r, rd, read.sense(), Direction.BACKWARD),
                            g, SolverOptions.defaults());
                } else if (changed) {
                    forwardSolver.setConductances(g);
                    backwardSolver.setConductances(g);
                }
                CrossbarSolver solver = forward ? forwardSolver : backwardSolver;
                for (int k = 0; k < count; k++) {
                    solver.readInto(volts[k], amps[k]);
                }
            }
        };
        return new CircuitArray(solver, what);
    }

    @Override
    void applyPulses(UpdatePulses pulses) {
        if (updateCircuit == null) {
            plain.apply(pulses);
            return;
        }
        if (spec().irDrop().isFast() && ++updatesSinceCheck >= spec().irDrop().checkEvery()) {
            updatesSinceCheck = 0;
            checkUpdate(pulses);
            if (fastReads != null) {
                fastReads.checkNextRead();
            }
        }
        compact.apply(pulses);
    }

    /**
     * Applies {@code pulses} noise-free exactly and in the fast model, each from the current weights, records the
     * per-device step error of the fast one, and restores the weights.
     */
    private void checkUpdate(UpdatePulses pulses) {
        double[] w = devices().weights();
        double[] before = w.clone();
        if (checker == null) {
            checker = new IrDropUpdater(devices(), updateCircuit, spec().conductance(), compactDevices, SolverOptions.defaults(), 0);
            checker.setNoise(false);
        }
        checker.apply(pulses);
        double[] exactAfter = w.clone();
        restore(before);
        compact.setNoise(false);
        compact.apply(pulses);
        compact.setNoise(true);
        double[] fastAfter = w.clone();
        restore(before);
        for (int d = 0; d < w.length; d++) {
            double exactStep = exactAfter[d] - before[d];
            boolean clipped = exactAfter[d] == devices().wMax(d) || exactAfter[d] == devices().wMin(d);
            if (exactStep == 0 || clipped) {
                continue;
            }
            double error = Math.abs((fastAfter[d] - before[d]) - exactStep) / Math.abs(exactStep);
            maxStepError = Math.max(maxStepError, error);
            stepErrorSum += error;
            devicesChecked++;
        }
        updateChecks++;
    }

    private void restore(double[] weights) {
        for (int d = 0; d < weights.length; d++) {
            devices().setWeight(d, weights[d]);
        }
    }

    /** The spot checks of the fast IR-drop mode so far ({@link IrDropCheck#NONE} in exact mode or without wires). */
    public IrDropCheck irDropCheck() {
        long reads = fastReads == null ? 0 : fastReads.checks();
        return new IrDropCheck(reads, reads == 0 ? 0 : fastReads.maxError(), reads == 0 ? 0 : fastReads.maxEffect(),
                updateChecks, maxStepError, devicesChecked == 0 ? 0 : stepErrorSum / devicesChecked, devicesChecked,
                fastReads == null ? 0 : fastReads.refreshes());
    }
}
