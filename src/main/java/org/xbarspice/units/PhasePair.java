package org.xbarspice.units;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The calling thread and one helper thread running the two parts of a computation's phases: {@link #run} does part 0
 * on the caller and part 1 on the helper and returns when both are done. Between phases the helper waits spinning
 * ({@link Thread#onSpinWait}) for up to {@value #SPIN_MICROS} us, so phases that follow each other closely (the steps
 * of a nodal solve, and solve after solve) cost 0.15-0.5 us of hand-over each ({@code bench/SolverThreads}, phases
 * that do nothing) instead of the 30-100 us a parked thread takes to run again ({@link Team}). Then it parks, and after {@value #IDLE_MILLIS} ms without a phase it goes
 * back to a shared pool of daemon threads (which end after a minute without work), so an abandoned pair keeps no
 * thread; the next phase starts a helper again (when the machine gives no thread for it, the caller runs both parts
 * of that phase itself). A part's exception is rethrown by {@link #run} on the caller. Use from
 * one thread at a time; the two parts of a phase must not share mutable state.
 */
public final class PhasePair {
    private static final long SPIN_MICROS = 1000;
    private static final long IDLE_MILLIS = 100;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xbarspice-phase-pair-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    /** Helper states: none serving (a phase must start one), one being started, one serving. */
    private static final int GONE = 0;
    private static final int STARTING = 1;
    private static final int SERVING = 2;

    /** Where the helper threads come from. */
    private final Executor pool;
    private final AtomicInteger state = new AtomicInteger(GONE);
    /** The phase the helper is to run (valid while {@link #posted} is ahead of {@link #finished}). */
    private volatile IntConsumer job;
    private volatile int posted;
    private volatile int finished;
    private volatile Throwable failure;
    /** The helper while it parks (null while it runs or spins), for the poster to unpark. */
    private volatile Thread parked;

    /** A pair whose helpers come from the shared pool of daemon threads. */
    public PhasePair() {
        this(POOL);
    }

    /** A pair whose helpers come from {@code pool} (tests give one that refuses). */
    PhasePair(Executor pool) {
        this.pool = pool;
    }

    /** Runs {@code part.accept(0)} on this thread and {@code part.accept(1)} on the helper; returns when both are done. */
    public void run(IntConsumer part) {
        failure = null;
        job = part;
        int phase = posted + 1;
        posted = phase;
        Thread t = parked;
        if (t != null) {
            LockSupport.unpark(t);
        }
        boolean alone = false;
        if (state.compareAndSet(GONE, STARTING)) {
            try {
                pool.execute(this::serve);
            } catch (RejectedExecutionException | OutOfMemoryError e) { // no thread to be had: both parts here
                alone = true; // the pair stays STARTING meanwhile, so that no leaving helper takes this phase up
            }
        }
        Throwable mine = null;
        try {
            part.accept(0);
            if (alone) {
                part.accept(1);
            }
        } catch (RuntimeException | Error e) {
            mine = e;
        }
        if (alone) {
            finished = phase;
        } else {
            awaitHelper(phase);
        }
        job = null;
        if (alone) {
            state.set(GONE); // after finished: a helper that serves from now on finds this phase done
        }
        Throwable first = mine != null ? mine : failure;
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
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

    /**
     * The helper: runs part 1 of every phase posted after the last finished one; spins, then parks, between phases, and
     * leaves after {@value #IDLE_MILLIS} ms without one. It publishes itself in {@link #parked} before it parks and
     * then looks for a phase once more, so that a poster who finds it there unparks it (a permit given before it parks
     * is kept by {@link LockSupport}); leaving, it marks the pair {@link #GONE} and looks once more, so that a phase
     * posted meanwhile is run by it or by the helper that phase starts, never by none.
     */
    private void serve() {
        state.set(SERVING);
        int seen = finished;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_MICROS * 1000;
            long idleUntil = spinUntil + IDLE_MILLIS * 1_000_000;
            while (posted == seen) {
                long now = System.nanoTime();
                if (now < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                if (now > idleUntil) {
                    state.set(GONE);
                    if (posted == seen || !state.compareAndSet(GONE, SERVING)) {
                        return;
                    }
                    break;
                }
                parked = Thread.currentThread();
                if (posted == seen) {
                    LockSupport.parkNanos(this, idleUntil - now);
                }
                parked = null;
            }
            seen = posted;
            if (finished != seen) { // not a phase its caller ran alone
                try {
                    job.accept(1);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                finished = seen;
            }
        }
    }
}
