package org.xbarspice.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xbarspice.units.Checks;
import org.xbarspice.units.XbarspiceException;

/**
 * The in-process executor of a study: a fixed pool of {@code threads}, one point per task. When a task fails outside its
 * point, the points not begun are dropped and {@link #run} throws once those in progress have ended.
 */
public final class LocalPool implements PointExecutor {
    private final int threads;

    public LocalPool(int threads) {
        this.threads = Checks.inRange("--threads", threads, 1, 256);
    }

    @Override
    public <O> List<O> run(PointTasks<O> tasks, List<Integer> todo, Consumer<O> done) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (int index : todo) {
                futures.add(pool.submit(() -> {
                    O o = tasks.run(index);
                    done.accept(o);
                    return o;
                }));
            }
            List<O> out = new ArrayList<>();
            for (Future<O> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XbarspiceException(tasks.name() + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new XbarspiceException("a task of " + tasks.name() + " failed outside its point: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow(); // the points not begun are dropped
            awaitEnd(pool);
        }
    }

    /**
     * Returns once the pool's points in progress have ended (they may not heed the interrupt: a training run or a SPICE
     * analysis goes on to its end, though a failed point is not tried again), so that no point writes into the study's
     * folder after {@link #run} has returned and the folder's lock is released; a caller interrupted meanwhile has its
     * flag set again on return.
     */
    private static void awaitEnd(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
