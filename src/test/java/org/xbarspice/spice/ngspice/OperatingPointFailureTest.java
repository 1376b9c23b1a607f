package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cause put in front of a failed analysis's message: ngspice 46's error-stream lines (as they were written, without
 * the {@code "stderr "} prefix) end in generic advice, and the cause is earlier.
 */
class OperatingPointFailureTest {
    /** The end of an {@code .op} of a diode whose model cannot converge ({@code is=1e-300 n=0.001}). */
    private static final List<String> NO_CONVERGENCE = List.of("Note: Starting dynamic gmin stepping",
            "Warning: Dynamic gmin stepping failed", "Note: Starting true gmin stepping", "Warning: True gmin stepping failed",
            "Note: Starting source stepping", "Warning: source stepping failed", "Note: Transient op started",
            "Error: Transient op failed, timestep too small",
            "Error: The operating point could not be simulated successfully.", "Any of the following steps may fail.!",
            "doAnalyses: OP:  Timestep too small; trouble with dmod-instance d1", "run simulation(s) aborted");

    @Test
    void aSingularMatrixNamesTheNodeNgspiceLastNamed() {
        // two voltage sources on one node (V1 a 0 1, V2 a 0 2); the same lines precede a transient's failed start
        List<String> errors = List.of("Warning: singular matrix:  check node v1#branch", "Note: Starting dynamic gmin stepping",
                "Warning: singular matrix:  check node v1#branch", "Warning: Dynamic gmin stepping failed",
                "Note: Transient op started", "Error: Transient op failed, timestep too small",
                "Error: The operating point could not be simulated successfully.", "Any of the following steps may fail.!",
                "doAnalyses: OP:  Timestep too small; cause unrecorded.", "run simulation(s) aborted");
        // v1#branch is V1's current, no node: a path to ground would not help
        assertEquals(": no operating point, the circuit matrix is singular at the current of v1 (v1#branch): break the "
                + "loop of voltage sources or inductors v1 is in", NgSpiceInstance.operatingPointFailure(errors));
        List<String> atNode = errors.stream().map(line -> line.replace("v1#branch", "x")).toList();
        assertEquals(": no operating point, the circuit matrix is singular at node x: give that node a DC path to "
                + "ground, or break the loop of voltage sources or inductors it is in",
                NgSpiceInstance.operatingPointFailure(atNode));
    }

    /**
     * A .dc sweep whose first point had a singular matrix (a floating capacitor and resistor, x to y) that the transient
     * op overcame, and whose second point fails at a diode: the singular matrix is no longer the cause.
     */
    @Test
    void aSingularMatrixOvercomeBeforeIsNotBlamed() {
        List<String> errors = new ArrayList<>(List.of("Warning: singular matrix:  check node x",
                "Note: Starting dynamic gmin stepping", "Warning: singular matrix:  check node x",
                "Warning: Dynamic gmin stepping failed", "Note: Transient op started",
                "Note: Transient op finished successfully"));
        errors.addAll(NO_CONVERGENCE.stream().map(line -> line.replace("OP:  Timestep too small;",
                "DC:  Timestep too small;  v1 = 1:")).toList());
        assertEquals(": no convergence in the operating point (trouble with dmod-instance d1): check its model and bias, "
                + "or give starting node voltages with .nodeset", NgSpiceInstance.operatingPointFailure(errors));
        for (String found : List.of("Note: Dynamic gmin stepping completed", "Note: True gmin stepping completed",
                "Note: Source stepping completed")) {
            List<String> recovered = errors.stream().map(line -> line.startsWith("Note: Transient op finished")
                    ? found : line).toList();
            assertTrue(NgSpiceInstance.operatingPointFailure(recovered).startsWith(": no convergence"), found);
        }
    }

    @Test
    void noConvergenceNamesTheDeviceNgspiceHadTroubleWith() {
        assertEquals(": no convergence in the operating point (trouble with dmod-instance d1): check its model and bias, "
                + "or give starting node voltages with .nodeset",
                NgSpiceInstance.operatingPointFailure(NO_CONVERGENCE));
        List<String> unnamed = NO_CONVERGENCE.stream().map(line -> line.replace("trouble with dmod-instance d1",
                "cause unrecorded.")).toList();
        assertTrue(NgSpiceInstance.operatingPointFailure(unnamed).startsWith(
                ": no convergence in the operating point: check the device models"),
                NgSpiceInstance.operatingPointFailure(unnamed));
    }

    /** A transient that gives up after its start: the time, the timestep and what ngspice had trouble with lead. */
    @Test
    void aTransientThatGivesUpNamesTheTimeAndTheNode() {
        List<String> errors = List.of("Warning: singular matrix:  check node x", "Note: Transient op started",
                "Note: Transient op finished successfully",
                "doAnalyses: TRAN:  Timestep too small; time = 1e-09, timestep = 1.25e-24: trouble with node \"b\"",
                "run simulation(s) aborted");
        assertEquals(": the transient gave up at time 1e-09 s, its timestep down to 1.25e-24 s (trouble with node \"b\"): "
                + "slow the sources' edges near that time, check the models of the devices there, or relax .options "
                + "reltol and abstol", NgSpiceInstance.transientFailure(errors));
        // the operating point's warnings and notes, overcome, are left out of the message's quote
        assertEquals(errors.subList(3, 5), NgSpiceInstance.failedAttempt(errors));
        assertTrue(NgSpiceInstance.transientFailure(List.of("doAnalyses: TRAN:  Timestep too small; time = 2e-09, "
                + "timestep = 1e-22: cause unrecorded.")).startsWith(": the transient gave up at time 2e-09 s, its "
                + "timestep down to 1e-22 s: slow"));
        assertEquals("", NgSpiceInstance.transientFailure(NO_CONVERGENCE));
    }

    /** A transient that fails after its start has no operating point failure: ngspice's own line says it all. */
    @Test
    void anotherFailureAddsNothing() {
        assertEquals("", NgSpiceInstance.operatingPointFailure(List.of(
                "doAnalyses: TRAN:  Timestep too small; time = 1.83585e-14, timestep = 1.25e-24: trouble with dmod-instance d1",
                "run simulation(s) aborted")));
        assertEquals("", NgSpiceInstance.operatingPointFailure(List.of()));
    }
}
