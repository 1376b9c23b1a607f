package org.xbarspice.cli;

import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.PulseShape;
import picocli.CommandLine.Option;

/** Flags that override the preset's nominal update pulse. */
final class PulseOptions {
    @Option(names = "--vp", paramLabel = "V", description = "Pulse amplitude Vp across a selected device (V). Default: the preset's.")
    Double amplitudeVolt;

    @Option(names = "--tp", paramLabel = "S", description = "Pulse flat-top width (s). Default: the preset's.")
    Double widthSecond;

    @Option(names = "--rise", paramLabel = "S", description = "Pulse rise and fall time (s). Default: the preset's.")
    Double edgeSecond;

    /** Whether a flag changed the preset's pulse. */
    boolean given() {
        return amplitudeVolt != null || widthSecond != null || edgeSecond != null;
    }

    PulseShape pulse(CompactSpec spec) {
        PulseShape nominal = spec.pulse();
        return new PulseShape(amplitudeVolt != null ? amplitudeVolt : nominal.amplitudeVolt(),
                widthSecond != null ? widthSecond : nominal.widthSecond(),
                edgeSecond != null ? edgeSecond : nominal.edgeSecond());
    }
}
