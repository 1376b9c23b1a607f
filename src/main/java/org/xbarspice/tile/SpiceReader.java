package org.xbarspice.tile;

import static org.xbarspice.units.SpiceNumber.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceTimeoutException;

/**
 * Reads through ngspice: one netlist ({@link CrossbarNetlist#read}) and one analysis for all the vectors of a call.
 *
 * <p>A reader of a {@link SpiceTile} keeps, per direction, the circuit of its last single-vector read loaded in ngspice
 * (linear circuits only: ideal sense). The next such read {@code alter}s only the devices and drive sources whose
 * values changed and reruns {@code .op}; the sensed currents then differ from a fresh load's by rounding (measured:
 * 7.5e-16 of the largest current in {@code SpiceTileTest}). Altering even every device beats loading anew, so a kept
 * circuit is never reloaded: measured once in process, with a harness that is not in the tree, on the 65 x 17 read
 * circuit with 1 ohm wires (medians of 195 reads, machine shared, load average 4): a fresh netlist 67 ms (keep + first op 78 ms), alter of all 1,105 devices
 * and 65 sources + op 47 ms, op alone 27 ms; an alter costs about 17 us, as does parsing one netlist line, and a
 * netlist with wires has three lines per device. A kept circuit that fails is dropped and the read runs as a fresh
 * netlist.
 */
public final class SpiceReader implements CrossbarReader {
    private final NetlistRunner engine;
    private final CrossbarCircuit circuit;
    /** The kept circuit per direction (index = ordinal), or null; the array is null when nothing is kept. */
    private Held[] held;

    /** A kept circuit and the values it holds now. */
    private record Held(KeptCircuit spice, Netlist<double[][]> netlist, double[] g, double[] volts) {
    }

    /** A reader of {@code circuit} whose analyses run in {@code engine}; every read loads its netlist. */
    public SpiceReader(SpiceEngine engine, CrossbarCircuit circuit) {
        this(NetlistRunner.of(Objects.requireNonNull(engine, "SPICE engine")), circuit, false);
    }

    /**
     * As the public constructor, with the netlists run by {@code engine} (retries and timing of a {@link SpiceTile}),
     * keeping circuits loaded between single-vector reads if {@code keep} and the runner can.
     */
    SpiceReader(NetlistRunner engine, CrossbarCircuit circuit, boolean keep) {
        this.engine = engine;
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.held = keep && circuit.sense() instanceof Sense.Ideal ? new Held[Direction.values().length] : null;
    }

    @Override
    public CrossbarCircuit circuit() {
        return circuit;
    }

    @Override
    public void read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, int count) {
        if (count == 1 && held != null) {
            double[] sensed = keptRead(g, direction, volts[0]);
            if (sensed != null) {
                System.arraycopy(sensed, 0, amps[0], 0, sensed.length);
                return;
            }
        }
        double[][] inputs = count == volts.length ? volts : Arrays.copyOf(volts, count);
        double[][] sensed = engine.run(CrossbarNetlist.read(circuit.withDirection(direction), g, inputs));
        for (int k = 0; k < count; k++) {
            System.arraycopy(sensed[k], 0, amps[k], 0, sensed[k].length);
        }
    }

    /**
     * One read through the kept circuit of {@code direction}: altered, or loaded if there is none yet, or anew when a
     * device reaches or leaves 0 S (the netlist leaves such a device out, so it has no resistor to alter). Null when the
     * runner keeps no circuits (then never tried again) or the kept circuit failed.
     */
    private double[] keptRead(double[] g, Direction direction, double[] v) {
        int d = direction.ordinal();
        Held h = held[d];
        if (h != null && opensOrCloses(h.g(), g)) {
            h.spice().close();
            held[d] = h = null;
        }
        List<String> alterations = new ArrayList<>();
        if (h == null) {
            Netlist<double[][]> netlist = CrossbarNetlist.read(circuit.withDirection(direction), g, new double[][] {v});
            KeptCircuit spice = engine.keep(netlist);
            if (spice == null) {
                held = null;
                return null;
            }
            h = new Held(spice, netlist, g.clone(), v.clone());
            held[d] = h;
        } else {
            int cols = circuit.cols();
            for (int k = 0; k < g.length; k++) {
                if (g[k] != h.g()[k]) {
                    alterations.add(CrossbarNetlist.deviceName(k / cols, k % cols) + " = " + format(1.0 / g[k]));
                    h.g()[k] = g[k];
                }
            }
            for (int s = 0; s < v.length; s++) {
                if (v[s] != h.volts()[s]) {
                    alterations.add(CrossbarNetlist.driverName(s) + " = " + format(v[s]));
                    h.volts()[s] = v[s];
                }
            }
        }
        try {
            return h.netlist().decode(engine.rerun(h.spice(), alterations).vectors())[0];
        } catch (SpiceTimeoutException e) {
            held[d] = null; // gone with its analysis (stopped or abandoned): a fresh netlist would only wait as long
            throw e;
        } catch (SpiceException e) {
            held[d] = null; // the kept circuit is gone; the read runs as a fresh netlist (retried, named on failure)
            return null;
        }
    }

    /** Whether a device of conductances {@code was} is at 0 S before or after they change to {@code now} (S). */
    private static boolean opensOrCloses(double[] was, double[] now) {
        for (int k = 0; k < now.length; k++) {
            if (now[k] != was[k] && (now[k] == 0 || was[k] == 0)) {
                return true;
            }
        }
        return false;
    }

    /** Frees the circuits kept in ngspice (reads after this load them anew). */
    public void releaseKept() {
        if (held != null) {
            for (int d = 0; d < held.length; d++) {
                if (held[d] != null) {
                    held[d].spice().close();
                    held[d] = null;
                }
            }
        }
    }

    @Override
    public void readPower(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps,
                          ArrayPower[] power, int count) {
        double[][] inputs = count == volts.length ? volts : Arrays.copyOf(volts, count);
        CrossbarCircuit oriented = circuit.withDirection(direction);
        if (oriented.sense() instanceof Sense.Integrator integ) {
            CrossbarNetlist.TransientNodes run = engine.run(CrossbarNetlist.readTransientNodes(oriented, g, inputs));
            ArrayPower[] mean = IntegratorReadEnergy.spice(oriented, g, run, count);
            for (int k = 0; k < count; k++) {
                System.arraycopy(run.amps()[k], 0, amps[k], 0, run.amps()[k].length);
                power[k] = IntegratorReadEnergy.withCapacitors(mean[k], run.amps()[k], integ);
            }
            return;
        }
        CrossbarNetlist.NodeRead read = engine.run(CrossbarNetlist.readNodes(oriented, g, inputs));
        for (int k = 0; k < count; k++) {
            System.arraycopy(read.amps()[k], 0, amps[k], 0, read.amps()[k].length);
            power[k] = CrossbarPower.of(oriented, false, g, inputs[k], inputs[k], read.rowNodeVolts()[k],
                    read.colNodeVolts()[k]);
        }
    }

    @Override
    public void awaitIdle() {
        engine.awaitIdle();
    }

    @Override
    public String engine() {
        return NGSPICE;
    }
}
