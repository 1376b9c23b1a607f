package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read whose outputs sit at a TIA's output limit or at the ADC's full scale says so on standard error and in the JSON's
 * warnings, naming the flags that fix it: they returned the clipped currents with no warning.
 */
class ClippedOutputTest {
    @TempDir
    Path tmp;

    private static BadInputTest.Run read(String... extra) {
        List<String> args = new ArrayList<>(List.of("read", "--rows", "16", "--cols", "16", "--vectors", "4", "--engine",
                "behavioral"));
        args.addAll(List.of(extra));
        return BadInputTest.run(args);
    }

    @Test
    void outputsAtTheTiaLimitAreFlagged() throws IOException {
        Path json = tmp.resolve("tia.json");
        BadInputTest.Run r = read("--sense", "tia", "--tia-rf", "1e6", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*warning: [0-9]+ of 64 outputs are at the TIA's output limit \\(\\+-1\\.50 V over "
                + "R_f = 1\\.00e\\+06 ohm: \\+-1\\.50e-06 A\\): the amplifier clips them; lower --tia-rf or raise --tia-limit.*"),
                r.err());
        assertTrue(Files.readString(json).contains("outputs are at the TIA's output limit"), "in the JSON's warnings too");
        BadInputTest.Run fine = read("--sense", "tia");
        assertEquals(0, fine.exitCode(), fine.err());
        assertFalse(fine.err().contains("warning"), "the default R_f of 5 kohm clips nothing: " + fine.err());
    }

    @Test
    void outputsAtTheAdcFullScaleAreFlagged() {
        BadInputTest.Run r = read("--adc-bits", "8", "--i-max", "1e-8");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*warning: 6[0-9] of 64 outputs are at the ADC's full scale \\(\\+-1\\.00e-08 A\\): "
                + "it clips them; raise --i-max.*"), r.err()); // measured 63 of 64
        BadInputTest.Run fine = read("--adc-bits", "8", "--i-max", "1e-3");
        assertEquals(0, fine.exitCode(), fine.err());
        assertFalse(fine.err().contains("warning"), fine.err());
    }

    /** --solver-threads splits a nodal solve: the read of an ideal circuit has none, and the flag was accepted there. */
    @Test
    void solverThreadsWithoutASolveAreRefused() {
        BadInputTest.Run r = read("--solver-threads", "2");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--solver-threads 2 has no effect without wire or driver resistance"), r.err());
        assertEquals(0, read("--solver-threads", "2", "--wire-r", "1").exitCode());
    }

    /** An open-loop gain below 1 V/V does not amplify: refused (it was accepted, the engines then differed by 0.15). */
    @Test
    void anOpAmpGainBelowOneIsRefused() {
        for (String sense : List.of("tia", "integrator")) {
            BadInputTest.Run r = read("--sense", sense, "--tia-gain", "1e-3");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--tia-gain = 0.001 V/V is out of range: allowed [1.0, 1.0E12]"), r.err());
        }
    }
}
