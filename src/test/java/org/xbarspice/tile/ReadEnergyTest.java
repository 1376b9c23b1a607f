package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.fraction.BigFractionField;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.linear.FieldVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.SharedEngine;

/**
 * The power of a DC read (devices, wires, drivers, sources) in both engines: against an exact rational solve of a
 * 2 x 2 array written out resistor by resistor, and behavioral against ngspice on 64 x 64 arrays with wires.
 */
@Tag("ngspice")
class ReadEnergyTest {
    /** An explicit resistor network solved exactly in rationals: nodes fixed at a source voltage or free. */
    private static final class Network {
        record Resistor(String a, String b, BigFraction conductance, String kind) {
        }

        final Map<String, BigFraction> fixed = new HashMap<>();
        final List<Resistor> resistors = new ArrayList<>();
        final Map<String, BigFraction> volts = new HashMap<>();

        void resistor(String a, String b, double ohm, String kind) {
            resistors.add(new Resistor(a, b, new BigFraction(ohm).reciprocal(), kind));
        }

        void conductance(String a, String b, BigFraction siemens, String kind) {
            resistors.add(new Resistor(a, b, siemens, kind));
        }

        void device(String a, String b, double siemens) {
            resistors.add(new Resistor(a, b, new BigFraction(siemens), "devices"));
        }

        void solve() {
            List<String> free = new ArrayList<>();
            for (Resistor r : resistors) {
                for (String n : new String[] {r.a(), r.b()}) {
                    if (!fixed.containsKey(n) && !free.contains(n)) {
                        free.add(n);
                    }
                }
            }
            int size = free.size();
            FieldMatrix<BigFraction> y = new Array2DRowFieldMatrix<>(BigFractionField.getInstance(), size, size);
            FieldVector<BigFraction> rhs = new ArrayFieldVector<>(BigFractionField.getInstance(), size);
            for (Resistor r : resistors) {
                int a = free.indexOf(r.a());
                int b = free.indexOf(r.b());
                BigFraction g = r.conductance();
                if (a >= 0) {
                    y.addToEntry(a, a, g);
                    if (b >= 0) {
                        y.addToEntry(a, b, g.negate());
                    } else {
                        rhs.setEntry(a, rhs.getEntry(a).add(g.multiply(fixed.get(r.b()))));
                    }
                }
                if (b >= 0) {
                    y.addToEntry(b, b, g);
                    if (a >= 0) {
                        y.addToEntry(b, a, g.negate());
                    } else {
                        rhs.setEntry(b, rhs.getEntry(b).add(g.multiply(fixed.get(r.a()))));
                    }
                }
            }
            FieldVector<BigFraction> v = new FieldLUDecomposition<>(y).getSolver().solve(rhs);
            volts.putAll(fixed);
            for (int k = 0; k < size; k++) {
                volts.put(free.get(k), v.getEntry(k));
            }
        }

        /** Power dissipated in the resistors of one kind (W). */
        double dissipated(String kind) {
            BigFraction sum = BigFraction.ZERO;
            for (Resistor r : resistors) {
                if (r.kind().equals(kind)) {
                    BigFraction drop = volts.get(r.a()).subtract(volts.get(r.b()));
                    sum = sum.add(drop.multiply(drop).multiply(r.conductance()));
                }
            }
            return sum.doubleValue();
        }
    }

    private static final double[] G = {1.0 / 4000, 1.0 / 9000, 1.0 / 20000, 1.0 / 7000};
    private static final double WIRE = 2.5;
    private static final double DRIVER = 40;

    /**
     * The 2 x 2 array resistor by resistor: source s_i (or t_j) behind the driver resistance at the line end p_i (q_j),
     * wire segments p_i - r_i0 - r_i1 and c_0j - c_1j - q_j, devices r_ij - c_ij; sensed ends at 0 V, or with {@code tia}
     * its input node S: an op-amp whose output is {@code V_out = -A0 V_S} and whose feedback carries the line's current I
     * holds {@code V_S = I R_f / (A0 + 1)}, a conductance {@code (A0 + 1) / R_f} to ground (kind "tia").
     */
    private static Network twoByTwo(Direction direction, double[] v, Sense.Tia tia) {
        Network n = new Network();
        boolean forward = direction == Direction.FORWARD;
        for (int l = 0; l < 2; l++) {
            String source = forward ? "s" + l : "t" + l;
            String end = forward ? "p" + l : "q" + l;
            n.fixed.put(source, new BigFraction(v[l]));
            n.resistor(source, end, DRIVER, "drivers");
            String sensed = forward ? "q" + l : "p" + l;
            if (tia == null) {
                n.fixed.put(sensed, BigFraction.ZERO);
            } else {
                n.fixed.put("ground", BigFraction.ZERO);
                n.conductance(sensed, "ground", new BigFraction(tia.openLoopGain()).add(1)
                        .divide(new BigFraction(tia.feedbackOhm())), "tia");
            }
        }
        for (int i = 0; i < 2; i++) {
            n.resistor("p" + i, "r" + i + "0", WIRE, "wires");
            n.resistor("r" + i + "0", "r" + i + "1", WIRE, "wires");
            n.resistor("c0" + i, "c1" + i, WIRE, "wires");
            n.resistor("c1" + i, "q" + i, WIRE, "wires");
            for (int j = 0; j < 2; j++) {
                n.device("r" + i + j, "c" + i + j, G[2 * i + j]);
            }
        }
        n.solve();
        return n;
    }

    private static ArrayPower read(CrossbarReader reader, Direction direction, double[] v) {
        ArrayPower[] power = new ArrayPower[1];
        reader.readPower(G, RowChanges.ALL, direction, new double[][] {v}, new double[1][2], power, 1);
        return power[0];
    }

    /**
     * Every part against the exact rational solve, ideal sense and TIA. A TIA's feedback resistor dissipates I^2 R_f,
     * supplied by its op-amp's output: the sense part of the split (it held only I V_S at the op-amp's input, 1e-6 of
     * that at a gain of 1e6: 1.6e-8 pJ against 0.016 pJ a vector of a 4 x 4 read, a tenth of its array energy); exactly,
     * each input node holds a conductance (A0 + 1) / R_f to ground.
     */
    @Test
    void twoByTwoWithWiresAndDriversEqualsTheExactSolveInBothEnginesAndDirections() {
        double[] v = {0.2, -0.15};
        // the TIA at a low gain, so that its input's share is not lost to rounding
        for (Sense sense : List.<Sense>of(new Sense.Ideal(), new Sense.Tia(1e3, 5e3, 1.5))) {
            Sense.Tia tia = sense instanceof Sense.Tia t ? t : null;
            CrossbarCircuit circuit = new CrossbarCircuit(2, 2, WIRE, DRIVER, sense, Direction.FORWARD);
            for (Direction direction : Direction.values()) {
                Network exact = twoByTwo(direction, v, tia);
                double devices = exact.dissipated("devices");
                double wires = exact.dissipated("wires");
                double drivers = exact.dissipated("drivers");
                // each sensed line's current I through its input conductance y: I^2 / y there, I^2 R_f in the feedback
                double feedback = tia == null ? 0 : exact.dissipated("tia") * (tia.openLoopGain() + 1);
                double total = devices + wires + drivers + feedback;
                for (CrossbarReader reader : List.of(new BehavioralReader(circuit), new SpiceReader(SharedEngine.get(), circuit))) {
                    ArrayPower p = read(reader, direction, v);
                    String what = reader.engine() + " " + sense + " " + direction;
                    // measured: every part within 2.0e-15 relative (behavioral) and 6.5e-15 (ngspice) of the exact one
                    // with the ideal sense, 5.6e-15 and 8.5e-15 with the TIA (its feedback 3.7e-15 and 8.5e-15)
                    double bound = 5e-14;
                    assertEquals(devices, p.devices(), bound * devices, what + " devices");
                    assertEquals(wires, p.wires(), bound * wires, what + " wires");
                    assertEquals(drivers, p.drivers(), bound * drivers, what + " drivers");
                    assertEquals(feedback, p.sense(), bound * (tia == null ? total : feedback), what + " sense");
                    assertEquals(total, p.delivered(), bound * total, what + " delivered by the sources and op-amps");
                }
            }
        }
    }

    @Test
    void sixtyFourBySixtyFourWithWiresAgreesWithNgspiceInBothDirections() {
        for (double wire : new double[] {1, 10}) {
            CrossbarCircuit circuit = new CrossbarCircuit(64, 64, wire, 0, new Sense.Ideal(), Direction.FORWARD);
            ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 3, 0.2, 7);
            for (Direction direction : Direction.values()) {
                double[][] volts = direction == Direction.FORWARD ? draw.inputs()
                        : ReadCase.draw(circuit.withDirection(direction), 1e-6, 1e-5, 3, 0.2, 7).inputs();
                ArrayPower[] behavioral = new ArrayPower[volts.length];
                ArrayPower[] spice = new ArrayPower[volts.length];
                new BehavioralReader(circuit).readPower(draw.conductances(), RowChanges.ALL, direction, volts, new double[3][64],
                        behavioral, volts.length);
                new SpiceReader(SharedEngine.get(), circuit).readPower(draw.conductances(), RowChanges.ALL, direction, volts,
                        new double[3][64], spice, volts.length);
                for (int k = 0; k < volts.length; k++) {
                    String what = wire + " ohm " + direction + " vector " + k;
                    ArrayPower b = behavioral[k];
                    ArrayPower s = spice[k];
                    // measured: at most 5.5e-13 relative (forward, 1 ohm); the wires take 0.8 % (1 ohm) and 7 % (10 ohm)
                    double bound = 5e-12;
                    assertEquals(s.devices(), b.devices(), bound * s.devices(), what + " devices");
                    assertEquals(s.wires(), b.wires(), bound * s.wires(), what + " wires");
                    assertEquals(s.delivered(), b.delivered(), bound * s.delivered(), what + " delivered");
                }
            }
        }
    }
}
