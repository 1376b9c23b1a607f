package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.train.TrainingRun;

/** A run stopped by a signal says how to continue it (it stopped without a word after its progress bar). */
class InterruptNoticeTest {
    @TempDir
    Path tmp;

    @Test
    void aTerminatedRunSaysHowToResumeAndAFinishedOneSaysNothing() throws Exception {
        Path dir = tmp.resolve("run");
        Path log = tmp.resolve("run.log");
        Process child = ChildJvm.start(log, List.of("train", "--data", "mnist-8x8", "--model", "64-16-10", "--algorithm",
                "sgd", "--epochs", "200", "--out", dir.toString()));
        Path checkpoint = dir.resolve(TrainingRun.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks run
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertTrue(output.contains("interrupted: continue from the last checkpoint with: xbarspice train --resume " + dir),
                output);

        Path done = tmp.resolve("done.log");
        ChildJvm.Ended ended = ChildJvm.run(done, List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1",
                "--algorithm", "fp", "--out", tmp.resolve("done").toString()));
        assertTrue(ended.exitCode() == 0, ended.output());
        assertFalse(ended.output().contains("interrupted"), ended.output());
    }

    /**
     * A run stopped before its first checkpoint says there is nothing to continue (it said to resume, which was then
     * refused: no checkpoint.bin).
     */
    @Test
    void aRunStoppedBeforeItsFirstCheckpointSaysThereIsNothingToContinue() throws Exception {
        Path dir = tmp.resolve("early");
        Path log = tmp.resolve("early.log");
        Process child = ChildJvm.start(log, List.of("train", "--data", "mnist", "--model", "784-64-10", "--algorithm", "sgd",
                "--epochs", "1", "--out", dir.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("epoch 1/1") && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroy(); // within the first epoch of 60,000 samples
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        String output = Files.readString(log);
        assertFalse(Files.exists(dir.resolve(TrainingRun.CHECKPOINT)), output);
        assertTrue(output.contains("interrupted: stopped before its first checkpoint (checkpoint.bin), so there is nothing "
                + "to continue: run the command again with another --out, or remove " + dir + " first"), output);
    }

    /**
     * A netlist run stopped by a signal leaves no raw file behind (its scratch folder was deleted only when the run
     * returned: a long transient's stayed, 15 MB after 4 s). Now deleted as the JVM ends. Not asserted: an empty folder
     * (1 run in 8 here) and, 1 run in about 10, the copy of the library that an instance was loading when the signal
     * came, both of which ngspice's own exit can keep the JVM's clean-up from.
     */
    @Test
    void aTerminatedNetlistRunLeavesNoRawFile() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path netlist = Files.writeString(tmp.resolve("slow.cir"), "* a transient of 1e12 steps\nV1 in 0 SIN(0 1 1e6)\n"
                + "R1 in out 1k\nC1 out 0 1n\n.tran 1e-12 1 0 1e-12\n.end\n");
        Path log = tmp.resolve("spice.log");
        Process child = ChildJvm.start(log, List.of("-Djava.io.tmpdir=" + scratch),
                List.of("spice", netlist.toString(), "--csv", tmp.resolve("out.csv").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!rawFileIn(scratch) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // the child's exit code too: one run in a fresh clone (2026-12-06) saw it end within 0.6 s, writing nothing
        assertTrue(rawFileIn(scratch), "no raw file appeared"
                + (child.isAlive() ? "" : " (the run ended with exit code " + child.exitValue() + ")") + ": "
                + Files.readString(log));
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        try (var left = Files.walk(scratch)) {
            List<Path> files = left.filter(f -> f.getFileName().toString().endsWith(".raw")).toList();
            assertTrue(files.isEmpty(), "left behind: " + files + "; " + Files.readString(log));
        }
        assertFalse(Files.exists(tmp.resolve("out.csv")));
    }

    /** Whether a scratch folder in {@code dir} holds a raw file of over 1 MB: the run in full swing. */
    private static boolean rawFileIn(Path dir) throws java.io.IOException {
        try (var folders = Files.list(dir)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                if (Files.isDirectory(folder)) {
                    try (var files = Files.list(folder)) {
                        if (files.anyMatch(f -> f.toFile().length() > 1 << 20)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
