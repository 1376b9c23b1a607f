package org.xbarspice.cli;

import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.InputEncoding;
import org.xbarspice.netlist.Sense;
import org.xbarspice.units.Checks;
import picocli.CommandLine.Option;

/** Flags that describe one crossbar read circuit. */
final class CircuitOptions {
    /** Sense periphery kinds selectable on the command line. */
    enum SenseKind { IDEAL, TIA, INTEGRATOR }

    @Option(names = "--rows", required = true, description = "Rows N (1..512).")
    int rows;

    @Option(names = "--cols", required = true, description = "Columns M (1..512).")
    int cols;

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

    @Option(names = "--tia-rf", defaultValue = "5000", paramLabel = "OHM", description = "TIA feedback resistance (ohm). Default: ${DEFAULT-VALUE}.")
    double feedbackOhm;

    @Option(names = "--tia-limit", defaultValue = "1.5", paramLabel = "V", description = "TIA output limit (+-V). Default: ${DEFAULT-VALUE}.")
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

    CrossbarCircuit circuit() {
        Checks.positive("--v-read", readVolt, "V");
        // both amplifiers are built whichever is used, so that every flag given is checked
        Sense.Tia tia = new Sense.Tia(gain, feedbackOhm, outputLimitVolt);
        Sense.Integrator integrator = Sense.Integrator.of(gain, integratorFarad, readSecond, encoding, readVolt);
        Sense s = switch (sense) {
            case IDEAL -> new Sense.Ideal();
            case TIA -> tia;
            case INTEGRATOR -> integrator;
        };
        return new CrossbarCircuit(rows, cols, wireOhm, driverOhm, s, direction);
    }
}
