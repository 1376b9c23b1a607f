package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class PhasePairTest {
    @Test
    void eachPhaseRunsPartZeroOnTheCallerAndPartOneOnTheHelper() throws InterruptedException {
        PhasePair pair = new PhasePair();
        AtomicReferenceArray<Thread> ran = new AtomicReferenceArray<>(2);
        long[] sums = new long[2];
        for (int phase = 1; phase <= 1000; phase++) {
            final int add = phase;
            pair.run(part -> {
                ran.set(part, Thread.currentThread());
                sums[part] += add * (part + 1L);
            });
        }
        assertEquals(Thread.currentThread(), ran.get(0));
        assertNotSame(Thread.currentThread(), ran.get(1));
        assertEquals(500_500L, sums[0]);
        assertEquals(1_001_000L, sums[1]); // every phase's part 1 ran once, and its writes are seen by the caller
        Thread.sleep(300); // longer than the helper waits: it goes back to the pool, and the next phase starts one again
        pair.run(part -> sums[part] = -1);
        assertEquals(-1, sums[0]);
        assertEquals(-1, sums[1]);
    }

    @Test
    void aFailingPartReachesTheCallerAndThePairStillWorks() throws InterruptedException {
        PhasePair pair = new PhasePair();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pair.run(part -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
        }));
        assertEquals("part 1 failed", e.getMessage());
        assertThrows(ArithmeticException.class, () -> pair.run(part -> {
            if (part == 0) {
                throw new ArithmeticException("part 0 failed");
            }
        }));
        Thread.sleep(5); // longer than the helper spins: it parks, and the next phase wakes it
        int[] done = new int[2];
        pair.run(part -> done[part]++);
        assertEquals(1, done[0]);
        assertEquals(1, done[1]);
    }

    /**
     * With no helper thread to be had, the caller runs both parts, phase after phase (the code before let the pool's
     * refusal escape the first phase and then waited forever in the next for a helper that was never started).
     */
    @Test
    void withoutAHelperThreadTheCallerRunsBothParts() {
        PhasePair pair = new PhasePair(task -> {
            throw new RejectedExecutionException("no thread");
        });
        long[] sums = new long[2];
        for (int phase = 1; phase <= 3; phase++) {
            final int add = phase;
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Thread caller = Thread.currentThread();
                pair.run(part -> {
                    assertEquals(caller, Thread.currentThread());
                    sums[part] += add;
                });
            });
        }
        assertEquals(6, sums[0]);
        assertEquals(6, sums[1]);
    }
}
