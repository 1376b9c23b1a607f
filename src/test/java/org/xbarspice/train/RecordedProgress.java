package org.xbarspice.train;

import java.util.ArrayList;
import java.util.List;

/** A run's progress as the console shows it, line by line: its messages, and its warnings prefixed {@code warning: }. */
final class RecordedProgress implements TrainingRun.Progress {
    final List<String> lines = new ArrayList<>();

    @Override
    public void message(String line) {
        lines.add(line);
    }

    @Override
    public void warning(String text) {
        lines.add("warning: " + text);
    }
}
