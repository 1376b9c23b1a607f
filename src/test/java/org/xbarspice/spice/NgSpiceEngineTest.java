package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.spice.ngspice.NgSpiceEngine;

@Tag("ngspice")
class NgSpiceEngineTest {
    private static final String DIVIDER = """
            * divider swept over three input values
            .options klu
            Vk k 0 0
            B1 a 0 V=pwl(V(k), 0,1, 1,2, 2,-3)
            R1 a b 1000
            R2 b 0 3000
            .dc Vk 0 2 1
            .end
            """;

    @Test
    void reportsVersionWithKlu() {
        assertTrue(SharedEngine.get().version().matches("ngspice-\\d+ \\(KLU\\)"), SharedEngine.get().version());
    }

    @Test
    void dcSweepReturnsOneValuePerInputVector() {
        SpiceResult r = SharedEngine.get().run(DIVIDER, List.of("b", "v-sweep"));
        assertArrayEquals(new double[] {0.75, 1.5, -2.25}, r.vectors().get("b"), 1e-12);
        assertArrayEquals(new double[] {0, 1, 2}, r.vectors().get("v-sweep"), 0);
    }

    /**
     * A reporting view sends its runs' progress where it is told (ngspice ends each analysis with "--ready--", 1), runs
     * as the engine does, and its close leaves the engine open.
     */
    @Test
    void aReportingViewSendsTheProgressAndLeavesTheEngineOpen() {
        java.util.List<Double> fractions = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SpiceEngine view = SpiceEngine.reporting(SharedEngine.get(), fractions::add)) {
            assertArrayEquals(new double[] {0.75, 1.5, -2.25}, view.run(DIVIDER, List.of("b")).vectors().get("b"), 1e-12);
            assertEquals(SharedEngine.get().version(), view.version());
        }
        assertTrue(!fractions.isEmpty() && fractions.get(fractions.size() - 1) == 1, fractions.toString());
        assertEquals(0.75, SharedEngine.get().run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12, "still open");
    }

    @Test
    void parseErrorBecomesNetlistExceptionQuotingNgspice() {
        String bad = "* bad\nR1 a 0 1k\nQfoo a b\n.op\n.end\n";
        SpiceNetlistException e = assertThrows(SpiceNetlistException.class, () -> SharedEngine.get().run(bad, List.of("a")));
        assertTrue(e.getMessage().contains("ngspice said"), e.getMessage());
        // the instance is still usable afterwards
        assertEquals(0.75, SharedEngine.get().run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
    }

    /**
     * XSPICE code models are loaded once per process and bound to the ngspice copy initialised last: a code model run
     * in another copy (here the engine's own, after a file run loaded a copy of its own) crashed the JVM (SIGSEGV in
     * ngSpice_Circ). It runs where the models are bound and is refused elsewhere; the project's netlists run anywhere.
     */
    @Test
    void codeModelsRunInTheCopyThatHoldsThemAndAreRefusedElsewhere(@TempDir Path tmp) throws java.io.IOException {
        String gain = "* gain of two\nv1 in 0 dc 1\na1 in out amp\n.model amp gain(gain=2)\nr1 out 0 1k\n.op\n.end\n";
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            assertEquals(2.0, engine.run(gain, List.of("v(out)")).vectors().get("v(out)")[0], 1e-12);
            Path divider = Files.writeString(tmp.resolve("divider.cir"), "* divider\nv1 a 0 1\nr1 a b 1k\nr2 b 0 1k\n.op\n.end\n");
            engine.runFile(SpiceJob.of(divider).withVectors(List.of("v(b)"))); // file runs load a copy of their own
            SpiceException refused = assertThrows(SpiceException.class, () -> engine.run(gain, List.of("v(out)")));
            assertTrue(refused.getMessage().contains("XSPICE code model instances"), refused.getMessage());
            Path file = Files.writeString(tmp.resolve("gain.cir"), gain);
            assertEquals(2.0, engine.runFile(SpiceJob.of(file).withVectors(List.of("v(out)"))).vectors().get("v(out)")
                    .real()[0], 1e-12);
            assertEquals(0.75, engine.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
        }
    }

    /** A closed engine refuses a run saying so (a RejectedExecutionException named a thread pool); its kept circuits close quietly. */
    @Test
    void aClosedEngineRefusesRunsSayingSo() {
        NgSpiceEngine engine = NgSpiceEngine.open(1);
        KeptCircuit kept = engine.keep(DIVIDER, List.of("b"));
        engine.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.run(DIVIDER, List.of("b")));
        assertEquals("the ngspice engine is closed: open another with NgSpiceEngine.open", e.getMessage());
        kept.close();
    }

    /**
     * An engine closed while a run is under way lets that run finish with its result (the freeing it queued after the
     * result threw a RejectedExecutionException naming a thread pool), and a caller that waited for an instance meanwhile
     * is told the engine is closed.
     */
    @Test
    void aRunUnderWayWhenTheEngineClosesKeepsItsResult() throws Exception {
        String slow = DIVIDER.replace(".dc Vk 0 2 1", ".dc Vk 0 2 1e-5"); // 200,000 points: 3.5 s here
        NgSpiceEngine engine = NgSpiceEngine.open(1);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<SpiceResult> running = callers.submit(() -> engine.run(slow, List.of("b")));
            Thread.sleep(300); // the run has taken the one instance
            java.util.concurrent.Future<SpiceResult> waiting = callers.submit(() -> engine.run(DIVIDER, List.of("b")));
            Thread.sleep(100);
            engine.close();
            assertEquals(0.75, running.get().vectors().get("b")[0], 1e-12);
            java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    waiting::get);
            assertTrue(refused.getCause() instanceof IllegalStateException, refused.getCause().toString());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void fatalNgspiceErrorReplacesTheInstanceAndTheJvmGoesOn() {
        String fatal = "* asks ngspice to exit\nR1 a 0 1k\nV1 a 0 1\n.control\nquit\n.endc\n.op\n.end\n";
        try (NgSpiceEngine single = NgSpiceEngine.open(1)) {
            SpiceException e = assertThrows(SpiceException.class, () -> single.run(fatal, List.of("a")));
            assertTrue(e.getMessage().contains("fatal error") && !e.getMessage().contains("free memory"), e.getMessage());
            // the one instance was replaced by a fresh library copy: the engine still works
            assertEquals(0.75, single.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
        }
    }

    /**
     * A transient whose output ngspice estimates above the free memory (1,002 vectors over 2e9 print steps of 0.5 ns:
     * 16 TB, beyond any machine's; a larger count of steps overflows ngspice's int and goes unchecked) is refused by
     * ngspice before its first point, as a fatal error (in 0.06 s here); the message says why and what
     * to change, where it said only "fatal error" before (a 512 x 512 update transient, after two minutes of loading).
     */
    @Test
    void aTransientWhoseOutputExceedsTheFreeMemorySaysSo() {
        StringBuilder ladder = new StringBuilder("* 1000 resistors in series, printed every 0.5 ns for 1 s\nV1 n0 0 1\n");
        for (int k = 1; k <= 1000; k++) {
            ladder.append("R").append(k).append(" n").append(k - 1).append(" n").append(k).append(" 1k\n");
        }
        ladder.append("R0 n1000 0 1k\n.tran 0.5n 1\n.end\n");
        try (NgSpiceEngine single = NgSpiceEngine.open(1)) {
            SpiceException e = assertThrows(SpiceException.class, () -> single.run(ladder.toString(), List.of("n1")));
            assertTrue(e.getMessage().contains("fatal error while running the analysis: its output would not fit in the "
                    + "free memory") && e.getMessage().contains("save fewer vectors (.save)"), e.getMessage());
            assertEquals(0.75, single.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12, "a fresh instance runs");
        }
    }

    /**
     * Library copies are unloaded when their instance dies and when the engine closes: the process's mappings of
     * ngspice copies ({@code libngspice-N.so}) are back to their count before the engine opened (other tests' engines
     * may hold copies of their own), and a Java stack overflow (a SIGSEGV the JVM handles) is still caught after.
     */
    @Test
    void closedAndReplacedInstancesUnloadTheirLibraryCopies() throws Exception {
        long before = copyMappings();
        String fatal = "* asks ngspice to exit\nR1 a 0 1k\nV1 a 0 1\n.control\nquit\n.endc\n.op\n.end\n";
        try (NgSpiceEngine engine = NgSpiceEngine.open(2)) {
            long open = copyMappings();
            assertTrue(open > before, "two copies mapped: " + before + " -> " + open);
            assertThrows(SpiceException.class, () -> engine.run(fatal, List.of("a")));
            engine.run(DIVIDER, List.of("b"));
            assertEquals(open, copyMappings(), "the dead instance's copy was unloaded when it was replaced");
        }
        assertEquals(before, copyMappings(), "every copy of the closed engine unloaded");
        assertThrows(StackOverflowError.class, () -> recurse(0));
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    private static long copyMappings() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps")).stream()
                .filter(line -> line.matches(".*/libngspice-\\d+\\.so.*")).count();
    }

    /**
     * {@link NgSpiceEngine#awaitIdle} waits behind what each instance's thread has queued (the freeing of the last
     * circuit), after which the engine runs on; on a closed engine, whose threads take no task, it returns at once.
     */
    @Test
    void awaitIdleWaitsForTheQueuedFreeingAndTheEngineRunsOn() {
        NgSpiceEngine engine = NgSpiceEngine.open(2);
        try {
            assertEquals(0.75, engine.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
            engine.awaitIdle();
            assertEquals(0.75, engine.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
        } finally {
            engine.close();
        }
        engine.awaitIdle();
    }

    /**
     * A kept circuit reruns with altered values (a 1 k / 3 k divider, then 1 k / 1 k); a kept netlist that does not parse
     * fails as a netlist error without harming the instance: the first circuit then either still answers with its
     * altered value or says it is gone, and plain runs go on.
     */
    @Test
    void keptCircuitsAlterAndSurviveOneThatDoesNotParse() {
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            KeptCircuit divider = engine.keep("* divider\nV1 a 0 1\nR1 a b 1000\nR2 b 0 3000\n.op\n.end\n", List.of("b"));
            assertEquals(0.75, divider.run(List.of()).vectors().get("b")[0], 1e-15);
            assertEquals(0.5, divider.run(List.of("r2 = 1000")).vectors().get("b")[0], 1e-15);
            KeptCircuit bad = engine.keep("* bad\nR1 a 0 1k\nQfoo a b\n.op\n.end\n", List.of("a"));
            assertThrows(SpiceNetlistException.class, () -> bad.run(List.of()));
            try {
                assertEquals(0.5, divider.run(List.of()).vectors().get("b")[0], 1e-15);
            } catch (SpiceException gone) {
                assertTrue(gone.getMessage().contains("gone"), gone.getMessage());
            }
            assertEquals(0.75, engine.run(DIVIDER, List.of("b")).vectors().get("b")[0], 1e-12);
            divider.close();
        }
    }

    @Test
    void missingVectorIsAnError() {
        SpiceException e = assertThrows(SpiceException.class, () -> SharedEngine.get().run(DIVIDER, List.of("nosuchnode")));
        assertTrue(e.getMessage().contains("nosuchnode"), e.getMessage());
    }

    @Test
    void parallelRunsOnSeparateInstancesGiveTheSameResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new java.util.ArrayList<>();
            for (int n = 0; n < 40; n++) {
                results.add(pool.submit(() -> SharedEngine.get().run(DIVIDER, List.of("b")).vectors().get("b")));
            }
            for (Future<double[]> f : results) {
                assertArrayEquals(new double[] {0.75, 1.5, -2.25}, f.get(), 1e-12);
            }
        } finally {
            pool.shutdown();
        }
    }
}
