package org.xbarspice.cli;

import java.util.function.Supplier;
import org.xbarspice.units.ShutdownGuard;

/**
 * A line on standard error when the JVM is stopped (Ctrl-C, SIGTERM) while a long command runs, saying how to
 * continue: the run stopped without a word after its progress bar. Open while the work runs, closed when it ends.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;
    private volatile boolean done;

    /** Prints "interrupted: {@code howToContinue}" if the JVM stops before {@link #close}. */
    InterruptNotice(String howToContinue) {
        this(() -> howToContinue);
    }

    /**
     * Prints "interrupted: " and what {@code howToContinue} says once the writes under way have ended ({@link
     * ShutdownGuard}: a checkpoint the signal came in is written first), if the JVM stops before {@link #close}.
     */
    InterruptNotice(Supplier<String> howToContinue) {
        hook = new Thread(() -> {
            if (!done) {
                if (ShutdownGuard.writing()) { // a second Ctrl-C does nothing: say why the JVM has not ended yet
                    System.err.println(System.lineSeparator() + "interrupted: finishing the files being written (up to "
                            + ShutdownGuard.LONGEST_WAIT_MILLIS / 1000 + " s)");
                }
                ShutdownGuard.awaitWrites();
                System.err.println(System.lineSeparator() + "interrupted: " + howToContinue.get());
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        done = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping: the hook runs and, done, prints nothing
        }
    }
}
