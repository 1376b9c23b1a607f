package org.xbarspice.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.tile.ArrayRead;
import org.xbarspice.tile.CostModel;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;

/** The result of one read comparison, as JSON and as a one-paragraph summary. */
public record ReadReport(CrossbarCircuit circuit, boolean differential, ReadCase draw,
                         Map<String, ReadComparison.EngineOutput> outputs, Cost cost) {

    /**
     * How the energy and latency of the reads are counted: the cost model and the peripherals' resolutions, and the
     * ADC's range (for the warning of outputs it clips).
     *
     * @param periphery      the periphery preset as given (a bundled id or a file), which results name: an edited copy
     *                       of a bundled preset may keep its id
     * @param dacBits        input DAC bits, 0 for none
     * @param adcBits        output ADC bits, 0 for none
     * @param adcRangeAmpere the ADC's full scale +-I_max (A); ignored without an ADC
     * @param readVolt       the DAC's full scale +-V_read (V); ignored without a DAC
     */
    public record Cost(CostModel model, String periphery, int dacBits, int adcBits, double adcRangeAmpere, double readVolt) {
    }

    /**
     * @param circuit      the physical circuit the engines simulated
     * @param differential whether column pairs hold differential weights (inputs and outputs are then logical)
     */
    public static ReadReport of(CrossbarCircuit circuit, boolean differential, ReadCase draw,
                                Map<String, ReadComparison.EngineOutput> outputs) {
        return new ReadReport(circuit, differential, draw, Map.copyOf(outputs), null);
    }

    /** As {@link #of(CrossbarCircuit, boolean, ReadCase, Map)}, with the energy and latency of the reads. */
    public static ReadReport of(CrossbarCircuit circuit, boolean differential, ReadCase draw,
                                Map<String, ReadComparison.EngineOutput> outputs, Cost cost) {
        return new ReadReport(circuit, differential, draw, Map.copyOf(outputs), cost);
    }

    /**
     * The energy of one input vector (J) of an engine's reads: every physical read it made (peripheral re-reads
     * included) through the cost model, divided by the input vectors; null without a cost or powers.
     */
    public EnergyBreakdown energyPerVector(String engine) {
        ReadComparison.EngineOutput o = outputs.get(engine);
        if (cost == null || o == null || o.powers().isEmpty()) {
            return null;
        }
        CostModel.ReadCost read = cost.model().readCost(circuit, cost.dacBits(), cost.adcBits(),
                ArrayRead.outputs(circuit, differential));
        EnergyBreakdown sum = EnergyBreakdown.ZERO;
        for (ArrayRead.ReadPower p : o.powers()) {
            sum = sum.plus(read.energy(p.power(), p.activeLines(), p.lines()));
        }
        return sum.per(draw.inputs().length);
    }

    /** True when both engines ran. */
    public boolean compared() {
        return outputs.containsKey(CrossbarReader.NGSPICE) && outputs.containsKey(CrossbarReader.BEHAVIORAL);
    }

    /** max |I_behavioral - I_ngspice| / max |I_ngspice|; NaN unless both engines ran. */
    public double maxRelError() {
        return compared() ? ReadComparison.maxRelError(outputs.get(CrossbarReader.NGSPICE).currents(), outputs.get(CrossbarReader.BEHAVIORAL).currents())
                : Double.NaN;
    }

    /**
     * The relative difference of the engines' array energy per vector (devices + wires + drivers, J):
     * behavioral / ngspice - 1; NaN unless both engines ran with a cost.
     */
    public double energyRelDifference() {
        EnergyBreakdown spice = energyPerVector(CrossbarReader.NGSPICE);
        EnergyBreakdown behavioral = energyPerVector(CrossbarReader.BEHAVIORAL);
        if (spice == null || behavioral == null) {
            return Double.NaN;
        }
        double reference = spice.devices() + spice.wires() + spice.drivers();
        return (behavioral.devices() + behavioral.wires() + behavioral.drivers()) / reference - 1;
    }

    /** The JSON document of a read: its circuit, array, inputs and each engine's outputs (the demo writes it as it is). */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rows", circuit.rows());
        root.put("cols", circuit.cols());
        root.putAll(setup(circuit, differential, cost));
        double[][] g = new double[circuit.rows()][circuit.cols()];
        for (int i = 0; i < circuit.rows(); i++) {
            System.arraycopy(draw.conductances(), i * circuit.cols(), g[i], 0, circuit.cols());
        }
        root.put("conductancesSiemens", g);
        root.put("inputsVolts", draw.inputs());
        Map<String, Object> outs = new LinkedHashMap<>();
        for (String engine : new String[] {CrossbarReader.NGSPICE, CrossbarReader.BEHAVIORAL}) {
            ReadComparison.EngineOutput o = outputs.get(engine);
            if (o != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("currentsAmpere", o.currents());
                e.put("seconds", o.seconds());
                e.put("warmUpSeconds", o.warmUpSeconds());
                EnergyBreakdown energy = energyPerVector(engine);
                if (energy != null) {
                    e.put("energyPerVectorJoule", energy);
                    e.put("energyTotalPerVectorJoule", energy.total());
                }
                outs.put(engine, e);
            }
        }
        root.put("outputs", outs);
        if (cost != null) {
            root.put("periphery", cost.periphery());
            root.put("readWindowSecond", cost.model().readWindow(circuit));
            root.put("latencyPerVectorSecond", cost.model().readSeconds(circuit, cost.adcBits(), ArrayRead.outputs(circuit, differential)));
        }
        if (circuit.sense() instanceof Sense.Integrator) {
            root.put("integratorMaxOutputVolt", integratorMaxOutputVolt());
        }
        root.put("warnings", warnings());
        if (compared()) {
            root.put("maxRelError", maxRelError());
            double energy = energyRelDifference();
            if (!Double.isNaN(energy)) {
                root.put("arrayEnergyRelDifference", energy);
            }
        }
        return root;
    }

    /**
     * The JSON document of {@code xbarspice read --json}: {@link #toJson()} and how the behavioral engine solved the
     * wires, {@code mode}, with the fast mode's check of its first vector against the exact solve ({@code fastRead},
     * null in the other modes).
     */
    public Map<String, Object> toJson(IrDrop.Mode mode, IrDropCheck fastRead) {
        Map<String, Object> root = toJson();
        root.put("irDropMode", mode.id());
        if (fastRead != null) {
            root.put("irDropCheck", fastRead);
        }
        return root;
    }

    /** Reads --array files: a repeated key or text after the object is an error, as in every user-written JSON. */
    private static final com.fasterxml.jackson.databind.ObjectMapper ARRAY_JSON = StrictJson.builder().build();

    /** The remedy for an array file of another size than the circuit's. */
    private static final String OWN_SIZE = ": read the file on a circuit of its own size (the read command takes it from "
            + "the file when no --rows or --cols is given)";

    /**
     * Reads the array ({@code conductancesSiemens}, rows x cols, physical) and the inputs ({@code inputsVolts},
     * K vectors) from a JSON file in the format {@link #toJson()} writes. Where the file records the setup of the read
     * that wrote it ({@link #setup}: the circuit and its amplifier, and with {@code cost} not null the DAC and ADC) and
     * that differs from {@code logical}, {@code differential} and {@code cost}, {@code warn} gets a message naming the
     * recorded value, this read's and the flag: the read then runs another circuit on the same conductances, which may
     * be the point (another wire resistance) or a flag left out. Other fields are ignored, and {@code warn} names
     * each that a read does not write.
     */
    public static ReadCase loadCase(Path file, int rows, int cols, CrossbarCircuit logical, boolean differential, Cost cost,
                                    Consumer<String> warn) {
        JsonNode root = arrayFile(file);
        double[][] g = matrix(root, "conductancesSiemens", file);
        double[][] v = matrix(root, "inputsVolts", file);
        warnRecordedDifferences(root, file, logical, differential, cost, warn);
        warnUnknownKeys(root, file, warn);
        if (g.length != rows) {
            throw new InvalidInputException(file + ": conductancesSiemens has " + g.length + " rows, the circuit " + rows
                    + OWN_SIZE);
        }
        double[] flat = new double[rows * cols];
        for (int i = 0; i < g.length; i++) {
            if (g[i].length != cols) {
                throw new InvalidInputException(file + ": conductancesSiemens row " + i + " has " + g[i].length
                        + " values, the circuit has " + cols + " columns" + OWN_SIZE);
            }
            for (int j = 0; j < cols; j++) {
                flat[i * cols + j] = ConductanceRange.requireDevice(file + ": conductancesSiemens[" + i + "][" + j + "]", g[i][j]);
            }
        }
        requireInputLengths(v, file, logical, differential);
        return new ReadCase(flat, v);
    }

    /**
     * Requires each input vector of {@code file} to drive the driven lines of {@code logical}, naming the file, the vector
     * and the remedy (a file of a read in the other direction: its --direction), where it said only "input vector 0 has
     * 3 values, the circuit has 2 driven lines".
     */
    private static void requireInputLengths(double[][] inputs, Path file, CrossbarCircuit logical, boolean differential) {
        boolean forward = logical.direction() == Direction.FORWARD;
        int driven = logical.drivenLines();
        int drivenOtherWay = forward ? logical.cols() : logical.rows();
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].length != driven) {
                String other = forward ? "backward" : "forward";
                throw new InvalidInputException(file + ": inputsVolts[" + k + "] has " + inputs[k].length + " values, the "
                        + (forward ? "forward" : "backward") + " read drives " + driven + " lines ("
                        + (forward ? "its rows" : differential ? "its logical columns, each a pair" : "its columns")
                        + "): give " + driven + " values per vector" + (inputs[k].length == drivenOtherWay
                        ? ", or --direction " + other + " if the file is a " + other + " read's" : ""));
            }
        }
    }

    /** The rows and (physical) columns of the conductances of an array file ({@link #loadCase}). */
    public static int[] caseSize(Path file) {
        double[][] g = matrix(arrayFile(file), "conductancesSiemens", file);
        return new int[] {g.length, g.length == 0 ? 0 : g[0].length};
    }

    /** The JSON of an array file. */
    private static JsonNode arrayFile(Path file) {
        JsonNode root;
        try {
            root = ARRAY_JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("array file " + file + " is not valid JSON: " + StrictJson.syntaxError(e)
                    + "; give the --json output of an earlier read, or fix the syntax", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read array file " + file + ": " + e.getMessage(), e);
        }
        if (root.isMissingNode()) {
            throw new InvalidInputException("array file " + file + " is empty: give the --json output of an earlier read, or "
                    + "an object with conductancesSiemens (rows x cols) and inputsVolts (vectors x driven lines)");
        }
        return root;
    }

    /**
     * The settings a read's JSON records beside its arrays, by key: the circuit (direction, sense and its amplifier,
     * differential pairs, wires, drivers) and, with {@code cost}, the DAC and ADC. {@link #loadCase} compares a file's
     * with the replaying read's. Each key is set by the flag of {@link #SETUP_FLAGS}.
     */
    private static Map<String, Object> setup(CrossbarCircuit circuit, boolean differential, Cost cost) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("direction", circuit.direction().name().toLowerCase(Locale.ROOT));
        out.put("sense", circuit.sense().id());
        if (circuit.sense() instanceof Sense.Tia tia) {
            out.put("tiaGain", tia.openLoopGain());
            out.put("tiaFeedbackOhm", tia.feedbackOhm());
            out.put("tiaLimitVolt", tia.outputLimitVolt());
        } else if (circuit.sense() instanceof Sense.Integrator integ) {
            out.put("inputEncoding", integ.encoding().name().toLowerCase(Locale.ROOT));
            out.put("tiaGain", integ.openLoopGain());
            out.put("integratorFarad", integ.capacitanceFarad());
            out.put("readSecond", integ.readSecond());
            if (integ.encoding() == InputEncoding.PWM) {
                out.put("pwmAmplitudeVolt", integ.pwmAmplitudeVolt());
            }
        }
        out.put("differential", differential);
        out.put("wireResistanceOhm", circuit.wireOhm());
        out.put("driverResistanceOhm", circuit.driverOhm());
        if (cost != null) {
            out.put("dacBits", cost.dacBits());
            if (cost.dacBits() > 0) { // its levels span +-V_read: a replay at another V_read read other codes unwarned
                out.put("readVolt", cost.readVolt());
            }
            out.put("adcBits", cost.adcBits());
            if (cost.adcBits() > 0) {
                out.put("iMaxAmpere", cost.adcRangeAmpere());
            }
        }
        return out;
    }

    /** The flag that sets each key of {@link #setup}. */
    private static final Map<String, String> SETUP_FLAGS = Map.ofEntries(Map.entry("direction", "--direction"),
            Map.entry("sense", "--sense"), Map.entry("tiaGain", "--tia-gain"), Map.entry("tiaFeedbackOhm", "--tia-rf"),
            Map.entry("tiaLimitVolt", "--tia-limit"), Map.entry("inputEncoding", "--input-encoding"),
            Map.entry("integratorFarad", "--int-c"), Map.entry("readSecond", "--t-read"),
            Map.entry("pwmAmplitudeVolt", "--v-read"), Map.entry("readVolt", "--v-read"),
            Map.entry("differential", "--differential"),
            Map.entry("wireResistanceOhm", "--wire-r"), Map.entry("driverResistanceOhm", "--driver-r"),
            Map.entry("dacBits", "--dac-bits"), Map.entry("adcBits", "--adc-bits"), Map.entry("iMaxAmpere", "--i-max"));

    /** The keys {@link #toJson(IrDrop.Mode, IrDropCheck)} writes beside those of {@link #setup}. */
    private static final Set<String> RESULT_KEYS = Set.of("rows", "cols", "conductancesSiemens", "inputsVolts", "outputs",
            "periphery", "readWindowSecond", "latencyPerVectorSecond", "integratorMaxOutputVolt", "warnings", "maxRelError",
            "arrayEnergyRelDifference", "irDropMode", "irDropCheck");

    /**
     * Warns of each key of {@code root} that no read writes ({@link #toJson(IrDrop.Mode, IrDropCheck)}), with the key it
     * looks like misspelt if there is one: such a key is ignored, and a misspelt setting ("wireResistanceOhms") went
     * unnoticed.
     */
    private static void warnUnknownKeys(JsonNode root, Path file, Consumer<String> warn) {
        for (var keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (RESULT_KEYS.contains(key) || SETUP_FLAGS.containsKey(key)) {
                continue;
            }
            String meant = StrictJson.meant(key, Stream.concat(RESULT_KEYS.stream(), SETUP_FLAGS.keySet().stream()).toList());
            warn.accept(file + ": key " + key + " is not one a read writes and is ignored"
                    + (meant == null ? "" : ": did you mean " + meant + "?"));
        }
    }

    private static void warnRecordedDifferences(JsonNode root, Path file, CrossbarCircuit logical, boolean differential,
                                                Cost cost, Consumer<String> warn) {
        setup(logical, differential, cost).forEach((key, value) -> {
            JsonNode recorded = root.get(key);
            boolean differs = recorded != null && (value instanceof Number n ? !(recorded.isNumber()
                    && recorded.asDouble() == n.doubleValue()) : !recorded.asText().equals(String.valueOf(value)));
            if (differs) {
                String flag = SETUP_FLAGS.get(key);
                boolean off = recorded.asText().equals("false") || key.endsWith("Bits") && recorded.asDouble() == 0;
                String give = off ? "no " + flag : flag + (key.equals("differential") ? "" : " " + recorded.asText());
                warn.accept(file + " was written by a read with " + key + " " + recorded.asText() + ", this read has "
                        + value + ": give " + give + " to read the same circuit");
            }
        });
    }

    private static double[][] matrix(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(file + ": field " + field + " is missing or not an array of arrays");
        }
        if (node.isEmpty()) {
            throw new InvalidInputException(file + ": field " + field + " is empty: give at least one row "
                    + "(conductancesSiemens: rows x cols, S; inputsVolts: vectors x driven lines, V)");
        }
        double[][] out = new double[node.size()][];
        for (int r = 0; r < node.size(); r++) {
            JsonNode row = node.get(r);
            if (!row.isArray()) {
                throw new InvalidInputException(file + ": " + field + "[" + r + "] is not an array");
            }
            out[r] = new double[row.size()];
            for (int c = 0; c < row.size(); c++) {
                if (!row.get(c).isNumber()) {
                    throw new InvalidInputException(file + ": " + field + "[" + r + "][" + c + "] = " + row.get(c)
                            + " is not a number");
                }
                out[r][c] = row.get(c).asDouble();
            }
        }
        return out;
    }

    /**
     * The largest |V_out| (V) of an integrator over any engine's sense outputs ({@link Sense.Integrator#outputVolt}), each
     * column's own, before the peripherals ({@link ArrayRead.SenseLoad}); NaN without one.
     */
    public double integratorMaxOutputVolt() {
        if (!(circuit.sense() instanceof Sense.Integrator integ)) {
            return Double.NaN;
        }
        double most = 0;
        for (ReadComparison.EngineOutput o : outputs.values()) {
            most = Math.max(most, integ.outputVolt(o.sense().largestAmpere()));
        }
        return most;
    }

    /**
     * What makes the reads unlike a real circuit, for standard error and the JSON: an integrator driven past an op-amp's
     * swing ({@link Sense.Integrator#SWING_VOLT}), where a real one saturates and neither engine's op-amp does; outputs
     * clipped at a TIA's output limit or at the ADC's full scale (with differential pairs the outputs are the pairs'
     * differences, so a column clipped alone may go unseen).
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (circuit.sense() instanceof Sense.Tia tia) { // on the amplifiers' own outputs: an ADC or noise after them hid it
            ArrayRead.SenseLoad most = outputs.values().stream().map(ReadComparison.EngineOutput::sense)
                    .max(java.util.Comparator.comparingLong(ArrayRead.SenseLoad::atTiaLimit)).orElse(null);
            if (most != null && most.atTiaLimit() > 0) {
                warnings.add(String.format(Locale.ROOT, "%d of %d TIA outputs are at the amplifier's output limit (+-%.3g V "
                        + "over R_f = %.3g ohm: +-%.3g A): it clips them; lower --tia-rf or raise --tia-limit",
                        most.atTiaLimit(), most.outputs(), tia.outputLimitVolt(), tia.feedbackOhm(),
                        tia.outputLimitVolt() / tia.feedbackOhm()));
            }
        }
        if (cost != null && cost.adcBits() > 0) { // beyond it before it converts: an output inside may round to the top code
            long clipped = outputs.values().stream().mapToLong(o -> o.sense().beyondAdc()).max().orElse(0);
            long all = outputs.values().stream().mapToLong(o -> o.currents().length == 0 ? 0
                    : (long) o.currents().length * o.currents()[0].length).max().orElse(0);
            if (clipped > 0) {
                warnings.add(String.format(Locale.ROOT, "%d of %d outputs are beyond the ADC's full scale (+-%.3g A): it "
                        + "clips them; raise --i-max", clipped, all, cost.adcRangeAmpere()));
            }
        }
        if (circuit.sense() instanceof Sense.Integrator integ) {
            // ngspice runs a window the behavioral model refuses; its output then follows the drifted virtual ground, not
            // the current (--t-read 1e3 on 4 x 4: an output of 0.22 V and no word)
            double drift = integ.drift(circuit.largestSensedLineSiemens(draw.conductances()));
            if (drift > Sense.Integrator.MAX_DRIFT) {
                warnings.add(String.format(Locale.ROOT, "the integrator's virtual ground drifts over the window: the largest "
                        + "sensed line's conductance times the window over C (1 + A0) is %.3g, beyond %.0f, so its output no "
                        + "longer follows the current (the behavioral model refuses such a read); raise --tia-gain (now %.3g) "
                        + "or --int-c (now %.3g F), or shorten --t-read (now %.3g s)", drift, Sense.Integrator.MAX_DRIFT,
                        integ.openLoopGain(), integ.capacitanceFarad(), integ.readSecond()));
            }
        }
        double out = integratorMaxOutputVolt();
        if (out > Sense.Integrator.SWING_VOLT) {
            Sense.Integrator integ = (Sense.Integrator) circuit.sense();
            warnings.add(String.format(Locale.ROOT, "the integrator's output reaches %.3g V (|I| t_read / C), beyond the "
                    + "%.3g V an op-amp swings: a real one saturates, neither engine's op-amp does; shorten --t-read "
                    + "(now %.3g s) or raise --int-c (now %.3g F)", out, Sense.Integrator.SWING_VOLT, integ.readSecond(),
                    integ.capacitanceFarad()));
        }
        return warnings;
    }

    /** Human-readable summary lines. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%dx%d %s read, wire %s ohm, driver %s ohm, sense %s, %d vector(s)",
                circuit.rows(), circuit.cols(), circuit.direction().name().toLowerCase(Locale.ROOT), circuit.wireOhm(),
                circuit.driverOhm(), circuit.sense().id(), draw.inputs().length));
        for (String engine : new String[] {CrossbarReader.NGSPICE, CrossbarReader.BEHAVIORAL}) {
            ReadComparison.EngineOutput o = outputs.get(engine);
            if (o != null) {
                s.append(String.format(Locale.ROOT, "%n  %-10s %.4f s", engine, o.seconds()));
                if (o.warmUpSeconds() > 0) {
                    s.append(String.format(Locale.ROOT, " (after a %.3f s JIT warm-up beside the engine before it)", o.warmUpSeconds()));
                }
                EnergyBreakdown e = energyPerVector(engine);
                if (e != null) {
                    s.append(String.format(Locale.ROOT, "; energy per vector %.4g pJ (devices %.4g, wires %.4g, drivers %.4g, "
                            + "DAC %.4g, ADC %.4g, sense %.4g pJ)", 1e12 * e.total(), 1e12 * e.devices(), 1e12 * e.wires(),
                            1e12 * e.drivers(), 1e12 * e.dac(), 1e12 * e.adc(), 1e12 * e.sense()));
                }
            }
        }
        if (cost != null) {
            CostModel model = cost.model();
            double total = model.readSeconds(circuit, cost.adcBits(), ArrayRead.outputs(circuit, differential));
            double settle = model.preset().driveSettleSecond();
            double sense = model.senseWindow(circuit);
            // the parts of CostModel.readSeconds: an integrator's window holds its reset and edges beside t_read
            s.append(String.format(Locale.ROOT, "%n  latency per vector %.4g ns (periphery %s: drive settle %.4g ns, sense "
                            + "window %.4g ns, ADC conversions %.4g ns)", 1e9 * total, cost.periphery(), 1e9 * settle,
                    1e9 * sense, 1e9 * (total - settle - sense)));
        }
        if (compared()) {
            s.append(String.format(Locale.ROOT, "%n  maxRelError = %.3e (max |I_behavioral - I_ngspice| / max |I_ngspice|)",
                    maxRelError()));
            double energy = energyRelDifference();
            if (!Double.isNaN(energy)) {
                s.append(String.format(Locale.ROOT, "%n  array energy: behavioral / ngspice - 1 = %.3e", energy));
            }
        }
        return s.toString();
    }
}
