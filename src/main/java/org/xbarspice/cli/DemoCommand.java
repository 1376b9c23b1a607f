package org.xbarspice.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.xbarspice.report.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xbarspice demo}: the end-to-end showcase; writes its figures and a summary under {@code runs/demo-<time>/}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "End-to-end showcase: a 64x64 read with IR drop in ngspice and in the behavioral model, the pulse "
                + "response of the compact SPICE device against its behavioral model, and an update map of a 32x32 array "
                + "with wires in SPICE and in the IR-drop-aware behavioral twin, SHD against analog SGD on asymmetric devices, "
                + "SHD training with every read and update in ngspice beside its behavioral twin (divergence plot), and a "
                + "calibration of the behavioral model against SPICE. Results go to runs/demo-<time>/.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: runs/demo-<time>.")
    Path out;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        timeout.apply();
        Path dir = out != null ? out
                : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Demo.run(dir, seed, System.out);
        return 0;
    }
}
