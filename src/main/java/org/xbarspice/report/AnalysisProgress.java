package org.xbarspice.report;

import java.io.PrintStream;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * A progress bar for each SPICE task of a command that lasts (an analysis, or a calibration's experiments): the task
 * named by {@link #next} gets a bar (in percent, with its time left) at its first report of progress after {@value
 * #SHOW_AFTER_MILLIS} ms ({@value #SHOW_AFTER_PROPERTY} sets another), so that a short one leaves no line; the bar
 * follows the completed fractions reported to this consumer (by the engine, at most every 150 ms for ngspice and at an
 * analysis's end, {@link org.xbarspice.spice.SpiceEngine#reporting}; by {@link
 * org.xbarspice.calibrate.SpiceExperiments} after each update), starts again where they fall (the next of several
 * analyses under one name), and ends at 100 % (a further analysis under the name gets a bar of its own after its own
 * wait; {@code read --engine both} left the ngspice sweep's bar open while the behavioral engine read after it), at
 * the next name, at {@link #end} or at {@link #close}. A display that fails is turned off: the task goes on without
 * its bar. A 32 x 32 update transient runs about two minutes, a 512 x 512 read of four vectors 100 s, a 64 x 64
 * calibration at 5 ohm 210 s, and {@code update}, {@code read} and {@code calibrate} showed nothing of them but their
 * start before. Thread-safe: an engine reports on a thread of its own.
 */
public final class AnalysisProgress implements DoubleConsumer, AutoCloseable {
    /** How long a task runs before its bar shows (ms), unless {@value #SHOW_AFTER_PROPERTY} says otherwise. */
    static final long SHOW_AFTER_MILLIS = 1000;
    /**
     * The system property that sets how long a task runs before its bar shows (ms; 0: at its first report of progress
     * short of its end), for a user who wants to see every analysis, or a test that must not depend on the machine's
     * speed.
     */
    public static final String SHOW_AFTER_PROPERTY = "xbarspice.progressAfterMillis";
    private final ProgressBars bars;
    private final LongSupplier nanoTime;
    private final long showAfterNanos;
    private String name;
    private long startNanos;
    private boolean shown;
    /** The percentage shown last. */
    private long last;
    /** Whether the display failed: no bar any more. */
    private boolean failed;

    /** Bars on {@code out}, as {@link ProgressBars#ProgressBars(PrintStream)} draws them. */
    public AnalysisProgress(PrintStream out) {
        this(new ProgressBars(out), System::nanoTime, Long.getLong(SHOW_AFTER_PROPERTY, SHOW_AFTER_MILLIS));
    }

    /**
     * Bars on {@code bars}, the time read from {@code nanoTime} (ns), each shown once its task has run {@code
     * showAfterMillis} (ms).
     */
    AnalysisProgress(ProgressBars bars, LongSupplier nanoTime, long showAfterMillis) {
        this.bars = bars;
        this.nanoTime = nanoTime;
        this.showAfterNanos = Math.max(0, showAfterMillis) * 1_000_000;
    }

    /** The task that runs next, named as its bar shows it (the one before ends). */
    public synchronized void next(String task) {
        end();
        name = failed ? null : task;
        startNanos = nanoTime.getAsLong();
    }

    /** The task named last has completed {@code fraction} (0..1) of its work. */
    @Override
    public synchronized void accept(double fraction) {
        if (name == null) {
            return;
        }
        long percent = Math.round(100 * fraction);
        // no bar before the task has lasted, and none that would start at its end (ngspice's "--ready--" seconds after
        // a read's sweep has ended its bar)
        if (!shown && (percent >= 100 || nanoTime.getAsLong() - startNanos < showAfterNanos)) {
            return;
        }
        try {
            if (!shown || percent < last) { // the first report shown, or the next analysis of the same command step
                bars.start(name, "%", 100, percent); // its speed and time left counted from here
                shown = true;
            }
            last = percent;
            bars.advance(percent, "");
            if (fraction >= 1) { // the analysis is done: its bar ends now, not when the command's next task starts
                bars.end();
                shown = false;
                startNanos = nanoTime.getAsLong(); // another analysis of the same task shows after its own second
            }
        } catch (RuntimeException e) {
            failed = true; // a display that fails must not stop the task (an ngspice callback, a calibration's loop)
            name = null;
        }
    }

    /** Ends the bar of the task named last, if it has one; {@link #next} names another. */
    public synchronized void end() {
        if (shown) {
            try {
                bars.end();
            } catch (RuntimeException e) {
                failed = true;
            }
        }
        shown = false;
        name = null;
    }

    /** {@link #end}. */
    @Override
    public void close() {
        end();
    }
}
