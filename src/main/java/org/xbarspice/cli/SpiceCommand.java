package org.xbarspice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceJob;
import org.xbarspice.spice.SpiceJobResult;
import org.xbarspice.spice.SpiceNetlistException;
import org.xbarspice.spice.SpicePlot;
import org.xbarspice.spice.SpiceVector;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xbarspice spice}: runs designers' netlist files in the embedded ngspice as {@code ngspice -b -r} would
 * ({@link org.xbarspice.spice.SpiceEngine#runFile}) and lists, prints or saves their vectors and {@code .meas} results.
 */
@Command(name = "spice", mixinStandardHelpOptions = true,
        description = {"Run netlist files in the embedded ngspice as 'ngspice -b -r' would, one after the other in one JVM: "
                + "each in a fresh ngspice, its .spiceinit (beside the netlist, else in the work folder, else ~/.spiceinit) "
                + "read first, its .include/.lib files inlined (relative to the including file, then the work folder, then "
                + "ngspice's sourcepath), its .control block run, then its analysis lines.",
            "Without --vectors, --json or --csv: lists the plots and the vectors of the last plot. ngspice's error-stream "
                + "lines are printed as warnings; success or failure comes from ngspice's own status. Exit 0 ok, 1 an "
                + "analysis failed, 2 bad input (including a netlist ngspice rejects); with several netlists, the worst."})
final class SpiceCommand implements Callable<Integer> {
    /** Replaced by the netlist's file name without extension in output file names. */
    static final String NAME = "{name}";

    @Parameters(arity = "1..*", paramLabel = "NETLIST", description = "Netlist files, each ending in .end.")
    List<Path> netlists;

    @Option(names = "--vectors", split = ",(?![^()]*\\))", splitSynopsisLabel = ",", paramLabel = "NAME",
            description = "Vectors to return, comma-separated, ngspice names looked up in the last plot: v(out), i(v1), "
                    + "v1#branch, a node name; PLOT.NAME (op1.v(out)) for another plot (a comma inside parentheses "
                    + "does not split: v(a,b) is one name, which ngspice computes only as an expression, not a vector). "
                    + "Default: all of the last plot with --json/--csv, else none (a listing).")
    List<String> vectors = List.of();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the vectors (complex ones as real and imag arrays) "
            + "and the .meas results as JSON. With several netlists FILE must contain " + NAME + ".")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the vectors as CSV, one column per vector (two for "
            + "a complex one), one row per point. With several netlists FILE must contain " + NAME + ".")
    String csv;

    @Option(names = "--polar", description = "Complex vectors as magnitude and phase (degrees) instead of real and "
            + "imaginary parts.")
    boolean polar;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Folder ngspice runs in: files that .control commands "
            + "write or read by a relative path are there (created if missing). Default: each netlist's own folder.")
    Path workDir;

    @Option(names = "--allow-shell",
            description = "Run the netlist even if its .control block or .spiceinit runs programs (shell, backquotes) or "
                    + "loads native libraries (codemodel, osdi). Without it such netlists are refused.")
    boolean allowShell;

    @Mixin
    TimeoutOption timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Main.requireNoEmptyElement(spec, "--vectors", "give ngspice vector names separated by commas, e.g. --vectors "
                + "'v(out),i(v1)' (without --vectors: a listing of them)");
        if (polar && vectors.isEmpty() && json == null && csv == null) {
            throw new InvalidInputException("--polar has no effect on a listing, which prints no values: name the vectors "
                    + "with --vectors, or write them with --json or --csv");
        }
        ResultFiles.Outputs checked = ResultFiles.outputs();
        netlists.forEach(netlist -> checked.input("netlist", netlist));
        Map<Path, Path> jsonFiles = outputs(json, "--json", checked);
        Map<Path, Path> csvFiles = outputs(csv, "--csv", checked);
        Path dir = workDir == null ? null : workFolder(workDir);
        timeout.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> failures = new ArrayList<>();
        boolean badInput = false;
        boolean everyVector = vectors.isEmpty() && (json != null || csv != null); // the files take the last plot's all
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            for (Path netlist : netlists) {
                Path file = netlist.toAbsolutePath().normalize();
                SpiceJob job = SpiceJob.of(file).withVectors(vectors).withAllowShell(allowShell)
                        .withAllVectors(everyVector);
                if (dir != null) {
                    job = job.withWorkDir(dir);
                }
                try {
                    SpiceJobResult result = engine.runFile(job);
                    if (netlists.size() > 1) {
                        out.println("== " + netlist);
                    }
                    for (String warning : result.warnings()) {
                        err.println("warning: " + file.getFileName() + ": ngspice: " + warning);
                    }
                    if (!result.printed().isEmpty()) {
                        out.println(file.getFileName() + ": its .control block printed:");
                        result.printed().forEach(line -> out.println("  " + line));
                    }
                    if (everyVector && result.plots().size() > 1) {
                        String last = result.lastPlot().name();
                        err.println("note: " + file.getFileName() + " made " + result.plots().size() + " plots ("
                                + result.plots().stream().map(SpicePlot::name).collect(Collectors.joining(", ")) + "); "
                                + (json != null ? "--json" : "--csv") + " holds the vectors of the last, " + last
                                + ": name others as PLOT.NAME with --vectors, e.g. " + result.plots().stream()
                                .map(SpicePlot::name).filter(name -> !name.equals(last)).findFirst().orElseThrow()
                                + ".v(...)");
                    }
                    if (everyVector && result.lastPlot() != null && result.lastPlot().vectors().isEmpty()) {
                        err.println("note: " + file.getFileName() + ": plot " + result.lastPlot().name() + " has no "
                                + "vectors (its analysis solved no node), so " + (json == null ? "--csv holds"
                                : csv == null ? "--json holds" : "--json and --csv hold") + " none");
                    }
                    report(result, jsonFiles.get(file), csvFiles.get(file), out);
                } catch (XbarspiceException e) {
                    if (netlists.size() == 1) {
                        throw e;
                    }
                    badInput |= e instanceof InvalidInputException || e instanceof SpiceNetlistException;
                    failures.add(netlist + ": " + e.getMessage().replace("\n", "\n    "));
                }
            }
        }
        out.flush();
        if (!failures.isEmpty()) {
            String message = failures.size() + " of " + netlists.size() + " netlists failed:\n  "
                    + String.join("\n  ", failures);
            throw badInput ? new InvalidInputException(message) : new SpiceException(message, List.of());
        }
        return 0;
    }

    /**
     * The output file of each netlist for {@code --json} / {@code --csv} {@code pattern}, or none; each added to the
     * command's {@code checked} outputs.
     */
    private Map<Path, Path> outputs(String pattern, String flag, ResultFiles.Outputs checked) {
        Map<Path, Path> files = new HashMap<>();
        if (pattern == null) {
            return files;
        }
        if (netlists.size() > 1 && !pattern.contains(NAME)) {
            throw new InvalidInputException(flag + " " + pattern + " would be written once per netlist (" + netlists.size()
                    + " netlists): put " + NAME + " in it, e.g. " + flag + " 'out/" + NAME + (flag.equals("--csv") ? ".csv'"
                    : ".json'") + ", which becomes each netlist's file name without extension");
        }
        Map<Path, Path> owners = new HashMap<>();
        for (Path netlist : netlists) {
            String base = netlist.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            Path target = Path.of(pattern.replace(NAME, base)).toAbsolutePath().normalize();
            Path other = owners.put(target, netlist);
            if (other != null) {
                throw new InvalidInputException(flag + " " + pattern + " gives the same file " + target + " for " + other
                        + " and " + netlist + ": run netlists of the same name in separate calls");
            }
            checked.file(flag, target);
            files.put(netlist.toAbsolutePath().normalize(), target);
        }
        return files;
    }

    private static Path workFolder(Path dir) {
        WritablePaths.requireWritableFolder("--workdir", dir);
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new InvalidInputException("--workdir " + dir + " cannot be created (" + Main.ioMessage(e) + "): give a "
                    + "folder you may write", e);
        }
    }

    private void report(SpiceJobResult result, Path jsonFile, Path csvFile, PrintWriter out) {
        // both built before either is written: a CSV of vectors of two lengths was refused after the JSON was written
        Map<String, Object> json = jsonFile == null ? null : jsonDocument(result);
        String text = csvFile == null ? null : csvText(result);
        if (jsonFile != null) {
            ResultFiles.writeJson(jsonFile, json);
            out.println("wrote " + jsonFile);
        }
        if (csvFile != null) {
            ResultFiles.write(csvFile, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            out.println("wrote " + csvFile);
        }
        if (jsonFile == null && csvFile == null) {
            if (vectors.isEmpty()) {
                out.print(listing(result));
            } else {
                result.vectors().forEach((name, v) -> out.println(name + " = " + values(v)));
            }
            result.measurements().forEach((name, value) -> out.println(name + " = " + value));
        }
    }

    /** The plots, and the vectors of the last one. */
    private static String listing(SpiceJobResult result) {
        StringBuilder text = new StringBuilder(result.netlist().getFileName().toString());
        SpicePlot last = result.lastPlot();
        if (last == null) {
            return text.append(": no plots (the netlist's analyses produced none)\n").toString();
        }
        text.append(": plots ").append(result.plots().stream().map(p -> p.name() + " (" + p.type() + ")")
                .collect(Collectors.joining(", "))).append("; ").append(last.name()).append(" has ")
                .append(last.points()).append(last.points() == 1 ? " point" : " points")
                .append(last.vectors().isEmpty() ? " and no vectors (its analysis solved no node)\n" : ":\n");
        int width = last.vectors().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (SpicePlot.Column c : last.vectors()) {
            text.append(String.format(Locale.ROOT, "  %-" + width + "s  %-8s %s%n", c.name(), c.complex() ? "complex" : "real",
                    c.type()));
        }
        if (!result.everyVector()) {
            text.append("  (only the vectors that the .meas lines read were kept, as ngspice -b keeps them; --json or --csv "
                    + "without --vectors gives every vector)\n");
        }
        return text.toString();
    }

    private String values(SpiceVector v) {
        if (!v.isComplex()) {
            return Arrays.toString(v.real());
        }
        return polar ? "magnitude " + Arrays.toString(v.magnitude()) + " phaseDegree " + Arrays.toString(v.phaseDegrees())
                : "real " + Arrays.toString(v.real()) + " imag " + Arrays.toString(v.imaginary());
    }

    /**
     * One flat object: each vector by name (an array, or for a complex one an object of two arrays), then each
     * {@code .meas} result by name (a number).
     */
    private Map<String, Object> jsonDocument(SpiceJobResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        result.vectors().forEach((name, v) -> {
            if (!v.isComplex()) {
                doc.put(name, v.real());
            } else if (polar) {
                doc.put(name, parts("magnitude", v.magnitude(), "phaseDegree", v.phaseDegrees()));
            } else {
                doc.put(name, parts("real", v.real(), "imag", v.imaginary()));
            }
        });
        result.measurements().forEach((name, value) -> {
            if (doc.putIfAbsent(name, value) != null) {
                throw new InvalidInputException("the .meas result '" + name + "' of " + result.netlist() + " has the name "
                        + "of a vector, so the JSON cannot hold both: rename the .meas result");
            }
        });
        return doc;
    }

    private static Map<String, double[]> parts(String first, double[] a, String second, double[] b) {
        Map<String, double[]> parts = new LinkedHashMap<>();
        parts.put(first, a);
        parts.put(second, b);
        return parts;
    }

    /** One column per real vector, two per complex one; one row per point. */
    private String csvText(SpiceJobResult result) {
        List<String> header = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        result.vectors().forEach((name, v) -> {
            if (!v.isComplex()) {
                header.add(name);
                columns.add(v.real());
            } else {
                header.add(name + (polar ? ".magnitude" : ".real"));
                header.add(name + (polar ? ".phaseDegree" : ".imag"));
                columns.add(polar ? v.magnitude() : v.real());
                columns.add(polar ? v.phaseDegrees() : v.imaginary());
            }
        });
        int rows = columns.isEmpty() ? 0 : columns.get(0).length;
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).length != rows) {
                throw new InvalidInputException("--csv needs vectors of one length, but " + header.get(0) + " has " + rows
                        + " points and " + header.get(c) + " " + columns.get(c).length + ": write them with --json");
            }
        }
        StringBuilder text = new StringBuilder(String.join(",", header.stream().map(SpiceCommand::csvField).toList()))
                .append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) {
                text.append(c == 0 ? "" : ",").append(columns.get(c)[r]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** A CSV header field, quoted when it holds a comma or quote (ngspice names such as {@code v(a,b)}). */
    private static String csvField(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
