package org.xbarspice.train;

import java.util.List;
import java.util.Set;
import org.xbarspice.tile.BufferedTransfer;
import org.xbarspice.tile.IrDrop;

/**
 * The rule "a setting that would change nothing in a run is refused", for the run-config keys a user set for a run
 * (flags of {@code train}, a sweep point's grid values): the wires' and IR-drop mode's keys without {@code irDrop}, the
 * analog tiles' keys with fp, the wires' scope ({@code irDropIn}) without wires and what it leaves idle (the fast reads'
 * refresh bound without wires in the reads, the calibrated mode without wires in the updates), the reference arrays
 * ({@code referenceArrays}) without wires in the reads, the ngspice engine's
 * with the behavioral engine, the energy count's without {@code energy}, the two-array rates with fp or sgd, the
 * IR-drop mode's with the ngspice engine alone and the approximate modes' in exact mode, and the buffered transfer's
 * keys that its other keys leave idle (AGAD's tail weightening without the dynamic reference, the buffer cap while the
 * buffer is forgotten, the chopper's randomness without choppers). Values that contradict their config whatever set
 * them (energy with fp, gamma with sgd, ...) are the {@link TrainConfig} constructor's to refuse.
 */
public final class NoEffect {
    /** The keys only the analog tiles read. */
    private static final List<String> TILE_KEYS = List.of("device", "tau", "variability", "bl", "updateManagement",
            "updateBlManagement", "dacBits", "adcBits", "outputNoise", "outputBound", "sense", "irDrop", "wireOhm",
            "driverOhm", "irDropMode", "irDropRefresh", "irDropCheckEvery", "irDropIn", "maxTileInputs", "maxTileOutputs",
            "referenceArrays");
    /** The keys of the behavioral engine's IR-drop solve. */
    private static final List<String> IR_DROP_MODE_KEYS = List.of("irDropMode", "irDropRefresh", "irDropCheckEvery");
    /** The keys of the approximate IR-drop modes. */
    private static final List<String> APPROXIMATE_KEYS = List.of("irDropRefresh", "irDropCheckEvery");

    private NoEffect() {
    }

    /**
     * Why a key set for a run changes nothing in it, in three parts, for a message {@link #message}.
     *
     * @param condition   what makes it idle, e.g. {@code with algorithm fp}
     * @param explanation what the key does, e.g. {@code it sets the analog tiles, and fp trains floating-point weights}
     * @param remedy      what else to do, e.g. {@code use an analog algorithm (e.g. --algorithm sgd)}
     */
    public record Reason(String condition, String explanation, String remedy) {
        /**
         * {@code subject has no effect condition[ scope]: explanation; remedy, or drop drop}, e.g.
         * {@code --bl 5 has no effect with algorithm fp: ...; use an analog algorithm (e.g. --algorithm sgd), or drop --bl}.
         */
        public String message(String subject, String scope, String drop) {
            return subject + " has no effect " + condition + (scope.isEmpty() ? "" : " " + scope) + ": " + explanation
                    + "; " + remedy + ", or drop " + drop;
        }
    }

    /**
     * Why {@code key} (a run-config key; a key of the {@code transferBuffer} object as {@code transferBuffer.KEY}),
     * set for the run of {@code config}, would change nothing in it; null when it counts. {@code given}: every key the
     * run's config sets (file, flags or grid), for the keys that are defaults of others.
     */
    public static Reason of(TrainConfig config, String key, Set<String> given) {
        if (key.equals("learningRate") && config.algorithm().transfers() && given.contains("fastLearningRate")
                && given.contains("transferLearningRate")) {
            return new Reason("with both two-array rates set (--fast-lr and --transfer-lr, keys fastLearningRate and "
                    + "transferLearningRate)", "with algorithm " + config.algorithm().id() + " it only stands in for a "
                    + "rate left out", "leave one of those rates out");
        }
        if (!config.irDrop() && (key.equals("wireOhm") || key.equals("irDropIn") || IR_DROP_MODE_KEYS.contains(key))) {
            return new Reason("without --ir-drop (key irDrop)", "the wires are ideal unless irDrop is true",
                    "add --ir-drop (irDrop: true)");
        }
        if (!config.algorithm().analog() && TILE_KEYS.contains(key)) {
            return new Reason("with algorithm " + config.algorithm().id(), "it sets the analog tiles, and "
                    + config.algorithm().id() + " trains floating-point weights", "use an analog algorithm (e.g. --algorithm sgd)");
        }
        if (config.irDrop() && config.wireOhm() == 0 && config.driverOhm() == 0 && key.equals("irDrop")) {
            return new Reason("with wire and driver resistance 0", "it adds the IR drop of the wires and drivers, and "
                    + "this circuit has none", "give --wire-r or --driver-r");
        }
        if (config.irDrop() && config.wireOhm() == 0 && key.equals("irDropIn")) {
            return new Reason("with wire resistance 0", "it chooses the operations that have the wires (the drivers are in "
                    + "both)", "give --wire-r");
        }
        IrDropScope scope = IrDropScope.of(config.irDropIn());
        if (config.irDrop() && config.driverOhm() == 0 && !scope.updates() && key.equals("irDropMode")
                && config.irDropSolve().mode() == IrDrop.Mode.CALIBRATED) {
            return new Reason("with --ir-drop-in reads (key irDropIn)", "the calibrated mode sets how the updates see the "
                    + "wires, and these updates have none", "use --ir-drop-mode fast");
        }
        if (config.irDrop() && config.driverOhm() == 0 && !scope.reads() && key.equals("irDropRefresh")) {
            return new Reason("with --ir-drop-in updates (key irDropIn)", "it sets when the fast reads' matrices are "
                    + "recomputed, and these reads have no wires", "leave it out");
        }
        if (config.algorithm().analog() && config.referenceArrays() && key.equals("referenceArrays")
                && !(config.irDrop() && config.wireOhm() > 0 && scope.reads())) {
            return new Reason("without wires in the reads (--ir-drop and --wire-r above 0, the reads in --ir-drop-in)",
                    "a reference array at weight 0 reads what the reference column does unless the wires drop a read's "
                    + "voltage along the rows", "add --ir-drop --wire-r OHM");
        }
        if (config.engine() == Engine.BEHAVIORAL && (key.equals("updateMode") || key.equals("checkpointEvery"))) {
            return new Reason("with the behavioral engine", "it sets the ngspice engine's updates and checkpoints",
                    "add --engine ngspice (or both)");
        }
        if (!config.energy() && (key.equals("periphery") || key.equals("energyEvery"))) {
            return new Reason("without --energy (key energy)", "it sets how the energy is counted", "add --energy");
        }
        if (!config.algorithm().transfers() && List.of("fastLearningRate", "transferLearningRate", "transferEvery").contains(key)) {
            return new Reason("with algorithm " + config.algorithm().id(), "it sets the two-array algorithms' A array and "
                    + "transfer (shd, tiki-taka, ttv2, c-ttv2, agad)", key.equals("transferEvery")
                    ? "leave it out, or use a two-array algorithm (e.g. --algorithm shd)" : "use --lr (key learningRate)");
        }
        if (config.engine() == Engine.NGSPICE && IR_DROP_MODE_KEYS.contains(key)) {
            return new Reason("with the ngspice engine", "it sets how the behavioral engine solves the IR drop (ngspice "
                    + "solves the circuit)", "use --engine behavioral or both");
        }
        if (config.irDropSolve().mode() == IrDrop.Mode.EXACT && APPROXIMATE_KEYS.contains(key)) {
            return new Reason("in the exact IR-drop mode", "it applies to --ir-drop-mode fast and calibrated", "add one");
        }
        if (key.equals("tau") && config.tau() != null && Double.isInfinite(config.tau())
                && config.deviceModel().equals(config.devicePreset().model().withVariability(config.deviceModel().variability()))) {
            // the symmetric constant step tau = Infinity stands for is the device itself (idealized, gokmen-vlasov)
            return new Reason("with --device " + config.device(), "tau = Infinity makes the device a symmetric constant step "
                    + "with bounds +-1, which it is already", "give a soft-bounds device (e.g. --device onen-softbounds)");
        }
        if (key.equals("irDropRefresh") && !config.sense().equals("ideal")) {
            return new Reason("with --sense " + config.sense() + " (key sense)", "it sets when the fast reads' matrices are "
                    + "recomputed, and the fast reads need the ideal sense: a " + config.sense() + "'s reads are exact solves",
                    "leave it out, or use --sense ideal");
        }
        BufferedTransfer buffer = config.transferBuffer();
        if (buffer != null) {
            if (key.equals("transferBuffer.tailWeightening") && !buffer.dynamic()) {
                return new Reason("without the dynamic reference (AGAD's)", "it weights AGAD's running mean of the reads",
                        "use --algorithm agad");
            }
            if (key.equals("transferBuffer.bufferCap") && buffer.forgetBuffer()) {
                return new Reason("while the buffer is forgotten after each write (forgetBuffer true, the default)",
                        "it clips a buffer that keeps what was not written", "add --forget-buffer false");
            }
            if (key.equals("transferBuffer.inChopRandom") && !buffer.chopped()) {
                return new Reason("without input choppers (inChopProb 0, TTv2's default)", "it chooses random or regular "
                        + "chopper flips", "give --in-chop-prob above 0");
            }
        }
        return null;
    }
}
