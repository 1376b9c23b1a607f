package org.xbarspice.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.xbarspice.units.XbarspiceException;

/**
 * Runs one job over the layers of a network (or the parts of split layers) on the calling thread plus the helper
 * threads of a standard thread pool: every thread takes the next index from a shared counter until all are taken.
 * Each index is done by exactly one thread, in the job's own order, so when the tiles share no mutable state (each
 * owns its weights and its random streams) the result does not depend on which thread does which: it is
 * bit-identical to the sequential run. Used for the analog updates of a minibatch, whose pulses dominate the
 * training time.
 *
 * <p>The caller waits for the helpers with blocking {@link Future#get()} calls, so no core spins while another works.
 * Helpers are daemon threads that end after {@value #IDLE_SECONDS} s without work, so an abandoned network keeps no
 * thread alive. An exception thrown by a layer on a helper is rethrown by {@link #run} on the calling thread. Use from
 * one thread at a time.
 */
final class LayerTeam {
    private static final long IDLE_SECONDS = 2;
    private static final AtomicInteger TEAMS = new AtomicInteger();

    private final ThreadPoolExecutor helpers;
    private final Future<?>[] pending;

    /** A team of the caller and {@code helpers} (>= 1) helper threads. */
    LayerTeam(int helpers) {
        int team = TEAMS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(helpers, helpers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "xbarspice-layer-update-" + team + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.helpers.allowCoreThreadTimeOut(true);
        this.pending = new Future<?>[helpers];
    }

    /**
     * Runs {@code layerJob.accept(l)} once for every l of {@code layerOrder} (handed out in that order) on all threads;
     * returns when all are done.
     */
    void run(int[] layerOrder, IntConsumer layerJob) {
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int k = next.getAndIncrement(); k < layerOrder.length; k = next.getAndIncrement()) {
                layerJob.accept(layerOrder[k]);
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
            next.set(layerOrder.length); // the helpers take no further index
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
            throw new XbarspiceException("a layer update failed: " + failure, failure);
        }
    }
}
