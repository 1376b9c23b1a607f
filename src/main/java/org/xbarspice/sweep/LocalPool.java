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

/** The in-process executor of a sweep: a fixed pool of {@code threads}, one point per task. */
public final class LocalPool implements Sweep.Executor {
    private final int threads;

    public LocalPool(int threads) {
        this.threads = Checks.inRange("--threads", threads, 1, 256);
    }

    @Override
    public List<Sweep.Outcome> run(Sweep sweep, List<Sweep.Point> todo, Consumer<Sweep.Outcome> done) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Sweep.Outcome>> futures = new ArrayList<>();
            for (Sweep.Point p : todo) {
                futures.add(pool.submit(() -> {
                    Sweep.Outcome o = sweep.runPoint(p);
                    done.accept(o);
                    return o;
                }));
            }
            List<Sweep.Outcome> out = new ArrayList<>();
            for (Future<Sweep.Outcome> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XbarspiceException("the sweep was interrupted", e);
        } catch (ExecutionException e) {
            throw new XbarspiceException("a sweep task failed outside its run: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
