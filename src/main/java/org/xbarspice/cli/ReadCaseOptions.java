package org.xbarspice.cli;

import java.nio.file.Path;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.WeightMapping;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.report.ReadReport;
import org.xbarspice.tile.DifferentialArray;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Flags that choose the array and the input vectors of a read: a seeded random draw or a file. */
final class ReadCaseOptions {
    /** Doubles reckoned per line of a vector by {@link #requireMemory}. */
    private static final int COPIES = 8;
    /**
     * Characters of a netlist reckoned per input by {@link #requireMemory}: a DC sweep's table entry (measured 29), an
     * integrator's PWL points (measured 88 with PWM, 106 with amplitudes; 26 for both let an integrator netlist pass the
     * check and then run out of memory).
     */
    private static int netlistChars(CrossbarCircuit physical) {
        return physical.sense() instanceof Sense.Integrator ? 112 : 32;
    }

    @Option(names = "--device", defaultValue = "idealized",
            description = "Device preset id or JSON file; conductances are drawn in its [Gmin, Gmax]; with --array, its "
                    + "programming thresholds bound the file's inputs. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--vectors", defaultValue = "16", paramLabel = "K", description = "Number of input vectors. Default: ${DEFAULT-VALUE}.")
    int vectors;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the conductance and input draw. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--differential",
            description = "Store each weight as a differential pair (G+, G-) in two physical columns: weights are drawn "
                    + "uniformly in the device's [wMin, wMax]; forward outputs are I+ - I-, backward drives each pair with (+d, -d).")
    boolean differential;

    @Option(names = "--array", paramLabel = "FILE",
            description = "Use this array and these inputs instead of a random draw: a JSON file with conductancesSiemens "
                    + "(physical rows x cols) and inputsVolts (K x driven lines), e.g. the --json output of an earlier read.")
    Path array;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The circuit the engines simulate: {@code logical}, or its differential-pair expansion. */
    CrossbarCircuit physical(CrossbarCircuit logical) {
        return differential ? DifferentialArray.physical(logical) : logical;
    }

    /**
     * Refuses, before anything is drawn, vectors whose inputs, every engine's currents and their copies in the result
     * files could not fit in {@code maxHeapBytes}, reckoned as {@value #COPIES} doubles per line of each vector (a million
     * vectors of 512 x 512 ran out of memory after 33 s of work), and with {@code netlistText} the netlist of them all
     * ({@link #netlistChars} per input, three copies), which must also stay within Java's largest string.
     */
    void requireMemory(CrossbarCircuit physical, long maxHeapBytes, boolean netlistText) {
        double chars = netlistText ? (double) vectors * physical.drivenLines() * netlistChars(physical) : 0;
        if (chars > Integer.MAX_VALUE / 2) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "--vectors %d on a %d x %d array: their "
                    + "netlist would hold about %.1e characters, more than the %.1e that fit in the Java strings it is built "
                    + "in: read fewer vectors per run", vectors, physical.rows(), physical.cols(), chars, Integer.MAX_VALUE / 2.0));
        }
        double need = (double) vectors * (physical.rows() + physical.cols()) * COPIES * Double.BYTES + 3 * chars;
        if (need > maxHeapBytes) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT, "--vectors %d on a %d x %d array: the "
                    + "vectors, their currents and the result files need about %.2f GB, the JVM has %.2f GB: read fewer "
                    + "vectors per run, or give the JVM more with JAVA_OPTS=-Xmx<size> (e.g. -Xmx16g)", vectors,
                    physical.rows(), physical.cols(), need / 1e9, maxHeapBytes / 1e9));
        }
    }

    /**
     * Physical conductances and logical inputs.
     *
     * @param readNoise   whether the read draws noise from the seed (with {@code --array} the seed draws nothing else)
     * @param peripherals whether peripherals take the inputs over +-V_read (with {@code --array}, V_read's use but for a
     *                    PWM integrator's amplitude)
     * @param cost        the read's DAC and ADC, compared with an {@code --array} file's ({@link ReadReport#loadCase});
     *                    null where the command has none
     * @param netlistText whether the vectors go into one netlist (ngspice, the netlist command)
     */
    ReadCase readCase(CrossbarCircuit logical, double readVolt, boolean readNoise, boolean peripherals, ReadReport.Cost cost,
                      boolean netlistText) {
        CrossbarCircuit physical = physical(logical);
        if (array != null) {
            String unused = Main.given(command, "--vectors");
            if (unused != null) {
                throw new InvalidInputException(unused + " has no effect with --array " + array + ": the conductances and the "
                        + "input vectors come from the file; drop " + Main.flagOf(unused));
            }
            String seedFlag = readNoise ? null : Main.given(command, "--seed");
            if (seedFlag != null) {
                throw new InvalidInputException(seedFlag + " has no effect with --array " + array + ": the conductances and the "
                        + "inputs come from the file, and the seed would draw only the read noise, which is off; drop --seed");
            }
            boolean pwm = logical.sense() instanceof Sense.Integrator integ && integ.encoding() == InputEncoding.PWM;
            String voltFlag = peripherals || pwm ? null : Main.given(command, "--v-read");
            if (voltFlag != null) {
                throw new InvalidInputException(voltFlag + " has no effect with --array " + array + ": the input voltages come "
                        + "from the file, and V_read would only be the full scale of peripherals (DAC, ADC, noise) or of a PWM "
                        + "integrator, none of which is on; drop --v-read");
            }
            ReadCase read = ReadReport.loadCase(array, physical.rows(), physical.cols(), logical, differential, cost,
                    w -> command.commandLine().getErr().println("warning: " + w)).requireShape(
                    physical.rows() * physical.cols(), logical.drivenLines());
            CompactSpec spice = DevicePresets.load(device).spice();
            if (peripherals || pwm) { // the drivers apply at most +-V_read
                spice.requireReadVolt("--v-read", readVolt, device);
                if (cost == null || cost.dacBits() == 0 || pwm) { // a DAC clips its inputs to its full scale, as a converter does
                    requireWithinReadVolt(read.inputs(), readVolt);
                }
            } else {
                requireBelowThreshold(read.inputs(), spice);
            }
            return read;
        }
        requireMemory(physical, Runtime.getRuntime().maxMemory(), netlistText);
        DevicePreset preset = DevicePresets.load(device);
        preset.spice().requireReadVolt("--v-read", readVolt, device);
        if (differential) {
            return ReadCase.drawDifferential(logical, preset.model(), preset.conductance(),
                    WeightMapping.of(WeightMapping.DIFFERENTIAL_PAIR, preset.model()), vectors, readVolt, seed);
        }
        return ReadCase.draw(logical, preset.conductance().gMinSiemens(), preset.conductance().gMaxSiemens(), vectors,
                readVolt, seed);
    }

    /**
     * Requires every input of the --array file below the lower programming threshold of {@code --device} in magnitude
     * (a backward read puts an input on the devices with the opposite sign), as {@link CompactSpec#requireReadVolt}.
     */
    private void requireBelowThreshold(double[][] inputs, CompactSpec spice) {
        double threshold = Math.min(spice.thresholdUpVolt(), spice.thresholdDownVolt());
        for (int k = 0; k < inputs.length; k++) {
            for (int l = 0; l < inputs[k].length; l++) {
                double v = inputs[k][l];
                if (!(Math.abs(v) < threshold)) {
                    throw new InvalidInputException(array + ": inputsVolts[" + k + "][" + l + "] = " + Checks.readable(v)
                            + " V is not below the programming threshold " + Checks.readable(threshold) + " V of --device "
                            + device + ": the read would move the devices; scale the inputs down, or give the --device whose "
                            + "thresholds they respect");
                }
            }
        }
    }

    /**
     * Requires every input of the --array file within +-V_read, the full scale of the read path when an ADC, read noise
     * or a PWM integrator is on without a DAC (which clips its inputs, as a converter does): the read path clipped larger
     * inputs to it without a word (0.5 V read as 0.2 V beside an ADC), and ngspice refused them for a PWM integrator where
     * the behavioral model took them.
     */
    private void requireWithinReadVolt(double[][] inputs, double readVolt) {
        for (int k = 0; k < inputs.length; k++) {
            for (int l = 0; l < inputs[k].length; l++) {
                double v = inputs[k][l];
                if (!(Math.abs(v) <= readVolt)) {
                    throw new InvalidInputException(array + ": inputsVolts[" + k + "][" + l + "] = " + Checks.readable(v)
                            + " V is beyond --v-read " + Checks.readable(readVolt) + " V, the full scale of the read path (ADC, "
                            + "read noise or a PWM integrator's amplitude), which the drivers apply at most: give --v-read "
                            + Checks.readable(Math.abs(v)) + " or more (below the device's threshold), or scale the inputs down");
                }
            }
        }
    }

    /** The voltages the physical drivers apply for logical inputs. */
    double[][] driveInputs(CrossbarCircuit logical, double[][] inputs) {
        return differential ? DifferentialArray.driveInputs(logical.direction(), inputs) : inputs;
    }
}
