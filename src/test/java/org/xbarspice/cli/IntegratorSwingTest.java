package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.report.ResultFiles;

/**
 * An integrator read whose output would pass an op-amp's swing (|I| t_read / C above 1.5 V) runs, and says so on
 * standard error, naming the flags that fix it. Its two engines agree all the same, neither op-amp having a rail: `read
 * --rows 2 --cols 2 --sense integrator --vectors 1 --engine both` measured 3.5e-5 at --t-read 0.1 s, where the
 * behavioral model parted from ngspice by 8.3e-2 while it held the virtual ground at 0 V.
 */
class IntegratorSwingTest {
    private static final List<String> READ = List.of("read", "--rows", "2", "--cols", "2", "--sense", "integrator",
            "--vectors", "1", "--engine", "behavioral");

    @Test
    void aWindowPastTheSwingIsFlagged() {
        BadInputTest.Run r = BadInputTest.run(concat(READ, List.of("--t-read", "1e-1")));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: the integrator's output reaches") && r.err().contains("--t-read")
                && r.err().contains("--int-c"), r.err());
    }

    @Test
    void theDefaultWindowIsNot() {
        BadInputTest.Run r = BadInputTest.run(READ);
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
    }

    /**
     * A low op-amp gain is no longer flagged: the behavioral integrator follows the virtual ground's drift by V_out / A0
     * (it held it at 0 V and warned below gain 1e5, the engines then differing by about 1 / gain).
     */
    @Test
    void aLowOpAmpGainIsNotFlagged() {
        BadInputTest.Run r = BadInputTest.run(concat(READ, List.of("--tia-gain", "100")));
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
    }

    /**
     * At gain 100 on 32 x 32 with ideal wires the engines agree to ngspice's time-step floor, as at the default gain:
     * measured 2.5e-5, against 9.86e-3 while the behavioral model held the virtual ground at 0 V.
     */
    @Test
    @Tag("ngspice")
    void aLowOpAmpGainKeepsTheEnginesAtTheirFloor(@TempDir Path tmp) throws IOException {
        double atHundred = maxRelError(tmp.resolve("g100.json"), "100");
        assertTrue(atHundred < 4.5e-5, "gain 100: " + atHundred);
    }

    private static double maxRelError(Path json, String gain) throws IOException {
        BadInputTest.Run r = BadInputTest.run(List.of("read", "--rows", "32", "--cols", "32", "--sense", "integrator",
                "--tia-gain", gain, "--engine", "both", "--json", json.toString()));
        assertEquals(0, r.exitCode(), r.err());
        return ResultFiles.json().readTree(json.toFile()).path("maxRelError").asDouble(Double.NaN);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
