package org.xbarspice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.NoEffect;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Flags of a training run. A run config is a JSON file of {@link TrainConfig} keys ({@code --config});
 * every flag given overrides its key; what neither sets takes the documented default. The result is
 * validated as a whole before training starts.
 */
final class TrainOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE", description = "Run config (JSON, TrainConfig keys); flags override it.")
    Path config;

    @Option(names = "--model", paramLabel = "SIZES", description = "Layer sizes, e.g. 784-256-128-10 (key layers). Default: " + TrainConfig.DEFAULT_LAYERS + ".")
    String layers;

    @Option(names = "--data", paramLabel = "NAME|DIR", description = "mnist, fashion-mnist, mnist-8x8, fashion-mnist-8x8, spiral or an IDX directory (key dataset). Default: " + TrainConfig.DEFAULT_DATASET + ".")
    String dataset;

    @Option(names = "--algorithm", description = "fp | sgd | shd | tiki-taka | ttv2 | c-ttv2 | agad (key algorithm). Default: fp.")
    String algorithm;

    @Option(names = "--activation", description = "sigmoid | tanh | relu (key activation). Default: sigmoid.")
    String activation;

    @Option(names = "--device", paramLabel = "PRESET|FILE", description = "Device preset id (" + DevicePresets.BUNDLED + ") or JSON file (key device). Default: " + TrainConfig.DEFAULT_DEVICE + ".")
    String device;

    @Option(names = "--tau", description = "Soft-bounds device with bounds +-tau; 'Infinity' for a symmetric device (key tau).")
    Double tau;

    @Option(names = "--epochs", description = "Epochs (key epochs). Default: " + TrainConfig.DEFAULT_EPOCHS + ".")
    Integer epochs;

    @Option(names = "--seed", description = "Seed of every random stream (key seed). Default: " + TrainConfig.DEFAULT_SEED + ".")
    Long seed;

    @Option(names = "--lr", description = "Learning rate (key learningRate). Default: " + TrainConfig.DEFAULT_LEARNING_RATE + ".")
    Double learningRate;

    @Option(names = "--fast-lr", description = "Two-array algorithms (shd, tiki-taka, ttv2, c-ttv2, agad): learning rate of "
            + "the A array (key fastLearningRate).")
    Double fastLearningRate;

    @Option(names = "--transfer-lr", description = "Two-array algorithms: learning rate of the A -> C transfer (key "
            + "transferLearningRate).")
    Double transferLearningRate;

    @Option(names = "--transfer-every", description = "Two-array algorithms: updates between transfers (key transferEvery).")
    Integer transferEvery;

    @Option(names = "--gamma", description = "Tiki-Taka: W = C + gamma A (key gamma).")
    Double gamma;

    @Option(names = "--reference-offset-std", paramLabel = "W", description = "Two-array algorithms: std of the offset of A's "
            + "reference from each device's symmetry point, weight units (key referenceOffsetStd).")
    Double referenceOffsetStd;

    @Option(names = "--buffer-granularity", description = "TTv2 family: buffer units of dwMin of A, aihwkit buffer_granularity "
            + "(key transferBuffer.bufferGranularity).")
    Double bufferGranularity;

    @Option(names = "--momentum", description = "TTv2 family: share of a written buffer value kept, aihwkit momentum (key transferBuffer.momentum).")
    Double momentum;

    @Option(names = "--forget-buffer", arity = "1", paramLabel = "true|false", description = "TTv2 family: aihwkit forget_buffer "
            + "(key transferBuffer.forgetBuffer).")
    Boolean forgetBuffer;

    @Option(names = "--buffer-cap", description = "TTv2 family, with --forget-buffer false: buffer cap in units of transferBl, "
            + "aihwkit buffer_cap (key transferBuffer.bufferCap).")
    Double bufferCap;

    @Option(names = "--in-chop-prob", description = "c-TTv2, AGAD: chopper flip probability or frequency, aihwkit in_chop_prob "
            + "(key transferBuffer.inChopProb); on ttv2 (0 by default) it turns the choppers on, as c-TTv2's.")
    Double inChopProb;

    @Option(names = "--in-chop-random", arity = "1", paramLabel = "true|false", description = "c-TTv2, AGAD: random or regular "
            + "chopper flips, aihwkit in_chop_random (key transferBuffer.inChopRandom).")
    Boolean inChopRandom;

    @Option(names = "--tail-weightening", description = "AGAD: weight of new reads in the running mean, aihwkit tail_weightening "
            + "(key transferBuffer.tailWeightening).")
    Double tailWeightening;

    @Option(names = "--transfer-bl", description = "TTv2 family: pulse slots (most pulses) of a write onto C, aihwkit "
            + "transfer_update.desired_bl (key transferBuffer.transferBl).")
    Integer transferBl;

    @Option(names = "--batch", description = "Minibatch size (key batchSize). Default: " + TrainConfig.DEFAULT_BATCH_SIZE + ".")
    Integer batchSize;

    @Option(names = "--bl", description = "Pulse slots per update (key bl). Default: " + TrainConfig.DEFAULT_BL + ".")
    Integer bl;

    @Option(names = "--bl-management", description = "Shorten small updates' pulse trains as aihwkit's update_bl_management (key updateBlManagement).")
    Boolean updateBlManagement;

    @Option(names = "--dac-bits", description = "Input DAC bits, 0 = none (key dacBits). Default: " + TrainConfig.DEFAULT_DAC_BITS + ".")
    Integer dacBits;

    @Option(names = "--adc-bits", description = "Output ADC bits, 0 = none (key adcBits). Default: " + TrainConfig.DEFAULT_ADC_BITS + ".")
    Integer adcBits;

    @Option(names = "--output-noise", description = "Output read noise: std of the Gaussian added to each output before the ADC, in weight units of a full-scale input (the ADC spans +-B of --output-bound; key outputNoise). Default: " + TrainConfig.DEFAULT_OUTPUT_NOISE + ".")
    Double outputNoise;

    @Option(names = "--output-bound", paramLabel = "B", description = "ADC full scale and output saturation +-B, in "
            + "weight units of a full-scale input, 1e-3 to 1e6 (key outputBound). Default: "
            + TrainConfig.DEFAULT_OUTPUT_BOUND + ".")
    Double outputBound;

    @Option(names = "--ir-drop", description = "Wires of --wire-r in every read and update (key irDrop).")
    Boolean irDrop;

    @Option(names = "--wire-r", paramLabel = "OHM", description = "Wire segment resistance (ohm); needs --ir-drop, without it the wires are ideal (key wireOhm). Default with "
            + "--ir-drop: " + TrainConfig.DEFAULT_WIRE_OHM + ".")
    Double wireOhm;

    @Option(names = "--train-samples", paramLabel = "N", description = "Use the first N training samples, 0 = all (key trainSamples).")
    Integer trainSamples;

    @Option(names = "--test-samples", paramLabel = "M", description = "Use the first M test samples, 0 = all (key testSamples).")
    Integer testSamples;

    @Option(names = "--sense", description = "ideal | tia: the sense amplifier of every read (key sense).")
    String sense;

    @Option(names = "--engine", description = "behavioral | ngspice | both: what simulates the analog tiles; both runs the "
            + "behavioral twin in lockstep and records the divergence (key engine).")
    String engine;

    @Option(names = "--update-mode", description = "ngspice: quasi-static | transient pulse updates (key updateMode).")
    String updateMode;

    @Option(names = "--driver-r", paramLabel = "OHM", description = "Driver output resistance in reads and updates, both engines (key driverOhm).")
    Double driverOhm;

    @Option(names = "--ir-drop-mode", description = "exact | fast | calibrated: how the behavioral engine solves the IR drop (needs --ir-drop); "
            + "fast and calibrated are spot-checked against exact; calibrated needs a preset from calibrate (key irDropMode).")
    String irDropMode;

    @Option(names = "--ir-drop-in", description = "both | reads | updates: the operations whose circuits have the wires "
            + "(needs --ir-drop; the other's wires ideal, the drivers in both): which of them costs accuracy. Default: both "
            + "(key irDropIn).")
    String irDropIn;

    @Option(names = "--reference-arrays", description = "Read every weight array (SGD's, C of the two-array algorithms) "
            + "against a reference array of its own circuit with every device at weight 0, instead of its reference "
            + "column alone: takes out the column's IR-drop offset at the rows' far end (needs wires in the reads; "
            + "key referenceArrays).")
    Boolean referenceArrays;

    @Option(names = "--ir-drop-refresh", paramLabel = "DRIFT", description = "fast and calibrated modes (needs --ir-drop): relative conductance drift after "
            + "which a read matrix is recomputed, default 0.02, widened up to 4x where the wires take less than 10 %% of a read's current (key irDropRefresh).")
    Double irDropRefresh;

    @Option(names = "--ir-drop-check-every", paramLabel = "UPDATES", description = "fast and calibrated modes (needs --ir-drop): updates (and reads) "
            + "of an array between spot checks against the exact solves (reads counted per direction), the first update and "
            + "read of each direction always checked, "
            + "default 5000 (key irDropCheckEvery).")
    Integer irDropCheckEvery;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "ngspice: steps between checkpoints (key checkpointEvery).")
    Integer checkpointEvery;

    @Option(names = "--steps", paramLabel = "N", description = "Stop after N training steps (minibatches) in all, 0 = no limit (key steps).")
    Integer steps;

    @Option(names = "--max-tile-inputs", paramLabel = "N", description = "Most inputs of one array; larger layers are split "
            + "over several arrays, 0 = no split; an array takes at most 511 (key maxTileInputs, default 511).")
    Integer maxTileInputs;

    @Option(names = "--max-tile-outputs", paramLabel = "M", description = "Most outputs of one array, 0 = no split; at "
            + "most 511 (key maxTileOutputs, default 511).")
    Integer maxTileOutputs;

    @Option(names = "--energy", description = "Count the energy and latency of every analog read and update (devices, "
            + "wires, drivers, DAC, ADC, sense): metrics.csv columns, summary.json, energy.png (key energy).")
    Boolean energy;

    @Option(names = "--energy-every", paramLabel = "K", description = "With --energy: the engines count the array energy "
            + "of one circuit read and one update in K of each kind, the others' is estimated from their ideal-wire "
            + "energy, with the estimate's measured error in metrics.csv and summary.json (key energyEvery, default 1: all "
            + "counted). In the behavioral engine reads through ideal wires are all counted, in closed form, whatever K (ngspice "
            + "samples them as the others). It pays in the fast IR-drop mode, where counting every operation costs about "
            + "1.6x the time without energy and K = 32 about 1.05-1.07x (1.09-1.13x with the spot checks, which solve the "
            + "checked update's energy exactly); through ideal wires counting all costs about 1.01-1.04x already.")
    Integer energyEvery;

    @Option(names = "--periphery", paramLabel = "PRESET|FILE", description = "Periphery preset of the energy figures "
            + "(key periphery, default isaac-32nm).")
    String periphery;

    /** The run config: {@link #merged()}, validated, and the config file's values that flags override too. */
    TrainConfig resolve() {
        ObjectNode node = merged();
        TrainConfig.absolutePaths(node);
        TrainConfig resolved = TrainConfig.parse(node.toString(), config == null ? "command-line flags"
                : "training config '" + config + "'" + (flags().isEmpty() ? "" : " with the command-line flags"));
        refuseBadOverriddenValues(node);
        return resolved;
    }

    /**
     * Refuses a config file's value that a flag overrides where it is bad in itself (it was ignored in silence): where the
     * file alone is refused, each such value is judged alone, beside the file's algorithm (else the run's), on which
     * many keys depend (gamma on tiki-taka); and a file's full buffer of its own algorithm that --algorithm replaces. The
     * presets (device, periphery) are not: a reused config may name files of another machine, which the flag replaces.
     */
    private void refuseBadOverriddenValues(ObjectNode merged) {
        if (config == null) {
            return;
        }
        ObjectNode file = base();
        TrainConfig.absolutePaths(file);
        if (algorithm != null) { // the file's full buffer of its own algorithm (TrainConfig.requireOwnBuffer)
            Set<String> bufferFlags = new HashSet<>();
            flags().path("transferBuffer").fieldNames().forEachRemaining(bufferFlags::add);
            TrainConfig.requireOwnBuffer(file, algorithm, bufferFlags);
        }
        String label = "training config '" + config + "'";
        if (parses(file, label)) {
            return;
        }
        List<String[]> overridden = new ArrayList<>(); // {key} or {transferBuffer, its key}
        flags().fields().forEachRemaining(flag -> {
            JsonNode fileValue = file.get(flag.getKey());
            if (fileValue == null || TrainConfig.PATH_KEYS.contains(flag.getKey())) {
                return;
            }
            if (flag.getValue().isObject() && fileValue.isObject()) {
                flag.getValue().fieldNames().forEachRemaining(name -> {
                    if (fileValue.has(name)) {
                        overridden.add(new String[] {flag.getKey(), name});
                    }
                });
            } else {
                overridden.add(new String[] {flag.getKey()});
            }
        });
        overridden.sort(Comparator.comparing(key -> !key[0].equals("algorithm"))); // the others are judged with it
        JsonNode algorithm = file.has("algorithm") ? file.get("algorithm") : merged.get("algorithm");
        for (String[] key : overridden) {
            ObjectNode alone = ResultFiles.json().createObjectNode();
            if (algorithm != null && !key[0].equals("algorithm")) {
                alone.set("algorithm", algorithm);
            }
            JsonNode value = key.length == 1 ? file.get(key[0]) : file.get(key[0]).get(key[1]);
            try {
                TrainConfig.parse(withValue(alone, key, value).toString(), label);
            } catch (InvalidInputException e) {
                throw new Main.FileValueException(e.getMessage() + " (the file's key " + String.join(".", key)
                        + ", which a command-line flag overrides: a config file is held to its own values; fix or remove "
                        + "the key)", e);
            }
        }
    }

    /** {@code node} with {@code value} at {@code key} ({key} or {transferBuffer, its key}). */
    private static ObjectNode withValue(ObjectNode node, String[] key, JsonNode value) {
        ObjectNode parent = key.length == 1 ? node
                : node.get(key[0]) instanceof ObjectNode inner ? inner : node.putObject(key[0]);
        parent.set(key[key.length - 1], value);
        return node;
    }

    /** Whether {@code node} is a valid run config. */
    private static boolean parses(ObjectNode node, String label) {
        try {
            TrainConfig.parse(node.toString(), label);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** The keys of the file (or {}), overridden by the flags given; not validated (a sweep's base, whose points are). */
    ObjectNode merged() {
        ObjectNode node = base();
        ObjectNode flags = flags();
        JsonNode buffer = flags.remove("transferBuffer");
        node.setAll(flags);
        if (buffer != null) { // the buffer flags override single keys of the file's transferBuffer object
            JsonNode fileBuffer = node.get("transferBuffer");
            ObjectNode merged = fileBuffer instanceof ObjectNode object ? object : ResultFiles.json().createObjectNode();
            merged.setAll((ObjectNode) buffer);
            node.set("transferBuffer", merged);
        }
        return node;
    }

    /**
     * Refuses a setting that would change nothing in any of {@code runs} (train's run, or every point of a sweep, whose
     * grid may vary what makes a base setting count), {@link NoEffect} saying why: every flag given, and a config
     * file's wireOhm other than the default (the file's other keys are not checked: every saved config.json carries
     * them all, and the default wireOhm with irDrop false, so that a run's config stays reusable).
     */
    void refuseWithoutEffect(List<TrainConfig> runs) {
        List<String> keys = new ArrayList<>();
        JsonNode fileWires = base().get("wireOhm");
        if (wireOhm == null && fileWires != null
                && !(fileWires.isNumber() && fileWires.doubleValue() == TrainConfig.DEFAULT_WIRE_OHM)) {
            keys.add("wireOhm");
        }
        flags().fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) { // transferBuffer
                e.getValue().fieldNames().forEachRemaining(name -> keys.add(e.getKey() + "." + name));
            } else {
                keys.add(e.getKey());
            }
        });
        Set<String> given = new HashSet<>(keys);
        base().fieldNames().forEachRemaining(given::add);
        for (String key : keys) {
            NoEffect.Reason reason = null;
            for (TrainConfig run : runs) {
                reason = NoEffect.of(run, key, given);
                if (reason == null) {
                    break;
                }
            }
            if (reason != null) {
                String flag = flagFor(key); // null: the file's wireOhm
                String scope = runs.size() > 1 ? "in every run of the sweep" : "";
                throw new InvalidInputException(flag != null ? reason.message(Main.given(command, flag), scope, flag)
                        : reason.message("wireOhm = " + fileWires + " in training config '" + config + "'", scope, "wireOhm"));
            }
        }
    }

    /** The flag that sets {@code key} (a buffer key as {@code transferBuffer.KEY}), or null when none was given. */
    private String flagFor(String key) {
        String field = key.substring(key.indexOf('.') + 1);
        for (OptionSpec option : command.options()) {
            if (option.userObject() instanceof Field f && f.getDeclaringClass() == TrainOptions.class
                    && f.getName().equals(field) && Main.given(command, option.longestName()) != null) {
                return option.longestName();
            }
        }
        return null;
    }

    /** The config keys the flags set, with their values (nothing else). */
    ObjectNode flags() {
        ObjectNode node = ResultFiles.json().createObjectNode();
        putIfSet(node, "layers", layers);
        putIfSet(node, "dataset", dataset);
        putIfSet(node, "algorithm", algorithm);
        putIfSet(node, "activation", activation);
        putIfSet(node, "device", device);
        putIfSet(node, "tau", tau);
        putIfSet(node, "epochs", epochs);
        putIfSet(node, "seed", seed);
        putIfSet(node, "learningRate", learningRate);
        putIfSet(node, "fastLearningRate", fastLearningRate);
        putIfSet(node, "transferLearningRate", transferLearningRate);
        putIfSet(node, "transferEvery", transferEvery);
        putIfSet(node, "gamma", gamma);
        putIfSet(node, "batchSize", batchSize);
        putIfSet(node, "bl", bl);
        putIfSet(node, "updateBlManagement", updateBlManagement);
        putIfSet(node, "dacBits", dacBits);
        putIfSet(node, "adcBits", adcBits);
        putIfSet(node, "outputNoise", outputNoise);
        putIfSet(node, "outputBound", outputBound);
        putIfSet(node, "irDrop", irDrop);
        putIfSet(node, "wireOhm", wireOhm);
        putIfSet(node, "trainSamples", trainSamples);
        putIfSet(node, "testSamples", testSamples);
        putIfSet(node, "sense", sense);
        putIfSet(node, "engine", engine);
        putIfSet(node, "updateMode", updateMode);
        putIfSet(node, "driverOhm", driverOhm);
        putIfSet(node, "irDropMode", irDropMode);
        putIfSet(node, "irDropIn", irDropIn);
        putIfSet(node, "referenceArrays", referenceArrays);
        putIfSet(node, "irDropRefresh", irDropRefresh);
        putIfSet(node, "irDropCheckEvery", irDropCheckEvery);
        putIfSet(node, "checkpointEvery", checkpointEvery);
        putIfSet(node, "steps", steps);
        putIfSet(node, "maxTileInputs", maxTileInputs);
        putIfSet(node, "maxTileOutputs", maxTileOutputs);
        putIfSet(node, "energy", energy);
        putIfSet(node, "energyEvery", energyEvery);
        putIfSet(node, "periphery", periphery);
        putIfSet(node, "referenceOffsetStd", referenceOffsetStd);
        ObjectNode buffer = ResultFiles.json().createObjectNode();
        putIfSet(buffer, "bufferGranularity", bufferGranularity);
        putIfSet(buffer, "momentum", momentum);
        putIfSet(buffer, "forgetBuffer", forgetBuffer);
        putIfSet(buffer, "bufferCap", bufferCap);
        putIfSet(buffer, "inChopProb", inChopProb);
        putIfSet(buffer, "inChopRandom", inChopRandom);
        putIfSet(buffer, "tailWeightening", tailWeightening);
        putIfSet(buffer, "transferBl", transferBl);
        if (!buffer.isEmpty()) {
            node.set("transferBuffer", buffer);
        }
        return node;
    }

    private ObjectNode base() {
        if (config == null) {
            return ResultFiles.json().createObjectNode();
        }
        String label = "training config '" + config + "'";
        return TrainConfig.readObject(BoundedFiles.readUtf8(config, label, BoundedFiles.JSON_LIMIT), label);
    }

    private static void putIfSet(ObjectNode node, String key, Object value) {
        if (value != null) {
            node.set(key, ResultFiles.json().valueToTree(value));
        }
    }
}
