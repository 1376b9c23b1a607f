package org.xbarspice.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Two builds of xbarspice timed against each other in one JVM ({@link UpdateBuilds}, {@link ReadBuilds}, {@link
 * TrainingBuilds}): each workload in a class loader of its own, run in alternating blocks (the order swapped every
 * round; {@link TrainingBuilds} two workloads per build, {@link #race}), each block timed by the thread's CPU
 * time, so that this machine's drift between processes falls on both builds alike.
 */
final class PairedBuilds {
    private PairedBuilds() {
    }

    /**
     * An instance of {@code workload} (a public class of the bench sources) built from the classes in the build output
     * directory {@code classes}, in a class loader of its own, by its public constructor of {@code types}.
     */
    static IntConsumer load(String classes, Class<? extends IntConsumer> workload, Class<?>[] types, Object... arguments)
            throws Exception {
        List<URL> path = new ArrayList<>();
        path.add(new File(classes + "/").toURI().toURL());
        path.add(new File("target/test-classes/").toURI().toURL());
        for (String jar : Files.readString(Path.of("target/bench.classpath")).trim().split(File.pathSeparator)) {
            path.add(new File(jar).toURI().toURL());
        }
        ClassLoader loader = new URLClassLoader(path.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        return (IntConsumer) Class.forName(workload.getName(), true, loader).getConstructor(types)
                .newInstance(arguments);
    }

    /**
     * Four workloads for {@link #race}: {@link #load} of the build output directories {@code first},
     * {@code second}, {@code second} and {@code first}, in that order.
     */
    static IntConsumer[] loadMirrored(String first, String second, Class<? extends IntConsumer> workload,
                                      Class<?>[] types, Object... arguments) throws Exception {
        IntConsumer[] builds = new IntConsumer[4];
        for (int b = 0; b < 4; b++) {
            builds[b] = load(b == 1 || b == 2 ? second : first, workload, types, arguments);
        }
        return builds;
    }

    /** Three blocks of {@code block} calls of each build, {@code accept(0)} ... {@code accept(block - 1)}: their JIT warm-up. */
    static void warmUp(IntConsumer[] builds, int block) {
        for (int w = 0; w < 3; w++) {
            for (IntConsumer build : builds) {
                for (int k = 0; k < block; k++) {
                    build.accept(k);
                }
            }
        }
    }

    /**
     * The seconds of {@code build.accept(next)} ... {@code accept(next + block - 1)}: the calling thread's CPU time, or
     * the wall clock's when {@code wallClock}.
     */
    private static double timeBlock(IntConsumer build, int next, int block, boolean wallClock, ThreadMXBean mx) {
        long start = wallClock ? System.nanoTime() : mx.getCurrentThreadCpuTime();
        for (int k = 0; k < block; k++) {
            build.accept(next + k);
        }
        return ((wallClock ? System.nanoTime() : mx.getCurrentThreadCpuTime()) - start) * 1e-9;
    }

    /**
     * Runs {@code rounds} rounds of {@code block} calls of each workload, {@code accept(next)}, {@code accept(next + 1)},
     * ... from {@code first} on, all given the same arguments, timed by the calling thread's CPU time, or by the wall
     * clock when {@code wallClock} (for builds that work on more threads than the caller); prints each round's ms per
     * call and the speed-up of the second build, then their median, minimum and maximum after {@code what}. The
     * workloads are two, the first build's and the second's ({@link #load}), or four, loaded first build, second,
     * second, first ({@link #loadMirrored}); each round runs every workload one block, beginning with the next every
     * round, and the speed-up is the time of the first build's blocks over the second's. Loaded mirrored, what the order
     * of loading favours (where each workload's arrays lie in the heap, which code the JIT compiles first) falls on both
     * builds alike: with one workload each, the one loaded second ran 1.057x (two threads) and 1.082x (one thread)
     * faster than the first when both were the same build ({@link TrainingBuilds}, 30 rounds each, 2026-12-06); loaded
     * mirrored, 0.988x (two threads) and 0.977-1.039x (one thread, three runs). ({@link UpdateBuilds} and {@link
     * ReadBuilds}, whose workloads are one array each, read 0.918x and 1.011x with one workload per build and 0.928x and
     * 0.967x mirrored, one run each: no bias that loading them mirrored removed, so they race one each.)
     */
    static void race(IntConsumer[] builds, int first, int block, int rounds, String what, boolean wallClock) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int count = builds.length;
        int next = first;
        double[] speedUp = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double firstBuild = 0;
            double secondBuild = 0;
            for (int t = 0; t < count; t++) {
                int b = (t + r) % count;
                double seconds = timeBlock(builds[b], next, block, wallClock, mx);
                if (b == 1 || b == 2) { // the second build's: loaded first, second (, second, first)
                    secondBuild += seconds;
                } else {
                    firstBuild += seconds;
                }
            }
            next += block;
            speedUp[r] = firstBuild / secondBuild;
            double calls = count / 2 * block;
            System.out.printf(Locale.ROOT, "round %2d: %.3f / %.3f ms per call, speed-up %.3f%n", r,
                    firstBuild * 1e3 / calls, secondBuild * 1e3 / calls, speedUp[r]);
        }
        Arrays.sort(speedUp);
        System.out.printf(Locale.ROOT, "%s, %d rounds of %d%s: speed-up median %.3f (min %.3f, max %.3f)%n", what, rounds,
                block, count == 4 ? ", each build twice (loaded first, second, second, first)" : "", speedUp[rounds / 2],
                speedUp[0], speedUp[rounds - 1]);
    }
}
