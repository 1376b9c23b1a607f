package org.xbarspice.report;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;
import org.xbarspice.train.TrainingRun;

/**
 * The progress of a {@link TrainingRun} (or of any task counted in units: the points of a design study) on a console: a
 * progress bar per task (speed, loss or a message), lines for the news, all on the one stream given (standard output for
 * the commands, so that standard error holds only errors and warnings). On a terminal the bar is redrawn in place; on
 * standard output sent to a file or a pipe (no console) it is written as a line every {@value #LOG_INTERVAL_MILLIS} ms
 * and once at the end, which a log keeps readable.
 */
public final class ProgressBars implements TrainingRun.Progress {
    /** Milliseconds between two lines of a bar written to a file or a pipe. */
    static final int LOG_INTERVAL_MILLIS = 10_000;
    /**
     * The length of a line of a bar written to a file or a pipe (characters): room for the bar, counts, times, speed and
     * loss of a training epoch (about 100; the library's default of 80 cut the loss short).
     */
    static final int LOG_LINE_LENGTH = 120;
    private final PrintStream out;
    private final boolean redrawn;
    private ProgressBar bar;
    /** The task's units done at its start ({@link #start}), and at its first step and when (System.nanoTime), -1 before. */
    private long startDone;
    private long firstStepDone = -1;
    private long firstStepNanos;

    /** Progress on {@code out}, redrawn in place when it is standard output on a console. */
    public ProgressBars(PrintStream out) {
        this(out, out == System.out && onTerminal());
    }

    /**
     * Whether standard input and output are a terminal: a console exists, and on Java 22 and later (where one exists
     * for redirected streams too) it says it is a terminal ({@code Console.isTerminal}, looked up as this builds for 17).
     */
    private static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException before22) {
            return true;
        }
    }

    /** Progress on {@code out}, redrawn in place ({@code redrawn}) or as a line now and then. */
    ProgressBars(PrintStream out, boolean redrawn) {
        this.out = out;
        this.redrawn = redrawn;
    }

    /**
     * A line of news, below the bar's last line on a console, in one write, which the bar's own drawing thread cannot
     * split. Not between a pause and a resume of the bar: in progressbar 0.10.1 a resume counts the speed and the time
     * left from there on (after an epoch's line a run on 13.4 steps/s showed 34.0, and its closing line "?").
     */
    @Override
    public void message(String line) {
        String news = line + System.lineSeparator();
        out.print(bar != null && redrawn ? System.lineSeparator() + news : news);
    }

    /** Written to standard error, which holds only errors and warnings. */
    @Override
    public void warning(String text) {
        System.err.println("warning: " + text);
    }

    @Override
    public void start(String task, String unit, long total, long done) {
        end();
        startDone = done;
        firstStepDone = -1;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setRenderer(new Renderer(" " + unit, this)).continuousUpdate()
                .startsFrom(done, Duration.ZERO); // a resumed run's speed and time left count from here, not from 0
        if (redrawn) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out));
        } else {
            builder.setConsumer(new DelegatingProgressBarConsumer(new ChangedLines(out), LOG_LINE_LENGTH))
                    .setUpdateIntervalMillis(LOG_INTERVAL_MILLIS);
        }
        bar = builder.build();
    }

    @Override
    public void advance(long done, double loss) {
        advance(done, String.format(Locale.ROOT, " loss %.4f", loss));
    }

    /** {@code done} units of the task are done; {@code message} follows the bar (any thread may call it). */
    public synchronized void advance(long done, String message) {
        if (firstStepDone < 0 && done > startDone) {
            firstStepDone = done;
            firstStepNanos = System.nanoTime();
        }
        bar.setExtraMessage(message); // first: a line drawn between the two shows the count with its own message
        bar.stepTo(done);
    }

    /** The time left of the bar's task in {@code progress}, at the speed since its first step ({@link #timeLeft}). */
    private synchronized Optional<Duration> timeLeft(ProgressState progress) {
        return timeLeft(progress.getMax(), progress.getCurrent(), progress.getStart(), progress.getElapsedAfterStart(),
                firstStepDone, Duration.ofNanos(System.nanoTime() - firstStepNanos));
    }

    /**
     * The time left of a task of {@code max} units with {@code current} done, {@code start} of them before it started
     * {@code elapsed} ago: at its speed since its first step, which ended with {@code firstDone} units done (-1 before)
     * {@code sinceFirst} ago, once a later step has come; else at its speed since its start; empty before any step. A
     * first step that holds a task's setup does not set the estimate: the fast IR-drop mode's first read matrices took
     * 10 s of an epoch of 34 s (MNIST, 784-256-128-10), whose bar then showed 2:28:06 left after its 9th sample.
     */
    static Optional<Duration> timeLeft(long max, long current, long start, Duration elapsed, long firstDone,
                                       Duration sinceFirst) {
        if (max <= 0 || current <= start) {
            return Optional.empty();
        }
        if (firstDone >= 0 && current > firstDone) {
            return Optional.of(sinceFirst.dividedBy(current - firstDone).multipliedBy(max - current));
        }
        return Optional.of(elapsed.dividedBy(current - start).multipliedBy(max - current));
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /**
     * The library's bar (ASCII, speed and time left) with the speed over the time elapsed to the nanosecond: the library
     * divides by whole seconds, so that a task of 1.9 s showed nearly twice its speed (an epoch of 500 samples in 1.5 s,
     * 500 samples/s), and one under a second "?". A line is drawn holding the lock that {@link #advance} holds: the
     * library's drawing thread reads the count once for the numbers and again for the bar, and a step between the two
     * drew "0% [===============    ] 0/200 samples".
     */
    static final class Renderer extends DefaultProgressBarRenderer {
        private final String unit;
        private final DecimalFormat format;
        private final Object steps;

        /**
         * A bar counting {@code unit} (with its leading space), drawn while no step is taken under {@code owner}, its
         * time left {@code owner}'s.
         */
        Renderer(String unit, ProgressBars owner) {
            this(unit, new DecimalFormat("0.0"), owner); // not ".0" at 0
        }

        private Renderer(String unit, DecimalFormat format, ProgressBars owner) {
            super(ProgressBarStyle.ASCII, unit, 1, true, format, ChronoUnit.SECONDS, true, owner::timeLeft);
            this.unit = unit;
            this.format = format;
            this.steps = owner;
        }

        @Override
        public String render(ProgressState progress, int maxLength) {
            synchronized (steps) {
                return super.render(progress, maxLength);
            }
        }

        @Override
        protected String speed(ProgressState progress) {
            long nanos = progress.getElapsedAfterStart().toNanos();
            String perSecond = nanos > 0 ? format.format((progress.getCurrent() - progress.getStart()) * 1e9 / nanos) : "?";
            return perSecond + unit + "/s";
        }
    }

    /**
     * Prints each line that differs from the one before in more than its time left and speed: a closing bar is rendered
     * again, its time left may then read "?" where the line before gave one (with the bar's width changed to match),
     * and its speed has fallen with the time since its last step.
     */
    static final class ChangedLines implements Consumer<String> {
        private final PrintStream out;
        private String last;

        ChangedLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void accept(String line) {
            String shown = withoutTimes(line);
            if (!shown.equals(last)) {
                out.println(line);
                last = shown;
            }
        }

        /**
         * {@code line} without its bar's filling, its time left and its speed ("[===  ] ... (0:01:02 / 0:03:00) 41.5
         * samples/s" to "[] ... (0:01:02) ").
         */
        private static String withoutTimes(String line) {
            return line.replaceFirst("\\[[^\\]]*\\]", "[]").replaceFirst(" / [^)]*\\)", ")")
                    .replaceFirst("(\\?|[0-9][0-9.]*) \\S+/s", "");
        }
    }
}
