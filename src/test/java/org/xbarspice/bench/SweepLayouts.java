package org.xbarspice.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Why {@code LineUpdater} keeps the arrays of its relief sweeps as one array per line: the first relief sweep
 * ({@code rise[a][k] = up[k] sum[k]; sum[k] += down[k] drive[k] s}) over {@code count} lines of a {@code lines} x
 * {@code width} array, once on flat row-major arrays read at an offset ({@code up[line * width + k]}) and once on one
 * array per line. C2 vectorises the second only: in the first it cannot rule out that the slice read at an offset
 * overlaps the array it writes. Prints the ns per element of each, round by round.
 *
 * <p>Run: {@code java -cp target/test-classes org.xbarspice.bench.SweepLayouts [count [width [lines [rounds]]]]}
 * (defaults 100, 256, 393, 6: a relief of 100 active rows of a 393 x 256 array).
 */
public final class SweepLayouts {
    private SweepLayouts() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int lines = args.length > 2 ? Integer.parseInt(args[2]) : 393;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        SplittableRandom rng = new SplittableRandom(1);
        double[][] up = new double[lines][width];
        double[][] down = new double[lines][width];
        double[][] drive = new double[lines][width];
        double[] flatUp = new double[lines * width];
        double[] flatDown = new double[lines * width];
        double[] flatDrive = new double[lines * width];
        for (int i = 0; i < lines; i++) {
            for (int k = 0; k < width; k++) {
                up[i][k] = flatUp[i * width + k] = rng.nextDouble();
                down[i][k] = flatDown[i * width + k] = rng.nextDouble();
                drive[i][k] = flatDrive[i * width + k] = rng.nextDouble();
            }
        }
        int[] active = new int[count];
        for (int a = 0; a < count; a++) {
            active[a] = (int) ((long) a * lines / count);
        }
        double[][] rise = new double[count][width];
        double[] flatRise = new double[count * width];
        double[] sum = new double[width];
        int repeats = Math.max(1, (int) (5e6 / ((double) count * width)));
        double checksum = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int n = 0; n < repeats; n++) {
                checksum += flat(active, width, flatUp, flatDown, flatDrive, flatRise, sum);
            }
            long middle = System.nanoTime();
            for (int n = 0; n < repeats; n++) {
                checksum += perLine(active, width, up, down, drive, rise, sum);
            }
            long end = System.nanoTime();
            double elements = (double) repeats * count * width;
            System.out.printf(Locale.ROOT, "round %d: flat arrays %.3f ns, one array per line %.3f ns per element%n", r,
                    (middle - start) / elements, (end - middle) / elements);
        }
        System.out.printf(Locale.ROOT, "checksum %.6e%n", checksum);
    }

    /** The sweep on flat arrays read at an offset; returns one of its sums, so that the work is kept. */
    private static double flat(int[] active, int width, double[] up, double[] down, double[] drive, double[] rise,
                               double[] sum) {
        java.util.Arrays.fill(sum, 0);
        for (int a = 0; a < active.length; a++) {
            int off = active[a] * width;
            int base = a * width;
            for (int k = 0; k < width; k++) {
                rise[base + k] = up[off + k] * sum[k];
                sum[k] += down[off + k] * (drive[off + k] * 0.5);
            }
        }
        return sum[width - 1];
    }

    /** The same sweep on one array per line. */
    private static double perLine(int[] active, int width, double[][] up, double[][] down, double[][] drive,
                                  double[][] rise, double[] sum) {
        java.util.Arrays.fill(sum, 0);
        for (int a = 0; a < active.length; a++) {
            double[] lineUp = up[active[a]];
            double[] lineDown = down[active[a]];
            double[] lineDrive = drive[active[a]];
            double[] lineRise = rise[a];
            for (int k = 0; k < width; k++) {
                lineRise[k] = lineUp[k] * sum[k];
                sum[k] += lineDown[k] * (lineDrive[k] * 0.5);
            }
        }
        return sum[width - 1];
    }
}
