package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;

/**
 * The update netlists, transient and quasi-static, of a fixed 2 x 3 case (1 ohm wires, 10 ohm drivers, sampled devices,
 * a drawn pulse train of 4 slots) equal their golden text in {@code src/test/resources/golden/} character for character.
 * A deliberate change of the netlists is checked by reading the new text, then recorded with
 * {@code ./xbarspice test -Dtest=UpdateNetlistGoldenTest -Dxbarspice.writeGolden=true}.
 */
class UpdateNetlistGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final CompactSpec SPEC = new CompactSpec(0.8, 0.8, new PulseShape(1.2, 1e-8, 1e-9));
    private static final ConductanceRange RANGE = new ConductanceRange(1e-6, 1e-5);
    private static final UpdateCircuit CIRCUIT = new UpdateCircuit(2, 3, 1, 10, SPEC.pulse(), 2e-8);

    private static DeviceArray devices() {
        DeviceArray array = DeviceArray.sample(new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0.3, 0.1, 0.1, 0)),
                2, 3, 7);
        double[] w = {-0.4, 0.1, 0.5, 0.3, -0.2, 0.0};
        for (int k = 0; k < w.length; k++) {
            array.setWeight(k, w[k]);
        }
        return array;
    }

    private static UpdatePulses pulses() {
        return UpdatePulses.draw(new double[] {0.9, -0.6}, new double[] {0.7, -0.3, 0.5}, 0.03, 0.01, 4, true, 11);
    }

    private static void assertGolden(String name, String text) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("xbarspice.writeGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, text);
        }
        assertEquals(Files.readString(file), text, name + " changed: read the new text, then record it (see the class comment)");
    }

    @Test
    void transientUpdateNetlistIsTheGoldenText() throws IOException {
        DeviceArray array = devices();
        String text = UpdateNetlist.transientUpdate(CIRCUIT, DeviceConductance.of(array.model(), RANGE),
                CompactDevice.of(array, SPEC), array.weights().clone(), pulses()).text();
        assertGolden("update-transient-2x3.cir", text);
    }

    /**
     * A pulse of many edges is stepped a hundredth of it at a time, at most 1e4 edges (stepped an edge at a time, a 1 ms
     * pulse with 1 ps edges took some 1e9 steps a pulse, past any timeout); the presets' pulse, 12 edges, keeps the edge
     * as its step (the golden text above).
     */
    @Test
    void aLongPulseIsSteppedAHundredthAtATime() {
        assertEquals(1.002e-8, tranStep(new PulseShape(1.2, 1e-6, 1e-9)), 1e-20, "a hundredth of 1 us and its edges");
        assertEquals(1e-8, tranStep(new PulseShape(1.2, 1e-3, 1e-12)), 1e-20, "1e4 edges of 1 ps");
        assertEquals(100, new PulseShape(1.2, 1e-6, 1e-9).transientSteps(), 0.3);
        assertEquals(1e-9, SPEC.pulse().transientStepSecond(), 0, "the presets' pulse: its edge");
    }

    /** The longest step of the {@code .tran} line of a 2 x 3 transient update of {@code pulse} (s). */
    private static double tranStep(PulseShape pulse) {
        UpdateCircuit circuit = new UpdateCircuit(2, 3, 1, 10, pulse, 2 * pulse.durationSecond());
        DeviceArray array = devices();
        String text = UpdateNetlist.transientUpdate(circuit, DeviceConductance.of(array.model(), RANGE),
                CompactDevice.of(array, new CompactSpec(0.8, 0.8, pulse)), array.weights().clone(), pulses()).text();
        String[] tran = text.lines().filter(l -> l.startsWith(".tran ")).findFirst().orElseThrow().split(" ");
        assertEquals(6, tran.length, String.join(" ", tran));
        assertEquals(pulse.edgeSecond(), Double.parseDouble(tran[1]), 0);
        return Double.parseDouble(tran[4]);
    }

    @Test
    void quasiStaticUpdateNetlistIsTheGoldenText() throws IOException {
        DeviceArray array = devices();
        double[] g = new double[array.size()];
        CompactDevice[] compact = CompactDevice.of(array, SPEC);
        for (int k = 0; k < g.length; k++) {
            g[k] = RANGE.conductance(compact[k].state(array.weight(k)));
        }
        assertGolden("update-quasi-static-2x3.cir", UpdateNetlist.quasiStaticSweep(CIRCUIT, g, pulses()).text());
    }
}
