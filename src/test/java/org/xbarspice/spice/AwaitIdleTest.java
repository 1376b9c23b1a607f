package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Netlist;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ReadCase;

/** {@link NgSpiceEngine#awaitIdle} while another thread's analysis runs past its time limit. */
@Tag("ngspice")
class AwaitIdleTest {
    /**
     * A 200 x 200 read (several seconds in ngspice) under a limit of 1 s on one thread, {@code awaitIdle} on another
     * while it runs: the analysis is abandoned with its thread, and the wait queued behind it returns. Before, the
     * queued wait was dropped from the abandoned thread's queue without being cancelled, and {@code awaitIdle} waited
     * for it forever.
     */
    @Test
    void awaitIdleReturnsWhenTheAnalysisItWaitsBehindIsAbandoned() throws Exception {
        CrossbarCircuit circuit = new CrossbarCircuit(200, 200, 1, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 1, 0.2, 3);
        Netlist<double[][]> netlist = CrossbarNetlist.read(circuit, draw.conductances(), draw.inputs());
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            int copies = NgSpiceMemoryTest.libraryCopies();
            engine.setTimeoutSeconds(1);
            CompletableFuture<Void> run = CompletableFuture.runAsync(() ->
                    assertThrows(SpiceTimeoutException.class, () -> engine.run(netlist.text(), netlist.vectors())));
            Thread.sleep(300); // the analysis has begun: loading the netlist alone takes longer
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), engine::awaitIdle, "awaitIdle waited for an abandoned thread");
            // it returned with the abandonment, about 0.7 s later: at once would mean that nothing ran ahead of it
            assertTrue(System.nanoTime() - start > 300_000_000L, "awaitIdle returned at once: the analysis had not begun");
            run.get();
            NgSpiceMemoryTest.awaitAbandonedRuns(copies); // the abandoned analysis ends before the next test
        }
    }
}
