package org.xbarspice.report;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xbarspice.train.TrainingRun;

/**
 * The progress of a {@link TrainingRun} (or of any task counted in units: the points of a design study) on a console: a
 * progress bar per task (speed, loss or a message), lines for the news, all on the one stream given (standard output for
 * the commands, so that standard error holds only errors and warnings).
 */
public final class ProgressBars implements TrainingRun.Progress {
    private final PrintStream out;
    private ProgressBar bar;

    /** Progress on {@code out}. */
    public ProgressBars(PrintStream out) {
        this.out = out;
    }

    @Override
    public void message(String line) {
        if (bar != null) {
            bar.pause();
            out.println();
            out.println(line);
            bar.resume();
        } else {
            out.println(line);
        }
    }

    @Override
    public void start(String task, String unit, long total, long done) {
        end();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out)).continuousUpdate().build();
        bar.stepTo(done);
    }

    @Override
    public void advance(long done, double loss) {
        advance(done, String.format(Locale.ROOT, " loss %.4f", loss));
    }

    /** {@code done} units of the task are done; {@code message} follows the bar (any thread may call it). */
    public synchronized void advance(long done, String message) {
        bar.stepTo(done);
        bar.setExtraMessage(message);
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
