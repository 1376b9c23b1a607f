package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The lines ngspice 46 sends: most prefixed {@code "stdout "} or {@code "stderr "}, a transient's progress lines not (28
 * such lines from one 200 us transient in a read-only review's probe).
 */
class OutputLineTest {
    @Test
    void aLineLosesItsPrefixWhereItHasOne() {
        assertEquals("Circuit: * divider", NgSpiceInstance.text("stdout Circuit: * divider"));
        assertEquals("Error: no such vector", NgSpiceInstance.text("stderr Error: no such vector"));
        assertEquals(" Reference value :  9.0e-06\r", NgSpiceInstance.text(" Reference value :  9.0e-06\r"));
        assertEquals("ok", NgSpiceInstance.text("ok"), "a short line without a prefix (seven characters off it threw)");
        assertEquals("", NgSpiceInstance.text(""));
    }
}
