package org.xbarspice.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.units.InvalidInputException;

/**
 * An ngspice run and its behavioral twin trained in lockstep: same config (so the same seeds, per-step stream
 * restarts, data order, initial weights and sampled devices), hence the same inputs and the same pulse trains as long
 * as the two agree. After every step it records their divergence ({@link Divergence}).
 */
public final class Lockstep {
    /**
     * The divergence after one step.
     *
     * @param step              global step index, 1 for the first
     * @param weightRmsDiff     per layer: RMS over the layer's weights (bias row included) of the difference of the
     *                          weights the networks see (C of the two-array algorithms), divided by the device's nominal
     *                          weight range {@code wMax - wMin}
     * @param fastWeightRmsDiff per layer, the same of the A arrays of the two-array algorithms ({@link
     *                          ShdTile#fastWeightsOf}); empty for the others (c-TTv2's and AGAD's transfer buffers are
     *                          compared at the end of a run, {@link Lockstep#bufferMaxDiff})
     * @param outputDiff        max over the outputs of |logit difference| (normalised output units) of the step's last
     *                          sample, read before its update
     */
    public record Divergence(long step, double[] weightRmsDiff, double[] fastWeightRmsDiff, double outputDiff) {
    }

    private final Trainer spice;
    private final Trainer behavioral;
    private final double range;
    private final List<Divergence> history = new ArrayList<>();

    /**
     * @param spice      the ngspice trainer
     * @param behavioral its twin on behavioral tiles, built from the same config, at the same step
     * @param earlier    divergences of the steps already done (from the run's records when resuming)
     */
    public Lockstep(Trainer spice, Trainer behavioral, List<Divergence> earlier) {
        if (!spice.config().equals(behavioral.config())) {
            throw new IllegalArgumentException("the twins of a lockstep run must share their config");
        }
        if (spice.stepsDone() != behavioral.stepsDone()) {
            throw new InvalidInputException("the two checkpoints of the lockstep run are at different steps (ngspice "
                    + spice.stepsDone() + ", behavioral " + behavioral.stepsDone() + "): the run folder is inconsistent");
        }
        this.spice = spice;
        this.behavioral = behavioral;
        this.range = spice.config().deviceModel().wMax() - spice.config().deviceModel().wMin();
        for (Divergence d : earlier) {
            if (d.step() <= spice.stepsDone()) {
                history.add(d);
            }
        }
    }

    /** One step of both; returns the ngspice run's epoch metrics when the step ended an epoch, else null. */
    public EpochMetrics step() {
        EpochMetrics ended = spice.step();
        behavioral.step();
        double[] a = spice.network().lastLogits();
        double[] b = behavioral.network().lastLogits();
        double output = 0;
        for (int j = 0; j < a.length; j++) {
            output = Math.max(output, Math.abs(a[j] - b[j]));
        }
        history.add(new Divergence(spice.stepsDone(), weightRmsDiff(), fastWeightRmsDiff(), output));
        return ended;
    }

    /** Per layer, the RMS weight difference now relative to the weight range (see {@link Divergence}). */
    public double[] weightRmsDiff() {
        return rmsDiff(AnalogTile::readWeights);
    }

    /** Per layer, the RMS difference of the A arrays now relative to the weight range; empty without A arrays. */
    public double[] fastWeightRmsDiff() {
        return ShdTile.fastWeightsOf(spice.network().tiles().get(0)) == null ? new double[0] : rmsDiff(ShdTile::fastWeightsOf);
    }

    /**
     * Per layer, the largest difference between the twins' buffered-transfer states now ({@link
     * ShdTile#bufferStateOf}: the buffer H, AGAD's running means, the choppers and the switch flags), divided by the
     * weight range: rounding while they agree; a chopper or a flag that differs makes it 1 / range or more. Empty for
     * algorithms without buffers.
     */
    public double[] bufferMaxDiff() {
        List<AnalogTile> s = spice.network().tiles();
        List<AnalogTile> b = behavioral.network().tiles();
        if (ShdTile.bufferStateOf(s.get(0)) == null) {
            return new double[0];
        }
        double[] out = new double[s.size()];
        for (int l = 0; l < out.length; l++) {
            double[] hs = ShdTile.bufferStateOf(s.get(l));
            double[] hb = ShdTile.bufferStateOf(b.get(l));
            for (int k = 0; k < hs.length; k++) {
                out[l] = Math.max(out[l], Math.abs(hs[k] - hb[k]) / range);
            }
        }
        return out;
    }

    private double[] rmsDiff(Function<AnalogTile, double[]> weights) {
        List<AnalogTile> s = spice.network().tiles();
        List<AnalogTile> b = behavioral.network().tiles();
        double[] out = new double[s.size()];
        for (int l = 0; l < out.length; l++) {
            double[] ws = weights.apply(s.get(l));
            double[] wb = weights.apply(b.get(l));
            double sum = 0;
            for (int k = 0; k < ws.length; k++) {
                double d = ws[k] - wb[k];
                sum += d * d;
            }
            out[l] = Math.sqrt(sum / ws.length) / range;
        }
        return out;
    }

    /** The ngspice run. */
    public Trainer spice() {
        return spice;
    }

    /** The behavioral twin. */
    public Trainer behavioral() {
        return behavioral;
    }

    /** Every step's divergence so far, first step first. */
    public List<Divergence> history() {
        return List.copyOf(history);
    }
}
