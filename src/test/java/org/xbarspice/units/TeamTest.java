package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
        team.wake();
        assertArrayEquals(once, counts(team));
        team.wake();
        team.wake(); // already woken: nothing more
        assertArrayEquals(once, counts(team));
        team.wake();
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
        team.wake();
        assertEquals(2, threadsOfAPairedRun(team));
        team.wake();
        Thread.sleep(20);
        assertEquals(2, threadsOfAPairedRun(team));
        assertEquals(2, threadsOfAPairedRun(team));
    }

    @Test
    void aHelpersFailureReachesTheCaller() {
        Team team = new Team("test", 1);
        team.wake();
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
}
