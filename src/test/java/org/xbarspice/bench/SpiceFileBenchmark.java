package org.xbarspice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xbarspice.spice.SpiceJob;
import org.xbarspice.spice.SpiceJobResult;
import org.xbarspice.spice.ngspice.NgSpiceEngine;

/**
 * A netlist file run in process ({@link NgSpiceEngine#runFile}) against the ngspice binary on the same file
 * ({@code /usr/bin/ngspice -b -r out.raw FILE}, wall time of the process), on netlists that take the binary 1-10 s. In
 * process twice: returning every vector of the last plot (what the binary's raw file holds, read back into Java), and
 * returning the plots only (the simulation alone). A plain program rather than JMH: the baseline is another process,
 * and the runs alternate, binary and in process, so that a machine shared with other work slows both alike; the
 * figures are medians, and the ratios medians of the per-round ratios. The {@code xbarspice spice} command adds the
 * JVM's start (measured separately with {@code --command}: {@code xbarspice spice FILE} in a new JVM). A deck with
 * {@code .meas} lines is also timed against the binary doing the same work ({@code ngspice -b}, which measures; see
 * {@code measured}): returning the plots only, the in-process run keeps only the vectors its .meas lines read.
 *
 * <p>Run (LD_PRELOAD as for the tests): {@code mvn -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test} then {@code java -Xss4m -cp
 * target/test-classes:target/classes:$(cat target/bench.classpath) org.xbarspice.bench.SpiceFileBenchmark [ROUNDS]
 * [--command] [--only ring,ladder,ac-ladder,meas]}.
 */
public final class SpiceFileBenchmark {
    static final String BINARY = "/usr/bin/ngspice";

    private SpiceFileBenchmark() {
    }

    /** One benchmark netlist. */
    record Case(String name, String text) {
    }

    /** Netlists of different shapes: few vectors and many points, many vectors, a complex sweep, a .meas deck. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        StringBuilder ring = new StringBuilder("* 51-stage CMOS ring oscillator, MOS level 1: 51 nodes, 80,000 steps\n"
                + ".model nm nmos level=1 vto=0.7 kp=110u lambda=0.04 cgso=0.3n cgdo=0.3n cj=0.4m\n"
                + ".model pm pmos level=1 vto=-0.7 kp=50u lambda=0.05 cgso=0.3n cgdo=0.3n cj=0.4m\nvdd vdd 0 3.3\n");
        for (int i = 0; i < 51; i++) {
            String a = "n" + i;
            String b = "n" + (i + 1) % 51;
            ring.append("mp").append(i).append(' ').append(b).append(' ').append(a)
                    .append(" vdd vdd pm w=4u l=0.35u ad=4p as=4p pd=10u ps=10u\n");
            ring.append("mn").append(i).append(' ').append(b).append(' ').append(a)
                    .append(" 0 0 nm w=2u l=0.35u ad=2p as=2p pd=6u ps=6u\n");
            ring.append("c").append(i).append(' ').append(b).append(" 0 20f\n");
        }
        cases.add(new Case("ring", ring.append(".ic v(n0)=0\n.tran 10p 0.6u\n.end\n").toString()));
        cases.add(new Case("ladder", ladder(2000, ".tran 1n 12u")));
        cases.add(new Case("ac-ladder", ladder(1500, ".ac dec 1000 1k 10g")));
        cases.add(new Case("meas", ladder(300, ".tran 0.5n 40u") .replace(".end\n", ".meas tran vend find v(n300) at=39u\n"
                + ".meas tran tcross when v(n300)=0.5 rise=1\n.meas tran ratio param='vend/2'\n.end\n")));
        return cases;
    }

    /** An RC ladder of {@code n} sections driven by a pulse (and 1 V AC), with {@code analysis}. */
    private static String ladder(int n, String analysis) {
        StringBuilder s = new StringBuilder("* RC ladder, " + n + " sections\nv1 in 0 dc 0 ac 1 pulse(0 1 0 1n 1n 5u 10u)\n"
                + "r0 in n1 10\n");
        for (int i = 1; i < n; i++) {
            s.append('r').append(i).append(" n").append(i).append(" n").append(i + 1).append(" 10\n");
            s.append('c').append(i).append(" n").append(i).append(" 0 1p\n");
        }
        return s.append('c').append(n).append(" n").append(n).append(" 0 1p\n").append(analysis).append("\n.end\n").toString();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 5;
        boolean command = Arrays.asList(args).contains("--command");
        int only = Arrays.asList(args).indexOf("--only");
        List<String> names = only >= 0 && only + 1 < args.length ? Arrays.asList(args[only + 1].split(",")) : null;
        Path dir = Files.createTempDirectory("xbarspice-bench");
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %7s %9s %7s %9s %9s%n", "netlist", "binary s", "all s", "ratio",
                "plots s", "ratio", "ngspice s", command ? "command s" : "");
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            engine.setTimeoutSeconds(0);
            for (Case c : cases()) {
                if (names != null && !names.contains(c.name())) {
                    continue;
                }
                Path netlist = Files.writeString(dir.resolve(c.name() + ".cir"), c.text());
                SpiceJob job = SpiceJob.of(netlist).withAllVectors(true);
                engine.runFile(job); // warm-up: JIT, the library copy's pages
                SpiceJob plotsOnly = SpiceJob.of(netlist);
                double[] binary = new double[rounds];
                double[] all = new double[rounds];
                double[] allRatio = new double[rounds];
                double[] plots = new double[rounds];
                double[] plotsRatio = new double[rounds];
                double[] inside = new double[rounds];
                double[] cli = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    binary[r] = binary(netlist, dir);
                    long t0 = System.nanoTime();
                    SpiceJobResult result = engine.runFile(job);
                    all[r] = (System.nanoTime() - t0) * 1e-9;
                    inside[r] = result.seconds();
                    allRatio[r] = all[r] / binary[r];
                    t0 = System.nanoTime();
                    engine.runFile(plotsOnly);
                    plots[r] = (System.nanoTime() - t0) * 1e-9;
                    plotsRatio[r] = plots[r] / binary[r];
                    if (command) {
                        cli[r] = command(netlist);
                    }
                }
                System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f %7.3f %9.3f %7.3f %9.3f %9s%n", c.name(), median(binary),
                        median(all), median(allRatio), median(plots), median(plotsRatio), median(inside),
                        command ? String.format(Locale.ROOT, "%.3f", median(cli)) : "");
                if (c.text().contains(".meas")) {
                    measured(engine, c, netlist, dir, rounds);
                }
            }
        }
    }

    /**
     * A deck with {@code .meas} lines against the binary doing the same work: the measurements alone (in process, a
     * job asking for no vector, which keeps only what the .meas lines read) against {@code ngspice -b FILE}, which
     * measures keeping only those vectors; and every vector with the measurements (a job asking for all) against
     * {@code ngspice -b} on the deck with {@code .save all} added, which measures keeping every vector in memory
     * ({@code -b -r} measures nothing). Alternating, medians of the per-round ratios.
     */
    private static void measured(NgSpiceEngine engine, Case c, Path netlist, Path dir, int rounds)
            throws IOException, InterruptedException {
        Path saveAll = Files.writeString(dir.resolve(c.name() + "-saveall.cir"), c.text().replace(".end\n", ".save all\n.end\n"));
        SpiceJob measuresOnly = SpiceJob.of(netlist);
        SpiceJob all = SpiceJob.of(netlist).withAllVectors(true);
        double[] binaryMeas = new double[rounds];
        double[] oursMeas = new double[rounds];
        double[] measRatio = new double[rounds];
        double[] binaryAll = new double[rounds];
        double[] oursAll = new double[rounds];
        double[] allRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            binaryMeas[r] = timed(new ProcessBuilder(BINARY, "-b", netlist.toString()));
            long t0 = System.nanoTime();
            engine.runFile(measuresOnly);
            oursMeas[r] = (System.nanoTime() - t0) * 1e-9;
            measRatio[r] = oursMeas[r] / binaryMeas[r];
            binaryAll[r] = timed(new ProcessBuilder(BINARY, "-b", saveAll.toString()));
            t0 = System.nanoTime();
            engine.runFile(all);
            oursAll[r] = (System.nanoTime() - t0) * 1e-9;
            allRatio[r] = oursAll[r] / binaryAll[r];
        }
        System.out.printf(Locale.ROOT, "  %s, same work as the binary: .meas only: ngspice -b %.3f s, in process %.3f s, "
                + "ratio %.3f; every vector and .meas: ngspice -b with .save all %.3f s, in process %.3f s, ratio %.3f%n",
                c.name(), median(binaryMeas), median(oursMeas), median(measRatio), median(binaryAll), median(oursAll),
                median(allRatio));
    }

    /** Wall time of {@code ngspice -b -r out.raw FILE} (s). */
    private static double binary(Path netlist, Path dir) throws IOException, InterruptedException {
        return timed(new ProcessBuilder(BINARY, "-b", "-r", dir.resolve("binary.raw").toString(), netlist.toString()));
    }

    /** Wall time of {@code xbarspice spice FILE} (the listing) in a new JVM (s). */
    private static double command(Path netlist) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return timed(new ProcessBuilder(java.toString(), "-Xss4m", "-cp", System.getProperty("java.class.path"),
                "org.xbarspice.cli.Main", "spice", netlist.toString()));
    }

    static double timed(ProcessBuilder pb) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (exit != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", pb.command()) + " exited with " + exit));
        }
        return seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
