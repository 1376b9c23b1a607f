package org.xbarspice.sweep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.xbarspice.units.XbarspiceException;

class LocalPoolTest {
    /**
     * A task that fails outside its point makes {@code run} throw only after the point still in progress has ended, so
     * that nothing writes into the study's folder once its lock is released (the code before returned at once, while
     * point 1 ran on for 100 ms).
     */
    @Test
    void aFailureReturnsOnlyOnceThePointsInProgressHaveEnded() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        AtomicBoolean secondEnded = new AtomicBoolean();
        PointTasks<Integer> tasks = new PointTasks<>() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Integer run(int index) {
                if (index == 1) {
                    secondStarted.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!failed.get() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                    while (System.nanoTime() < end) { // a point that does not heed the interrupt
                        Thread.onSpinWait();
                    }
                    secondEnded.set(true);
                    return index;
                }
                try {
                    assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "point 1 never started");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return index;
            }

            @Override
            public String encode(Integer outcome) {
                return outcome.toString();
            }

            @Override
            public Integer decode(int index, String text) {
                return Integer.valueOf(text);
            }

            @Override
            public Integer failed(int index, String failure) {
                return -index;
            }

            @Override
            public Recipe<Integer> recipe() {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(XbarspiceException.class, () -> new LocalPool(2).run(tasks, List.of(0, 1), outcome -> {
            if (outcome == 0) { // the outcome of point 0 cannot be kept: a failure outside the point
                failed.set(true);
                throw new IllegalStateException("disk full");
            }
        }));
        assertTrue(secondEnded.get(), "run returned while point 1 was still running");
    }
}
