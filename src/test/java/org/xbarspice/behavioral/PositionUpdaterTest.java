package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.netlist.UpdatePulses;

/** The position-model update's nominal case: the step a circuit without IR drop gives. */
class PositionUpdaterTest {

    /**
     * {@link PositionUpdater#nominal} is the exact update of a circuit without wire and driver resistance, noise-free
     * although the devices have cycle-to-cycle noise: 5 updates of a 33 x 20 array of spread weights with device-to-device
     * variation, against {@link IrDropUpdater} on a zero-ohm circuit with its noise switched off. Equal to the bit (the
     * weights moved by more than 0.01, so an update that does nothing fails).
     */
    @Test
    void nominalIsTheExactUpdateWithoutResistance() {
        int rows = 33;
        int cols = 20;
        DeviceArray nominal = PulseUpdaterTest.softBounds(rows, cols, 0.3, 11);
        DeviceArray exact = PulseUpdaterTest.softBounds(rows, cols, 0.3, 11);
        IrDropUpdaterTest.spread(nominal, 12);
        IrDropUpdaterTest.spread(exact, 12);
        double[] start = nominal.weights().clone();
        PositionUpdater nominalUpdater = PositionUpdater.nominal(nominal, CompactDevice.of(nominal, IrDropUpdaterTest.SPEC),
                IrDropUpdaterTest.SPEC.pulse());
        IrDropUpdater exactUpdater = new IrDropUpdater(exact, IrDropUpdaterTest.circuit(rows, cols, 0, 0),
                IrDropUpdaterTest.RANGE, IrDropUpdaterTest.SPEC, SolverOptions.defaults(), 0);
        exactUpdater.setNoise(false);
        SplittableRandom rng = new SplittableRandom(13);
        for (int u = 0; u < 5; u++) {
            UpdatePulses pulses = UpdatePulses.draw(PulseUpdaterTest.uniform(rng, rows), PulseUpdaterTest.uniform(rng, cols),
                    0.05, 0.001, 31, true, 140 + u);
            nominalUpdater.apply(pulses);
            exactUpdater.apply(pulses);
        }
        double moved = 0;
        for (int d = 0; d < start.length; d++) {
            moved = Math.max(moved, Math.abs(nominal.weights()[d] - start[d]));
        }
        assertTrue(moved > 0.01, "the updates moved the weights by " + moved);
        assertArrayEquals(exact.weights(), nominal.weights(), 0);
    }
}
