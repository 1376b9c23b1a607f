package org.xbarspice.units;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * Runs one job over a list of indices (the layers of a network, the parts of split layers, the chunks of a read
 * matrix's unit solves) on the calling thread plus the helper threads of a standard thread pool: every thread takes
 * the next index from a shared counter until all are taken. Each index is done by exactly one thread, in the job's own
 * order, so when the jobs share no mutable state (each tile owns its weights and its random streams, each chunk its
 * solver and its part of the output) the result does not depend on which thread does which: it is bit-identical to the
 * sequential run.
 *
 * <p>A parked thread takes 30-250 us to run again on this project's 2-core virtual machines (measured: 50 us median
 * for a pool's idle helper, 35 us for a caller waiting on a future; 90-240 us in training), which is a tenth of a
 * training sample's update. So when the team has a core per thread, a caller that knows a run is coming calls
 * {@link #wake} first: the helpers start while the caller still prepares the run's data (the forward and backward
 * passes) and wait for it spinning ({@link Thread#onSpinWait}); and at the end of such a run the caller spins until
 * the helpers are done (a run without {@code wake}, such as a read-matrix refresh inside a layer's update, never
 * spins). Either spin lasts at most {@value #SPIN_MICROS} us (the system property {@value #SPIN_PROPERTY}
 * sets another bound for the teams made after it, 0 none); then the thread parks as usual. Helpers are
 * daemon threads that end after {@value #IDLE_SECONDS} s without work, so an abandoned network keeps no thread alive.
 * A job that throws, on any thread, stops the run: no thread takes a further index, and {@link #run} rethrows a failure
 * on the calling thread (the caller's own, else the first helper's in their order) once the jobs in progress have
 * ended. Use from one thread at a time.
 */
public final class Team {
    /** Most threads a team may have (the caller included). */
    public static final int MAX_THREADS = 256;
    private static final long IDLE_SECONDS = 2;
    private static final AtomicInteger TEAMS = new AtomicInteger();
    /** Longest a thread spins before it parks (us), unless the system property {@value #SPIN_PROPERTY} sets it. */
    private static final long SPIN_MICROS = 500;
    /** The system property that sets a new team's spin (us; 0: threads park at once). */
    public static final String SPIN_PROPERTY = "xbarspice.spinMicros";
    /** What a woken helper leaves in its slot when it stops waiting. */
    private static final Runnable GAVE_UP = () -> { };

    private final ThreadPoolExecutor helpers;
    private final Future<?>[] pending;
    /** The work each woken helper waits for (null until the run posts it, or {@link #GAVE_UP}). */
    private final AtomicReferenceArray<Runnable> handOver;
    private boolean woken;
    /** Whether its threads may spin: a bound above 0 and a core per thread (no spin keeps another from its work). */
    private final boolean spins;
    /** The spin's bound (ns). */
    private final long spinNanos;

    /** A team of the caller and {@code helpers} (>= 1) helper threads, named {@code xbarspice-NAME-TEAM-K}. */
    public Team(String name, int helpers) {
        this(helpers, daemons(name));
    }

    /** A team whose helper threads come from {@code threads} (tests give one that fails). */
    Team(int helpers, ThreadFactory threads) {
        this.helpers = new ThreadPoolExecutor(helpers, helpers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads);
        this.helpers.allowCoreThreadTimeOut(true);
        this.pending = new Future<?>[helpers];
        this.handOver = new AtomicReferenceArray<>(helpers);
        this.spinNanos = Math.max(0, Long.getLong(SPIN_PROPERTY, SPIN_MICROS)) * 1000;
        this.spins = spinNanos > 0 && helpers < Runtime.getRuntime().availableProcessors();
    }

    /** Daemon threads named {@code xbarspice-NAME-TEAM-K}. */
    private static ThreadFactory daemons(String name) {
        int team = TEAMS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "xbarspice-" + name + "-" + team + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * A helper's part of a run, on a pool thread; null when the machine gives no thread for it (then the threads that
     * run take its indices).
     */
    private Future<?> submit(Runnable work) {
        try {
            return helpers.submit(work);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            return null;
        }
    }

    /**
     * Starts the helpers ahead of the next {@link #run}, which should follow within the spin's bound (a helper
     * that waits longer goes back to the pool, and the run starts it again), each helper running {@code first} (unless
     * null) before it waits: work that needs no result of what the caller does meanwhile, which the run then finds done
     * or in progress (its jobs must wait for the parts of it they need). A failure of {@code first} is the next run's.
     * Nothing, and {@code first} not run, if the helpers are already woken or cannot spin.
     */
    public void wake(Runnable first) {
        if (woken || !spins) {
            return;
        }
        for (int h = 0; h < pending.length; h++) {
            handOver.set(h, null);
            final int slot = h;
            pending[h] = submit(() -> {
                if (first != null) {
                    first.run();
                }
                awaitWork(slot);
            });
            if (pending[h] == null) {
                handOver.set(h, GAVE_UP); // no helper waits in this slot: the run submits its work anew
            }
        }
        woken = true;
    }

    /** Spins until every helper's part is done, at most the spin's bound (a parked caller wakes 30-100 us late). */
    private void awaitHelpers() {
        long deadline = System.nanoTime() + spinNanos;
        for (int h = 0; h < pending.length; h++) {
            while (pending[h] != null && !pending[h].isDone()) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** A woken helper: spins until the run posts its work in {@code slot}, then does it, or gives up. */
    private void awaitWork(int slot) {
        long deadline = System.nanoTime() + spinNanos;
        Runnable work;
        while ((work = handOver.get(slot)) == null) {
            if (System.nanoTime() > deadline && handOver.compareAndSet(slot, null, GAVE_UP)) {
                return;
            }
            Thread.onSpinWait();
        }
        work.run();
    }

    /**
     * Runs {@code job.accept(l)} once for every l of {@code order} (handed out in that order) on all threads;
     * returns when all are done.
     */
    public void run(int[] order, IntConsumer job) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            try {
                for (int k = next.getAndIncrement(); k < order.length; k = next.getAndIncrement()) {
                    job.accept(order[k]);
                }
            } catch (RuntimeException | Error e) {
                next.set(order.length); // a failed job stops the team: no thread takes a further index
                throw e;
            }
        };
        boolean spinAtEnd = woken;
        for (int h = 0; h < pending.length; h++) {
            if (!woken || !handOver.compareAndSet(h, null, work)) {
                pending[h] = submit(work);
            }
        }
        woken = false;
        Throwable failure = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (spinAtEnd) {
            awaitHelpers();
        }
        boolean interrupted = false;
        for (int h = 0; h < pending.length; h++) {
            while (pending[h] != null) {
                try {
                    pending[h].get();
                    break;
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers still use the tiles: wait for them, then restore the flag
                }
            }
            pending[h] = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new XbarspiceException("a job of the team failed: " + failure, failure);
        }
    }
}
