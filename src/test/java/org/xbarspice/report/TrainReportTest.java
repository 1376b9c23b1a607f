package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.train.Lockstep;

/** The lockstep divergence plot: a logarithmic axis, which cannot show a difference of 0. */
class TrainReportTest {
    @TempDir
    Path tmp;

    /**
     * Differences of 0 (outputs equal at every step, weights equal at the first step) are left out of the logarithmic
     * axis, not drawn as an error; engines equal at every step leave no plot (and remove the run's earlier one).
     */
    @Test
    void zeroDifferencesAreLeftOutOfTheLogarithmicAxis() throws IOException {
        Path png = tmp.resolve("divergence.png");
        List<Lockstep.Divergence> growing = List.of(new Lockstep.Divergence(1, new double[] {0, 0}, 0),
                new Lockstep.Divergence(2, new double[] {3e-19, 0}, 0), new Lockstep.Divergence(3, new double[] {1.6e-17, 2e-18}, 0));
        TrainReport.plotDivergence(png, "test", 2, growing);
        assertTrue(Files.size(png) > 0);
        List<Lockstep.Divergence> equal = List.of(new Lockstep.Divergence(1, new double[] {0, 0}, 0));
        TrainReport.plotDivergence(png, "test", 2, equal);
        assertFalse(Files.exists(png), "nothing to draw: the earlier plot would show another state of the run");
    }
}
