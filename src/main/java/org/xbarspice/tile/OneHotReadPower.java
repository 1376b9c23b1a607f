package org.xbarspice.tile;

import java.util.Arrays;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;

/**
 * The power split of a read that drives one line (a transfer's one-hot read) through wires, from ladder recursions at
 * the current conductances, without a unit solve: O(rows cols) a read, with one division per device. The other driven
 * lines are taken at 0 V along their whole length (their wires and drivers carry nothing), so that each sensed line t is
 * a ladder (segments r, shunts G to ground, its sense at 0 V through one segment, its far end open) whose admittance at
 * the driven line's node, {@code Z_t}, and the share of it its devices take, follow from one pass along it; the driven
 * line is then a ladder too (its source through driver and one segment, the far end open) with shunts {@code G Z_t /
 * (G + Z_t)}, solved in one pass each way. What is left out is second order in the IR drop: the rise of the other driven
 * lines' nodes by the currents they collect, which the model overestimates: on 393 x 257 at 1-10 uS the devices erred
 * by 9.9e-5 of the delivered power at 1 ohm (the wires by 6.6e-4 of their own) and 1.7e-3 at 20 ohm ({@code
 * bench/ReadPowerError 393 257 1 one-hot}; {@code OneHotReadPowerTest} holds 48 x 32), where the unit solve of a {@link
 * FastReadPower} line that it replaces costs about 32 times as much (256 x 256 at 1 ohm: 3.0 ms against 0.094 ms for the
 * read with this split, {@code ReadBenchmark}). The fast reader's spot checks measure its error against the exact solve
 * on every run ({@link IrDropCheck#maxEnergyError()}).
 */
final class OneHotReadPower {
    private final boolean forward;
    private final int cols;
    private final int driven;
    private final int sensed;
    private final double wireOhm;
    private final double driverOhm;
    /** Per sensed line: the admittance (S) of its part between the driven line's node and its sense, at that node. */
    private final double[] towardSense;
    /** Per sensed line: the devices' power (W per V^2 at the driven line's node) in that part. */
    private final double[] towardSenseDevices;
    /** The same two of the part between the driven line's node and the sensed line's open end. */
    private final double[] towardEnd;
    private final double[] towardEndDevices;
    /** Per node of the driven line from its source: the admittance (S) of the line from that node on, shunts included. */
    private final double[] lineAdmittance;
    /** Per node of the driven line from its source: its shunt's admittance (S), the device in series with its sensed line. */
    private final double[] shunt;

    /** @param circuit a read circuit with wires ({@code wireOhm > 0}) and an ideal sense */
    OneHotReadPower(CrossbarCircuit circuit) {
        if (circuit.wireOhm() <= 0) {
            throw new IllegalArgumentException("the one-hot power split needs wires, not " + circuit.wireOhm() + " ohm");
        }
        this.forward = circuit.direction() == Direction.FORWARD;
        this.cols = circuit.cols();
        this.driven = circuit.drivenLines();
        this.sensed = circuit.sensedLines();
        this.wireOhm = circuit.wireOhm();
        this.driverOhm = circuit.driverOhm();
        this.towardSense = new double[sensed];
        this.towardSenseDevices = new double[sensed];
        this.towardEnd = new double[sensed];
        this.towardEndDevices = new double[sensed];
        this.lineAdmittance = new double[sensed];
        this.shunt = new double[sensed];
    }

    /** The driven line at place p along every sensed line: p wire segments from its node to the sense, less one. */
    private int lineAt(int p) {
        return forward ? driven - 1 - p : p;
    }

    /** The sensed line at node q of a driven line, q = 0 next to the driven line's source. */
    private int sensedAt(int q) {
        return forward ? q : sensed - 1 - q;
    }

    /** The device where driven line a crosses sensed line t. */
    private int device(int a, int t) {
        return forward ? a * cols + t : t * cols + a;
    }

    /**
     * The power of the read that drives line {@code line} alone at {@code volt} (V) through conductances g (S), the
     * sense ideal (it absorbs nothing).
     */
    ArrayPower power(double[] g, int line, double volt) {
        double r = wireOhm;
        int place = forward ? driven - 1 - line : line;
        // each sensed line's ladder, from its sense (one segment past place 0) and from its open end to the driven line
        Arrays.fill(towardSense, 1 / r);
        Arrays.fill(towardSenseDevices, 0);
        fold(g, 0, place, 1, towardSense, towardSenseDevices);
        Arrays.fill(towardEnd, 0);
        Arrays.fill(towardEndDevices, 0);
        fold(g, driven - 1, driven - 1 - place, -1, towardEnd, towardEndDevices);
        // the driven line's ladder, from its open end to its source
        double following = 0;
        for (int q = sensed - 1; q >= 0; q--) {
            int t = sensedAt(q);
            double gd = g[device(line, t)];
            double z = towardSense[t] + towardEnd[t];
            shunt[q] = gd * z / (gd + z);
            lineAdmittance[q] = shunt[q] + following;
            following = lineAdmittance[q] / (1 + r * lineAdmittance[q]);
        }
        double series = driverOhm + r;
        double current = volt * lineAdmittance[0] / (1 + series * lineAdmittance[0]);
        double node = volt - series * current;
        double devices = 0;
        double wires = r * current * current;
        for (int q = 0; q < sensed; q++) {
            int t = sensedAt(q);
            double gd = g[device(line, t)];
            double z = towardSense[t] + towardEnd[t];
            double across = node * z / (gd + z); // the device's voltage; its sensed line's node is at node - across
            double raised = node - across;
            double sensedDevices = towardSenseDevices[t] + towardEndDevices[t];
            devices += gd * across * across + sensedDevices * raised * raised;
            wires += (z - sensedDevices) * raised * raised;
            if (q + 1 < sensed) {
                double onward = node * (lineAdmittance[q] - shunt[q]);
                wires += r * onward * onward;
                node /= 1 + r * lineAdmittance[q + 1];
            }
        }
        return new ArrayPower(devices, wires, driverOhm * current * current, 0, volt * current);
    }

    /**
     * Extends every sensed line's ladder part by {@code count} places from {@code from} in steps of {@code step} (+1 or
     * -1): each place's device to ground, then one wire segment on. A part of admittance y past a segment is seen as
     * {@code y k}, {@code k = 1 / (1 + r y)}, its devices' power per V^2 as theirs times k^2. {@code admittance} (S) and
     * {@code devices} (W per V^2) hold the part per sensed line, and are extended in place.
     */
    private void fold(double[] g, int from, int count, int step, double[] admittance, double[] devices) {
        double r = wireOhm;
        for (int n = 0, p = from; n < count; n++, p += step) {
            int a = lineAt(p);
            for (int t = 0; t < sensed; t++) {
                double h = g[device(a, t)];
                double y = admittance[t] + h;
                double k = 1 / (1 + r * y);
                admittance[t] = y * k;
                devices[t] = (h + devices[t]) * k * k;
            }
        }
    }
}
