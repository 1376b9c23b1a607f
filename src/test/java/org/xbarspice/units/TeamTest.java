package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TeamTest {
    private static final int[] ORDER = {3, 0, 2, 1, 5, 4};

    /** Runs ORDER on the team and returns how often each index was done. */
    private static int[] counts(Team team) {
        AtomicIntegerArray done = new AtomicIntegerArray(ORDER.length);
        team.run(ORDER, done::incrementAndGet);
        int[] counts = new int[ORDER.length];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = done.get(k);
        }
        return counts;
    }

    @Test
    void everyIndexIsDoneOnceWhetherTheHelpersWereWokenOrNot() throws InterruptedException {
        Team team = new Team("test", 1);
        int[] once = {1, 1, 1, 1, 1, 1};
        assertArrayEquals(once, counts(team));
        team.wake(null);
        assertArrayEquals(once, counts(team));
        team.wake(null);
        team.wake(null); // already woken: nothing more
        assertArrayEquals(once, counts(team));
        team.wake(null);
        Thread.sleep(20); // longer than a woken helper waits: it goes back to the pool, and the run starts it again
        assertArrayEquals(once, counts(team));
    }

    /** The number of threads that took part in a run of two indices, each of which waits for the other. */
    private static int threadsOfAPairedRun(Team team) {
        CountDownLatch both = new CountDownLatch(2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        team.run(new int[] {0, 1}, k -> {
            threads.add(Thread.currentThread());
            both.countDown();
            try {
                assertTrue(both.await(10, TimeUnit.SECONDS), "the helper never took an index");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return threads.size();
    }

    @Test
    void aHelperTakesPartWhetherItWaitedForTheRunOrGaveUp() throws InterruptedException {
        Team team = new Team("test", 1);
        team.wake(null);
        assertEquals(2, threadsOfAPairedRun(team));
        team.wake(null);
        Thread.sleep(20);
        assertEquals(2, threadsOfAPairedRun(team));
        assertEquals(2, threadsOfAPairedRun(team));
    }

    @Test
    void aHelpersFailureReachesTheCaller() {
        Team team = new Team("test", 1);
        team.wake(null);
        CountDownLatch both = new CountDownLatch(2);
        Thread caller = Thread.currentThread();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run(new int[] {0, 1}, k -> {
            both.countDown();
            try {
                both.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (Thread.currentThread() != caller) {
                throw new IllegalStateException("helper failed");
            }
        }));
        assertEquals("helper failed", thrown.getMessage());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, counts(team)); // the team still works
    }

    /**
     * A woken helper runs the job given to {@link Team#wake} before it waits for the run, while the caller goes
     * on; the run then does every index once. Where the helpers cannot spin (one core), waking does nothing and the job
     * is not run.
     */
    @Test
    void aWokenHelperRunsItsFirstJobWhileTheCallerGoesOn() throws InterruptedException {
        Team team = new Team("test", 1);
        boolean spins = Runtime.getRuntime().availableProcessors() > 1;
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        team.wake(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        });
        assertEquals(spins, ran.await(spins ? 10 : 0, TimeUnit.SECONDS));
        if (spins) {
            assertTrue(ranOn.get() != Thread.currentThread() && ranOn.get().getName().startsWith("xbarspice-test-"),
                    String.valueOf(ranOn.get()));
        }
        team.wake(() -> ranOn.set(null)); // already woken: not run
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, counts(team));
        assertEquals(spins, ranOn.get() != null);
    }

    /** The first job's failure is the next run's, whose indices are all done; the team works on. */
    @Test
    void aFailureOfTheFirstJobReachesTheNextRun() {
        Team team = new Team("test", 1);
        team.wake(() -> {
            throw new IllegalStateException("first job failed");
        });
        AtomicIntegerArray done = new AtomicIntegerArray(ORDER.length);
        if (Runtime.getRuntime().availableProcessors() > 1) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run(ORDER, done::incrementAndGet));
            assertEquals("first job failed", thrown.getMessage());
        } else {
            team.run(ORDER, done::incrementAndGet);
        }
        assertEquals("[1, 1, 1, 1, 1, 1]", done.toString());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, counts(team));
    }

    /**
     * A helper's failure stops the caller too: it finishes the index it holds and takes no other (the code before went
     * on through all 100).
     */
    @Test
    void aHelpersFailureStopsTheRun() {
        Team team = new Team("test", 1);
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> helper = new AtomicReference<>();
        AtomicInteger callerIndices = new AtomicInteger();
        int[] order = new int[100];
        Arrays.setAll(order, k -> k);
        assertThrows(IllegalStateException.class, () -> team.run(order, k -> {
            if (Thread.currentThread() != caller) {
                helper.set(Thread.currentThread());
                throw new IllegalStateException("helper failed");
            }
            callerIndices.incrementAndGet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // until the helper has failed and gone back to its pool (its job's failure handled)
            while (helper.get() == null || helper.get().getState() == Thread.State.RUNNABLE) {
                assertTrue(System.nanoTime() < deadline, "the helper never failed");
                Thread.onSpinWait();
            }
        }));
        assertTrue(callerIndices.get() <= 1, callerIndices.get() + " indices done by the caller"); // 0 when the helper took the first
    }

    /**
     * With no helper thread to be had, the caller does every index itself, woken or not (the code before let the
     * refusal escape the run, while the helpers already started went on with the tiles).
     */
    @Test
    void withoutHelperThreadsTheCallerDoesEveryIndex() {
        Team team = new Team(2, task -> {
            throw new OutOfMemoryError("unable to create native thread");
        });
        int[] once = {1, 1, 1, 1, 1, 1};
        assertArrayEquals(once, counts(team));
        team.wake(null);
        assertArrayEquals(once, counts(team));
    }
}
