package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An integrator read whose output would pass an op-amp's swing (|I| t_read / C above 1.5 V) runs, and says so on
 * standard error, naming the flags that fix it. (Its two engines then differ: `read --rows 2 --cols 2 --sense
 * integrator --vectors 1 --engine both` measured a relative 8.3e-2 at --t-read 0.1 s and 2.6e-5 at the default 100 ns,
 * ngspice's finite-gain virtual ground; this test runs the behavioral engine alone.)
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
     * A low op-amp gain, whose drifting virtual ground the behavioral integrator leaves out (the engines then differ by
     * about 1 / gain, 9.9e-3 at gain 100 on 32 x 32), is flagged naming --tia-gain; the default gain 1e6 is not
     * (theDefaultWindowIsNot).
     */
    @Test
    void aLowOpAmpGainIsFlagged() {
        BadInputTest.Run r = BadInputTest.run(concat(READ, List.of("--tia-gain", "100")));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: the behavioral integrator holds its sense node at 0 V, while in ngspice an "
                + "op-amp of gain 100 lets it drift")
                && r.err().contains("raise --tia-gain to at least 1e+05"), r.err());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
