package org.xbarspice.design;

import org.xbarspice.netlist.Sense;

/**
 * The figures of one design point.
 *
 * @param point         the inputs
 * @param forward       read error of the forward reads (rows driven, columns sensed)
 * @param backward      read error of the backward reads (columns driven, rows sensed)
 * @param up            fidelity of a full potentiating update
 * @param down          fidelity of a full depressing update
 * @param energy        the array's energy and the operations' latency
 * @param spice         the SPICE spot check, or null when the point has none
 * @param readSeconds   behavioral time of the reads, both directions (s)
 * @param updateSeconds behavioral time of the two updates (s)
 * @param failure       null, or why the point has no figures
 */
public record DesignResult(DesignPoint point, ReadError forward, ReadError backward, StepFidelity up, StepFidelity down,
                           EnergyFigures energy, SpiceCheck spice, double readSeconds, double updateSeconds, String failure) {

    /** Whether the figures are there. */
    public boolean succeeded() {
        return failure == null;
    }

    /** What went wrong: the point's failure, or its ngspice check's (its figures are there then); null when nothing. */
    public String problem() {
        if (failure != null) {
            return failure;
        }
        return spice != null && spice.failure() != null ? "ngspice check: " + spice.failure() : null;
    }

    /** The largest read error of either direction, random or worst case (% of full scale); NaN for a failed point. */
    public double readErrorPercent() {
        return succeeded() ? Math.max(forward.maxPercent(), backward.maxPercent()) : Double.NaN;
    }

    /**
     * An integrator's largest output in either direction, |I| t_read / C (V); NaN for another sense or a failed point.
     */
    public double integratorMaxOutputVolt() {
        return succeeded() ? Math.max(forward.integratorMaxOutputVolt(), backward.integratorMaxOutputVolt()) : Double.NaN;
    }

    /**
     * Whether an integrator's output passes an op-amp's swing ({@link Sense.Integrator#SWING_VOLT}): a real one
     * saturates there, which the behavioral read leaves out, so its read error does not stand.
     */
    public boolean saturates() {
        return integratorMaxOutputVolt() > Sense.Integrator.SWING_VOLT;
    }

    /**
     * The smallest step fraction of any device in either polarity (%), over the polarities whose steps some device
     * measures ({@link StepFidelity#devices()}); NaN for a failed point and where no device measures either (every
     * ideal step 0 or ending at a bound: a step as large as the range).
     */
    public double worstStepPercent() {
        if (!succeeded()) {
            return Double.NaN;
        }
        double worst = Double.NaN;
        for (StepFidelity f : new StepFidelity[] {up, down}) {
            if (f.devices() > 0) {
                worst = Double.isNaN(worst) ? f.worstPercent() : Math.min(worst, f.worstPercent());
            }
        }
        return worst;
    }
}
