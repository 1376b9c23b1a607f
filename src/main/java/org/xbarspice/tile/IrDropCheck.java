package org.xbarspice.tile;

/**
 * The spot checks of a fast IR-drop tile ({@link IrDrop.Mode#FAST}) against the exact solves of the same cases.
 *
 * @param reads          fast reads compared with the exact solve of the same input
 * @param maxReadError   largest |I_fast - I_exact| over the sensed lines of those reads, as a fraction of the full-scale
 *                       current (the read voltage times the largest conductance sum of a sensed line: a column
 *                       in a forward read, a row in a backward one)
 * @param maxReadEffect  largest |I_ideal - I_exact| of the same reads (what the IR drop itself does), same scale
 * @param updates        fast updates compared (noise off) with the exact slot-by-slot update of the same pulses
 * @param maxStepError   largest |dw_fast - dw_exact| / |dw_exact| over the devices either update moved (1 for a device
 *                       only one of them moved: a step the fast mode misses, or takes below the exact threshold)
 * @param meanStepError  mean of that ratio over the same devices
 * @param maxStepErrorOfNominal largest |dw_fast - dw_exact| / |dw_nominal| over the same devices, dw_nominal the step
 *                       the same pulses give with ideal wires and drivers (every coincidence at the full pulse): the
 *                       error on the scale of a full step, which stays meaningful for the devices that the IR drop brings
 *                       near their threshold (there dw_exact is tiny and the ratio above large)
 * @param devicesChecked devices in the mean
 * @param refreshes      times a fast read matrix was computed from unit solves (the first time included)
 * @param exactReads     fast reads solved exactly instead, while a matrix was stale and not yet worth recomputing
 * @param energyChecks   checked reads that also counted their power (energy bookkeeping on): the fast power split
 *                       ({@code FastReadPower}) compared with the exact solve's
 * @param maxEnergyError largest |P_fast - P_exact| over devices, wires, drivers and the delivered power of those reads,
 *                       as a fraction of the exact delivered power
 * @param maxWireEnergyError largest |P_fast - P_exact| / P_exact of the wires' power of those reads
 * @param maxDriverEnergyError largest |P_fast - P_exact| / P_exact of the drivers' power of those reads (0 without
 *                       drivers)
 * @param updateEnergyChecks checked updates that also counted their energy: the line model's energy ({@code
 *                       LineUpdater#countEnergy}) compared with the exact solve of every firing slot
 * @param maxUpdateEnergyError largest |E_fast - E_exact| over devices, wires, drivers and the delivered energy of those
 *                       updates, as a fraction of the exact delivered energy
 * @param maxUpdateWireEnergyError largest |E_fast - E_exact| / E_exact of the wires' energy of those updates
 * @param maxUpdateDriverEnergyError largest |E_fast - E_exact| / E_exact of the drivers' energy of those updates (0
 *                       without drivers)
 */
public record IrDropCheck(long reads, double maxReadError, double maxReadEffect, long updates, double maxStepError,
                          double meanStepError, double maxStepErrorOfNominal, long devicesChecked, long refreshes,
                          long exactReads, long energyChecks, double maxEnergyError, double maxWireEnergyError,
                          double maxDriverEnergyError, long updateEnergyChecks, double maxUpdateEnergyError,
                          double maxUpdateWireEnergyError, double maxUpdateDriverEnergyError) {
    /** No check yet. */
    public static final IrDropCheck NONE = new IrDropCheck(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The checks of both, as if made by one tile. */
    public IrDropCheck plus(IrDropCheck other) {
        long devices = devicesChecked + other.devicesChecked;
        double mean = other.devicesChecked == 0 ? meanStepError : devicesChecked == 0 ? other.meanStepError
                : (meanStepError * devicesChecked + other.meanStepError * other.devicesChecked) / devices;
        return new IrDropCheck(reads + other.reads, Math.max(maxReadError, other.maxReadError),
                Math.max(maxReadEffect, other.maxReadEffect), updates + other.updates,
                Math.max(maxStepError, other.maxStepError), mean,
                Math.max(maxStepErrorOfNominal, other.maxStepErrorOfNominal), devices, refreshes + other.refreshes,
                exactReads + other.exactReads, energyChecks + other.energyChecks, Math.max(maxEnergyError, other.maxEnergyError),
                Math.max(maxWireEnergyError, other.maxWireEnergyError),
                Math.max(maxDriverEnergyError, other.maxDriverEnergyError), updateEnergyChecks + other.updateEnergyChecks,
                Math.max(maxUpdateEnergyError, other.maxUpdateEnergyError),
                Math.max(maxUpdateWireEnergyError, other.maxUpdateWireEnergyError),
                Math.max(maxUpdateDriverEnergyError, other.maxUpdateDriverEnergyError));
    }

    /**
     * The checks in one line: read error, update step error (mean, worst, of a nominal step); with energy counted, the
     * energy split's largest errors beside them, the reads' and the updates' (of their delivered energy, and the wires'
     * and drivers' of their own), so that the fast mode's energy figures come with their measured error.
     */
    public String summary() {
        String read = reads == 0 ? "no read checked"
                : String.format(java.util.Locale.ROOT, "read error %.1e of full scale (%.1e of the IR-drop effect)",
                maxReadError, readErrorPerEffect());
        String update = updates == 0 ? "no update checked yet"
                : String.format(java.util.Locale.ROOT, "update step error %.2g %% mean, %.2g %% worst (%.2g %% of a nominal "
                + "step)", 100 * meanStepError, 100 * maxStepError, 100 * maxStepErrorOfNominal);
        String energy = energyChecks + updateEnergyChecks == 0 ? ""
                : "; energy split within " + split("reads", energyChecks, maxEnergyError, maxWireEnergyError,
                maxDriverEnergyError) + ", " + split("updates", updateEnergyChecks, maxUpdateEnergyError,
                maxUpdateWireEnergyError, maxUpdateDriverEnergyError);
        return "spot checks: " + read + ", " + update + energy;
    }

    /** One kind's energy check: its largest part's error of the delivered energy, and the wires' and drivers' own. */
    private static String split(String kind, long checks, double parts, double wires, double drivers) {
        if (checks == 0) {
            return "no " + kind + " checked";
        }
        return String.format(java.util.Locale.ROOT, "%.1e of the %s' energy (wires %.2g %%%s)", parts, kind, 100 * wires,
                drivers > 0 ? String.format(java.util.Locale.ROOT, ", drivers %.2g %%", 100 * drivers) : "");
    }

    /**
     * Mean step error of the calibrated mode beyond which its position model carries over poorly to the arrays checked:
     * the demo's 16 x 16 calibration carried to 64 x 8 errs by 3.2-3.4 % (the figures of docs/IR-DROP-TRAINING.md), to
     * 64 x 64 at its own 20 ohm by 14.8 %.
     */
    public static final double POOR_CARRY_OVER = 0.05;

    /**
     * The warning that a calibrated mode's checked updates are more than {@link #POOR_CARRY_OVER} (mean) off the exact
     * IR-drop update, with the remedy; null where they are not.
     */
    public String poorCarryOverWarning() {
        if (updates == 0 || !(meanStepError > POOR_CARRY_OVER)) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the calibrated mode's updates are %.3g %% (mean) and %.3g %% (worst) "
                + "off the exact IR-drop update in the spot checks: the position model carries over poorly to these arrays; "
                + "calibrate on an array nearer theirs, or use --ir-drop-mode fast, which solves the IR drop",
                100 * meanStepError, 100 * maxStepError);
    }

    /** The read error as a fraction of the IR-drop effect itself (NaN before any read check). */
    public double readErrorPerEffect() {
        return reads == 0 || maxReadEffect == 0 ? Double.NaN : maxReadError / maxReadEffect;
    }
}
