package org.xbarspice.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The bars of a command's SPICE analyses, on a clock the test sets: only an analysis that lasts gets one, a second
 * analysis under the same name (its fraction falls) another, and a bar ends when its analysis is done.
 */
class AnalysisProgressTest {
    @Test
    void onlyAnAnalysisThatLastsGetsABar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        long ms = 1_000_000;
        try (AnalysisProgress progress = new AnalysisProgress(
                new ProgressBars(new PrintStream(bytes, true, StandardCharsets.UTF_8), false), now::get,
                AnalysisProgress.SHOW_AFTER_MILLIS)) {
            progress.accept(0.5); // no analysis named: nothing to show
            progress.next("ngspice quasi-static");
            now.set(400 * ms);
            progress.accept(0.6);
            now.set(900 * ms);
            progress.accept(1); // done within a second: no bar
            progress.next("ngspice transient");
            now.set(1500 * ms);
            progress.accept(0.3); // half a second in
            now.set(2100 * ms);
            progress.accept(0.4); // past a second: its bar
            progress.accept(1);
            progress.accept(0.2); // a second analysis of the step: a bar of its own once it has lasted a second
            now.set(3300 * ms);
            progress.accept(0.9);
            progress.next("behavioral"); // ends the transient's bar; the behavioral engine reports nothing
            now.set(60_000 * ms);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().allMatch(line -> line.startsWith("ngspice transient")), text);
        assertEquals(1, text.lines().filter(line -> line.contains("100%")).count(), text);
        assertEquals(1, text.lines().filter(line -> line.contains(" 90%")).count(), text);
    }

    @Test
    void aBarEndsWhenItsAnalysisIsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        long ms = 1_000_000;
        String atDone;
        try (AnalysisProgress progress = new AnalysisProgress(
                new ProgressBars(new PrintStream(bytes, true, StandardCharsets.UTF_8), false), now::get,
                AnalysisProgress.SHOW_AFTER_MILLIS)) {
            progress.next("ngspice read");
            now.set(1500 * ms);
            progress.accept(0.5);
            now.set(3000 * ms);
            progress.accept(1); // the sweep is done; the behavioral engine reads next and reports nothing
            atDone = bytes.toString(StandardCharsets.UTF_8);
            now.set(13_000 * ms);
            progress.accept(1); // ngspice's "--ready--", once its output is read: no bar that starts at its end
            now.set(63_000 * ms);
        }
        // the bar's last line is written at 100 %, not when the command's next task or its end closes it (before
        // 2026-12-06 a bar stayed open, its line unwritten, while `read --engine both` read behaviorally)
        assertEquals(1, atDone.lines().filter(line -> line.contains("100%")).count(), atDone);
        assertEquals(atDone, bytes.toString(StandardCharsets.UTF_8));
    }
}
