package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.IrDropUpdater;
import org.xbarspice.behavioral.LineUpdater;
import org.xbarspice.behavioral.PulseUpdater;
import org.xbarspice.behavioral.SolverOptions;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SharedEngine;

/**
 * Every update engine takes a device's conductance as the reads do, over the array's nominal bounds and clipped at 0 S,
 * not over the device's own sampled bounds: a device whose own lower bound lies below the weight of 0 S (-1.22 for
 * bounds -1, 1 and 1 to 10 uS), held at that bound, draws no current, so behind 1 kohm drivers it sees the whole pulse
 * and steps as through ideal wires. Over its own bounds it would sit at gMin, 1 uS, and see 0.998 of the pulse.
 */
@Tag("ngspice")
class OneConductanceTest {
    private static final CompactSpec SPEC = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
    private static final ConductanceRange RANGE = new ConductanceRange(1e-6, 1e-5);
    private static final UpdateCircuit CIRCUIT = new UpdateCircuit(1, 1, 1, 1000, SPEC.pulse(),
            2 * SPEC.pulse().durationSecond());
    /** One up pulse on the one device. */
    private static final UpdatePulses UP = new UpdatePulses(1, 1, 1, new long[] {1}, new long[] {1}, new byte[] {1},
            new byte[] {1});

    /** One device with a wide spread of its bounds, the first whose lower bound lies below -1.3, held at that bound. */
    private static DeviceArray deviceAtZeroSiemens() {
        SoftBoundsDevice model = new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0, 0, 0.5, 0));
        for (long seed = 0; ; seed++) {
            DeviceArray array = DeviceArray.sample(model, 1, 1, seed);
            if (array.wMin(0) < -1.3) {
                array.setWeight(0, array.wMin(0));
                return array;
            }
        }
    }

    /** The step of the update by {@code engine} of a fresh such device (weight units). */
    private static double step(java.util.function.Consumer<DeviceArray> engine) {
        DeviceArray array = deviceAtZeroSiemens();
        double before = array.weight(0);
        engine.accept(array);
        return array.weight(0) - before;
    }

    @Test
    void aDeviceAtZeroSiemensStepsAsThroughIdealWiresInEveryEngine() {
        double ideal = step(a -> new PulseUpdater(a, 0).apply(UP));
        assertTrue(ideal > 0, "the pulse moves the device: " + ideal);
        double exact = step(a -> new IrDropUpdater(a, CIRCUIT, RANGE, SPEC, SolverOptions.defaults(), 0).apply(UP));
        double fast = step(a -> new LineUpdater(a, CIRCUIT, RANGE, SPEC, 0).apply(UP));
        double quasiStatic = step(a -> new SpiceUpdater(SharedEngine.get(), CIRCUIT, RANGE, SPEC, null,
                SpiceUpdater.Mode.QUASI_STATIC).update(a, UP));
        double transientStep = step(a -> new SpiceUpdater(SharedEngine.get(), CIRCUIT, RANGE, SPEC, null,
                SpiceUpdater.Mode.TRANSIENT).update(a, UP));
        System.out.printf("step at 0 S: ideal %.6e, exact %.6e, fast %.6e, quasi-static %.6e, transient %.6e%n", ideal,
                exact, fast, quasiStatic, transientStep);
        // over the device's own bounds (1 uS) these were 0.61 % below the ideal step (measured). Now measured: exact and
        // fast equal to the ideal step to the last bit, ngspice's quasi-static solve 4.1e-13 apart, its transient 4.6e-4
        assertEquals(ideal, exact, 1e-15 * ideal);
        assertEquals(ideal, fast, 1e-15 * ideal);
        assertEquals(ideal, quasiStatic, 1e-12 * ideal);
        assertEquals(ideal, transientStep, 6e-4 * ideal);
    }

    /**
     * A read of an array with devices at 0 S (open: ngspice's netlist leaves them out) agrees with the behavioral read;
     * the read netlist refused a device at 0 S before, so an ngspice run whose devices reached it failed.
     */
    @Test
    void aReadOfDevicesAtZeroSiemensAgreesInBothEngines() {
        for (Direction direction : Direction.values()) {
            CrossbarCircuit c = new CrossbarCircuit(3, 4, 1, 100, new Sense.Ideal(), direction);
            double[] g = {0, 2e-6, 5e-6, 1e-5, 3e-6, 0, 7e-6, 0, 1e-6, 4e-6, 0, 6e-6};
            double[][] inputs = direction == Direction.FORWARD ? new double[][] {{0.2, -0.1, 0.15}}
                    : new double[][] {{0.2, -0.1, 0.15, 0.05}};
            double[][] spice = new SpiceReader(SharedEngine.get(), c).read(g, inputs);
            double[][] behavioral = new BehavioralReader(c).read(g, inputs);
            double err = ReadComparison.maxRelError(spice, behavioral);
            System.out.printf("read with devices at 0 S, %s: maxRelError %.2e%n", direction, err);
            // measured 2.7e-14 forward, 1.2e-14 backward; a regression bound
            assertTrue(err < 5e-14, direction + ": maxRelError " + err);
        }
    }
}
