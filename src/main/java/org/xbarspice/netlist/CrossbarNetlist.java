package org.xbarspice.netlist;

import static org.xbarspice.units.SpiceNumber.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * Writes the SPICE netlist of a crossbar read (topology of {@link CrossbarCircuit}).
 *
 * <p>Node names: with wires, crosspoint nodes {@code r<i>_<j>} (row side) and {@code c<i>_<j>}
 * (column side), periphery nodes {@code p<i>} (row ends) and {@code q<j>} (column ends); without wires,
 * one node per line, {@code r<i>} and {@code c<j>}, which are then also the periphery nodes.
 * Ideal and TIA reads are one {@code .dc} sweep of the selector source {@code Vk}: every driver is a
 * behavioral source that looks up input vector k in a table, so K vectors cost one load. Integrator
 * reads are one transient with one read window per vector. Output is deterministic: fixed element
 * order, {@code \n} line ends, numbers in {@link org.xbarspice.units.SpiceNumber} form.
 */
public final class CrossbarNetlist {
    /** Longest line emitted; longer tables continue on {@code +} lines. */
    private static final int MAX_LINE = 200;

    private final CrossbarCircuit circuit;
    private final double[] conductances;
    private final double[][] inputs;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private CrossbarNetlist(CrossbarCircuit circuit, double[] conductances, double[][] inputs) {
        this.circuit = circuit;
        this.conductances = conductances;
        this.inputs = inputs;
    }

    /**
     * Netlist of a read of {@code inputs} (K vectors x driven lines, volt) through the array of
     * {@code conductances} (siemens, row-major rows x cols).
     */
    public static ReadNetlist read(CrossbarCircuit circuit, double[] conductances, double[][] inputs) {
        validate(circuit, conductances, inputs);
        return new CrossbarNetlist(circuit, conductances, inputs).build();
    }

    private static void validate(CrossbarCircuit c, double[] g, double[][] inputs) {
        if (g.length != c.rows() * c.cols()) {
            throw new InvalidInputException("conductance array has " + g.length + " entries, expected rows x cols = "
                    + c.rows() * c.cols());
        }
        for (int k = 0; k < g.length; k++) {
            if (!(g[k] > 0) || Double.isInfinite(g[k])) {
                throw new InvalidInputException("conductance G[" + k / c.cols() + "][" + k % c.cols() + "] = " + g[k]
                        + " S: every device conductance must be finite and > 0");
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
                    throw new InvalidInputException("input[" + k + "][" + d + "] = " + v + " V exceeds the PWM amplitude "
                            + integ.pwmAmplitudeVolt() + " V: raise the PWM amplitude or scale the inputs");
                }
            }
        }
    }

    private ReadNetlist build() {
        int rows = circuit.rows();
        int cols = circuit.cols();
        line("* xbarspice crossbar read " + rows + "x" + cols + " " + circuit.direction().name().toLowerCase()
                + ", wire " + format(circuit.wireOhm()) + " ohm, driver " + format(circuit.driverOhm())
                + " ohm, sense " + senseName() + ", " + inputs.length + " input vector(s)");
        line(".options klu");
        writeDrivers();
        writeWires();
        line("* devices at read conductance");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                line("Rx" + i + "_" + j + " " + rowNode(i, j) + " " + colNode(i, j) + " "
                        + format(1.0 / conductances[i * cols + j]));
            }
        }
        ReadNetlist.Decoder decoder = writeSenseAndAnalysis();
        line(".end");
        return new ReadNetlist(out.toString(), vectorNames(), decoder);
    }

    private String senseName() {
        if (circuit.sense() instanceof Sense.Integrator integ) {
            return "integrator-" + integ.encoding().name().toLowerCase();
        }
        return circuit.sense() instanceof Sense.Tia ? "tia" : "ideal";
    }

    private boolean hasWires() {
        return circuit.wireOhm() > 0;
    }

    private String rowNode(int i, int j) {
        return hasWires() ? "r" + i + "_" + j : "r" + i;
    }

    private String colNode(int i, int j) {
        return hasWires() ? "c" + i + "_" + j : "c" + j;
    }

    /** Periphery node at the driver end of row i. */
    private String rowEnd(int i) {
        return hasWires() ? "p" + i : "r" + i;
    }

    /** Periphery node at the sense end of column j. */
    private String colEnd(int j) {
        return hasWires() ? "q" + j : "c" + j;
    }

    private String drivenNode(int d) {
        return circuit.direction() == Direction.FORWARD ? rowEnd(d) : colEnd(d);
    }

    private String sensedNode(int s) {
        return circuit.direction() == Direction.FORWARD ? colEnd(s) : rowEnd(s);
    }

    private void writeDrivers() {
        boolean transient_ = circuit.sense() instanceof Sense.Integrator;
        line("* drivers" + (transient_ ? ": one read pulse per window" : ": V(k) selects input vector k"));
        if (!transient_) {
            line("Vk k 0 0");
        }
        for (int d = 0; d < circuit.drivenLines(); d++) {
            String node = circuit.driverOhm() > 0 ? "d" + d : drivenNode(d);
            if (transient_) {
                table("Vdrv" + d + " " + node + " 0 pwl(", pulseTrain(d), ")");
            } else {
                double[] points = new double[2 * Math.max(2, inputs.length)];
                for (int k = 0; k < points.length / 2; k++) {
                    points[2 * k] = k;
                    points[2 * k + 1] = inputs[Math.min(k, inputs.length - 1)][d];
                }
                table("Bdrv" + d + " " + node + " 0 V=pwl(V(k),", points, ")");
            }
            if (circuit.driverOhm() > 0) {
                line("Rdrv" + d + " " + node + " " + drivenNode(d) + " " + format(circuit.driverOhm()));
            }
        }
    }

    private void writeWires() {
        if (!hasWires()) {
            return;
        }
        String r = format(circuit.wireOhm());
        line("* row wires: p<i> - r<i>_0 - ... - r<i>_<M-1> (far end open)");
        for (int i = 0; i < circuit.rows(); i++) {
            line("Rwr" + i + "_0 p" + i + " " + rowNode(i, 0) + " " + r);
            for (int j = 1; j < circuit.cols(); j++) {
                line("Rwr" + i + "_" + j + " " + rowNode(i, j - 1) + " " + rowNode(i, j) + " " + r);
            }
        }
        line("* column wires: c0_<j> (far end open) - ... - c<N-1>_<j> - q<j>");
        int last = circuit.rows() - 1;
        for (int j = 0; j < circuit.cols(); j++) {
            for (int i = 0; i < last; i++) {
                line("Rwc" + i + "_" + j + " " + colNode(i, j) + " " + colNode(i + 1, j) + " " + r);
            }
            line("Rwc" + last + "_" + j + " " + colNode(last, j) + " q" + j + " " + r);
        }
    }

    private ReadNetlist.Decoder writeSenseAndAnalysis() {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        String sweep = ".dc Vk 0 " + (vectors - 1) + " 1";
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
                double[] branch = vector(simulated, "vsense" + s + "#branch", vectors);
                for (int k = 0; k < vectors; k++) {
                    currents[k][s] = branch[k];
                }
            }
            return currents;
        };
    }

    private ReadNetlist.Decoder writeTia(Sense.Tia tia, String sweep) {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        line("* sense: TIA, op-amp output clipped to +-" + format(tia.outputLimitVolt()) + " V, feedback "
                + format(tia.feedbackOhm()) + " ohm");
        String lim = format(tia.outputLimitVolt());
        for (int s = 0; s < sensed; s++) {
            String node = sensedNode(s);
            line("Btia" + s + " so" + s + " 0 V=max(min(" + format(-tia.openLoopGain()) + "*V(" + node + "),"
                    + lim + "),-" + lim + ")");
            line("Rf" + s + " " + node + " so" + s + " " + format(tia.feedbackOhm()));
        }
        line(sweep);
        return simulated -> {
            double[][] currents = new double[vectors][sensed];
            for (int s = 0; s < sensed; s++) {
                double[] out = vector(simulated, "so" + s, vectors);
                for (int k = 0; k < vectors; k++) {
                    currents[k][s] = -out[k] / tia.feedbackOhm();
                }
            }
            return currents;
        };
    }

    private ReadNetlist.Decoder writeIntegrator(Sense.Integrator integ) {
        int sensed = circuit.sensedLines();
        int vectors = inputs.length;
        double window = integ.windowSecond();
        double edge = integ.edgeSecond();
        line("* sense: integrators C = " + format(integ.capacitanceFarad()) + " F, reset by rst before each window");
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
        for (int s = 0; s < sensed; s++) {
            String node = sensedNode(s);
            line("Eint" + s + " so" + s + " 0 0 " + node + " " + format(integ.openLoopGain()));
            line("Cint" + s + " " + node + " so" + s + " " + format(integ.capacitanceFarad()) + " ic=0");
            line("Brst" + s + " " + node + " so" + s + " I=V(rst)*V(" + node + ",so" + s + ")");
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
                    currents[k][s] = scale * sample(time, out, (k + 1) * window - edge / 2);
                }
            }
            return currents;
        };
    }

    /** Driver waveform of line d over all windows: trapezoids whose width at half amplitude encodes the input. */
    private double[] pulseTrain(int d) {
        Sense.Integrator integ = (Sense.Integrator) circuit.sense();
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
            if (width >= edge) {
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

    /** Value of a sampled waveform at time t, by linear interpolation between its time points. */
    private static double sample(double[] time, double[] value, double t) {
        int hi = 1;
        while (hi < time.length - 1 && time[hi] < t) {
            hi++;
        }
        int lo = hi - 1;
        double span = time[hi] - time[lo];
        double frac = span > 0 ? (t - time[lo]) / span : 1;
        frac = Math.max(0, Math.min(1, frac));
        return value[lo] + frac * (value[hi] - value[lo]);
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

    private static double[] vector(Map<String, double[]> simulated, String name, int length) {
        double[] v = simulated.get(name);
        if (v == null || v.length != length) {
            throw new XbarspiceException("read: vector " + name + " has " + (v == null ? "no values" : v.length + " values")
                    + ", expected " + length + " (one per input vector)");
        }
        return v;
    }

    /** Writes {@code head}, the numbers in pairs, and {@code tail}, continuing on {@code +} lines. */
    private void table(String head, double[] numbers, String tail) {
        StringBuilder current = new StringBuilder(head);
        for (int p = 0; p < numbers.length; p += 2) {
            String pair = " " + format(numbers[p]) + "," + format(numbers[p + 1]) + (p + 2 < numbers.length ? "," : "");
            if (current.length() + pair.length() > MAX_LINE) {
                line(current.toString());
                current.setLength(0);
                current.append('+');
            }
            current.append(pair);
        }
        line(current.append(tail).toString());
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
