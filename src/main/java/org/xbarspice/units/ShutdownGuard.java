package org.xbarspice.units;

/**
 * Lets a write that has begun end before the JVM stops (Ctrl-C, SIGTERM): a run's result files and checkpoint written
 * when the signal came were cut off, and a run stopped in its first checkpoint had none to resume from, while the notice
 * said to resume. A shutdown hook waits for the writes under way, up to {@link #LONGEST_WAIT_MILLIS}; a write that
 * would begin once the JVM stops waits for the JVM's end instead, so that none is left half done.
 */
public final class ShutdownGuard {
    /** Longest wait for the writes under way when the JVM stops (ms): past it the JVM stops anyway. */
    static final long LONGEST_WAIT_MILLIS = 60_000;

    private static final Object LOCK = new Object();
    /** Writes under way; guarded by {@link #LOCK}. */
    private static int writing;
    /** Whether the JVM has begun to stop; guarded by {@link #LOCK}. */
    private static boolean stopping;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (LOCK) {
                    stopping = true;
                }
                awaitWrites();
            }, "xbarspice-writes-end"));
        } catch (IllegalStateException alreadyStopping) { // first used by another shutdown hook: no write is under way
            stopping = true;
        }
    }

    private ShutdownGuard() {
    }

    /**
     * Whether the JVM has begun to stop (Ctrl-C, SIGTERM): what fails from then on fails because of it (Spark's context
     * stopped under its jobs), which a command then neither reports as an error nor cleans up after as a failure.
     */
    public static boolean stopping() {
        synchronized (LOCK) {
            return stopping;
        }
    }

    /** Runs {@code write} to its end, even when the JVM begins to stop while it runs. */
    public static void complete(Runnable write) {
        synchronized (LOCK) {
            while (stopping) { // begun after the signal: not begun at all (the JVM ends during the wait)
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

    /**
     * Waits until no write is under way, up to {@link #LONGEST_WAIT_MILLIS}: for a shutdown hook that reports what the
     * writes left (a checkpoint to resume from).
     */
    public static void awaitWrites() {
        long deadline = System.nanoTime() + LONGEST_WAIT_MILLIS * 1_000_000;
        synchronized (LOCK) {
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
