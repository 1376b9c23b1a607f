package org.xbarspice.netlist;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.PulseShape;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/** Wire and driver resistances are 0 or physical (1e-6..1e6 ohm): denormals never reach a solver. */
class CircuitRangeTest {
    private static void assertRefused(Runnable build, String named, String flag) {
        String msg = assertThrows(InvalidInputException.class, build::run).getMessage();
        assertTrue(msg.contains(named) && msg.contains(flag) && msg.contains("1e-9 .. 1e6 ohm"), msg);
    }

    @Test
    void readCircuitRefusesUnphysicalResistances() {
        Sense ideal = new Sense.Ideal();
        // 1e-320 ohm made the IR-drop solver's chain preconditioner divide 1 by 0: "pivot NaN"
        assertRefused(() -> new CrossbarCircuit(4, 4, 1e-320, 0, ideal, Direction.FORWARD), "wire resistance = 1e-320", "--wire-r");
        assertRefused(() -> new CrossbarCircuit(4, 4, Double.MIN_VALUE, 0, ideal, Direction.FORWARD), "4.9e-324", "--wire-r");
        assertRefused(() -> new CrossbarCircuit(4, 4, 2e6, 0, ideal, Direction.FORWARD), "wire resistance = 2e6", "wireOhm");
        assertRefused(() -> new CrossbarCircuit(4, 4, 1, 1e-320, ideal, Direction.FORWARD), "driver resistance = 1e-320",
                "--driver-r");
        assertRefused(() -> new CrossbarCircuit(4, 4, 1, Double.NaN, ideal, Direction.BACKWARD), "driver resistance = NaN",
                "driverOhm");
        // drivers 1e11 times the wire segment made the IR-drop solves fail to rounding
        String msg = assertThrows(InvalidInputException.class, () -> new CrossbarCircuit(4, 4, 1e-9, 100, ideal,
                Direction.FORWARD)).getMessage();
        assertTrue(msg.contains("1e11 times the wire segment's") && msg.contains("use --wire-r 0"), msg);
        new CrossbarCircuit(4, 4, 0, 0, ideal, Direction.FORWARD);
        new CrossbarCircuit(4, 4, 1e-9, 10, ideal, Direction.FORWARD);
        new CrossbarCircuit(4, 4, 0, 1e6, ideal, Direction.FORWARD);
    }

    @Test
    void updateCircuitRefusesUnphysicalResistances() {
        PulseShape pulse = DevicePresets.load("idealized").spice().pulse();
        double slot = 2 * pulse.durationSecond();
        assertRefused(() -> new UpdateCircuit(2, 2, 1e-320, 0, pulse, slot), "wire resistance = 1e-320", "--wire-r");
        assertRefused(() -> new UpdateCircuit(2, 2, 1, 3e-310, pulse, slot), "driver resistance = 3e-310", "--driver-r");
        assertRefused(() -> new UpdateCircuit(2, 2, Double.POSITIVE_INFINITY, 0, pulse, slot), "Infinity", "--wire-r");
        new UpdateCircuit(2, 2, 1, 100, pulse, slot);
    }

    /** A slot period up to {@value UpdateCircuit#MAX_SLOT_PULSES} pulses is taken, a longer one refused naming --slot. */
    @Test
    void updateCircuitBoundsTheSlotPeriod() {
        PulseShape pulse = DevicePresets.load("idealized").spice().pulse();
        double longest = UpdateCircuit.MAX_SLOT_PULSES * pulse.durationSecond();
        new UpdateCircuit(2, 2, 0, 0, pulse, longest);
        for (double slot : new double[] {1.01 * longest, 1e300}) {
            String msg = assertThrows(InvalidInputException.class, () -> new UpdateCircuit(2, 2, 0, 0, pulse, slot)).getMessage();
            assertTrue(msg.startsWith("slot period (--slot) " + Checks.readable(slot) + " s is longer than 100 pulses")
                    && msg.contains("use --slot <= " + Checks.readable(longest) + " s"), msg);
        }
    }

    /**
     * The slot limits of a pulse whose rise + width + fall sums to a floating-point artefact (1 + 1 + 1 ns =
     * 3.0000000000000004e-9 s) print as a person writes them, and the printed limit is allowed: --slot 3e-9 was refused
     * as shorter than the pulse, the messages quoting 3.0000000000000004E-9 and 3.0000000000000004e-7.
     */
    @Test
    void slotLimitsPrintWithoutArtefactsAndAreAllowed() {
        PulseShape pulse = new PulseShape(1.2, 1e-9, 1e-9);
        UpdateCircuit exact = new UpdateCircuit(2, 2, 0, 0, pulse, 3e-9);
        assertTrue(exact.slotSecond() >= pulse.durationSecond(), "slots must not overlap: " + exact.slotSecond());
        new UpdateCircuit(2, 2, 0, 0, pulse, 3e-7);
        String shorter = assertThrows(InvalidInputException.class, () -> new UpdateCircuit(2, 2, 0, 0, pulse, 2.9e-9))
                .getMessage();
        assertTrue(shorter.equals("slot period (--slot) 2.9e-9 s is shorter than the pulse (rise + width + fall = 3e-9 s): "
                + "use --slot >= 3e-9 s, or leave it out (twice the pulse)"), shorter);
        String longer = assertThrows(InvalidInputException.class, () -> new UpdateCircuit(2, 2, 0, 0, pulse, 3.1e-7))
                .getMessage();
        assertTrue(longer.startsWith("slot period (--slot) 3.1e-7 s is longer than 100 pulses (rise + width + fall = 3e-9 s)")
                && longer.endsWith("use --slot <= 3e-7 s, or leave it out (twice the pulse)"), longer);
    }
}
