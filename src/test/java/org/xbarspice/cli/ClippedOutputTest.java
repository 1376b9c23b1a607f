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
 * A read whose outputs sit at a TIA's output limit or at the ADC's full scale, and an update asked for more than its
 * pulses give, say so on standard error and in the JSON's warnings, naming the flags that fix it (they returned clipped
 * currents and short steps with no warning); amplifier gains below 1 and a solver split with no solve are refused.
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
        assertTrue(r.err().matches("(?s).*warning: [0-9]+ of 64 TIA outputs are at the amplifier's output limit \\(\\+-1\\.50 V "
                + "over R_f = 1\\.00e\\+06 ohm: \\+-1\\.50e-06 A\\): it clips them; lower --tia-rf or raise --tia-limit.*"),
                r.err());
        assertTrue(Files.readString(json).contains("TIA outputs are at the amplifier's output limit"), "in the JSON's warnings too");
        // counted on the amplifiers' own outputs: an ADC whose levels fall just inside the rail hid them
        BadInputTest.Run converted = read("--sense", "tia", "--tia-rf", "1e6", "--adc-bits", "8", "--i-max", "1.5095e-6");
        assertEquals(0, converted.exitCode(), converted.err());
        assertTrue(converted.err().contains("TIA outputs are at the amplifier's output limit"), converted.err());
        BadInputTest.Run fine = read("--sense", "tia");
        assertEquals(0, fine.exitCode(), fine.err());
        assertFalse(fine.err().contains("warning"), "the default R_f of 5 kohm clips nothing: " + fine.err());
    }

    /**
     * Outputs beyond the ADC's full scale are flagged, counted before it converts: an output inside it that rounds to the
     * top code (2.0e-6 A at 4 bits over +-2.1e-6 A) was flagged as clipped.
     */
    @Test
    void outputsBeyondTheAdcFullScaleAreFlagged() throws IOException {
        BadInputTest.Run r = read("--adc-bits", "8", "--i-max", "1e-8");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*warning: 6[0-9] of 64 outputs are beyond the ADC's full scale \\(\\+-1\\.00e-08 A\\): "
                + "it clips them; raise --i-max.*"), r.err()); // measured 63 of 64
        BadInputTest.Run fine = read("--adc-bits", "8", "--i-max", "1e-3");
        assertEquals(0, fine.exitCode(), fine.err());
        assertFalse(fine.err().contains("warning"), fine.err());
        Path array = Files.writeString(tmp.resolve("top-code.json"), "{\"conductancesSiemens\": [[1e-5, 1e-6], [5e-6, 1e-6]], "
                + "\"inputsVolts\": [[0.2, 0]]}");
        BadInputTest.Run topCode = BadInputTest.run(List.of("read", "--array", array.toString(), "--engine", "behavioral",
                "--adc-bits", "4", "--i-max", "2.1e-6"));
        assertEquals(0, topCode.exitCode(), topCode.err());
        assertFalse(topCode.err().contains("warning"), topCode.err());
    }

    /** --solver-threads splits a nodal solve: the read of an ideal circuit has none, and the flag was accepted there. */
    @Test
    void solverThreadsWithoutASolveAreRefused() {
        BadInputTest.Run r = read("--solver-threads", "2");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--solver-threads 2 has no effect without wire or driver resistance"), r.err());
        assertEquals(0, read("--solver-threads", "2", "--wire-r", "1").exitCode());
    }

    /**
     * An update asked for steps beyond BL dw_min says so, naming --lr: lr 1 asked for steps up to 0.34 and gave at most
     * 0.045, in silence.
     */
    @Test
    void anUpdateAskedForMoreThanItGivesIsFlagged() throws IOException {
        Path json = tmp.resolve("update.json");
        BadInputTest.Run r = BadInputTest.run(List.of("update", "--rows", "4", "--cols", "4", "--lr", "1", "--engine",
                "behavioral", "--json", json.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s)warning: the largest step asked, lr max\\|x\\| max\\|d\\| = [0-9.]+, is [0-9.]+ times the "
                + "most an update gives, BL dw_min = 0\\.0310 \\(weight units\\).*lower --lr \\(now 1\\.0\\) below .*"), r.err());
        assertTrue(Files.readString(json).contains("times the most an update gives"), "in the JSON's warnings too");
        BadInputTest.Run fine = BadInputTest.run(List.of("update", "--rows", "4", "--cols", "4", "--engine", "behavioral"));
        assertEquals(0, fine.exitCode(), fine.err());
        assertFalse(fine.err().contains("warning"), "the default lr asks for no more than an update gives: " + fine.err());
    }

    /** An open-loop gain below 1 V/V does not amplify: refused (it was accepted, the engines then differed by 0.15). */
    @Test
    void anOpAmpGainBelowOneIsRefused() {
        for (String sense : List.of("tia", "integrator")) {
            BadInputTest.Run r = read("--sense", sense, "--tia-gain", "1e-3");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--tia-gain = 0.001 V/V is out of range: allowed [1, 1e12]"), r.err());
        }
    }
}
