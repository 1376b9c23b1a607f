package org.xbarspice.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;

/**
 * Saturating TIAs: the active-set solution equals the one consistent saturation pattern found by
 * enumerating all 3^k patterns with dense MNA.
 */
class TiaSaturationTest {
    // 3 x 4 array; column conductance sums chosen so that outputs land in different regions
    private static final double[] G = {
        4e-4, 1e-5, 3e-4, 2e-4,
        5e-4, 2e-5, 1e-4, 3e-4,
        3e-4, 1e-5, 9e-4, 1e-4,
    };
    private static final Sense.Tia TIA = new Sense.Tia(2e3, 1e4, 0.6);

    /** Brute force: the patterns for which every output is consistent. */
    private static List<int[]> consistentPatterns(CrossbarCircuit c, double[] input) {
        int k = c.sensedLines();
        List<int[]> found = new ArrayList<>();
        int total = (int) Math.pow(3, k);
        for (int code = 0; code < total; code++) {
            int[] st = new int[k];
            int rest = code;
            for (int l = 0; l < k; l++) {
                st[l] = rest % 3 - 1;
                rest /= 3;
            }
            double[] drive = MnaReference.tiaDrive(c, G, input, st);
            boolean ok = true;
            for (int l = 0; l < k; l++) {
                double vlim = TIA.outputLimitVolt();
                ok &= st[l] == 0 ? Math.abs(drive[l]) <= vlim : st[l] * drive[l] >= vlim;
            }
            if (ok) {
                found.add(st);
            }
        }
        return found;
    }

    private static void check(CrossbarCircuit c, double[] input, boolean expectBothSigns) {
        List<int[]> patterns = consistentPatterns(c, input);
        assertEquals(1, patterns.size(), "exactly one consistent pattern");
        int[] pattern = patterns.get(0);
        long saturated = Arrays.stream(pattern).filter(s -> s != 0).count();
        assertTrue(saturated > 0 && saturated < pattern.length, "case must mix saturated and linear outputs: "
                + Arrays.toString(pattern));
        if (expectBothSigns) {
            assertTrue(Arrays.stream(pattern).anyMatch(s -> s > 0) && Arrays.stream(pattern).anyMatch(s -> s < 0),
                    "both saturation signs: " + Arrays.toString(pattern));
        }
        MnaReference.Read ref = MnaReference.crossbar(c, G, input, pattern);
        CrossbarSolver reader = new CrossbarSolver(c, G);
        double[] got = reader.read(input);
        assertArrayEquals(pattern, reader.saturation());
        double scale = TIA.outputLimitVolt() / TIA.feedbackOhm();
        for (int l = 0; l < got.length; l++) {
            assertEquals(ref.currents()[l], got[l], 1e-12 * scale, "output " + l + " of " + c);
        }
        double[] dv = reader.deviceVoltages(input);
        for (int d = 0; d < dv.length; d++) {
            assertEquals(ref.deviceVoltages()[d], dv[d], 1e-12, "device voltage " + d);
        }
        // the unclipped linear solution is clearly different: saturation matters
        MnaReference.Read linear = MnaReference.crossbar(c, G, input, new int[pattern.length]);
        double maxDiff = 0;
        for (int l = 0; l < got.length; l++) {
            maxDiff = Math.max(maxDiff, Math.abs(linear.currents()[l] - got[l]));
        }
        assertTrue(maxDiff > 0.01 * scale, "saturation changes the outputs");
    }

    @Test
    void forwardWithWiresAndDriverMatchesEnumeration() {
        CrossbarCircuit c = new CrossbarCircuit(3, 4, 5.0, 200, TIA, Direction.FORWARD);
        check(c, new double[] {0.2, 0.15, -0.05}, false);
        check(c, new double[] {0.3, 0.2, -0.3}, true);
    }

    @Test
    void forwardWithoutWiresMatchesEnumeration() {
        CrossbarCircuit c = new CrossbarCircuit(3, 4, 0, 500, TIA, Direction.FORWARD);
        check(c, new double[] {0.2, 0.15, -0.05}, false);
    }

    @Test
    void backwardMatchesEnumeration() {
        CrossbarCircuit c = new CrossbarCircuit(3, 4, 2.0, 0, TIA, Direction.BACKWARD);
        check(c, new double[] {0.2, 0.2, 0.05, -0.2}, false);
    }

    @Test
    void tooFewActiveSetPassesIsReported() {
        CrossbarCircuit c = new CrossbarCircuit(3, 4, 5.0, 200, TIA, Direction.FORWARD);
        CrossbarSolver reader = new CrossbarSolver(c, G, new SolverOptions(1e-13, 2000, false, 1));
        SolverNotConvergedException e = assertThrows(SolverNotConvergedException.class,
                () -> reader.read(new double[] {0.2, 0.15, -0.05}));
        assertTrue(e.getMessage().contains("active-set"), e.getMessage());
    }
}
