package org.xbarspice.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one job over the layers of a network (or the parts of split layers) on the calling thread plus helper
 * threads: every thread takes the next index from a shared counter until all are taken. Each index is done by exactly
 * one thread, in the job's own order, so when the tiles share no mutable state (each owns its weights and its random
 * streams) the result does not depend on which thread does which: it is bit-identical to the sequential run. Used
 * for the analog updates of a minibatch, whose pulses dominate the training time.
 *
 * <p>No allocation per job. A helper waits for its next job, and the caller for the helpers to finish theirs, by
 * spinning ({@link Thread#onSpinWait()}) for {@value #SPIN_NANOS} ns, then by parking (the last helper to finish wakes
 * the caller), so no core burns while another works for long; a helper idle for {@value #IDLE_EXIT_NANOS} ns ends (the next job starts
 * a new one), so an abandoned network keeps no thread alive. Helpers are daemon threads. An exception thrown by a
 * layer on a helper is rethrown by {@link #run} on the calling thread. Use from one thread at a time.
 */
final class LayerTeam {
    private static final long SPIN_NANOS = 200_000;
    private static final long PARK_NANOS = 200_000;
    private static final long IDLE_EXIT_NANOS = 2_000_000_000L;
    private static final int IDLE = 0;
    private static final int ENLISTED = 1;
    private static final int EXITED = 2;

    private final Helper[] helpers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private int[] order;
    private IntConsumer job;
    private volatile Throwable failure;
    private volatile Thread caller;

    /** A team of the caller and {@code helpers} (>= 1) helper threads. */
    LayerTeam(int helpers) {
        this.helpers = new Helper[helpers];
    }

    /**
     * Runs {@code layerJob.accept(l)} once for every l of {@code layerOrder} (handed out in that order) on all threads;
     * returns when all are done.
     */
    void run(int[] layerOrder, IntConsumer layerJob) {
        this.order = layerOrder;
        this.job = layerJob;
        this.caller = Thread.currentThread();
        this.failure = null;
        next.set(0);
        pending.set(helpers.length);
        for (int h = 0; h < helpers.length; h++) {
            Helper t = helpers[h];
            if (t == null || !t.state.compareAndSet(IDLE, ENLISTED)) {
                t = new Helper();
                helpers[h] = t;
                t.start();
            } else if (t.parked) {
                LockSupport.unpark(t);
            }
        }
        try {
            work();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(Integer.MAX_VALUE / 2);
        }
        long waitStart = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - waitStart < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            throw new IllegalStateException(f);
        }
    }

    private void work() {
        int[] o = order;
        IntConsumer j = job;
        for (int k = next.getAndIncrement(); k < o.length; k = next.getAndIncrement()) {
            j.accept(o[k]);
        }
    }

    private final class Helper extends Thread {
        final AtomicInteger state = new AtomicInteger(ENLISTED);
        volatile boolean parked;

        Helper() {
            super("xbarspice-layer-update");
            setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                if (state.get() == ENLISTED) {
                    try {
                        work();
                    } catch (Throwable t) {
                        failure = t;
                        next.set(Integer.MAX_VALUE / 2);
                    }
                    state.set(IDLE);
                    if (pending.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (idle < IDLE_EXIT_NANOS) {
                    parked = true;
                    if (state.get() != ENLISTED) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                    parked = false;
                } else if (state.compareAndSet(IDLE, EXITED)) {
                    return;
                }
            }
        }
    }
}
