package org.xbarspice.units;

/**
 * Lets a write that has begun end before the JVM stops (Ctrl-C, SIGTERM): a run's result files and checkpoint written
 * when the signal came were cut off, and a run stopped in its first checkpoint had none to resume from, while the notice
 * said to resume. A shutdown hook waits for the writes under way, up to {@link #LONGEST_WAIT_MILLIS}; a write that
 * would begin once the JVM stops waits for the JVM's end instead, so that none is left half done.
 */
public final class ShutdownGuard {
    /** Longest wait for the writes under way when the JVM stops (ms): past it the JVM stops anyway. */
    public static final long LONGEST_WAIT_MILLIS = 60_000;

    private static final Object LOCK = new Object();
    /** Writes under way; guarded by {@link #LOCK}. */
    private static int writing;
    /** Whether the JVM has begun to stop, as a hook has seen; guarded by {@link #LOCK}. */
    private static boolean stopping;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownGuard::awaitWrites, "xbarspice-writes-end"));
        } catch (IllegalStateException alreadyStopping) { // first used by another shutdown hook: no write is under way
            stopping = true;
        }
    }

    private ShutdownGuard() {
    }

    /**
     * Whether the JVM has begun to stop (Ctrl-C, SIGTERM): what fails from then on fails because of it (Spark's context
     * stopped under its jobs), which a command then neither reports as an error nor cleans up after as a failure. Asks
     * the JVM itself, whose hooks (this class's among them) start together: a failure seen before this class's hook ran
     * was taken for a real one.
     */
    public static boolean stopping() {
        synchronized (LOCK) {
            if (stopping) {
                return true;
            }
        }
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }

    /**
     * Runs {@code write}; once begun, it ends before the JVM stops, for up to {@link #LONGEST_WAIT_MILLIS} after the
     * signal. Begun after the signal, it does not run: the calling thread waits for the JVM's end.
     */
    public static void complete(Runnable write) {
        synchronized (LOCK) {
            while (stopping) {
                try {
                    LOCK.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the JVM is stopping: nothing more is written", e);
                }
            }
            writing++;
        }
        try {
            write.run();
        } finally {
            synchronized (LOCK) {
                writing--;
                LOCK.notifyAll();
            }
        }
    }

    /** Whether a write is under way (for a hook that says it waits for it). */
    public static boolean writing() {
        synchronized (LOCK) {
            return writing > 0;
        }
    }

    /**
     * For shutdown hooks only: marks the JVM as stopping, so that no write begins from here on whichever hook runs first
     * (a notice that looked for a checkpoint before the write of it began said there was none), then waits until no
     * write is under way, up to {@link #LONGEST_WAIT_MILLIS}.
     */
    public static void awaitWrites() {
        long deadline = System.nanoTime() + LONGEST_WAIT_MILLIS * 1_000_000;
        synchronized (LOCK) {
            stopping = true;
            long left;
            while (writing > 0 && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
