package org.xbarspice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.xbarspice.report.ResultFiles;

/**
 * What a result file costs to write ({@link ResultFiles#writeText}: a temporary file forced to the disk, then moved over
 * the target): rounds of {@code files} files of {@code bytes} bytes each into a fresh folder under {@code dir}; prints
 * each round's milliseconds per file and their median.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * org.xbarspice.bench.ResultFileWrites [dir [files [bytes [rounds]]]]} (defaults /tmp, 200, 10000, 5).
 */
public final class ResultFileWrites {
    private ResultFileWrites() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "result-writes");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String text = "x".repeat(args.length > 2 ? Integer.parseInt(args[2]) : 10_000);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        double[] perFile = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int f = 0; f < files; f++) {
                ResultFiles.writeText(dir.resolve("f" + f + ".txt"), text);
            }
            perFile[r] = (System.nanoTime() - start) * 1e-6 / files;
            System.out.printf(Locale.ROOT, "round %d: %.3f ms per file%n", r + 1, perFile[r]);
        }
        Arrays.sort(perFile);
        System.out.printf(Locale.ROOT, "median %.3f ms per file (%d files of %d bytes, %s)%n", perFile[rounds / 2], files,
                text.length(), dir);
    }
}
