package org.xbarspice.units;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The calling thread and one helper thread running the two parts of a computation's phases: {@link #run} does part 0
 * on the caller and part 1 on the helper and returns when both are done. Between {@link #open} and {@link #close} (a
 * session) the helper waits for the next phase spinning ({@link Thread#onSpinWait}), so a phase costs about a
 * microsecond of hand-over instead of the 30-100 us a parked thread takes to run again ({@link Team}); a session of
 * many short phases (the steps of one nodal solve) pays the parked hand-over once, at {@link #open}. A helper that
 * waits longer than {@value #SPIN_MICROS} us for a phase parks until the next. Helpers come from a shared pool of
 * daemon threads that end after a minute without work. A part's exception is rethrown by {@link #run} on the caller.
 * Use from one thread at a time; the two parts of a phase must not share mutable state.
 */
public final class PhasePair {
    private static final long SPIN_MICROS = 1000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xbarspice-phase-pair-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** The phase the helper is to run (valid while {@link #posted} is ahead of what the helper has seen). */
    private volatile IntConsumer job;
    private volatile int posted;
    private volatile int finished;
    private volatile Throwable failure;
    private volatile boolean session;
    private volatile boolean serving;
    private volatile Thread helper;

    /** Starts a session: a helper starts now and spins for the phases that follow. Nothing if one is open. */
    public void open() {
        if (session) {
            return;
        }
        session = true;
        serving = true;
        int seen = posted;
        POOL.execute(() -> serve(seen));
    }

    /** Ends the session; returns once its helper has left. */
    public void close() {
        if (!session) {
            return;
        }
        session = false;
        wakeHelper();
        while (serving) {
            Thread.yield();
            wakeHelper();
        }
    }

    /**
     * Runs {@code part.accept(0)} on this thread and {@code part.accept(1)} on the helper (in a session of its own if
     * none is open); returns when both are done.
     */
    public void run(IntConsumer part) {
        boolean own = !session;
        if (own) {
            open();
        }
        try {
            failure = null;
            job = part;
            int phase = posted + 1;
            posted = phase;
            wakeHelper();
            Throwable mine = null;
            try {
                part.accept(0);
            } catch (RuntimeException | Error e) {
                mine = e;
            }
            awaitHelper(phase);
            job = null;
            Throwable first = mine != null ? mine : failure;
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof Error err) {
                throw err;
            }
        } finally {
            if (own) {
                close();
            }
        }
    }

    /**
     * Waits for the helper to finish {@code phase}: spinning for up to {@value #SPIN_MICROS} us, then yielding the core
     * (with more busy threads than cores the helper may be waiting for this one).
     */
    private void awaitHelper(int phase) {
        long deadline = System.nanoTime() + SPIN_MICROS * 1000;
        while (finished != phase) {
            if (System.nanoTime() > deadline) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void wakeHelper() {
        Thread t = helper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * The helper: runs part 1 of every phase posted after {@code seen} until the session ends. It publishes itself in
     * {@link #helper} only while parked, so that a poster unparks it exactly then (a permit given before it parks is
     * kept by {@link LockSupport}).
     */
    private void serve(int seen) {
        try {
            while (true) {
                long deadline = System.nanoTime() + SPIN_MICROS * 1000;
                while (posted == seen && session) {
                    if (System.nanoTime() > deadline) {
                        helper = Thread.currentThread();
                        if (posted == seen && session) {
                            LockSupport.park(this);
                        }
                        helper = null;
                        deadline = System.nanoTime() + SPIN_MICROS * 1000;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (posted == seen) {
                    return; // the session ended
                }
                seen = posted;
                try {
                    job.accept(1);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                finished = seen;
            }
        } finally {
            helper = null;
            serving = false;
        }
    }
}
