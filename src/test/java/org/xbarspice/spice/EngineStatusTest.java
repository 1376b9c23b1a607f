package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link SpiceEngine#run} (the path of the crossbar readers and updaters): outcomes from ngspice's own status. */
@Tag("ngspice")
class EngineStatusTest {

    /** ngspice writes "Error in netlist line ..." for the .meas line but runs the analysis: a result, not a failure. */
    @Test
    void errorWordsOnNgspicesErrorStreamDoNotFailARun() {
        String netlist = "* a warning\nV1 a 0 1\nR1 a 0 1k\n.tran 1u 10u\n.meas tran bad param='nosuch*2'\n.end\n";
        SpiceResult r = SharedEngine.get().run(netlist, List.of("a"));
        assertEquals(1.0, r.vectors().get("a")[0], 0);
    }

    @Test
    void aFailedAnalysisIsASpiceException() {
        String netlist = "* two sources fight\nV1 a 0 1\nV2 a 0 2\nR1 a 0 1k\n.op\n.end\n";
        SpiceException e = assertThrows(SpiceException.class, () -> SharedEngine.get().run(netlist, List.of("a")));
        assertFalse(e instanceof SpiceNetlistException);
        assertTrue(e.getMessage().startsWith("the analysis failed"), e.getMessage());
        // the instance goes on
        assertEquals(1.0, SharedEngine.get().run("* ok\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\n", List.of("a")).vectors().get("a")[0], 0);
    }

    /**
     * An analysis of a .control block that fails is a failed analysis, as for {@code ngspice -b} (exit 1): it runs as the
     * netlist loads, and the run went on to report "no plots", exit 0.
     */
    @Test
    void aFailedAnalysisOfAControlBlockIsASpiceException() {
        String netlist = "* control block failing op\nV1 a 0 1\nV2 a 0 2\n.control\nop\nprint v(a)\n.endc\n.end\n";
        SpiceException e = assertThrows(SpiceException.class, () -> SharedEngine.get().run(netlist, List.of()));
        assertFalse(e instanceof SpiceNetlistException);
        assertTrue(e.getMessage().startsWith("an analysis of the netlist's .control block failed: no operating point, the "
                + "circuit matrix is singular at the current of v"), e.getMessage());
    }

    /**
     * The message leads with the cause and what to change, not with ngspice's advice after a failed operating point
     * ("Any of the following steps may fail.!"), which it led with, nor its closing "run simulation(s) aborted".
     */
    @Test
    void aFailedOperatingPointLeadsWithItsCause() {
        String singular = "* two sources fight\nV1 a 0 1\nV2 a 0 2\nR1 a 0 1k\n.op\n.end\n";
        String message = assertThrows(SpiceException.class, () -> SharedEngine.get().run(singular, List.of("a")))
                .getMessage();
        String summary = message.lines().findFirst().orElseThrow();
        assertTrue(summary.startsWith("the analysis failed: no operating point, the circuit matrix is singular at the "
                + "current of v1 (v1#branch): break the loop of voltage sources or inductors v1 is in"), message);
        assertFalse(summary.contains("may fail") || summary.contains("aborted"), summary);
        String diode = "* a diode that cannot converge\nV1 in 0 1\nD1 in 0 dmod\n.model dmod D(is=1e-300 n=0.001)\n"
                + ".op\n.end\n";
        summary = assertThrows(SpiceException.class, () -> SharedEngine.get().run(diode, List.of("in")))
                .getMessage().lines().findFirst().orElseThrow();
        assertTrue(summary.startsWith("the analysis failed: no convergence in the operating point (trouble with "
                + "dmod-instance d1)"), summary);
        assertFalse(summary.contains("may fail") || summary.contains("aborted"), summary);
    }

    /**
     * A transient whose operating point needed the transient op (a floating capacitor and resistor, x to y) and that
     * gives up at the pulse's edge: the message leads with the time and the node, and quotes none of the op's notes.
     */
    @Test
    void aTransientThatGivesUpLeadsWithTheTimeAndNotTheOperatingPointsNotes() {
        String netlist = "* gives up at 1 ns\nV1 a 0 pulse(0 5 1n 1p 1p 1n 10n)\nR1 a b 1\nD1 b 0 dbad\nC1 b 0 1f\n"
                + "C2 x y 1p\nR2 x y 1k\n.model dbad d(is=1e-30 n=0.01)\n"
                + ".options reltol=1e-9 abstol=1e-20 vntol=1e-15 chgtol=1e-30 itl4=3\n.tran 1p 5n\n.end\n";
        String summary = assertThrows(SpiceException.class, () -> SharedEngine.get().run(netlist, List.of("b")))
                .getMessage().lines().findFirst().orElseThrow();
        assertTrue(summary.startsWith("the analysis failed: the transient gave up at time 1e-09 s"), summary);
        assertTrue(summary.contains("trouble with node \"b\""), summary);
        assertFalse(summary.contains("Transient op") || summary.contains("singular"), summary);
    }

    @Test
    void aNetlistWithoutAnalysisIsAFailure() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> SharedEngine.get().run("* nothing to run\nV1 a 0 1\nR1 a 0 1k\n.end\n", List.of("a")));
        assertTrue(e.getMessage().contains("the analysis failed"), e.getMessage());
    }

    /** A complex vector comes in {@link SpiceResult#complexVectors()}; real ones stay in {@link SpiceResult#vectors()}. */
    @Test
    void complexVectorsComeApart() {
        String netlist = "* rc low-pass, corner 159.15 Hz\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nC1 out 0 1u\n.ac lin 1 159.1549 159.1549\n.end\n";
        SpiceResult r = SharedEngine.get().run(netlist, List.of("out", "frequency"));
        assertEquals(List.of("out"), List.copyOf(r.complexVectors().keySet()));
        SpiceVector out = r.complexVectors().get("out");
        // at the corner frequency: 1/(1 + j) = 0.5 - 0.5j
        assertArrayEquals(new double[] {0.5}, out.real(), 1e-6);
        assertArrayEquals(new double[] {-0.5}, out.imaginary(), 1e-6);
        assertArrayEquals(new double[] {-45.0}, out.phaseDegrees(), 1e-4);
        assertEquals("voltage", out.type());
        assertFalse(r.vectors().containsKey("out"));
    }
}
