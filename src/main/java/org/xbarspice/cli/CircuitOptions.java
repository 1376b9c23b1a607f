package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.List;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.report.ReadReport;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Flags that describe one crossbar read circuit. */
final class CircuitOptions {
    /** Sense periphery kinds selectable on the command line. */
    enum SenseKind {
        IDEAL, TIA, INTEGRATOR;

        /** The command-line name ({@link Main#flagName}). */
        @Override
        public String toString() {
            return Main.flagName(this);
        }
    }

    /** The flags of the amplifiers (--tia-gain: both), refused with a sense that does not use them. */
    private static final List<String> AMPLIFIER_FLAGS = List.of("--tia-gain", "--tia-rf", "--tia-limit", "--int-c", "--t-read",
            "--input-encoding");
    private static final List<String> INTEGRATOR_FLAGS = List.of("--int-c", "--t-read", "--input-encoding");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--rows", description = "Rows N (1..512); with --array, the file's by default.")
    Integer rows;

    @Option(names = "--cols", description = "Columns M (1..512; with --differential the logical columns, 1..256, each a "
            + "pair); with --array, the file's by default.")
    Integer cols;

    @Option(names = "--wire-r", defaultValue = "0", paramLabel = "OHM",
            description = "Resistance of one wire segment between crosspoints (ohm; 0 = ideal wires). Default: ${DEFAULT-VALUE}.")
    double wireOhm;

    @Option(names = "--driver-r", defaultValue = "0", paramLabel = "OHM",
            description = "Driver output resistance (ohm; 0 = ideal). Default: ${DEFAULT-VALUE}.")
    double driverOhm;

    @Option(names = "--sense", defaultValue = "ideal", description = "ideal | tia | integrator. Default: ${DEFAULT-VALUE}.")
    SenseKind sense;

    @Option(names = "--direction", defaultValue = "forward", description = "forward (rows driven) | backward (columns driven). Default: ${DEFAULT-VALUE}.")
    Direction direction;

    @Option(names = "--tia-gain", defaultValue = "1e6", description = "TIA / integrator op-amp open-loop gain (V/V). Default: ${DEFAULT-VALUE}.")
    double gain;

    @Option(names = "--tia-rf", defaultValue = "5000", paramLabel = "OHM", description = "TIA feedback resistance (ohm), 1e-3..1e12. Default: ${DEFAULT-VALUE}.")
    double feedbackOhm;

    @Option(names = "--tia-limit", defaultValue = "1.5", paramLabel = "V", description = "TIA output limit (+-V), 1e-6..1000. Default: ${DEFAULT-VALUE}.")
    double outputLimitVolt;

    @Option(names = "--int-c", defaultValue = "10e-12", paramLabel = "F", description = "Integrator capacitance (F). Default: ${DEFAULT-VALUE}.")
    double integratorFarad;

    @Option(names = "--t-read", defaultValue = "100e-9", paramLabel = "S", description = "Integration time t_read (s). Default: ${DEFAULT-VALUE}.")
    double readSecond;

    @Option(names = "--input-encoding", defaultValue = "amplitude",
            description = "Integrator input encoding: amplitude (DAC levels) | pwm (pulse widths). Default: ${DEFAULT-VALUE}.")
    InputEncoding encoding;

    @Option(names = "--v-read", defaultValue = "0.2", paramLabel = "V",
            description = "Largest input voltage; inputs are drawn in [-V, V] and PWM pulses have this amplitude. Default: ${DEFAULT-VALUE}.")
    double readVolt;

    /**
     * The circuit of the flags; its size from --rows and --cols, or where they are not given from the conductances of
     * {@code array} (null: none), whose columns are physical (two per weight with {@code differential}).
     */
    CrossbarCircuit circuit(Path array, boolean differential) {
        Checks.positive("--v-read", readVolt, "V");
        if ((rows == null || cols == null) && array == null) {
            throw new InvalidInputException((rows == null ? "--rows" + (cols == null ? " and --cols are" : " is") : "--cols is")
                    + " missing: give the array's size (e.g. --rows 64 --cols 64), or --array FILE to read it from the file");
        }
        int[] size = rows == null || cols == null ? ReadReport.caseSize(array) : null;
        if (size != null && differential && cols == null && size[1] % 2 != 0) {
            throw new InvalidInputException(array + ": --differential reads column pairs (G+, G-), and its "
                    + "conductancesSiemens rows have " + size[1] + " values, an odd number: give a file of pairs, or drop "
                    + "--differential");
        }
        int n = rows != null ? rows : size[0];
        int m = cols != null ? cols : differential ? size[1] / 2 : size[1];
        String unused = switch (sense) {
            case IDEAL -> Main.given(command, AMPLIFIER_FLAGS.toArray(String[]::new));
            case TIA -> Main.given(command, INTEGRATOR_FLAGS.toArray(String[]::new));
            case INTEGRATOR -> Main.given(command, "--tia-rf", "--tia-limit");
        };
        if (unused != null) {
            String flag = Main.flagOf(unused);
            String user = INTEGRATOR_FLAGS.contains(flag) ? "integrator" : flag.equals("--tia-gain") ? "tia or integrator" : "tia";
            throw new InvalidInputException(unused + " has no effect with --sense " + sense
                    + ": it sets the " + user + " sense amplifier; add --sense " + user + ", or drop " + flag);
        }
        if (sense == SenseKind.INTEGRATOR) {
            Checks.inRange("--int-c", integratorFarad, Sense.Integrator.MIN_FARAD, Sense.Integrator.MAX_FARAD, "F");
            Checks.inRange("--t-read", readSecond, Sense.Integrator.MIN_READ_SECOND, Sense.Integrator.MAX_READ_SECOND, "s");
        }
        Sense s = switch (sense) {
            case IDEAL -> new Sense.Ideal();
            case TIA -> new Sense.Tia(gain, feedbackOhm, outputLimitVolt);
            case INTEGRATOR -> Sense.Integrator.of(gain, integratorFarad, readSecond, encoding, readVolt);
        };
        return new CrossbarCircuit(n, m, wireOhm, driverOhm, s, direction);
    }
}
