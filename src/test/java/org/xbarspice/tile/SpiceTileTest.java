package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.SharedEngine;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.SpiceTimeoutException;

/** A SPICE tile against its behavioral twin built from the same spec and seed, and its failure handling. */
@Tag("ngspice")
class SpiceTileTest {
    private static final DevicePreset PRESET = DevicePresets.load("onen-softbounds");

    private static TileSpec spec(double wireOhm) {
        return spec(wireOhm, new Sense.Ideal());
    }

    private static TileSpec spec(double wireOhm, Sense sense) {
        return new TileSpec(PRESET.model(), PRESET.conductance(), ReadOptions.aihwkit().withWireOhm(wireOhm).withSense(sense),
                31, true);
    }

    /** {@link #spec(double, Sense)} with wires of {@code updateWireOhm} in the updates (as {@code --ir-drop-in}). */
    private static TileSpec spec(double wireOhm, Sense sense, double updateWireOhm) {
        TileSpec spec = spec(wireOhm, sense);
        return new TileSpec(spec.device(), spec.conductance(), spec.read(), spec.bl(), spec.updateManagement(),
                spec.blManagement(), spec.driverOhm(), spec.compact(), spec.irDrop(), spec.position(), updateWireOhm);
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    /**
     * Both engines solve the same circuit for reads: with ideal wires, with r = 2 ohm wires, with a TIA sense (finite
     * gain) on ideal wires, with the 2 ohm wires in the reads alone or in the updates alone ({@code --ir-drop-in}), and
     * with 2 ohm wires read against a reference array at weight 0 ({@link PulsedTile#referenceAtZero}, its array solved
     * by the behavioral engine beside ngspice's), forward, backward and batched reads after several updates give the
     * same outputs (measured: bit for bit, the 9-bit
     * ADC absorbs the engines' rounding); the updates (quasi-static, nominal pulse) agree within 3e-15 of the weight
     * range (measured at most 5.8e-16).
     */
    @Test
    void readsAndUpdatesMatchTheBehavioralTwin() {
        Sense[] senses = {new Sense.Ideal(), new Sense.Ideal(), Sense.Tia.defaults(), new Sense.Ideal(), new Sense.Ideal(),
            new Sense.Ideal()};
        double[] wires = {0, 2, 0, 2, 0, 2};
        double[] updateWires = {0, 2, 0, 0, 2, 2};
        boolean[] referenced = {false, false, false, false, false, true};
        for (int c = 0; c < senses.length; c++) {
            double r = wires[c];
            // measured bit-equal in all six cases, TIA included (2026-12-02; the wires in one operation alone and the
            // reference arrays, 2026-12-06); a regression bound
            double tolerance = 0;
            TileSpec spec = spec(r, senses[c], updateWires[c]);
            SpiceTile spice = new SpiceTile(12, 5, spec, 7, SpiceTile.Setup.of(SharedEngine.get()));
            BehavioralTile twin = new BehavioralTile(12, 5, spec, 7);
            if (referenced[c]) {
                spice.referenceAtZero();
                twin.referenceAtZero();
            }
            SplittableRandom rng = new SplittableRandom(3);
            double[] w0 = random(rng, 13 * 5);
            for (int k = 0; k < w0.length; k++) {
                w0[k] *= 0.5;
            }
            spice.program(w0);
            twin.program(w0);
            for (int step = 0; step < 4; step++) {
                double[] x = random(rng, 12);
                double[] d = random(rng, 5);
                double[] ys = new double[5];
                double[] yb = new double[5];
                spice.forward(x, ys);
                twin.forward(x, yb);
                assertArrayEquals(yb, ys, tolerance, "forward, case " + c);
                double[] bs = new double[12];
                double[] bb = new double[12];
                spice.backward(d, bs);
                twin.backward(d, bb);
                assertArrayEquals(bb, bs, tolerance, "backward, case " + c);
                spice.update(x, d, 0.05);
                twin.update(x, d, 0.05);
            }
            double[][] xs = {random(rng, 12), random(rng, 12), random(rng, 12)};
            double[][] batch = new double[3][5];
            spice.forwardBatch(xs, batch, 3);
            for (int k = 0; k < 3; k++) {
                double[] y = new double[5];
                twin.forward(xs[k], y);
                assertArrayEquals(y, batch[k], tolerance, "batched forward " + k + ", case " + c);
            }
            // the twin applies the same IR drop in its updates (exact mode): same weights with and without wires
            // measured 5.8e-16 (2026-12-02; 1.7e-16 to 5.8e-16 in the five cases, 2026-12-06)
            assertArrayEquals(twin.deviceWeights(), spice.deviceWeights(), 3e-15, "updates, case " + c);
            assertTrue(spice.engineSeconds() > 0 && spice.analyses() > 0);
        }
    }

    /** A batch of forward reads is bit-identical to the same reads one by one, noise and bound management included. */
    @Test
    void batchedReadsEqualSequentialReads() {
        BehavioralTile a = new BehavioralTile(30, 8, spec(0), 11);
        BehavioralTile b = new BehavioralTile(30, 8, spec(0), 11);
        SplittableRandom rng = new SplittableRandom(5);
        double[] w = random(rng, 31 * 8);
        a.program(w);
        b.program(w);
        double[][] xs = new double[40][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = random(rng, 30);
            for (int i = 0; i < 30; i++) {
                xs[k][i] *= k % 3 == 0 ? 40 : 1; // some reads saturate: bound management repeats them
            }
        }
        xs[7] = new double[30]; // an all-zero input reads 0
        double[][] batch = new double[40][8];
        a.forwardBatch(xs, batch, 40);
        for (int k = 0; k < xs.length; k++) {
            double[] y = new double[8];
            b.forward(xs[k], y);
            assertArrayEquals(y, batch[k], 0, "input " + k);
        }
    }

    /** An analysis that fails is retried once with relaxed options; a second failure names the tile and both failures. */
    @Test
    void failedAnalysisIsRetriedWithRelaxedOptionsThenNamed() {
        List<String> netlists = new ArrayList<>();
        SpiceEngine failing = new SpiceEngine() {
            @Override
            public SpiceResult run(String netlist, List<String> vectors) {
                netlists.add(netlist);
                throw new SpiceException("timestep too small", List.of("stderr doAnalyses: TRAN:  Timestep too small"));
            }

            @Override
            public String version() {
                return "failing test engine";
            }

            @Override
            public void close() {
            }
        };
        SpiceTile tile = new SpiceTile(3, 2, spec(0), 1, SpiceTile.Setup.of(failing));
        tile.setLabel("layer 1, array C");
        SpiceException e = assertThrows(SpiceException.class, () -> tile.forward(new double[] {0.5, -0.2, 0.1}, new double[2]));
        assertEquals(2, netlists.size());
        assertTrue(!netlists.get(0).contains(SpiceTile.RELAXED_OPTIONS) && netlists.get(1).contains(SpiceTile.RELAXED_OPTIONS),
                "the retry carries the relaxed options");
        assertTrue(e.getMessage().startsWith("layer 1, array C (also with relaxed options"), e.getMessage());
        assertTrue(e.getMessage().contains("Timestep too small"), "ngspice's words are quoted: " + e.getMessage());
    }

    /**
     * An analysis that timed out is neither retried with relaxed options nor, from a kept circuit, as a fresh netlist:
     * each would wait as long again (a 1 s timeout of a training step took 6 s, its message quoting the timeout twice).
     */
    @Test
    void anAnalysisThatTimedOutIsNotRetried() {
        List<String> attempts = new ArrayList<>();
        SpiceEngine slow = new SpiceEngine() {
            @Override
            public SpiceResult run(String netlist, List<String> vectors) {
                attempts.add("run");
                throw new SpiceTimeoutException("ngspice did not finish the netlist within 1 s");
            }

            @Override
            public KeptCircuit keep(String netlist, List<String> vectors) {
                attempts.add("keep");
                return new KeptCircuit() {
                    @Override
                    public SpiceResult run(List<String> alterations) {
                        attempts.add("rerun");
                        throw new SpiceTimeoutException("ngspice did not finish the netlist within 1 s");
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public String version() {
                return "slow test engine";
            }

            @Override
            public void close() {
            }
        };
        SpiceTile kept = new SpiceTile(3, 2, spec(0), 1, SpiceTile.Setup.of(slow));
        kept.setLabel("layer 1, array C");
        SpiceException e = assertThrows(SpiceTimeoutException.class, () -> kept.forward(new double[] {0.5, -0.2, 0.1},
                new double[2]));
        assertEquals(List.of("keep", "rerun"), attempts);
        assertEquals("layer 1, array C: ngspice did not finish the netlist within 1 s", e.getMessage());
        attempts.clear();
        SpiceTile fresh = new SpiceTile(3, 2, spec(0), 1, SpiceTile.Setup.of(slow).withKeptCircuits(false));
        assertThrows(SpiceTimeoutException.class, () -> fresh.forward(new double[] {0.5, -0.2, 0.1}, new double[2]));
        assertEquals(List.of("run"), attempts);
    }

    /**
     * Kept read circuits (altered devices and sources, {@code .op} rerun) against fresh netlists, on a tile of the
     * demo's first layer (64 x 16 weights, 65 x 17 physical, 1 ohm wires) with its default peripherals: forward and
     * backward reads between full updates (most devices change) and one-row updates (17 devices change) give the same
     * outputs (measured: bit for bit, the ADC absorbs the rounding) and as many analyses. The sensed currents
     * themselves, read by a {@link SpiceReader} through the same sequence of conductances and both directions, differ
     * from a fresh load's by rounding: measured at most 7.5e-16 of the largest current; the bound is 3e-15.
     */
    @Test
    void keptCircuitsReadAsFreshNetlists() {
        SpiceTile kept = new SpiceTile(64, 16, spec(1), 11, SpiceTile.Setup.of(SharedEngine.get()));
        SpiceTile fresh = new SpiceTile(64, 16, spec(1), 11, SpiceTile.Setup.of(SharedEngine.get()).withKeptCircuits(false));
        SplittableRandom rng = new SplittableRandom(4);
        double worst = 0;
        double[] oneRow = new double[65];
        for (int step = 0; step < 4; step++) {
            double[] x = random(rng, 64);
            double[] d = random(rng, 16);
            double[] y1 = new double[16];
            double[] y2 = new double[16];
            kept.forward(x, y1);
            fresh.forward(x, y2);
            worst = Math.max(worst, relativeDifference(y1, y2));
            double[] b1 = new double[64];
            double[] b2 = new double[64];
            kept.backward(d, b1);
            fresh.backward(d, b2);
            worst = Math.max(worst, relativeDifference(b1, b2));
            if (step % 2 == 0) {
                kept.update(x, d, 0.1);
                fresh.update(x, d, 0.1);
            } else {
                oneRow[step] = 1;
                kept.updateRows(oneRow, d, 0.1);
                fresh.updateRows(oneRow, d, 0.1);
                oneRow[step] = 0;
            }
            assertArrayEquals(fresh.devices().weights(), kept.devices().weights(), "updates do not depend on the reads");
        }
        assertEquals(0, worst, "kept against fresh tile outputs");
        assertEquals(fresh.analyses(), kept.analyses(), "one analysis per read and update either way");

        SpiceEngine engine = SharedEngine.get();
        NetlistRunner keeping = keeping(engine);
        org.xbarspice.netlist.CrossbarCircuit circuit = PulsedTile.circuit(64, 16, spec(1), "a test read");
        SpiceReader keptReader = new SpiceReader(keeping, circuit, true);
        SpiceReader freshReader = new SpiceReader(engine, circuit);
        double[] g = new double[65 * 17];
        double currents = 0;
        for (int round = 0; round < 6; round++) {
            for (int k = 0; k < g.length; k++) { // all conductances new, then one row, alternately
                if (round % 2 == 0 || k / 17 == round) {
                    g[k] = 1e-6 * (1 + 9 * rng.nextDouble());
                }
            }
            for (org.xbarspice.netlist.Direction direction : org.xbarspice.netlist.Direction.values()) {
                int driven = direction == org.xbarspice.netlist.Direction.FORWARD ? 65 : 17;
                double[][] v = {random(rng, driven)};
                double[][] a1 = new double[1][84 - driven];
                double[][] a2 = new double[1][84 - driven];
                keptReader.read(g, RowChanges.ALL, direction, v, a1, 1);
                freshReader.read(g, RowChanges.ALL, direction, v, a2, 1);
                currents = Math.max(currents, relativeDifference(a1[0], a2[0]));
            }
        }
        keptReader.releaseKept();
        assertTrue(currents <= 3e-15, "kept against fresh currents: " + currents);
    }

    /**
     * A kept read follows a device to 0 S and back: the netlist leaves a device at 0 S out, so its resistor cannot be
     * altered and the circuit is loaded anew (altering a device left out was ignored by ngspice and read wrong currents,
     * and a device going to 0 S failed on its resistance 1 / 0).
     */
    @Test
    void keptReadsFollowDevicesToZeroSiemensAndBack() {
        SpiceEngine engine = SharedEngine.get();
        NetlistRunner keeping = keeping(engine);
        org.xbarspice.netlist.CrossbarCircuit circuit = new org.xbarspice.netlist.CrossbarCircuit(2, 2, 1, 100,
                new org.xbarspice.netlist.Sense.Ideal(), org.xbarspice.netlist.Direction.FORWARD);
        SpiceReader keptReader = new SpiceReader(keeping, circuit, true);
        SpiceReader freshReader = new SpiceReader(engine, circuit);
        double[][] v = {{0.2, 0.1}};
        double[][] conductances = {{0, 2e-6, 5e-6, 1e-5}, {3e-6, 2e-6, 5e-6, 1e-5}, {3e-6, 0, 5e-6, 1e-5},
            {3e-6, 0, 6e-6, 1e-5}};
        double currents = 0;
        for (double[] g : conductances) {
            double[][] a1 = new double[1][2];
            double[][] a2 = new double[1][2];
            keptReader.read(g, RowChanges.ALL, org.xbarspice.netlist.Direction.FORWARD, v, a1, 1);
            freshReader.read(g, RowChanges.ALL, org.xbarspice.netlist.Direction.FORWARD, v, a2, 1);
            currents = Math.max(currents, relativeDifference(a1[0], a2[0]));
        }
        keptReader.releaseKept();
        // measured 0 (2026-12-03), the last read through an altered circuit too; a bound of a rounding or so, as an
        // alteration may round otherwise than a fresh netlist. Before, the device back from 0 S read 4.99e-7 A against
        // 1.099e-6 A, and the one going to 0 S failed on 1 / 0
        assertTrue(currents <= 1e-15, "kept against fresh currents: " + currents);
    }

    /** A runner that keeps the circuits it is asked to keep in {@code engine}. */
    private static NetlistRunner keeping(SpiceEngine engine) {
        return new NetlistRunner() {
            @Override
            public <T> T run(org.xbarspice.netlist.Netlist<T> netlist) {
                return NetlistRunner.of(engine).run(netlist);
            }

            @Override
            public org.xbarspice.spice.KeptCircuit keep(org.xbarspice.netlist.Netlist<?> netlist) {
                return engine.keep(netlist.text(), netlist.vectors());
            }
        };
    }

    /** max |a - b| / max |b|. */
    private static double relativeDifference(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int k = 0; k < a.length; k++) {
            scale = Math.max(scale, Math.abs(b[k]));
            diff = Math.max(diff, Math.abs(a[k] - b[k]));
        }
        return diff / scale;
    }
}
