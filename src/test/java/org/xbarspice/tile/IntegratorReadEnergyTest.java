package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarSolver;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.SharedEngine;

/**
 * The array energy of integrator reads: ngspice's transient (Simpson on its time points) against the behavioral
 * virtual-ground DC states on the driver waveforms' breakpoints, and the behavioral amplitude read against its closed
 * form, the DC power over t_read - edge / 3 (the integral of the squared trapezoid).
 */
@Tag("ngspice")
class IntegratorReadEnergyTest {
    private static final double READ_VOLT = 0.2;

    @Test
    void eightByEightWithOneOhmWiresAgreesWithNgspiceInBothEncodingsAndDirections() {
        for (InputEncoding encoding : InputEncoding.values()) {
            for (Direction direction : Direction.values()) {
                CrossbarCircuit circuit = new CrossbarCircuit(8, 8, 1, 20, Sense.Integrator.defaults(encoding, READ_VOLT),
                        direction);
                ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 3, READ_VOLT, 11);
                ArrayPower[] behavioral = new ArrayPower[3];
                ArrayPower[] spice = new ArrayPower[3];
                double[][] spiceAmps = new double[3][8];
                new BehavioralReader(circuit).readPower(draw.conductances(), RowChanges.ALL, direction, draw.inputs(),
                        new double[3][8], behavioral, 3);
                new SpiceReader(SharedEngine.get(), circuit).readPower(draw.conductances(), RowChanges.ALL, direction, draw.inputs(),
                        spiceAmps, spice, 3);
                Sense.Integrator integ = (Sense.Integrator) circuit.sense();
                for (int k = 0; k < 3; k++) {
                    String what = encoding + " " + direction + " vector " + k;
                    ArrayPower b = behavioral[k];
                    ArrayPower s = spice[k];
                    // measured over the 12 vectors: array energy within 9.0e-8 relative, wires 1.4e-7, drivers 8.8e-8
                    // (the integrator's virtual ground drifts by V_out / A0, A0 = 1e6, which the DC model leaves out);
                    // the wires take 0.02 % of the array energy, the drivers 0.1 %
                    assertTrue(s.wires() > 0 && s.drivers() > 0, what + ": wires and drivers dissipate");
                    assertEquals(s.array(), b.array(), 2e-7 * s.array(), what + " array");
                    assertEquals(s.wires(), b.wires(), 3e-7 * s.wires(), what + " wires");
                    assertEquals(s.drivers(), b.drivers(), 2e-7 * s.drivers(), what + " drivers");
                    // the capacitors' charge at the window's end, Q^2 / 2C a line (it was not counted): 0.3-4.5 % of the
                    // array energy here; measured: the engines within 5.1e-5 (amplitude) and 3.0e-4 (PWM) of each other,
                    // as their reported currents at the transient's default steps; ngspice's balance within 4.3e-8 (its
                    // virtual ground's drift, V_out / A0, takes the rest)
                    double joule = 0;
                    for (double current : spiceAmps[k]) {
                        double q = current * integ.readSecond() * (1 + integ.openLoopGain()) / integ.openLoopGain();
                        joule += q * q / (2 * integ.capacitanceFarad());
                    }
                    assertEquals(joule, s.sense() * integ.readSecond(), 1e-14 * joule, what + " capacitors");
                    assertEquals(s.sense(), b.sense(), 6e-4 * s.sense(), what + " capacitors, behavioral");
                    assertEquals(s.array() + s.sense(), s.delivered(), 1e-7 * s.delivered(), what + " balance");
                    assertEquals(b.array() + b.sense(), b.delivered(), 1e-13 * b.delivered(), what + " balance, behavioral");
                }
            }
        }
    }

    /**
     * The behavioral energy leaves out the virtual ground's drift V_out / A0, which a low op-amp gain makes large: at
     * a gain of 100 (6 x 5, 5 ohm wires, 50 ohm drivers, amplitude encoding) the two engines' array energy part by
     * 2.1e-4 and 1.5e-4 (measured; bounds 1e-4 to 3e-4), against 9e-8 at the default gain of 1e6 (above), while their
     * currents stay within 2.6e-5 of the largest (bound 5e-5).
     */
    @Test
    void aLowGainIntegratorsDriftPartsTheArrayEnergies() {
        CrossbarCircuit circuit = new CrossbarCircuit(6, 5, 5, 50, Sense.Integrator.of(100, 10e-12, 100e-9,
                InputEncoding.AMPLITUDE, READ_VOLT), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 2, READ_VOLT, 7);
        ArrayPower[] behavioral = new ArrayPower[2];
        ArrayPower[] spice = new ArrayPower[2];
        double[][] behavioralAmps = new double[2][5];
        double[][] spiceAmps = new double[2][5];
        new BehavioralReader(circuit).readPower(draw.conductances(), RowChanges.ALL, Direction.FORWARD, draw.inputs(),
                behavioralAmps, behavioral, 2);
        new SpiceReader(SharedEngine.get(), circuit).readPower(draw.conductances(), RowChanges.ALL, Direction.FORWARD,
                draw.inputs(), spiceAmps, spice, 2);
        for (int k = 0; k < 2; k++) {
            double gap = Math.abs(behavioral[k].array() / spice[k].array() - 1);
            double current = 0;
            double largest = 0;
            for (int j = 0; j < 5; j++) {
                current = Math.max(current, Math.abs(behavioralAmps[k][j] - spiceAmps[k][j]));
                largest = Math.max(largest, Math.abs(spiceAmps[k][j]));
            }
            assertTrue(gap > 1e-4 && gap < 3e-4, "vector " + k + ": the array energies part by " + gap);
            assertTrue(current < 5e-5 * largest, "vector " + k + ": currents " + current / largest + " apart");
        }
    }

    @Test
    void amplitudeReadIsTheDcPowerOverTheSquaredTrapezoid() {
        Sense.Integrator integ = Sense.Integrator.defaults(InputEncoding.AMPLITUDE, READ_VOLT);
        CrossbarCircuit circuit = new CrossbarCircuit(8, 8, 1, 20, integ, Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 2, READ_VOLT, 5);
        ArrayPower[] power = new ArrayPower[2];
        new BehavioralReader(circuit).readPower(draw.conductances(), RowChanges.ALL, Direction.FORWARD, draw.inputs(),
                new double[2][8], power, 2);
        CrossbarSolver dc = new CrossbarSolver(circuit, draw.conductances());
        double factor = (integ.readSecond() - integ.edgeSecond() / 3) / integ.readSecond();
        for (int k = 0; k < 2; k++) {
            dc.readInto(draw.inputs()[k], new double[8]);
            ArrayPower expected = dc.power().times(factor);
            // measured: equal to 1.9e-16 relative (2026-12-02; Simpson is exact on the quadratic power of the edges);
            // a regression bound
            assertEquals(expected.array(), power[k].array(), 1e-15 * expected.array(), "vector " + k);
            assertEquals(expected.wires(), power[k].wires(), 1e-15 * expected.wires(), "vector " + k + " wires");
        }
    }
}
