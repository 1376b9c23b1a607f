package org.xbarspice.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.xbarspice.units.Checks;
import org.xbarspice.units.XbarspiceException;

/** The in-process executor of a study: a fixed pool of {@code threads}, one point per task. */
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
            pool.shutdownNow();
        }
    }
}
