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
}
