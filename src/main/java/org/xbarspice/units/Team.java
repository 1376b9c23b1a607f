package org.xbarspice.units;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs one job over a list of indices (the layers of a network, the parts of split layers, the chunks of a read
 * matrix's unit solves) on the calling thread plus the helper threads of a standard thread pool: every thread takes
 * the next index from a shared counter until all are taken. Each index is done by exactly one thread, in the job's own
 * order, so when the jobs share no mutable state (each tile owns its weights and its random streams, each chunk its
 * solver and its part of the output) the result does not depend on which thread does which: it is bit-identical to the
 * sequential run.
 *
 * <p>The caller waits for the helpers with blocking {@link Future#get()} calls, so no core spins while another works.
 * Helpers are daemon threads that end after {@value #IDLE_SECONDS} s without work, so an abandoned network keeps no
 * thread alive. An exception thrown by a job on a helper is rethrown by {@link #run} on the calling thread. Use from
 * one thread at a time.
 */
public final class Team {
    /** Most threads a team may have (the caller included). */
    public static final int MAX_THREADS = 256;
    private static final long IDLE_SECONDS = 2;
    private static final AtomicInteger TEAMS = new AtomicInteger();

    private final ThreadPoolExecutor helpers;
    private final Future<?>[] pending;

    /** A team of the caller and {@code helpers} (>= 1) helper threads, named {@code xbarspice-NAME-TEAM-K}. */
    public Team(String name, int helpers) {
        int team = TEAMS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(helpers, helpers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "xbarspice-" + name + "-" + team + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.helpers.allowCoreThreadTimeOut(true);
        this.pending = new Future<?>[helpers];
    }

    /**
     * Runs {@code job.accept(l)} once for every l of {@code order} (handed out in that order) on all threads;
     * returns when all are done.
     */
    public void run(int[] order, IntConsumer job) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int k = next.getAndIncrement(); k < order.length; k = next.getAndIncrement()) {
                job.accept(order[k]);
            }
        };
        for (int h = 0; h < pending.length; h++) {
            pending[h] = helpers.submit(work);
        }
        Throwable failure = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(order.length); // the helpers take no further index
        }
        boolean interrupted = false;
        for (int h = 0; h < pending.length; h++) {
            while (true) {
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
