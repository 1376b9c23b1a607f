package org.xbarspice.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.xbarspice.design.DesignAxis;
import org.xbarspice.design.DesignReport;
import org.xbarspice.design.DesignResult;
import org.xbarspice.design.DesignSettings;
import org.xbarspice.design.DesignStudy;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.ProgressBars;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.PointExecutor;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xbarspice design}: a {@link DesignStudy} on the in-process pool or Spark, and its {@link DesignReport}. */
@Command(name = "design", mixinStandardHelpOptions = true,
        description = "Array design study: every combination of the listed sizes, wire and driver resistances, devices, "
                + "conductance ranges, sense amplifiers, read voltages and pulse amplitudes (comma-separated lists), each "
                + "measured with exact IR-drop solves: read error against the ideal product in both directions (random "
                + "vectors and the worst case, every line at +V_read; %% of full scale = driven lines x Gmax x V_read), and "
                + "the fraction of the ideal step each device takes in a full update (every row and column fires once, up "
                + "and down). Writes design.csv, design.json, error-vs-size.png, update-vs-size.png and max-size*.png and "
                + "prints a summary; exit 1 when a point failed.")
final class DesignCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Option(names = "--size", required = true, split = ",", paramLabel = "N|NxM",
            description = "Array sizes: N for N x N, NxM for N rows and M columns (1..512 each), e.g. 32,64,128,256,512.")
    List<String> size;

    @Option(names = "--wire-r", split = ",", paramLabel = "OHM",
            description = "Wire segment resistances (ohm; 0 = ideal wires). Default: 0.")
    List<String> wireOhm;

    @Option(names = "--driver-r", split = ",", paramLabel = "OHM",
            description = "Driver output resistances (ohm; 0 = ideal), reads and updates. Default: 0.")
    List<String> driverOhm;

    @Option(names = "--device", split = ",", paramLabel = "ID|FILE",
            description = "Device presets (ids: " + DevicePresets.BUNDLED + "; or JSON files): step law, compact device and "
                    + "conductance range. Default: idealized.")
    List<String> device;

    @Option(names = "--g-range", split = ",", paramLabel = "GMIN:GMAX",
            description = "Conductance ranges (S) the arrays are drawn in, e.g. 1e-6:1e-5,1e-7:1e-6; preset = the device's. "
                    + "Default: preset.")
    List<String> gRange;

    @Option(names = "--sense", split = ",", paramLabel = "KIND",
            description = "Sense amplifiers: ideal, tia (gain 1e6, 5 kohm, +-1.5 V), integrator (gain 1e6, 10 pF, 100 ns). "
                    + "Default: ideal.")
    List<String> sense;

    @Option(names = "--v-read", split = ",", paramLabel = "V",
            description = "Read voltages: random inputs uniform in [-V, V], the worst case every line at +V; below the "
                    + "device thresholds. Default: 0.2.")
    List<String> readVolt;

    @Option(names = "--vp", split = ",", paramLabel = "V",
            description = "Update pulse amplitudes Vp across a selected device (V/2 scheme: Vp/2 below, Vp above the "
                    + "thresholds); preset = the device's. Default: preset.")
    List<String> pulseVolt;

    @Option(names = "--vectors", defaultValue = "16", paramLabel = "K",
            description = "Random input vectors per direction (1..10000), plus the worst case. Default: ${DEFAULT-VALUE}.")
    int vectors;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seed of the arrays, inputs and devices (the same for every point). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-error", defaultValue = "1", paramLabel = "PERCENT",
            description = "Read error bound (%% of full scale) of the largest-size map and the summary. Default: ${DEFAULT-VALUE}.")
    double maxErrorPercent;

    @Option(names = "--spice-check", arity = "0..1", fallbackValue = "64", defaultValue = "0", paramLabel = "MAX_LINES",
            description = "Check the reads and updates of every point of at most MAX_LINES rows and columns in ngspice "
                    + "(alone: 64; 0: none). Default: ${DEFAULT-VALUE}.")
    int spiceCheck;

    @Option(names = "--netlists", paramLabel = "DIR",
            description = "Write every point's forward and backward read netlist (all vectors) into DIR, new or without "
                    + "netlists (.cir); run one with 'ngspice -b -r out.raw FILE' or 'xbarspice spice FILE'.")
    Path netlists;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/design-<time>.")
    Path out;

    @Spec
    CommandSpec spec;

    @Mixin
    ExecutorOptions executorOptions;

    @Override
    public Integer call() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        put(axes, DesignAxis.SIZE, size, "sizes such as 16,32 or 16x8,32x16");
        put(axes, DesignAxis.WIRE, wireOhm, "resistances (ohm) such as 0,0.5,2");
        put(axes, DesignAxis.DRIVER, driverOhm, "resistances (ohm) such as 0,10,100");
        put(axes, DesignAxis.DEVICE, device, "preset ids or files such as idealized,reram-es");
        put(axes, DesignAxis.CONDUCTANCE, gRange, "GMIN:GMAX ranges (S) or preset, such as preset,1e-7:1e-6");
        put(axes, DesignAxis.SENSE, sense, "sense amplifiers such as ideal,tia");
        put(axes, DesignAxis.READ_VOLT, readVolt, "read voltages (V) such as 0.1,0.2");
        put(axes, DesignAxis.PULSE_VOLT, pulseVolt, "pulse amplitudes (V) or preset, such as preset,1.5");
        if (netlists != null) {
            DesignStudy.requireFreeNetlists(netlists);
        }
        DesignStudy study = DesignStudy.create(new Grid(axes), new DesignSettings(vectors, seed, maxErrorPercent, spiceCheck,
                netlists));
        boolean checked = study.spiceCheckedPoints() > 0;
        String check = Main.given(spec, "--spice-check");
        if (!checked && check != null && spiceCheck > 0) {
            throw new InvalidInputException(check + " has no effect: no point of the grid has at most " + spiceCheck
                    + " rows and columns; raise it to the smallest size's larger side, or drop --spice-check");
        }
        timeout.apply(checked, "no point is checked in ngspice", "add --spice-check");
        PointExecutor executor = executorOptions.executor();
        Path dir = out != null ? out : Path.of("runs", "design-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        DesignReport.requireFree(dir);
        int total = study.points().size();
        System.out.printf(Locale.ROOT, "%d design points %s -> %s%n", total, executorOptions.where(), dir);
        ProgressBars bars = new ProgressBars(System.out);
        bars.start("design", "points", total, 0);
        AtomicLong done = new AtomicLong();
        List<DesignResult> results;
        try {
            results = study.run(executor, r -> bars.advance(done.incrementAndGet(),
                    " " + r.point().size() + (r.succeeded() ? r.problem() == null ? "" : " ngspice check FAILED" : " FAILED")));
        } finally {
            bars.end(); // also when the executor fails: the error then follows the bar's last line
        }
        DesignReport report = new DesignReport(study, results);
        List<String> written = report.write(dir);
        System.out.print(report.summary());
        long failed = results.stream().filter(r -> !r.succeeded()).count();
        System.out.println("wrote " + dir.resolve(written.get(0)) + ", " + String.join(", ", written.subList(1, written.size()))
                + (netlists != null && failed < total ? " and the netlists in " + netlists : ""));
        String failure = report.failureSummary();
        if (failure != null) {
            throw new XbarspiceException(failure);
        }
        return 0;
    }

    /** Puts the given {@code values} of {@code axis}, refusing an empty one; {@code what} they are, with an example. */
    private void put(Map<String, List<String>> axes, DesignAxis axis, List<String> values, String what) {
        if (values != null) {
            Main.requireNoEmptyElement(spec, axis.flag(), "give comma-separated " + what);
            // '1, 2' as '1,2': a space after a comma was kept in the labels (" 2") or refused (' tia' is not known)
            axes.put(axis.key(), values.stream().map(String::strip).toList());
        }
    }
}
