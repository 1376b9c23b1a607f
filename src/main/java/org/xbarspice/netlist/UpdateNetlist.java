package org.xbarspice.netlist;

import static org.xbarspice.units.SpiceNumber.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.ShapedLaw;

/**
 * Netlists of pulsed updates: the full transient with the compact device {@code xpd}
 * ({@code device-models/xpd.lib}, inlined so every netlist stands alone; for a shaped law its subcircuit
 * {@link ShapedLaw#SPICE_NAME} instead, {@link ShapedLaw#spiceSubckt()}), the DC sweep of the
 * quasi-static mode, and the single-device pulse response.
 */
public final class UpdateNetlist {
    /**
     * Options of update transients. The state capacitor holds the change of the state since the start, and
     * the simulator's tolerance is relative to it: a stochastic update moves a device by at most BL steps,
     * where reltol = 1e-4 keeps each step exact to about 0.2 %.
     */
    static final String UPDATE_OPTIONS = ".options klu reltol=1e-4";
    /** A pulse response accumulates hundreds of steps on one state: it needs reltol = 1e-6 for the same accuracy. */
    static final String RESPONSE_OPTIONS = ".options klu reltol=1e-6";
    /** The state capacitor holds 1000 (x - x0). */
    private static final double STATE_SCALE = 1e3;

    private UpdateNetlist() {
    }

    /**
     * Full transient of one stochastic update: every active slot of {@code pulses} is a pulse on the rows
     * and columns that fire in it; each device is an {@code xpd} instance with its own parameters and
     * its state at {@code weights}. The result: the weights after the update.
     *
     * @param devices per crosspoint (row-major), from {@link CompactDevice#of}
     * @param weights per crosspoint at the start (weight units)
     */
    public static Netlist<double[]> transientUpdate(UpdateCircuit c, DeviceConductance conductance,
                                                    CompactDevice[] devices, double[] weights, UpdatePulses pulses) {
        Netlist<TransientRun> run = transientRun(c, conductance, devices, weights, pulses, pulses.activeSlots(), false);
        return new Netlist<>(run.text(), run.vectors(), simulated -> run.decode(simulated).weights());
    }

    /**
     * The transient of {@link #transientUpdate} (the same circuit and time steps, so the same weights), returning with the
     * weights the waveforms its energy is computed from.
     */
    public static Netlist<TransientRun> transientEnergyUpdate(UpdateCircuit c, DeviceConductance conductance,
                                                              CompactDevice[] devices, double[] weights,
                                                              UpdatePulses pulses) {
        return transientRun(c, conductance, devices, weights, pulses, pulses.activeSlots(), true);
    }

    /**
     * An update transient's result.
     *
     * @param weights      the weights after the update (weight units)
     * @param time         the simulated time points (s); null without waveforms
     * @param states       every device's state x in [0, 1] at every time point, [crosspoint][time]
     * @param rowNodeVolts the row-side node voltage of every crosspoint (V), [crosspoint][time]
     * @param colNodeVolts the column-side node voltage of every crosspoint (V), [crosspoint][time]
     * @param rowSources   every row source's voltage (V), [row][time]
     * @param colSources   every column source's voltage (V), [column][time]
     */
    public record TransientRun(double[] weights, double[] time, double[][] states, double[][] rowNodeVolts,
                               double[][] colNodeVolts, double[][] rowSources, double[][] colSources) {
    }

    private static Netlist<TransientRun> transientRun(UpdateCircuit c, DeviceConductance conductance,
                                                      CompactDevice[] devices, double[] weights, UpdatePulses pulses,
                                                      List<UpdatePulses.Slot> slots, boolean waveforms) {
        NetlistText out = new NetlistText();
        ArrayNodes nodes = new ArrayNodes(c.rows(), c.cols(), c.wireOhm());
        out.line("* xbarspice pulse update " + c.rows() + "x" + c.cols() + ", transient, BL " + pulses.bl() + ", "
                + slots.size() + " active slot(s), Vp " + format(c.pulse().amplitudeVolt()) + " V, wire "
                + format(c.wireOhm()) + " ohm, driver " + format(c.driverOhm()) + " ohm");
        out.line(UPDATE_OPTIONS);
        inlineLibrary(out, devices[0].shaped());
        out.line("* row drivers (+-Vp/2) and column drivers (-+Vp/2), one pulse per active slot");
        for (int i = 0; i < c.rows(); i++) {
            double[] volts = new double[slots.size()];
            for (int g = 0; g < slots.size(); g++) {
                volts[g] = pulses.rowVolt(slots.get(g), i, c.pulse().amplitudeVolt());
            }
            pulseSource(out, c, "r" + i, nodes.rowEnd(i), volts);
        }
        for (int j = 0; j < c.cols(); j++) {
            double[] volts = new double[slots.size()];
            for (int g = 0; g < slots.size(); g++) {
                volts[g] = pulses.colVolt(slots.get(g), j, c.pulse().amplitudeVolt());
            }
            pulseSource(out, c, "c" + j, nodes.colEnd(j), volts);
        }
        nodes.writeWires(out);
        out.line("* devices: xpd with their own parameters and initial states");
        List<String> vectors = new ArrayList<>(c.rows() * c.cols());
        double[] x0 = new double[devices.length];
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                int k = i * c.cols() + j;
                x0[k] = devices[k].state(weights[k]);
                out.line(instance("Xd" + i + "_" + j, nodes.rowNode(i, j), nodes.colNode(i, j), conductance, devices[k],
                        x0[k]));
                vectors.add("xd" + i + "_" + j + ".dx");
            }
        }
        out.line(tranLine(c.pulse(), Math.max(1, slots.size()) * c.slotSecond()));
        out.line(".end");
        List<String> states = List.copyOf(vectors);
        List<String> rowSources = new ArrayList<>();
        List<String> colSources = new ArrayList<>();
        if (waveforms) {
            vectors.add("time");
            for (int i = 0; i < c.rows(); i++) {
                rowSources.add(c.driverOhm() > 0 ? "dr" + i : nodes.rowEnd(i));
            }
            for (int j = 0; j < c.cols(); j++) {
                colSources.add(c.driverOhm() > 0 ? "dc" + j : nodes.colEnd(j));
            }
            vectors.addAll(nodeNames(c, nodes));
            vectors.addAll(rowSources);
            vectors.addAll(colSources);
        }
        List<String> names = vectors.stream().distinct().toList();
        return new Netlist<>(out.toString(), names, simulated -> {
            int size = devices.length;
            double[] after = new double[size];
            for (int k = 0; k < size; k++) {
                double[] dx = simulated.get(states.get(k));
                after[k] = devices[k].weight(x0[k] + dx[dx.length - 1] / STATE_SCALE);
            }
            if (!waveforms) {
                return new TransientRun(after, null, null, null, null, null, null);
            }
            double[] time = simulated.get("time");
            double[][] x = new double[size][];
            double[][] vR = new double[size][];
            double[][] vC = new double[size][];
            for (int k = 0; k < size; k++) {
                double[] dx = NetlistText.vector(simulated, states.get(k), time.length);
                x[k] = new double[time.length];
                for (int t = 0; t < time.length; t++) {
                    x[k][t] = Math.min(Math.max(x0[k] + dx[t] / STATE_SCALE, 0), 1);
                }
                vR[k] = NetlistText.vector(simulated, nodes.rowNode(k / c.cols(), k % c.cols()), time.length);
                vC[k] = NetlistText.vector(simulated, nodes.colNode(k / c.cols(), k % c.cols()), time.length);
            }
            double[][] rs = new double[c.rows()][];
            for (int i = 0; i < c.rows(); i++) {
                rs[i] = NetlistText.vector(simulated, rowSources.get(i), time.length);
            }
            double[][] cs = new double[c.cols()][];
            for (int j = 0; j < c.cols(); j++) {
                cs[j] = NetlistText.vector(simulated, colSources.get(j), time.length);
            }
            return new TransientRun(after, time, x, vR, vC, rs, cs);
        });
    }

    /** The row-side and column-side node of every crosspoint, each once. */
    private static List<String> nodeNames(UpdateCircuit c, ArrayNodes nodes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                names.add(nodes.rowNode(i, j));
                names.add(nodes.colNode(i, j));
            }
        }
        return names.stream().distinct().toList();
    }

    /**
     * DC sweep of the quasi-static mode: sweep point g applies the source voltages of active slot g of
     * {@code pulses} (rows and columns through the driver resistance) to the array with its devices as
     * linear resistors at {@code conductances} (S). The result: the voltage across every device
     * V(R(i,j)) - V(C(i,j)) (V), [slot][crosspoint].
     */
    public static Netlist<double[][]> quasiStaticSweep(UpdateCircuit c, double[] conductances, UpdatePulses pulses) {
        Netlist<SlotNodes> sweep = quasiStaticNodes(c, conductances, pulses, pulses.activeSlots());
        return new Netlist<>(sweep.text(), sweep.vectors(), simulated -> {
            SlotNodes nodes = sweep.decode(simulated);
            double[][] volts = new double[nodes.rowNodeVolts().length][];
            for (int g = 0; g < volts.length; g++) {
                volts[g] = nodes.rowNodeVolts()[g].clone();
                for (int k = 0; k < volts[g].length; k++) {
                    volts[g][k] -= nodes.colNodeVolts()[g][k];
                }
            }
            return volts;
        });
    }

    /**
     * The node voltages of the quasi-static sweep.
     *
     * @param rowNodeVolts the row-side node voltage of every crosspoint (V), [slot][crosspoint]
     * @param colNodeVolts the column-side node voltage of every crosspoint (V), [slot][crosspoint]
     */
    public record SlotNodes(double[][] rowNodeVolts, double[][] colNodeVolts) {
    }

    /**
     * The DC sweep of the quasi-static mode over {@code slots} of {@code pulses} (e.g. the active or the firing
     * slots), returning the crosspoint node voltages of every slot.
     */
    public static Netlist<SlotNodes> quasiStaticNodes(UpdateCircuit c, double[] conductances, UpdatePulses pulses,
                                                      List<UpdatePulses.Slot> slots) {
        NetlistText out = new NetlistText();
        ArrayNodes nodes = new ArrayNodes(c.rows(), c.cols(), c.wireOhm());
        int points = slots.size();
        out.line("* xbarspice pulse update " + c.rows() + "x" + c.cols() + ", quasi-static: one DC point per active slot ("
                + points + "), Vp " + format(c.pulse().amplitudeVolt()) + " V, wire " + format(c.wireOhm())
                + " ohm, driver " + format(c.driverOhm()) + " ohm");
        out.line(".options klu");
        out.line("* drivers: V(k) selects active slot k");
        out.line("Vk k 0 0");
        for (int i = 0; i < c.rows(); i++) {
            double[] volts = new double[points];
            for (int g = 0; g < points; g++) {
                volts[g] = pulses.rowVolt(slots.get(g), i, c.pulse().amplitudeVolt());
            }
            sweptDriver(out, c, "r" + i, nodes.rowEnd(i), volts);
        }
        for (int j = 0; j < c.cols(); j++) {
            double[] volts = new double[points];
            for (int g = 0; g < points; g++) {
                volts[g] = pulses.colVolt(slots.get(g), j, c.pulse().amplitudeVolt());
            }
            sweptDriver(out, c, "c" + j, nodes.colEnd(j), volts);
        }
        nodes.writeWires(out);
        nodes.writeResistors(out, conductances);
        out.line(".dc Vk 0 " + Math.max(0, points - 1) + " 1");
        out.line(".end");
        return new Netlist<>(out.toString(), nodeNames(c, nodes), simulated -> {
            double[][] vR = new double[points][c.rows() * c.cols()];
            double[][] vC = new double[points][c.rows() * c.cols()];
            for (int i = 0; i < c.rows(); i++) {
                for (int j = 0; j < c.cols(); j++) {
                    double[] row = NetlistText.vector(simulated, nodes.rowNode(i, j), points);
                    double[] col = NetlistText.vector(simulated, nodes.colNode(i, j), points);
                    for (int g = 0; g < points; g++) {
                        vR[g][i * c.cols() + j] = row[g];
                        vC[g][i * c.cols() + j] = col[g];
                    }
                }
            }
            return new SlotNodes(vR, vC);
        });
    }

    /**
     * The {@code .tran} line of pulses of {@code pulse} up to {@code stop} (s): printed at the edge, stepped at most
     * {@link PulseShape#transientStepSecond} (given only where it is longer than the edge, which ngspice takes by default).
     */
    private static String tranLine(PulseShape pulse, double stop) {
        double step = pulse.transientStepSecond();
        return ".tran " + format(pulse.edgeSecond()) + " " + format(stop)
                + (step > pulse.edgeSecond() ? " 0 " + format(step) : "") + " uic";
    }

    /**
     * Transient of {@code count} up pulses then {@code count} down pulses of full amplitude on one device,
     * one per slot. The result: the weight before the first pulse and after each one (2 count + 1 values).
     */
    public static Netlist<double[]> pulseResponse(CompactDevice device, DeviceConductance conductance, double w0,
                                                  PulseShape pulse, double slotSecond, int count) {
        UpdateCircuit c = new UpdateCircuit(1, 1, 0, 0, pulse, slotSecond);
        NetlistText out = new NetlistText();
        out.line("* xbarspice pulse response: " + count + " up then " + count + " down pulses of "
                + format(pulse.amplitudeVolt()) + " V on one device");
        out.line(RESPONSE_OPTIONS);
        inlineLibrary(out, device.shaped());
        double[] volts = new double[2 * count];
        for (int g = 0; g < volts.length; g++) {
            volts[g] = g < count ? pulse.amplitudeVolt() : -pulse.amplitudeVolt();
        }
        pulseSource(out, c, "t", "t", volts);
        double x0 = device.state(w0);
        out.line(instance("Xd", "t", "0", conductance, device, x0));
        out.line(tranLine(pulse, volts.length * slotSecond));
        out.line(".end");
        return new Netlist<>(out.toString(), List.of("time", "xd.dx"), simulated -> {
            double[] time = simulated.get("time");
            double[] dx = simulated.get("xd.dx");
            double[] w = new double[volts.length + 1];
            w[0] = w0;
            for (int g = 0; g < volts.length; g++) {
                w[g + 1] = device.weight(x0 + NetlistText.sampleAt(time, dx, (g + 1) * slotSecond) / STATE_SCALE);
            }
            return w;
        });
    }

    /**
     * One device instance line: {@code xpd}, or the shaped law's subcircuit with its rates and parameters; its gmin and
     * gmax are the device's conductances at its own bounds (the subcircuit clips at 0 S).
     */
    private static String instance(String name, String t, String b, DeviceConductance conductance, CompactDevice d,
                                   double x0) {
        String range = " gmin=" + format(conductance.linear(d.wMin())) + " gmax=" + format(conductance.linear(d.wMax()));
        if (d.shaped() != null) {
            return name + " " + t + " " + b + " " + ShapedLaw.SPICE_NAME + range + " x0=" + format(x0) + " ku="
                    + format(d.stateRateUp()) + " kd=" + format(d.stateRateDown()) + " vtp=" + format(d.vtp()) + " vtn="
                    + format(d.vtn()) + d.shaped().spiceParameters(d.wMin(), d.wMax());
        }
        return name + " " + t + " " + b + " xpd" + range
                + " x0=" + format(x0) + " au=" + format(d.au()) + " bu=" + format(d.bu()) + " ad=" + format(d.ad())
                + " bd=" + format(d.bd()) + " vtp=" + format(d.vtp()) + " vtn=" + format(d.vtn());
    }

    /** A PWL source with one trapezoidal pulse of {@code volts[g]} in each global slot g (none where 0). */
    private static void pulseSource(NetlistText out, UpdateCircuit c, String name, String node, double[] volts) {
        String source = c.driverOhm() > 0 ? "d" + name : node;
        boolean any = false;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        PulseShape p = c.pulse();
        for (int g = 0; g < volts.length; g++) {
            if (volts[g] == 0) {
                continue;
            }
            any = true;
            double t0 = c.slotStart(g);
            points.add(new double[] {t0, 0});
            points.add(new double[] {t0 + p.edgeSecond(), volts[g]});
            points.add(new double[] {t0 + p.edgeSecond() + p.widthSecond(), volts[g]});
            points.add(new double[] {t0 + p.durationSecond(), 0});
        }
        if (any) {
            double[] flat = new double[2 * points.size()];
            for (int k = 0; k < points.size(); k++) {
                flat[2 * k] = points.get(k)[0];
                flat[2 * k + 1] = points.get(k)[1];
            }
            out.table("V" + name + " " + source + " 0 pwl(", flat, ")");
        } else {
            out.line("V" + name + " " + source + " 0 0");
        }
        if (c.driverOhm() > 0) {
            out.line("Rdrv" + name + " " + source + " " + node + " " + format(c.driverOhm()));
        }
    }

    /** A swept (table) source behind the driver resistance. */
    private static void sweptDriver(NetlistText out, UpdateCircuit c, String name, String node, double[] volts) {
        String source = c.driverOhm() > 0 ? "d" + name : node;
        out.sweptSource("B" + name, source, volts);
        if (c.driverOhm() > 0) {
            out.line("Rdrv" + name + " " + source + " " + node + " " + format(c.driverOhm()));
        }
    }

    /** The device subcircuit: the shaped law's, or {@code xpd} for a linear law ({@code shaped} null). */
    private static void inlineLibrary(NetlistText out, ShapedLaw shaped) {
        if (shaped != null) {
            for (String line : shaped.spiceSubckt().split("\n")) {
                out.line(line);
            }
            return;
        }
        try (InputStream in = UpdateNetlist.class.getResourceAsStream("/device-models/xpd.lib")) {
            if (in == null) {
                throw new IllegalStateException("device-models/xpd.lib is missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                out.line(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
