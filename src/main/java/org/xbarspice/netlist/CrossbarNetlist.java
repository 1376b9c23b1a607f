package org.xbarspice.netlist;

import static org.xbarspice.units.SpiceNumber.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * Writes the SPICE netlist of a crossbar read (topology of {@link CrossbarCircuit}, node names of
 * {@link ArrayNodes}). Ideal and TIA reads of K > 1 vectors are one {@code .dc} sweep of the selector source {@code Vk}:
 * every driver is a behavioral source that looks up input vector k in a table, so K vectors cost one load; a single
 * vector is plain DC sources and one {@code .op} (the table-driven sources made a 256 x 256 read 1.7x slower).
 *
 * <p>A TIA output is a hard clip, flat outside its linear region (2 V_lim / A0 wide at the input): Newton started from an
 * output clipped on the previous point only ever jumps between the two limits and never reaches a linear solution
 * ("Timestep too small" from the whole sweep, seen with a 10 mV limit). So when some vector of a TIA sweep may clip
 * (bound of {@link #mayClip}), the sweep starts, and goes on after every vector that may clip, with a reset point: the
 * next vector solved with every output unclipped (one linear solve from any start), from which the clipped read of
 * that vector converges like a fresh {@code .op}. The reset points double the points of such a sweep; one whose
 * vectors cannot clip (the default 1.5 V limit on usual arrays) has none and is the plain sweep. The first point is a
 * reset point too: without it (first point already clipped) KLU lost digits, 4e-6 relative at 4 x 4 with 1 ohm wires;
 * with it the sweep agrees with one {@code .op} per vector to 1e-13, 1.2e-9 at 6 x 9 with 10 ohm wires. Integrator
 * reads are one transient with one read window per vector. Output is deterministic: fixed element
 * order, {@code \n} line ends, numbers in {@link org.xbarspice.units.SpiceNumber} form.
 */
public final class CrossbarNetlist {
    /**
     * Time constants of an integrator's reset switch within the time it is fully on: e^-40 (4e-18) of the last
     * vector's charge is left.
     */
    private static final double RESET_TIME_CONSTANTS = 40;
    private final CrossbarCircuit circuit;
    private final double[] conductances;
    private final double[][] inputs;
    private final ArrayNodes nodes;
    private final NetlistText out = new NetlistText();
    /** Input vector of each point of the analysis (a reset point has the vector it prepares). */
    private final int[] vectorOfPoint;
    /** Analysis point at which each input vector is read. */
    private final int[] pointOfVector;

    private CrossbarNetlist(CrossbarCircuit circuit, double[] conductances, double[][] inputs) {
        this.circuit = circuit;
        this.conductances = conductances;
        this.inputs = inputs;
        this.nodes = new ArrayNodes(circuit.rows(), circuit.cols(), circuit.wireOhm());
        this.pointOfVector = new int[inputs.length];
        boolean[] clips = new boolean[inputs.length];
        boolean anyClips = false;
        if (inputs.length > 1 && circuit.sense() instanceof Sense.Tia tia) {
            double lineSiemens = largestSensedLineConductance();
            for (int k = 0; k < inputs.length; k++) {
                clips[k] = mayClip(tia, lineSiemens, inputs[k]);
                anyClips |= clips[k];
            }
        }
        List<Integer> points = new ArrayList<>();
        for (int k = 0; k < inputs.length; k++) {
            if (anyClips && (k == 0 || clips[k - 1])) {
                points.add(k); // reset point: vector k solved with unclipped TIA outputs
            }
            pointOfVector[k] = points.size();
            points.add(k);
        }
        this.vectorOfPoint = points.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Whether a TIA output may clip on this input vector: false when the bound R_f max|V_i| {@code lineSiemens} on every
     * output stays below the limit. By superposition a sensed current is sum_i T_i V_i with every T_i >= 0 and sum_i T_i
     * at most the sum of the sensed line's device conductances (with all sources at 1 V every node lies in [0, 1] V, so
     * no device carries more than its conductance), wires and driver resistances included.
     *
     * @param lineSiemens the largest sum of device conductances on a sensed line (S)
     */
    private static boolean mayClip(Sense.Tia tia, double lineSiemens, double[] vector) {
        double maxVolt = 0;
        for (double v : vector) {
            maxVolt = Math.max(maxVolt, Math.abs(v));
        }
        return tia.feedbackOhm() * maxVolt * lineSiemens >= tia.outputLimitVolt() * (1 - 1e-9);
    }

    /** The largest sum of device conductances along one sensed line (S). */
    private double largestSensedLineConductance() {
        int rows = circuit.rows();
        int cols = circuit.cols();
        boolean forward = circuit.direction() == Direction.FORWARD;
        double largest = 0;
        for (int s = 0; s < circuit.sensedLines(); s++) {
            double sum = 0;
            for (int t = 0; t < (forward ? rows : cols); t++) {
                sum += conductances[forward ? t * cols + s : s * cols + t];
            }
            largest = Math.max(largest, sum);
        }
        return largest;
    }

    private boolean hasResetPoints() {
        return vectorOfPoint.length > inputs.length;
    }

    /** The named vector of the analysis at the point of each input vector. */
    private double[] perVector(Map<String, double[]> simulated, String name) {
        double[] all = NetlistText.vector(simulated, name, vectorOfPoint.length);
        double[] picked = new double[inputs.length];
        for (int k = 0; k < picked.length; k++) {
            picked[k] = all[pointOfVector[k]];
        }
        return picked;
    }

    /** SPICE name of the device at row i, column j ({@code alter} targets it by this name). */
    public static String deviceName(int i, int j) {
        return ArrayNodes.DEVICE_PREFIX + i + "_" + j;
    }

    /** SPICE name of the source of driven line d. */
    public static String driverName(int d) {
        return "Vdrv" + d;
    }

    /**
     * Netlist of a read of {@code inputs} (K vectors x driven lines, volt) through the array of
     * {@code conductances} (siemens, row-major rows x cols).
     */
    public static Netlist<double[][]> read(CrossbarCircuit circuit, double[] conductances, double[][] inputs) {
        validate(circuit, conductances, inputs);
        return new CrossbarNetlist(circuit, conductances, inputs).build();
    }

    /**
     * A DC read's sensed currents with the voltage of every crosspoint node, per input vector: what the energy of a
     * read is computed from.
     *
     * @param amps         sensed currents (A), [vector][sensed line], as {@link #read} decodes them
     * @param rowNodeVolts voltage of the row-side node of every crosspoint (V), [vector][i * cols + j]
     * @param colNodeVolts voltage of the column-side node of every crosspoint (V), [vector][i * cols + j]
     */
    public record NodeRead(double[][] amps, double[][] rowNodeVolts, double[][] colNodeVolts) {
    }

    /**
     * The netlist of {@link #read} (same text) that also returns every crosspoint node voltage. DC reads only (ideal
     * or TIA sense).
     */
    public static Netlist<NodeRead> readNodes(CrossbarCircuit circuit, double[] conductances, double[][] inputs) {
        validate(circuit, conductances, inputs);
        if (circuit.sense() instanceof Sense.Integrator) {
            throw new InvalidInputException("node voltages of an integrator read are a transient: only DC reads (ideal or "
                    + "TIA sense) return them");
        }
        CrossbarNetlist builder = new CrossbarNetlist(circuit, conductances, inputs);
        Netlist<double[][]> read = builder.build();
        int rows = circuit.rows();
        int cols = circuit.cols();
        int vectors = inputs.length;
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(read.vectors());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                names.add(builder.nodes.rowNode(i, j));
                names.add(builder.nodes.colNode(i, j));
            }
        }
        return new Netlist<>(read.text(), List.copyOf(names), simulated -> {
            double[][] vR = new double[vectors][rows * cols];
            double[][] vC = new double[vectors][rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double[] r = builder.perVector(simulated, builder.nodes.rowNode(i, j));
                    double[] c = builder.perVector(simulated, builder.nodes.colNode(i, j));
                    for (int k = 0; k < vectors; k++) {
                        vR[k][i * cols + j] = r[k];
                        vC[k][i * cols + j] = c[k];
                    }
                }
            }
            return new NodeRead(read.decode(simulated), vR, vC);
        });
    }

    /**
     * An integrator read's sensed currents with its waveforms: what the energy of the transient is computed from.
     *
     * @param amps         sensed currents (A), [vector][sensed line], as {@link #read} decodes them
     * @param time         the simulation's time points (s)
     * @param rowNodeVolts voltage of the row-side node of every crosspoint (V), [i * cols + j][time point]
     * @param colNodeVolts voltage of the column-side node of every crosspoint (V), [i * cols + j][time point]
     * @param sourceVolts  voltage of every driven line's source (V), [driven line][time point]
     */
    public record TransientNodes(double[][] amps, double[] time, double[][] rowNodeVolts, double[][] colNodeVolts,
                                 double[][] sourceVolts) {
    }

    /** The netlist of {@link #read} (same text) of an integrator read that also returns its waveforms. */
    public static Netlist<TransientNodes> readTransientNodes(CrossbarCircuit circuit, double[] conductances,
                                                             double[][] inputs) {
        validate(circuit, conductances, inputs);
        if (!(circuit.sense() instanceof Sense.Integrator)) {
            throw new InvalidInputException("a " + circuit.sense().id() + " read is a DC analysis: use readNodes for its "
                    + "node voltages");
        }
        CrossbarNetlist builder = new CrossbarNetlist(circuit, conductances, inputs);
        Netlist<double[][]> read = builder.build();
        int size = circuit.rows() * circuit.cols();
        int driven = circuit.drivenLines();
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(read.vectors());
        String[] rowNodes = new String[size];
        String[] colNodes = new String[size];
        String[] sources = new String[driven];
        for (int d = 0; d < size; d++) {
            rowNodes[d] = builder.nodes.rowNode(d / circuit.cols(), d % circuit.cols());
            colNodes[d] = builder.nodes.colNode(d / circuit.cols(), d % circuit.cols());
            names.add(rowNodes[d]);
            names.add(colNodes[d]);
        }
        for (int d = 0; d < driven; d++) {
            sources[d] = builder.sourceNode(d);
            names.add(sources[d]);
        }
        return new Netlist<>(read.text(), List.copyOf(names), simulated -> {
            double[] time = simulated.get("time");
            return new TransientNodes(read.decode(simulated), time, waves(simulated, rowNodes, time.length),
                    waves(simulated, colNodes, time.length), waves(simulated, sources, time.length));
        });
    }

    private static double[][] waves(Map<String, double[]> simulated, String[] names, int points) {
        double[][] out = new double[names.length][];
        for (int k = 0; k < names.length; k++) {
            out[k] = NetlistText.vector(simulated, names[k], points);
        }
        return out;
    }

    private static void validate(CrossbarCircuit c, double[] g, double[][] inputs) {
        if (g.length != c.rows() * c.cols()) {
            throw new InvalidInputException("conductance array has " + g.length + " entries, expected rows x cols = "
                    + c.rows() * c.cols());
        }
        for (int k = 0; k < g.length; k++) {
            if (!(g[k] >= 0) || Double.isInfinite(g[k])) {
                throw new InvalidInputException("conductance G[" + k / c.cols() + "][" + k % c.cols() + "] = "
                        + Checks.readable(g[k]) + " S: every device conductance must be finite and >= 0 (0: an open device)");
            }
        }
        if (inputs.length == 0) {
            throw new InvalidInputException("no input vectors: a read needs at least one");
        }
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].length != c.drivenLines()) {
                throw new InvalidInputException("input vector " + k + " has " + inputs[k].length
                        + " values, expected one per driven line: " + c.drivenLines());
            }
            for (int d = 0; d < inputs[k].length; d++) {
                double v = inputs[k][d];
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("input[" + k + "][" + d + "] = " + v + " V is not a finite voltage");
                }
                if (c.sense() instanceof Sense.Integrator integ && integ.encoding() == InputEncoding.PWM
                        && Math.abs(v) > integ.pwmAmplitudeVolt()) {
                    throw new InvalidInputException("input[" + k + "][" + d + "] = " + Checks.readable(v) + " V exceeds the PWM "
                            + "amplitude " + Checks.readable(integ.pwmAmplitudeVolt()) + " V: raise the PWM amplitude or scale "
                            + "the inputs");
                }
            }
        }
    }

    private Netlist<double[][]> build() {
        int rows = circuit.rows();
        int cols = circuit.cols();
        line("* xbarspice crossbar read " + rows + "x" + cols + " " + circuit.direction().name().toLowerCase()
                + ", wire " + format(circuit.wireOhm()) + " ohm, driver " + format(circuit.driverOhm())
                + " ohm, sense " + senseName() + ", " + inputs.length + " input vector(s)");
        line(".options klu");
        writeDrivers();
        nodes.writeWires(out);
        nodes.writeResistors(out, conductances);
        Function<Map<String, double[]>, double[][]> decoder = writeSenseAndAnalysis();
        line(".end");
        return new Netlist<>(out.toString(), vectorNames(), decoder);
    }

    private String senseName() {
        if (circuit.sense() instanceof Sense.Integrator integ) {
            return "integrator-" + integ.encoding().name().toLowerCase();
        }
        return circuit.sense() instanceof Sense.Tia ? "tia" : "ideal";
    }

    /** The node a driven line's source drives: behind the driver resistance when there is one, else the line's end. */
    private String sourceNode(int d) {
        return circuit.driverOhm() > 0 ? "d" + d : drivenNode(d);
    }

    private String drivenNode(int d) {
        return circuit.direction() == Direction.FORWARD ? nodes.rowEnd(d) : nodes.colEnd(d);
    }

    private String sensedNode(int s) {
        return circuit.direction() == Direction.FORWARD ? nodes.colEnd(s) : nodes.rowEnd(s);
    }

    private void writeDrivers() {
        boolean transient_ = circuit.sense() instanceof Sense.Integrator;
        line("* drivers" + (transient_ ? ": one read pulse per window" : inputs.length == 1 ? ": DC sources"
                : hasResetPoints() ? ": V(k) selects analysis point k (a reset point, or the read of an input vector)"
                : ": V(k) selects input vector k"));
        boolean single = inputs.length == 1;
        if (!transient_ && !single) {
            line("Vk k 0 0");
        }
        for (int d = 0; d < circuit.drivenLines(); d++) {
            String node = sourceNode(d);
            if (transient_) {
                table(driverName(d) + " " + node + " 0 pwl(", pulseTrain(d), ")");
            } else if (single) {
                line(driverName(d) + " " + node + " 0 " + format(inputs[0][d]));
            } else {
                double[] values = new double[vectorOfPoint.length];
                for (int p = 0; p < values.length; p++) {
                    values[p] = inputs[vectorOfPoint[p]][d];
                }
                out.sweptSource("Bdrv" + d, node, values);
            }
            if (circuit.driverOhm() > 0) {
                line("Rdrv" + d + " " + node + " " + drivenNode(d) + " " + format(circuit.driverOhm()));
            }
        }
    }


    private Function<Map<String, double[]>, double[][]> writeSenseAndAnalysis() {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        String sweep = vectors == 1 ? ".op" : ".dc Vk 0 " + (vectorOfPoint.length - 1) + " 1";
        if (circuit.sense() instanceof Sense.Integrator integ) {
            return writeIntegrator(integ);
        }
        if (circuit.sense() instanceof Sense.Tia tia) {
            return writeTia(tia, sweep);
        }
        line("* sense: 0 V sources measure the current into each sense node");
        for (int s = 0; s < sensed; s++) {
            line("Vsense" + s + " " + sensedNode(s) + " 0 0");
        }
        line(sweep);
        return simulated -> {
            double[][] currents = new double[vectors][sensed];
            for (int s = 0; s < sensed; s++) {
                double[] branch = perVector(simulated, "vsense" + s + "#branch");
                for (int k = 0; k < vectors; k++) {
                    currents[k][s] = branch[k];
                }
            }
            return currents;
        };
    }

    private Function<Map<String, double[]>, double[][]> writeTia(Sense.Tia tia, String sweep) {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        line("* sense: TIA, op-amp output clipped to +-" + format(tia.outputLimitVolt()) + " V, feedback "
                + format(tia.feedbackOhm()) + " ohm; sensed current of line s: -V(so<s>) / " + format(tia.feedbackOhm()));
        String lim = format(tia.outputLimitVolt());
        boolean resets = hasResetPoints();
        if (resets) {
            line("* reset points (unclip = 1): the vector read at the next point (unclip = 0), solved with unclipped outputs");
            double[] unclip = new double[vectorOfPoint.length];
            for (int p = 0; p < unclip.length; p++) {
                unclip[p] = pointOfVector[vectorOfPoint[p]] == p ? 0 : 1;
            }
            out.sweptSource("Bunclip", "unclip", unclip);
        }
        for (int s = 0; s < sensed; s++) {
            String node = sensedNode(s);
            String unclipped = format(-tia.openLoopGain()) + "*V(" + node + ")";
            String clipped = "max(min(" + unclipped + "," + lim + "),-" + lim + ")";
            line("Btia" + s + " so" + s + " 0 V=" + (resets ? "V(unclip)>0.5?" + unclipped + ":" + clipped : clipped));
            line("Rf" + s + " " + node + " so" + s + " " + format(tia.feedbackOhm()));
        }
        line(sweep);
        return simulated -> {
            double[][] currents = new double[vectors][sensed];
            for (int s = 0; s < sensed; s++) {
                double[] out = perVector(simulated, "so" + s);
                for (int k = 0; k < vectors; k++) {
                    currents[k][s] = -out[k] / tia.feedbackOhm();
                }
            }
            return currents;
        };
    }

    private Function<Map<String, double[]>, double[][]> writeIntegrator(Sense.Integrator integ) {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        double window = integ.windowSecond();
        double edge = integ.edgeSecond();
        line("* sense: integrators C = " + format(integ.capacitanceFarad()) + " F, reset by rst before each window of "
                + format(window) + " s; sensed current of line s for vector k: -" + format(integ.capacitanceFarad())
                + " * V(so<s>) / " + format(integ.readSecond()) + " at time (k + 1) * " + format(window) + " - "
                + format(edge / 2));
        double[] reset = new double[8 * vectors + 2];
        int n = 0;
        for (int k = 0; k < vectors; k++) {
            double t0 = k * window;
            double[] points = {t0, 0, t0 + edge, 1, t0 + integ.resetSecond() - edge, 1, t0 + integ.resetSecond(), 0};
            System.arraycopy(points, 0, reset, n, points.length);
            n += points.length;
        }
        reset[n] = vectors * window;
        table("Vrst rst 0 pwl(", reset, ")");
        // the reset switch's conductance: 1 S, or enough to empty the capacitor within a fortieth of the time the switch
        // is fully on (a 1 S switch has a time constant of C / 1 S, which left 33 % of the last vector's charge in a 10 pF
        // integrator at t_read = 1e-10 s)
        double closed = integ.resetSecond() - 2 * edge;
        double siemens = Math.max(1, RESET_TIME_CONSTANTS * integ.capacitanceFarad() / closed);
        String switchGain = siemens == 1 ? "" : format(siemens) + "*";
        for (int s = 0; s < sensed; s++) {
            String node = sensedNode(s);
            line("Eint" + s + " so" + s + " 0 0 " + node + " " + format(integ.openLoopGain()));
            line("Cint" + s + " " + node + " so" + s + " " + format(integ.capacitanceFarad()) + " ic=0");
            line("Brst" + s + " " + node + " so" + s + " I=" + switchGain + "V(rst)*V(" + node + ",so" + s + ")");
        }
        line(".tran " + format(edge) + " " + format(vectors * window) + " 0 " + format(integ.readSecond() / 4) + " uic");
        double scale = -integ.capacitanceFarad() / integ.readSecond();
        return simulated -> {
            double[] time = simulated.get("time");
            if (time == null) {
                throw new XbarspiceException("integrator read: the simulation returned no time vector");
            }
            double[][] currents = new double[vectors][sensed];
            for (int s = 0; s < sensed; s++) {
                double[] out = simulated.get("so" + s);
                for (int k = 0; k < vectors; k++) {
                    currents[k][s] = scale * NetlistText.sampleAt(time, out, (k + 1) * window - edge / 2);
                }
            }
            return currents;
        };
    }

    private double[] pulseTrain(int d) {
        return driverWaveform((Sense.Integrator) circuit.sense(), inputs, d);
    }

    /**
     * The driver waveform of driven line {@code d} in an integrator read of {@code inputs} (V, [vector][driven line]), as
     * the netlist's PWL source: time (s) and voltage (V) pairs, flat, linear between points. Vector k's window starts at
     * {@code k * windowSecond}: a reset, then a trapezoid (edges {@code edgeSecond}) whose width at half amplitude is
     * t_read at amplitude V (amplitude encoding) or {@code t_read |V| / V_pwm} at {@code +-V_pwm} (PWM).
     */
    public static double[] driverWaveform(Sense.Integrator integ, double[][] inputs, int d) {
        double window = integ.windowSecond();
        double edge = integ.edgeSecond();
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        for (int k = 0; k < inputs.length; k++) {
            double v = inputs[k][d];
            double amplitude;
            double width;
            if (integ.encoding() == InputEncoding.AMPLITUDE) {
                amplitude = v;
                width = integ.readSecond();
            } else {
                amplitude = Math.signum(v) * integ.pwmAmplitudeVolt();
                width = integ.readSecond() * Math.abs(v) / integ.pwmAmplitudeVolt();
            }
            if (width == 0 || amplitude == 0) {
                continue;
            }
            double start = k * window + integ.resetSecond();
            // a flat top shorter than a billionth of t_read is a triangle: ngspice's number parser may swap two times 1 ulp
            // apart, whose PWL it then calls non-increasing (a PWM pulse of width one edge)
            if (width > edge + 1e-9 * integ.readSecond()) {
                points.add(new double[] {start, 0});
                points.add(new double[] {start + edge, amplitude});
                points.add(new double[] {start + width, amplitude});
                points.add(new double[] {start + width + edge, 0});
            } else {
                points.add(new double[] {start, 0});
                points.add(new double[] {start + edge, amplitude * width / edge});
                points.add(new double[] {start + 2 * edge, 0});
            }
        }
        points.add(new double[] {inputs.length * window, 0});
        double[] flat = new double[2 * points.size()];
        for (int p = 0; p < points.size(); p++) {
            flat[2 * p] = points.get(p)[0];
            flat[2 * p + 1] = points.get(p)[1];
        }
        return flat;
    }


    private List<String> vectorNames() {
        List<String> names = new ArrayList<>();
        if (circuit.sense() instanceof Sense.Integrator) {
            names.add("time");
        }
        for (int s = 0; s < circuit.sensedLines(); s++) {
            names.add(circuit.sense() instanceof Sense.Ideal ? "vsense" + s + "#branch" : "so" + s);
        }
        return names;
    }



    private void line(String text) {
        out.line(text);
    }

    private void table(String head, double[] numbers, String tail) {
        out.table(head, numbers, tail);
    }
}
