package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.tile.BufferedTransfer;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadOptions;
import org.xbarspice.tile.Seeds;
import org.xbarspice.tile.SplitTile;
import org.xbarspice.tile.SpiceUpdater;
import org.xbarspice.tile.TileSpec;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.Checks;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;
import org.xbarspice.units.Team;

/**
 * Everything a training run needs, checked on construction (each error names the field). As JSON, keys are the
 * component names; a missing (or null) key takes its default, an unknown key is rejected. Numbers may be written
 * {@code Infinity} (for {@code tau}).
 *
 * <p>The analog keys (from {@code device} on) apply to {@code sgd}, {@code shd} and {@code tiki-taka} and are
 * ignored by {@code fp}. Their defaults reproduce the analog tile of IBM aihwkit 0.8 (7-bit DAC, 9-bit ADC over
 * +-12, output noise 0.06, BL 31 with update management; reads with ABS_MAX noise management and ITERATIVE bound
 * management, always on here; layers of more than 512 inputs or outputs split over several arrays), see
 * {@link ReadOptions}, with two known differences: aihwkit also shortens the pulse trains of small updates by default
 * ({@code updateBlManagement}, off by default here so that earlier results stay reproducible) and keeps each layer's
 * bias in floating point ({@code MappingParameter.digital_bias}; here the bias is an analog row). Neither moves the
 * 5-epoch MNIST accuracy of the aihwkit configuration beyond its seed-to-seed spread.
 *
 * @param algorithm            training algorithm: fp, sgd, shd, tiki-taka, ttv2, c-ttv2, agad; default {@code fp}
 * @param dataset              catalogue name or IDX directory (see {@code DatasetCatalog}), default {@code mnist}
 * @param layers               layer sizes, input first, default {@code 784-256-128-10}; stored as parsed (spaces dropped)
 * @param activation           hidden-layer activation, default {@code sigmoid}
 * @param epochs               passes over the training set, >= 1, default 5
 * @param batchSize            samples per minibatch, >= 1, default 1 (analog updates are still one sample at a time,
 *                             each with lr / batchSize; an epoch's last, shorter batch of k samples with lr / k, the
 *                             step of its mean loss)
 * @param learningRate         SGD step on the batch-mean loss (fp, sgd); for shd and tiki-taka the default of both
 *                             {@code fastLearningRate} and {@code transferLearningRate}; finite and > 0, default 0.1
 * @param seed                 root of every random stream (initial weights, devices, shuffling, pulses, noise),
 *                             default 1
 * @param trainSamples         use the first N training samples, 0 = all (default)
 * @param testSamples          use the first M test samples, 0 = all (default)
 * @param device               device preset id ({@link DevicePresets#BUNDLED}) or
 *                             preset JSON file, default {@code onen-softbounds}
 * @param variability          replaces the preset's variability (JSON object with some of dwMinDtod, upDownDtod,
 *                             boundsDtod, dwMinStd; the others keep the preset's), null (default) keeps the preset's
 * @param tau                  null (default): the preset's bounds. Finite: the preset must be soft-bounds, its bounds
 *                             become -tau..+tau (asymmetry 1/tau; scales, dwMin, variability kept). Infinity: a
 *                             symmetric {@link ConstantStepDevice} with the preset's dwMin, up and down scales 1,
 *                             bounds +-1 and the (possibly replaced) variability, whatever the preset's type
 * @param bl                   pulse slots per stochastic update, 1..64, default 31
 * @param updateManagement     balance row and column pulse probabilities (PHYSICS.md 2), default true
 * @param updateBlManagement   shorten each update's pulse trains to ceil(lr max|x| max|d| / dwMin) slots, at most
 *                             {@code bl}, as aihwkit's {@code update_bl_management} (its default); same expected
 *                             change, less pulse-count noise, fewer slots to simulate; default false (all bl slots);
 *                             needs updateManagement
 * @param fastLearningRate     lr_A of SHD / Tiki-Taka's gradient update onto A (weight units per unit x d), as
 *                             aihwkit's {@code fast_lr}; default {@code learningRate}
 * @param transferLearningRate lr_C of the transfer update of C (weight units per unit read of A), as aihwkit's
 *                             {@code transfer_lr * lr}; default {@code learningRate}
 * @param transferEvery        sample updates between two transfers (each moves one row of A to C), >= 1, default 1
 *                             (aihwkit's TransferCompound default for batch 1)
 * @param gamma                weight of A in the network's weights W = C + gamma A: 0 for shd (the default), in
 *                             (0, 1] for tiki-taka (default 0.1); must be 0 for fp and sgd
 * @param dacBits              input DAC bits, 2..31, or 0 for none; default 7
 * @param adcBits              output ADC bits, 2..31, or 0 for none; default 9
 * @param outputNoise          std of the additive output noise in normalised output units (0.06 = 0.5 % of the
 *                             ADC full scale 12), >= 0, default 0.06
 * @param outputBound          ADC full scale and output saturation (normalised output units), 1e-3 to 1e6, default 12
 * @param irDrop               IR-drop-aware reads through the nodal solver, default false
 * @param wireOhm              wire resistance per crosspoint segment when {@code irDrop} (ohm), 0 (the drivers'
 *                             resistance alone) or 1e-9 .. 1e6, default 1
 * @param sense                the sense amplifier of every read: {@code ideal} (virtual ground, default) or {@code tia}
 *                             (op-amp gain 1e6, feedback 5 kohm, output clipped at +-1.5 V: {@code Sense.Tia.defaults()});
 *                             a TIA makes every behavioral read a circuit solve
 * @param engine               what simulates the analog tiles: behavioral (default), ngspice, or both in lockstep
 *                             (see {@link Engine}); ngspice needs an analog algorithm and devices without
 *                             cycle-to-cycle noise. With ngspice, {@code irDrop} puts the wires into the reads and
 *                             the updates; without it the wires are ideal
 * @param updateMode           how ngspice simulates an update: quasi-static (default) or transient
 * @param driverOhm            output resistance of every row and column driver (ohm), in the reads and updates of both
 *                             engines, >= 0, default 0;
 * @param checkpointEvery      ngspice engines: training steps (minibatches) between checkpoints, >= 1, default 50 (the
 *                             behavioral engine checkpoints after every epoch)
 * @param steps                stop after this many training steps in all (minibatches, across epochs), 0 = no limit
 *                             (default): the run ends after {@code epochs}
 * @param maxTileInputs        most inputs (rows, bias row not counted) of one physical array: a layer with more is
 *                             split over several arrays whose outputs add up digitally ({@link SplitTile}); 0 = no
 *                             split (an array takes at most 511); default 511 ({@link
 *                             #DEFAULT_MAX_TILE_LINES}; aihwkit's {@code MappingParameter.max_input_size} is 512)
 * @param maxTileOutputs       most outputs (columns) of one physical array, likewise; default 511
 * @param irDropMode           how the behavioral engine solves the IR drop of wires and drivers ({@link IrDrop}):
 *                             {@code exact} (every read and every pulse slot a nodal solve to a relative residual
 *                             of 1e-13; the default) or
 *                             {@code fast} (effective-matrix reads, one solve per update phase, spot-checked against
 *                             the exact solves; the checks go to {@code metrics.csv} and {@code summary.json}) or
 *                             {@code calibrated} (updates with the device preset's calibrated position model, fast
 *                             reads, checked likewise; needs a preset written by {@code calibrate} with wires)
 * @param irDropRefresh        fast mode: relative conductance drift after which a read matrix is recomputed, in (0, 1],
 *                             default 0.02
 * @param irDropCheckEvery     fast and calibrated modes: updates (and reads) of an array between two spot checks
 *                             against the exact solves (the first update and read are checked), >= 1, default 5000
 * @param threads              threads of the run: analog updates of different layers in parallel, the fast IR-drop
 *                             mode's read matrices (unit solves split over them) and, with ngspice, the
 *                             number of ngspice instances (at most one per layer); 0 = one per processor, or one for a
 *                             behavioral network too small to share ({@link #resolvedThreads()}; the default;
 *                             in a sweep, 0 means 1 per point, as the sweep runs points in parallel). The results do not depend on it,
 *                             so a resumed run may change it
 * @param energy               count the energy and latency of every read and update of the analog arrays (devices,
 *                             wires, drivers from the engines; DAC, ADC, sense from {@code periphery}), default false, refused
 *                             with fp (no arrays); it costs time (measured by {@code bench/EnergyOverhead})
 * @param energyEvery          with {@code energy}: the engines count the array energy of one circuit read and one update
 *                             in this many of each kind, per array, and the others' is estimated from their energy
 *                             through ideal wires, with the estimate's error measured on the counted ones
 *                             ({@code EnergyEstimate}); >= 1, default 1 (every operation counted). Reads through ideal
 *                             wires are all counted whatever it is (their closed form costs less); updates through
 *                             ideal wires are sampled like the others
 * @param periphery            the periphery preset of the energy figures (bundled id or JSON file), default
 *                             {@code isaac-32nm}
 * @param referenceOffsetStd   two-array algorithms: std of the offset of A's reference from each device's symmetry
 *                             point (weight units), as aihwkit's {@code SoftBoundsReference.reference_std}; finite,
 *                             >= 0, default 0 (A read exactly against its symmetry points)
 * @param transferBuffer       ttv2, c-ttv2, agad: the buffer between A and C, a JSON object whose keys (aihwkit's
 *                             parameter names, camel-cased) override the algorithm's aihwkit defaults
 *                             ({@link BufferedTransfer}); must be null (absent) for the other algorithms
 * @param irDropIn             with {@code irDrop}: the operations whose circuits have the wires ({@link IrDropScope}),
 *                             {@code both} (the default: reads and updates, as in the hardware), {@code reads} or
 *                             {@code updates} (the other's wires ideal): a study of which of them costs accuracy; the
 *                             drivers' resistance stays in both
 * @param referenceArrays      the network's weight arrays (SGD's, the two-array algorithms' C) read each against a
 *                             reference array of its own circuit with every device at weight 0
 *                             ({@link org.xbarspice.tile.PulsedTile#referenceAtZero}), whose currents are subtracted
 *                             before the converters: through wires it takes out the offset of the reference column at
 *                             the rows' far end; default false (the reference column alone). Two-array algorithms read
 *                             A against its symmetry points' reference array either way
 */
public record TrainConfig(Algorithm algorithm, String dataset, String layers, Activation activation, int epochs,
                          int batchSize, double learningRate, long seed, int trainSamples, int testSamples,
                          String device, Variability variability, Double tau, int bl, boolean updateManagement,
                          boolean updateBlManagement, double fastLearningRate, double transferLearningRate,
                          int transferEvery, double gamma, int dacBits, int adcBits, double outputNoise,
                          double outputBound, boolean irDrop, double wireOhm, String sense, Engine engine, String updateMode, double driverOhm, int checkpointEvery,
                          int steps, int maxTileInputs, int maxTileOutputs, String irDropMode, double irDropRefresh,
                          int irDropCheckEvery, int threads, boolean energy, int energyEvery, String periphery,
                          double referenceOffsetStd, BufferedTransfer transferBuffer, String irDropIn,
                          boolean referenceArrays) {
    public static final Algorithm DEFAULT_ALGORITHM = Algorithm.FP;
    public static final String DEFAULT_DATASET = "mnist";
    public static final String DEFAULT_LAYERS = "784-256-128-10";
    public static final Activation DEFAULT_ACTIVATION = Activation.SIGMOID;
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 1;
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final long DEFAULT_SEED = 1;
    public static final String DEFAULT_DEVICE = "onen-softbounds";
    public static final int DEFAULT_BL = TileSpec.AIHWKIT_BL;
    public static final boolean DEFAULT_UPDATE_MANAGEMENT = true;
    public static final boolean DEFAULT_UPDATE_BL_MANAGEMENT = false;
    public static final int DEFAULT_TRANSFER_EVERY = 1;
    public static final double DEFAULT_TIKI_TAKA_GAMMA = 0.1;
    public static final int DEFAULT_DAC_BITS = 7;
    public static final int DEFAULT_ADC_BITS = 9;
    public static final double DEFAULT_OUTPUT_NOISE = ReadOptions.AIHWKIT_OUTPUT_NOISE;
    public static final double DEFAULT_OUTPUT_BOUND = ReadOptions.AIHWKIT_OUTPUT_BOUND;
    public static final double DEFAULT_WIRE_OHM = 1.0;
    public static final String DEFAULT_SENSE = "ideal";
    public static final Engine DEFAULT_ENGINE = Engine.BEHAVIORAL;
    public static final String DEFAULT_UPDATE_MODE = SpiceUpdater.Mode.QUASI_STATIC.label();
    public static final int DEFAULT_CHECKPOINT_EVERY = 50;
    /**
     * The default of maxTileInputs and maxTileOutputs: one fewer than the {@link CrossbarCircuit#MAX_LINES} lines of a
     * circuit, where a tile's bias row (or reference column) makes its last line. aihwkit 0.8's {@code MappingParameter}
     * takes 512; 512 here made every layer with a group of 512 inputs or outputs fail as its tiles were built (784-512-10,
     * 784-1024-10), with or without IR drop; the MNIST layers split the same either way.
     */
    public static final int DEFAULT_MAX_TILE_LINES = CrossbarCircuit.MAX_LINES - 1;
    public static final String DEFAULT_IR_DROP_MODE = IrDrop.Mode.EXACT.id();
    /** Most {@link #threads()} a run may ask for. */
    public static final int MAX_THREADS = Team.MAX_THREADS;
    private static final List<String> VARIABILITY_KEYS = List.of("dwMinDtod", "upDownDtod", "boundsDtod", "dwMinStd");

    private static final ObjectMapper MAPPER = StrictJson.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // run folders written before 2026-12-03 hold bare Infinity
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS) // "Infinity": JSON for every parser
            .enable(SerializationFeature.INDENT_OUTPUT)
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    public TrainConfig {
        if (algorithm == null) {
            throw new InvalidInputException("algorithm is missing: use fp, sgd, shd, tiki-taka, ttv2, c-ttv2 or agad");
        }
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidInputException("dataset is missing: give a data set name (e.g. mnist, fashion-mnist, spiral) or an IDX directory");
        }
        dataset = DatasetCatalog.catalogueName(dataset);
        int[] sizes = Mlp.parseLayers(layers);
        layers = Mlp.layersText(sizes);
        if (activation == null) {
            throw new InvalidInputException("activation is missing: use sigmoid, tanh or relu");
        }
        Checks.inRange("epochs", epochs, 1, Integer.MAX_VALUE);
        Checks.inRange("batchSize", batchSize, 1, Integer.MAX_VALUE);
        requireRate("learningRate", learningRate);
        Checks.inRange("trainSamples", trainSamples, 0, Integer.MAX_VALUE);
        Checks.inRange("testSamples", testSamples, 0, Integer.MAX_VALUE);
        if (device == null || device.isBlank()) {
            throw new InvalidInputException("device is missing: give a preset id (" + String.join(", ", DevicePresets.ids())
                    + ") or the path of a preset JSON file");
        }
        if (tau != null && !(tau > 0)) {
            throw new InvalidInputException("tau = " + Checks.readable(tau) + " (weight units) is not allowed: it must be > 0 "
                    + "(Infinity for a symmetric constant-step device), or null for the preset's bounds");
        }
        Checks.inRange("bl", bl, 1, UpdatePulses.MAX_BL);
        requireRate("fastLearningRate", fastLearningRate);
        requireRate("transferLearningRate", transferLearningRate);
        Checks.inRange("transferEvery", transferEvery, 1, Integer.MAX_VALUE);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new InvalidInputException("gamma = " + Checks.readable(gamma) + " is out of range: allowed [0, 1] (0 for shd, "
                    + "> 0 for tiki-taka)");
        }
        if (algorithm == Algorithm.TIKI_TAKA && gamma == 0) {
            throw new InvalidInputException("gamma = 0 is not allowed with algorithm tiki-taka (it would be shd): give gamma in (0, 1], "
                    + "default " + DEFAULT_TIKI_TAKA_GAMMA + ", or use algorithm shd");
        }
        if (algorithm != Algorithm.TIKI_TAKA && gamma != 0) {
            throw new InvalidInputException("gamma = " + Checks.readable(gamma) + " is not allowed with algorithm "
                    + algorithm.id() + ": only tiki-taka reads W = C + gamma A (shd reads W = C, gamma = 0); remove gamma or "
                    + "use tiki-taka");
        }
        Checks.converterBitsOrNone("dacBits", dacBits);
        Checks.converterBitsOrNone("adcBits", adcBits);
        Checks.nonNegative("outputNoise", outputNoise, "(normalised output units)");
        ReadOptions.checkOutputBound(outputBound);
        Checks.nonNegative("wireOhm", wireOhm, "ohm");
        Checks.inRange("threads", threads, 0, MAX_THREADS);
        if (periphery == null || periphery.isBlank()) {
            throw new InvalidInputException("periphery is missing: give a periphery preset id (" + PeripheryPresets.ids()
                    + ") or the path of a preset JSON file");
        }
        if (energy && !algorithm.analog()) { // it would write energy figures of zero
            throw new InvalidInputException(new NoEffect.Reason("with algorithm " + algorithm.id(), "it counts the analog "
                    + "arrays' reads and updates, and " + algorithm.id() + " has none", "use an analog algorithm (e.g. "
                    + "--algorithm sgd)").message("energy = true", "", "energy (--energy)"));
        }
        // also without energy, as device for fp: a name that names nothing is a mistake
        PeripheryPresets.load(periphery, energy ? adcBits : 0);
        if (energyEvery < 1) {
            throw new InvalidInputException("energyEvery = " + energyEvery + " is not allowed: the engines count the "
                    + "energy of one read and one update in energyEvery, so it must be >= 1 (1: every operation)");
        }
        if (energyEvery > 1 && !energy) {
            throw new InvalidInputException("energyEvery = " + energyEvery + " sets how often energy is counted, but energy "
                    + "is off: add --energy (key energy: true) or drop energyEvery");
        }
        Checks.nonNegative("referenceOffsetStd", referenceOffsetStd, "(weight units)");
        if (referenceOffsetStd != 0 && !algorithm.transfers()) {
            throw new InvalidInputException("referenceOffsetStd = " + Checks.readable(referenceOffsetStd) + " applies to the "
                    + "two-array algorithms (shd, tiki-taka, ttv2, c-ttv2, agad), not to " + algorithm.id() + ": remove it or "
                    + "change the algorithm");
        }
        if ((transferBuffer == null) != (algorithm.defaultBuffer() == null)) {
            throw new InvalidInputException(transferBuffer == null
                    ? "transferBuffer is missing: algorithm " + algorithm.id() + " needs one (BufferedTransfer defaults)"
                    : "transferBuffer applies to ttv2, c-ttv2 and agad, not to " + algorithm.id() + ": remove it or change the algorithm");
        }
        if (transferBuffer != null && transferBuffer.dynamic() != (algorithm == Algorithm.AGAD)) {
            throw new InvalidInputException("transferBuffer.dynamic = " + transferBuffer.dynamic() + " does not match algorithm "
                    + algorithm.id() + ": the dynamic reference is AGAD's; leave the key out");
        }
        Checks.inRange("maxTileInputs", maxTileInputs, 0, Integer.MAX_VALUE);
        Checks.inRange("maxTileOutputs", maxTileOutputs, 0, Integer.MAX_VALUE);
        if (algorithm.analog()) {
            int max = CrossbarCircuit.MAX_LINES - 1;
            for (int l = 0; l + 1 < sizes.length; l++) {
                int inputs = SplitTile.splitSizes(sizes[l], maxTileInputs)[0];
                int outputs = SplitTile.splitSizes(sizes[l + 1], maxTileOutputs)[0];
                if (Math.max(inputs, outputs) > max) {
                    throw new InvalidInputException("layers = '" + layers + "' puts " + inputs + " inputs and " + outputs
                            + " outputs of layer " + (l + 1) + " on one array, which takes at most " + max + " of each (bias "
                            + "row and reference column make " + (max + 1) + " lines, the most a circuit has): set "
                            + "maxTileInputs and maxTileOutputs (--max-tile-inputs, --max-tile-outputs) to at most " + max
                            + ", or use smaller layers");
                }
            }
        }
        sense = Ids.find("sense", sense, SENSES, name -> name); // names as written, whatever case they were given in
        if (engine == null) {
            throw new InvalidInputException("engine is missing: use behavioral, ngspice or both");
        }
        updateMode = updateMode(updateMode).label();
        Checks.nonNegative("driverOhm", driverOhm, "ohm");
        PulseTrainDrawer.requireUpdateManagement(updateManagement, updateBlManagement);
        CrossbarCircuit.checkResistances(irDrop ? wireOhm : 0, driverOhm); // as every tile's circuit will, before any work
        Checks.inRange("checkpointEvery", checkpointEvery, 1, Integer.MAX_VALUE);
        Checks.inRange("steps", steps, 0, Integer.MAX_VALUE);
        IrDrop solve = solve(irDrop, irDrop(irDropMode, irDropRefresh, irDropCheckEvery));
        irDropMode = IrDrop.Mode.of(irDropMode).id();
        irDropIn = IrDropScope.of(irDropIn).id();
        if (solve.mode() == IrDrop.Mode.CALIBRATED && algorithm.analog() && preset(device).position() == null) {
            throw new InvalidInputException("irDropMode = calibrated needs a device preset with a position model (key position), "
                    + "which device = '" + device + "' has not: write one with xbarspice calibrate --wire-r OHM, or use irDropMode "
                    + "exact or fast");
        }
        if (solve.mode() == IrDrop.Mode.CALIBRATED && algorithm.analog() && tau != null) {
            // tau replaces the law the position model was fitted with (tau = Infinity ran a constant step with its gains)
            throw new InvalidInputException("tau = " + Checks.readable(tau) + " replaces the law of device = '" + device
                    + "', whose position model irDropMode = calibrated updates with was fitted with that law: remove tau, or "
                    + "use irDropMode exact or fast");
        }
        if (algorithm.analog()) {
            solve.requireSolvableDrivers(driverOhm);
        }
        preset(device); // also for fp runs, which use no device: a name that names nothing is a mistake either way
        if (algorithm.analog()) {
            DeviceModel model = deviceModel(device, variability, tau);
            if (engine.spice() && model.variability().dwMinStd() != 0) {
                throw new InvalidInputException("engine = " + engine.id() + " with cycle-to-cycle noise (variability.dwMinStd = "
                        + Checks.readable(model.variability().dwMinStd())
                        + (variability == null ? ", device " + device + "'s own" : "")
                        + "): SPICE devices have none; give a variability with dwMinStd 0 (key variability of a --config "
                        + "file, e.g. {\"variability\": {\"dwMinStd\": 0}}) or use engine behavioral");
            }
        } else if (engine.spice()) {
            throw new InvalidInputException("engine = " + engine.id() + " needs analog tiles: use an analog algorithm (sgd, shd, tiki-taka, ttv2, c-ttv2, agad) "
                    + "(fp has no arrays to simulate)");
        }
    }

    /** The sense amplifiers a run config names (key {@code sense}). */
    private static final List<String> SENSES = List.of("ideal", "tia");

    /** The sense amplifier called {@code id} (one of {@link #SENSES}). */
    private static Sense sense(String id) {
        return Ids.find("sense", id, SENSES, name -> name).equals("ideal") ? new Sense.Ideal() : Sense.Tia.defaults();
    }

    /** The SPICE update mode called {@code id}; the error names the field {@code updateMode}. */
    private static SpiceUpdater.Mode updateMode(String id) {
        return Ids.find("updateMode", id, List.of(SpiceUpdater.Mode.values()), SpiceUpdater.Mode::label);
    }

    private static IrDrop irDrop(String mode, double refresh, int checkEvery) {
        if (mode == null) {
            throw new InvalidInputException("irDropMode is missing: use exact, fast or calibrated");
        }
        return new IrDrop(IrDrop.Mode.of(mode), refresh, checkEvery);
    }

    /**
     * How the behavioral tiles solve the IR drop (from {@code irDropMode}, {@code irDropRefresh}, {@code
     * irDropCheckEvery}): exactly without {@code irDrop}, where only drivers can drop the pulse (the rule of
     * docs/IR-DROP-TRAINING.md, which the {@code --ir-drop-mode} flag enforces by refusal; a config file's irDropMode
     * has no effect there).
     */
    public IrDrop irDropSolve() {
        return solve(irDrop, irDrop(irDropMode, irDropRefresh, irDropCheckEvery));
    }

    /** {@code given}, or the exact mode with its settings when {@code irDrop} is off. */
    private static IrDrop solve(boolean irDrop, IrDrop given) {
        return irDrop ? given : new IrDrop(IrDrop.Mode.EXACT, given.refreshDrift(), given.checkEvery());
    }

    /**
     * Whether the behavioral tiles approximate the IR drop and spot-check it against the exact solves (fast or calibrated
     * mode with {@code irDrop}): then the run reports {@code irDropCheck}.
     */
    public boolean checksIrDrop() {
        return irDropSolve().isFast() && algorithm.analog();
    }

    /** {@link #updateMode()} as the SPICE updater's mode. */
    public SpiceUpdater.Mode spiceUpdateMode() {
        return updateMode(updateMode);
    }

    /** The pre-analog constructor: the analog keys take their defaults. */
    public TrainConfig(Algorithm algorithm, String dataset, String layers, Activation activation, int epochs, int batchSize,
                       double learningRate, long seed, int trainSamples, int testSamples) {
        this(algorithm, dataset, layers, activation, epochs, batchSize, learningRate, seed, trainSamples, testSamples,
                DEFAULT_DEVICE, null, null, DEFAULT_BL, DEFAULT_UPDATE_MANAGEMENT, DEFAULT_UPDATE_BL_MANAGEMENT, learningRate,
                learningRate, DEFAULT_TRANSFER_EVERY, algorithm == Algorithm.TIKI_TAKA ? DEFAULT_TIKI_TAKA_GAMMA : 0, DEFAULT_DAC_BITS,
                DEFAULT_ADC_BITS, DEFAULT_OUTPUT_NOISE, DEFAULT_OUTPUT_BOUND, false, DEFAULT_WIRE_OHM, DEFAULT_SENSE, DEFAULT_ENGINE,
                DEFAULT_UPDATE_MODE, 0, DEFAULT_CHECKPOINT_EVERY, 0, DEFAULT_MAX_TILE_LINES, DEFAULT_MAX_TILE_LINES,
                DEFAULT_IR_DROP_MODE, IrDrop.DEFAULT_REFRESH_DRIFT, IrDrop.DEFAULT_CHECK_EVERY, 0, false, 1, PeripheryPresets.DEFAULT, 0,
                algorithm.defaultBuffer(), IrDropScope.BOTH.id(), false);
    }

    private static void requireRate(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(name + " = " + Checks.readable(value) + " is not allowed: it must be a finite "
                    + "number > 0 (e.g. 0.1)");
        }
    }

    /** The JSON creator: a null (missing) argument takes its documented default. */
    @JsonCreator
    static TrainConfig fromJson(@JsonProperty("algorithm") Algorithm algorithm, @JsonProperty("dataset") String dataset,
                                @JsonProperty("layers") String layers, @JsonProperty("activation") Activation activation,
                                @JsonProperty("epochs") Integer epochs, @JsonProperty("batchSize") Integer batchSize,
                                @JsonProperty("learningRate") Double learningRate, @JsonProperty("seed") Long seed,
                                @JsonProperty("trainSamples") Integer trainSamples,
                                @JsonProperty("testSamples") Integer testSamples,
                                @JsonProperty("device") String device,
                                @JsonProperty("variability") JsonNode variability,
                                @JsonProperty("tau") Double tau,
                                @JsonProperty("bl") Integer bl,
                                @JsonProperty("updateManagement") Boolean updateManagement,
                                @JsonProperty("updateBlManagement") Boolean updateBlManagement,
                                @JsonProperty("fastLearningRate") Double fastLearningRate,
                                @JsonProperty("transferLearningRate") Double transferLearningRate,
                                @JsonProperty("transferEvery") Integer transferEvery,
                                @JsonProperty("gamma") Double gamma,
                                @JsonProperty("dacBits") Integer dacBits,
                                @JsonProperty("adcBits") Integer adcBits,
                                @JsonProperty("outputNoise") Double outputNoise,
                                @JsonProperty("outputBound") Double outputBound,
                                @JsonProperty("irDrop") Boolean irDrop,
                                @JsonProperty("wireOhm") Double wireOhm,
                                @JsonProperty("sense") String sense,
                                @JsonProperty("engine") Engine engine,
                                @JsonProperty("updateMode") String updateMode,
                                @JsonProperty("driverOhm") Double driverOhm,
                                @JsonProperty("checkpointEvery") Integer checkpointEvery,
                                @JsonProperty("steps") Integer steps,
                                @JsonProperty("maxTileInputs") Integer maxTileInputs,
                                @JsonProperty("maxTileOutputs") Integer maxTileOutputs,
                                @JsonProperty("irDropMode") String irDropMode,
                                @JsonProperty("irDropRefresh") Double irDropRefresh,
                                @JsonProperty("irDropCheckEvery") Integer irDropCheckEvery,
                                @JsonProperty("threads") Integer threads,
                                @JsonProperty("energy") Boolean energy,
                                @JsonProperty("energyEvery") Integer energyEvery,
                                @JsonProperty("periphery") String periphery,
                                @JsonProperty("referenceOffsetStd") Double referenceOffsetStd,
                                @JsonProperty("transferBuffer") JsonNode transferBuffer,
                                @JsonProperty("irDropIn") String irDropIn,
                                @JsonProperty("referenceArrays") Boolean referenceArrays) {
        Algorithm a = algorithm == null ? DEFAULT_ALGORITHM : algorithm;
        double lr = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
        return new TrainConfig(a,
                dataset == null ? DEFAULT_DATASET : dataset,
                layers == null ? DEFAULT_LAYERS : layers,
                activation == null ? DEFAULT_ACTIVATION : activation,
                epochs == null ? DEFAULT_EPOCHS : epochs,
                batchSize == null ? DEFAULT_BATCH_SIZE : batchSize,
                lr,
                seed == null ? DEFAULT_SEED : seed,
                trainSamples == null ? 0 : trainSamples,
                testSamples == null ? 0 : testSamples,
                device == null ? DEFAULT_DEVICE : device,
                variability(variability, device == null ? DEFAULT_DEVICE : device),
                tau,
                bl == null ? DEFAULT_BL : bl,
                updateManagement == null ? DEFAULT_UPDATE_MANAGEMENT : updateManagement,
                updateBlManagement == null ? DEFAULT_UPDATE_BL_MANAGEMENT : updateBlManagement,
                fastLearningRate == null ? lr : fastLearningRate,
                transferLearningRate == null ? lr : transferLearningRate,
                transferEvery == null ? DEFAULT_TRANSFER_EVERY : transferEvery,
                gamma == null ? (a == Algorithm.TIKI_TAKA ? DEFAULT_TIKI_TAKA_GAMMA : 0) : gamma,
                dacBits == null ? DEFAULT_DAC_BITS : dacBits,
                adcBits == null ? DEFAULT_ADC_BITS : adcBits,
                outputNoise == null ? DEFAULT_OUTPUT_NOISE : outputNoise,
                outputBound == null ? DEFAULT_OUTPUT_BOUND : outputBound,
                irDrop != null && irDrop,
                wireOhm == null ? DEFAULT_WIRE_OHM : wireOhm,
                sense == null ? DEFAULT_SENSE : sense,
                engine == null ? DEFAULT_ENGINE : engine,
                updateMode == null ? DEFAULT_UPDATE_MODE : updateMode,
                driverOhm == null ? 0 : driverOhm,
                checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery,
                steps == null ? 0 : steps,
                maxTileInputs == null ? DEFAULT_MAX_TILE_LINES : maxTileInputs,
                maxTileOutputs == null ? DEFAULT_MAX_TILE_LINES : maxTileOutputs,
                irDropMode == null ? DEFAULT_IR_DROP_MODE : irDropMode,
                irDropRefresh == null ? IrDrop.DEFAULT_REFRESH_DRIFT : irDropRefresh,
                irDropCheckEvery == null ? IrDrop.DEFAULT_CHECK_EVERY : irDropCheckEvery,
                threads == null ? 0 : threads,
                energy != null && energy,
                energyEvery == null ? 1 : energyEvery,
                periphery == null ? PeripheryPresets.DEFAULT : periphery,
                referenceOffsetStd == null ? 0 : referenceOffsetStd,
                transferBuffer(a, transferBuffer),
                irDropIn == null ? IrDropScope.BOTH.id() : irDropIn,
                referenceArrays != null && referenceArrays);
    }

    /**
     * The keys of the {@code transferBuffer} object, {@link BufferedTransfer}'s components ({@code dynamic}, written by
     * {@link #toJson()}, must match the algorithm: true for agad only).
     */
    private static final List<String> BUFFER_KEYS = List.of("bufferGranularity", "momentum", "forgetBuffer", "bufferCap",
            "inChopProb", "inChopRandom", "dynamic", "tailWeightening", "transferBl");

    /**
     * The {@code transferBuffer} object of the JSON over the algorithm's defaults: each key present replaces the default;
     * null (absent) gives the defaults, or null for an algorithm without a buffer.
     */
    private static BufferedTransfer transferBuffer(Algorithm algorithm, JsonNode node) {
        BufferedTransfer base = algorithm.defaultBuffer();
        if (node == null || node.isNull()) {
            return base;
        }
        String expected = ": give an object with some of the keys " + String.join(", ", BUFFER_KEYS)
                + " (e.g. {\"inChopProb\": 0.05, \"momentum\": 0.1}); the others keep the algorithm's aihwkit defaults";
        if (!node.isObject()) {
            throw new InvalidInputException("transferBuffer = " + node + " is not accepted" + expected);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BUFFER_KEYS.contains(name)) {
                throw new InvalidInputException("transferBuffer." + name + " is not a known key" + expected);
            }
        }
        if (base == null) { // the values are checked first, so that a bad one is named
            transferBuffer(node.path("dynamic").asBoolean(false) ? Algorithm.AGAD : Algorithm.C_TTV2, node);
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            throw new InvalidInputException("transferBuffer (" + String.join(", ", keys) + ") applies to ttv2, c-ttv2 and agad, "
                    + "not to " + algorithm.id() + ": remove it or change the algorithm");
        }
        try {
            return new BufferedTransfer(number(node, "bufferGranularity", base.bufferGranularity()),
                    number(node, "momentum", base.momentum()),
                    flag(node, "forgetBuffer", base.forgetBuffer()), number(node, "bufferCap", base.bufferCap()),
                    number(node, "inChopProb", base.inChopProb()), flag(node, "inChopRandom", base.inChopRandom()),
                    flag(node, "dynamic", base.dynamic()), number(node, "tailWeightening", base.tailWeightening()),
                    (int) wholeNumber(node, "transferBl", base.transferBl()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("transferBuffer." + e.getMessage(), e);
        }
    }

    /**
     * Refuses {@code algorithm} (an id) in place of the algorithm of the config {@code base} where base's {@code
     * transferBuffer} holds every key, as a run's config.json does, and some of them, not set anew ({@code setAnew}, the
     * keys a flag or grid value gives), at base's algorithm's defaults where {@code algorithm}'s differ: the run would
     * take the old algorithm's buffer (a ttv2 run's config.json with --algorithm c-ttv2 ran ttv2 again, byte for byte).
     * Errors name those keys and both values.
     */
    public static void requireOwnBuffer(JsonNode base, String algorithm, Collection<String> setAnew) {
        JsonNode buffer = base.get("transferBuffer");
        JsonNode before = base.get("algorithm");
        if (buffer == null || !buffer.isObject() || buffer.size() != BUFFER_KEYS.size() || before == null
                || !before.isTextual() || algorithm == null) {
            return;
        }
        Algorithm old;
        Algorithm now;
        try {
            old = Algorithm.of(before.asText());
            now = Algorithm.of(algorithm);
        } catch (InvalidInputException e) {
            return; // the config's own check names it
        }
        if (old == now || old.defaultBuffer() == null || now.defaultBuffer() == null) {
            return;
        }
        JsonNode oldDefaults = MAPPER.valueToTree(old.defaultBuffer());
        JsonNode newDefaults = MAPPER.valueToTree(now.defaultBuffer());
        List<String> kept = new ArrayList<>();
        for (String key : BUFFER_KEYS) {
            JsonNode value = buffer.get(key);
            if (!setAnew.contains(key) && value != null && value.equals(oldDefaults.get(key))
                    && !value.equals(newDefaults.get(key))) {
                kept.add(key + " " + value + " (" + now.id() + ": " + newDefaults.get(key) + ")");
            }
        }
        if (!kept.isEmpty()) {
            throw new InvalidInputException("algorithm " + now.id() + " replaces the config's " + old.id() + ", whose "
                    + "transferBuffer holds every key (as a run's config.json does) and " + old.id() + "'s defaults "
                    + String.join(", ", kept) + ": the run would take " + old.id() + "'s buffer; remove those keys (or "
                    + "transferBuffer) from the config to take " + now.id() + "'s, or set them anew");
        }
    }

    private static double number(JsonNode node, String key, double fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new InvalidInputException(key + " = " + value + " is not accepted: expected a number");
        }
        return value.doubleValue();
    }

    private static long wholeNumber(JsonNode node, String key, long fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInputException(key + " = " + value + " is not accepted: expected a whole number");
        }
        return value.intValue();
    }

    private static boolean flag(JsonNode node, String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(key + " = " + value + " is not accepted: expected true or false");
        }
        return value.booleanValue();
    }

    /**
     * The variability object of the JSON over device preset {@code device}'s: each key present (a number) replaces the
     * preset's, the others keep it; null stays null (the preset's whole).
     */
    private static Variability variability(JsonNode node, String device) {
        if (node == null || node.isNull()) {
            return null;
        }
        String expected = ": give an object with some of the keys " + String.join(", ", VARIABILITY_KEYS)
                + " (relative spreads, e.g. {\"dwMinDtod\": 0.3, \"upDownDtod\": 0.01, \"boundsDtod\": 0.3, \"dwMinStd\": 0.3}); the "
                + "others keep the device preset's";
        if (!node.isObject()) {
            throw new InvalidInputException("variability = " + node + " is not accepted" + expected);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!VARIABILITY_KEYS.contains(name)) {
                throw new InvalidInputException("variability." + name + " is not a known key" + expected);
            }
        }
        double[] v = new double[VARIABILITY_KEYS.size()];
        Variability preset = null;
        for (int k = 0; k < v.length; k++) {
            JsonNode value = node.get(VARIABILITY_KEYS.get(k));
            if (value == null) {
                preset = preset != null ? preset : preset(device).model().variability();
                v[k] = switch (k) {
                    case 0 -> preset.dwMinDtod();
                    case 1 -> preset.upDownDtod();
                    case 2 -> preset.boundsDtod();
                    default -> preset.dwMinStd();
                };
                continue;
            }
            if (!value.isNumber()) {
                throw new InvalidInputException("variability." + VARIABILITY_KEYS.get(k) + " = " + value
                        + " is not accepted: expected a number" + expected);
            }
            v[k] = value.doubleValue();
        }
        try {
            return new Variability(v[0], v[1], v[2], v[3]);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("variability." + e.getMessage(), e);
        }
    }

    /** All defaults: fp, mnist, 784-256-128-10 sigmoid, 5 epochs, batch 1, lr 0.1, seed 1, all samples, aihwkit-like analog settings. */
    public static TrainConfig defaults() {
        return fromJson(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This config with another length, epochs and steps (e.g. to continue a run from its checkpoint). */
    public TrainConfig withLength(int otherEpochs, int otherSteps) {
        return new TrainConfig(algorithm, dataset, layers, activation, otherEpochs, batchSize, learningRate, seed,
                trainSamples, testSamples, device, variability, tau, bl, updateManagement, updateBlManagement,
                fastLearningRate, transferLearningRate, transferEvery, gamma, dacBits, adcBits, outputNoise, outputBound,
                irDrop, wireOhm, sense, engine, updateMode, driverOhm, checkpointEvery, otherSteps, maxTileInputs, maxTileOutputs,
                irDropMode, irDropRefresh, irDropCheckEvery, threads, energy, energyEvery, periphery, referenceOffsetStd, transferBuffer,
                irDropIn, referenceArrays);
    }

    /** This config with another thread count (which does not change the results). */
    public TrainConfig withThreads(int otherThreads) {
        return new TrainConfig(algorithm, dataset, layers, activation, epochs, batchSize, learningRate, seed,
                trainSamples, testSamples, device, variability, tau, bl, updateManagement, updateBlManagement,
                fastLearningRate, transferLearningRate, transferEvery, gamma, dacBits, adcBits, outputNoise, outputBound,
                irDrop, wireOhm, sense, engine, updateMode, driverOhm, checkpointEvery, steps, maxTileInputs, maxTileOutputs,
                irDropMode, irDropRefresh, irDropCheckEvery, otherThreads, energy, energyEvery, periphery, referenceOffsetStd,
                transferBuffer, irDropIn, referenceArrays);
    }

    /**
     * Crosspoints of a run's weight arrays (each layer's inputs and bias row times its outputs) from which {@link
     * #resolvedThreads()} takes a second thread: below, handing a sample's updates to a helper and back (about 0.1 ms)
     * costs more than it saves. Measured 2026-12-07, SHD, time a sample on one thread over that on two ({@code
     * bench/ThreadChoice}, each trainer in a class loader of its own): through ideal wires 64-16-10 (1,210 crosspoints)
     * 0.18, 64-64-10 (4,810) 0.31, 784-128-10 (101,770) 0.80, 64-256-128-10 (50,826, denser 8 x 8 digits) 1.21,
     * 784-256-128-10 (235,146) 1.28; with 1 ohm wires in the fast mode ({@link #SOLVES_TWO_THREADS}) 64-64-10 0.51,
     * 64-256-10 (19,210) 1.49, 64-256-128-10 1.69, and 0.97 with the wires in its reads alone. {@code train}'s second
     * epoch, in seconds on one thread / two: 64-16-10 0.2 / 1.0, 784-128-10 1.1-1.3 / 1.6-1.9, 64-256-128-10 2.2 / 2.1,
     * 784-256-128-10 5.7-5.9 / 3.8-4.3. Input density moves the crossover (64-256-128-10 against 784-128-10): the bound
     * lies between them. The default of every run was two until then: the demo's 64-16-10 trained about 5 times slower
     * than on one (a fuzz helper).
     */
    static final long TWO_THREADS = 150_000;
    /**
     * {@link #TWO_THREADS} where the circuit is solved: wires in the reads or updates (whose read matrices or pulses the
     * fast, exact and calibrated modes solve), or drivers.
     */
    static final long SOLVES_TWO_THREADS = 12_000;

    /**
     * {@link #threads()} with 0 resolved: the number of processors, but one for a behavioral run too small to share
     * ({@link #TWO_THREADS}); a SPICE engine's instances stay one per processor (at most one per layer).
     */
    public int resolvedThreads() {
        return resolvedThreads(Runtime.getRuntime().availableProcessors());
    }

    /** {@link #resolvedThreads()} on a machine of {@code processors}. */
    int resolvedThreads(int processors) {
        if (threads != 0) {
            return threads;
        }
        if (engine.spice()) {
            return processors;
        }
        int[] sizes = layerSizes();
        long crosspoints = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            crosspoints += (long) (sizes[l] + 1) * sizes[l + 1];
        }
        boolean solves = irDrop && wireOhm > 0 || driverOhm > 0;
        return crosspoints >= (solves ? SOLVES_TWO_THREADS : TWO_THREADS) ? processors : 1;
    }

    /** Layer sizes parsed from {@link #layers()}, input first. */
    public int[] layerSizes() {
        return Mlp.parseLayers(layers);
    }

    /** The preset named by {@link #device()} (bundled id or file); errors name the field {@code device}. */
    public DevicePreset devicePreset() {
        return preset(device);
    }

    /** The device model of the analog tiles: the preset's, with {@link #variability()} and {@link #tau()} applied. */
    public DeviceModel deviceModel() {
        return deviceModel(device, variability, tau);
    }

    /** The tile spec of every analog array of this run (device, its conductance range, peripherals, BL, BL management). */
    public TileSpec tileSpec() {
        IrDropScope scope = IrDropScope.of(irDropIn);
        ReadOptions read = new ReadOptions(dacBits, adcBits, outputNoise, outputBound, true, true,
                irDrop && scope.reads() ? wireOhm : 0, sense(sense));
        return new TileSpec(deviceModel(), devicePreset().conductance(), read, bl, updateManagement,
                updateBlManagement, driverOhm, devicePreset().spice(), irDropSolve(), devicePreset().position(),
                irDrop && scope.updates() ? wireOhm : 0);
    }

    private static DevicePreset preset(String device) {
        try {
            return DevicePresets.load(device);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("device = '" + device + "': " + e.getMessage(), e);
        }
    }

    private static DeviceModel deviceModel(String device, Variability variability, Double tau) {
        DeviceModel model = preset(device).model();
        if (variability != null) {
            model = model.withVariability(variability);
        }
        if (tau == null) {
            return model;
        }
        if (Double.isInfinite(tau)) {
            return new ConstantStepDevice(model.dwMin(), 1, 1, -1, 1, model.variability());
        }
        if (!(model instanceof SoftBoundsDevice)) {
            // a calibrated soft-bounds device is a linear step now (its fitted slopes apart from its bounds): say so
            String calibrated = model instanceof LinearStepDevice linear && linear.slopesAtOwnBounds()
                    ? " (a soft-bounds device calibrated by calibrate is one, its slopes fitted apart from its bounds)" : "";
            throw new InvalidInputException("tau = " + Checks.readable(tau) + " applies to soft-bounds devices only, device = '"
                    + device + "' is " + model.type() + calibrated + ": remove tau, or choose a soft-bounds preset (e.g. "
                    + "onen-softbounds); tau = Infinity replaces the device's law by a symmetric constant step");
        }
        try {
            return new SoftBoundsDevice(model.dwMin(), model.upScale(), model.downScale(), -tau, tau, model.variability());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("tau = " + Checks.readable(tau) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The heap the model takes while it trains (bytes), bias rows and reference columns included: two doubles per weight
     * for fp (the weights and their initial draw); per device of every analog array {@link #bytesPerDevice()}; twice
     * that for engine both (the behavioral twin).
     */
    public long heapBytes() {
        int[] sizes = layerSizes();
        long bytes = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            bytes += layerBytes(sizes[l], sizes[l + 1]);
        }
        return bytes;
    }

    private long layerBytes(int inputs, int outputs) {
        if (!algorithm.analog()) {
            return (inputs + 1L) * outputs * 2 * Double.BYTES;
        }
        long arrays = (algorithm.transfers() ? 2 : 1) * (engine == Engine.BOTH ? 2 : 1);
        return (inputs + 1L) * (outputs + 1L) * arrays * bytesPerDevice();
    }

    /**
     * The heap one device of an analog array takes while it trains (bytes), rounded up from the most measured
     * ({@code bench/HeapUse}, 2026-12-05: the heap in use after the first training samples, per device of every array; SHD on 784-256-128-10
     * and 784-1024-10 with the aihwkit configuration, and single tiles of 128 x 128 to 511 x 511, 511 x 16 and 16 x 511).
     * Ideal wires: the weight and its sampled parameters, the peripherals' buffers (78-96; with energy 105-113). With
     * irDrop the exact mode's nodal solvers, eleven vectors of two nodes per device each (580-914; with energy 860-1350);
     * the fast and calibrated modes add the line models of reads and updates to the exact solvers of their refreshes
     * (1020-1738; with energy 1055-1800; 1590-2492 and 1900-2973 while the update checks' engines were kept between
     * checks). The least figures let runs through that ran out of memory later (784-1024-10 fast in a 3 GB heap,
     * 784-512-10 exact in 512 MB: a review). In ngspice the circuits are held outside the heap (a
     * 784-2000-10 run needed about twice its ideal-wire heap, the data's loading included).
     */
    long bytesPerDevice() {
        if (!irDrop || engine == Engine.NGSPICE) {
            return energy ? 120 : 100;
        }
        if (irDropMode.equals(IrDrop.Mode.EXACT.id())) {
            return energy ? 1400 : 1000;
        }
        return energy ? 2000 : 1900;
    }

    /**
     * Requires the model ({@link #heapBytes()}) to fit in {@code maxHeapBytes} (the JVM's {@code Runtime.maxMemory()}),
     * before anything is allocated; the error names the largest layer and its need.
     */
    public void checkMemory(long maxHeapBytes) {
        long need = heapBytes();
        if (need <= maxHeapBytes) {
            return;
        }
        int[] sizes = layerSizes();
        int largest = 0;
        for (int l = 1; l + 1 < sizes.length; l++) {
            if (layerBytes(sizes[l], sizes[l + 1]) > layerBytes(sizes[largest], sizes[largest + 1])) {
                largest = l;
            }
        }
        String perDevice = algorithm.analog() ? String.format(Locale.ROOT, " at %d bytes a device%s", bytesPerDevice(),
                irDrop ? " in the " + irDropMode + " IR-drop mode" + (energy ? " with energy" : "") : energy ? " with energy" : "")
                : "";
        throw new InvalidInputException(String.format(Locale.ROOT, "layers = '%s': the model needs about %.1f GB%s "
                + "(layer %d, %d x %d, alone %.1f GB), the JVM has %.1f GB: use smaller layers%s, or give the JVM "
                + "more with JAVA_OPTS=-Xmx<size> (e.g. -Xmx16g)", layers, need / 1e9, perDevice, largest + 1, sizes[largest],
                sizes[largest + 1], layerBytes(sizes[largest], sizes[largest + 1]) / 1e9, maxHeapBytes / 1e9,
                irDrop && !irDropMode.equals(IrDrop.Mode.EXACT.id()) ? ", the exact IR-drop mode (less memory, slower)" : ""));
    }

    /** The training steps (minibatches) of one epoch over {@code trainSamples} samples, the last batch maybe short. */
    public int stepsPerEpoch(int trainSamples) {
        return (trainSamples + batchSize - 1) / batchSize;
    }

    /**
     * Requires the first layer to match the data's features and the last its classes; errors name {@code layers} (the
     * default model as such, which a user who gave none did not know to be 784-256-128-10) and the sizes that fit.
     */
    public void checkFits(TrainTest data) {
        int[] sizes = layerSizes();
        int features = data.train().featureCount();
        int classes = data.train().classes();
        String named = "layers = '" + layers + "'" + (layers.equals(DEFAULT_LAYERS) ? " (the default model)" : "");
        if (sizes[0] != features) {
            throw new InvalidInputException(named + ": the input size " + sizes[0] + " does not match the " + features
                    + " features per sample of dataset '" + data.train().name() + "': start layers with " + features
                    + " (--model " + resized(sizes, 0, features) + " on the command line)");
        }
        if (sizes[sizes.length - 1] != classes) {
            String last = data.lastClassSample();
            throw new InvalidInputException(named + ": the output size " + sizes[sizes.length - 1]
                    + " does not match the " + classes + " classes of dataset '" + data.train().name() + "'"
                    + (last == null ? "" : " (labels 0.." + (classes - 1) + "; the first label " + (classes - 1) + " is that of "
                    + last + ")") + ": end layers with " + classes + " (--model " + resized(sizes, sizes.length - 1, classes)
                    + " on the command line)" + (last == null ? "" : ", or correct that label if it is a mistake"));
        }
    }

    /** Layer sizes as {@link #layers} writes them, with the one at {@code index} replaced by {@code size}. */
    private static String resized(int[] sizes, int index, int size) {
        int[] out = sizes.clone();
        out[index] = size;
        return java.util.Arrays.stream(out).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
    }

    /**
     * A checksum of the preset files the run reads, the device's (analog algorithms) and the periphery's (with energy):
     * a run resumed after an edit of either would not continue the run it resumes, so the checkpoint keeps it.
     */
    public long presetsHash() {
        return Seeds.derive(algorithm.analog() ? DevicePresets.contentHash(device) : 0,
                energy ? PeripheryPresets.contentHash(periphery) : 0);
    }

    /** This config as JSON (all keys, indented; an infinite tau is written as the string {@code "Infinity"}). */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a TrainConfig is always serialisable", e);
        }
    }

    /**
     * The keys whose values differ between this config and {@code other}, each as {@code key: this value -> other
     * value} (the JSON of each), in the keys' order; empty when they are equal.
     */
    public List<String> differences(TrainConfig other) {
        return differences(other, key -> true);
    }

    /** {@link #differences(TrainConfig)} of the keys that {@code compared} accepts alone. */
    public List<String> differences(TrainConfig other, java.util.function.Predicate<String> compared) {
        ObjectNode mine = readObject(toJson(), "config");
        ObjectNode theirs = readObject(other.toJson(), "config");
        List<String> out = new ArrayList<>();
        mine.fieldNames().forEachRemaining(key -> {
            if (compared.test(key) && !mine.get(key).equals(theirs.get(key))) {
                out.add(key + ": " + mine.get(key) + " -> " + theirs.get(key));
            }
        });
        return out;
    }

    /**
     * Config JSON as a tree, read as strictly as {@link #parse} reads it (one object, no key twice, nothing after it), for
     * a caller that sets keys before parsing; {@code label} names its origin in every error.
     */
    public static ObjectNode readObject(String json, String label) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + ": malformed JSON: " + StrictJson.syntaxError(e)
                    + StrictJson.syntaxFix(e, "fix the JSON syntax (one object, quoted keys, no key twice)"), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new InvalidInputException(label + " is not a JSON object: write e.g. {\"dataset\": \"spiral\", "
                    + "\"layers\": \"2-16-2\", \"learningRate\": 0.3}");
        }
        return object;
    }

    /** The keys whose values may name files or folders: stored absolute ({@link #absolutePath}). */
    public static final List<String> PATH_KEYS = List.of("device", "periphery", "dataset");

    /** This config with its {@link #PATH_KEYS} as {@link #absolutePath} gives them (itself where none changes). */
    public TrainConfig withAbsolutePaths() {
        ObjectNode node = readObject(toJson(), "config");
        ObjectNode absolute = node.deepCopy();
        absolutePaths(absolute);
        return absolute.equals(node) ? this : parse(absolute.toString(), "config with absolute paths");
    }

    /** The {@link #PATH_KEYS} of config JSON {@code node} as {@link #absolutePath} gives them (in place). */
    public static void absolutePaths(ObjectNode node) {
        for (String key : PATH_KEYS) {
            JsonNode value = node.get(key);
            if (value != null && value.isTextual()) {
                node.put(key, absolutePath(key, value.asText()));
            }
        }
    }

    /**
     * A value of a {@link #PATH_KEYS} key that names a file (a device or periphery preset) or a folder (a dataset of IDX
     * files) by a relative path, as its absolute path, so that a run's config.json (and a sweep's spec) finds it again
     * when resumed from another folder; else (a bundled preset, a catalogue data set, nothing there) the value.
     */
    public static String absolutePath(String key, String value) {
        List<String> named = key.equals("dataset") ? DatasetCatalog.NAMES
                : key.equals("device") ? DevicePresets.ids() : PeripheryPresets.ids();
        if (value == null || named.contains(value)) {
            return value;
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            return value; // not a path: the config's own check names it
        }
        boolean there = key.equals("dataset") ? !value.isBlank() && java.nio.file.Files.isDirectory(path)
                : java.nio.file.Files.isRegularFile(path);
        return there ? path.toAbsolutePath().normalize().toString() : value;
    }

    /** Reads a config file; errors name the file and the key. */
    public static TrainConfig load(Path file) {
        String label = "training config file '" + file + "'";
        return parse(BoundedFiles.readUtf8(file, label, BoundedFiles.JSON_LIMIT), label);
    }

    /** Parses config JSON; {@code label} names its origin in every error. */
    public static TrainConfig parse(String json, String label) {
        ObjectNode tree = readObject(json, label);
        try {
            return MAPPER.treeToValue(tree, TrainConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            String meant = StrictJson.meant(e.getPropertyName(), e.getKnownPropertyIds().stream().map(String::valueOf).toList());
            throw new InvalidInputException(label + ": unknown key '" + e.getPropertyName() + "'"
                    + (meant == null ? "" : " (did you mean '" + meant + "'?)") + ": remove or rename it; allowed keys: "
                    + allowed, e);
        } catch (JsonProcessingException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof InvalidInputException) {
                    throw new InvalidInputException(label + ": " + c.getMessage(), e);
                }
            }
            String field = e instanceof JsonMappingException && !((JsonMappingException) e).getPath().isEmpty()
                    ? ((JsonMappingException) e).getPath().get(0).getFieldName()
                    : e instanceof StreamReadException read && read.getProcessor() != null
                    ? read.getProcessor().getParsingContext().getCurrentName() : null; // a number beyond its type (3000000000 for an int) is a read error
            if (field != null && e instanceof MismatchedInputException) {
                Class<?> type = ((MismatchedInputException) e).getTargetType();
                JsonNode given = tree.get(field);
                boolean wholeAsFloat = given != null && given.isFloatingPointNumber()
                        && given.doubleValue() == Math.rint(given.doubleValue());
                String expected = type == Integer.class || type == Long.class ? "a whole number" + (wholeAsFloat ? ", written "
                        + "without a decimal point or exponent (" + (long) given.doubleValue() + ")" : "")
                        : type == Double.class ? "a number" : type == Boolean.class ? "true or false" : "a string";
                throw new InvalidInputException(label + ": " + field + " = " + tree.get(field) + " is not accepted: expected "
                        + expected, e);
            }
            throw new InvalidInputException(label + ": " + (field != null && tree.has(field) ? field + " = " + tree.get(field)
                    + " is not accepted: " : "") + StrictJson.message(e), e);
        }
    }
}
