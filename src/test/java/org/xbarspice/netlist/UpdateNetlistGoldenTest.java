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
