package org.xbarspice.netlist;

import java.util.List;
import org.xbarspice.units.Checks;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;

/**
 * The sense periphery at the end of each sensed line. Every variant reports a current in ampere,
 * positive when current flows from the array into the sense node.
 */
public sealed interface Sense permits Sense.Ideal, Sense.Tia, Sense.Integrator {
    /** The ids of the three kinds, as on the command line. */
    List<String> IDS = List.of("ideal", "tia", "integrator");

    /**
     * Largest op-amp open-loop gain (V/V) of a TIA or integrator; the smallest is 1, below which the op-amp does not
     * amplify (real ones have 1e3-1e7).
     */
    double MAX_GAIN = 1e12;

    /** The kind's name on the command line and in result files: ideal, tia or integrator. */
    String id();

    /**
     * The periphery {@code id} with its defaults ({@link Tia#defaults()}, {@link Integrator#defaults} with amplitude
     * encoding and {@code readVolt} as PWM amplitude); the error names {@code flag}.
     */
    static Sense withDefaults(String id, double readVolt, String flag) {
        return switch (Ids.find(flag, id, IDS, name -> name)) {
            case "ideal" -> new Ideal();
            case "tia" -> Tia.defaults();
            default -> Integrator.defaults(InputEncoding.AMPLITUDE, readVolt);
        };
    }

    /** A 0 V source that measures the current: an ideal virtual ground. DC analysis. */
    record Ideal() implements Sense {
        @Override
        public String id() {
            return "ideal";
        }
    }

    /**
     * Transimpedance amplifier: an op-amp of open-loop gain {@code openLoopGain} (V/V) with a
     * feedback resistor {@code feedbackOhm} from output to the inverting input (the sense node), its
     * output clipped to +-{@code outputLimitVolt}. Reported current: -V_out / R_f. DC analysis.
     */
    record Tia(double openLoopGain, double feedbackOhm, double outputLimitVolt) implements Sense {
        public Tia {
            Checks.inRange("TIA open-loop gain", openLoopGain, 1, MAX_GAIN, "V/V");
            // within these the engines agree to 1e-14; a 1e-15 ohm feedback read 1000x apart, 1e30 ohm with the sign
            // reversed, and 1e20 ohm left the behavioral saturation pattern unsettled
            Checks.inRange("TIA feedback resistance (--tia-rf)", feedbackOhm, MIN_FEEDBACK_OHM, MAX_FEEDBACK_OHM, "ohm");
            Checks.inRange("TIA output limit (--tia-limit)", outputLimitVolt, MIN_LIMIT_VOLT, MAX_LIMIT_VOLT, "V");
        }

        /** Range of the feedback resistance (ohm). */
        public static final double MIN_FEEDBACK_OHM = 1e-3;
        public static final double MAX_FEEDBACK_OHM = 1e12;
        /** Range of the output limit (V): a microvolt to a kilovolt. */
        public static final double MIN_LIMIT_VOLT = 1e-6;
        public static final double MAX_LIMIT_VOLT = 1e3;

        @Override
        public String id() {
            return "tia";
        }

        /** The default output limit (V): an op-amp's swing. */
        public static final double DEFAULT_LIMIT_VOLT = 1.5;

        /** Defaults: gain 1e6, R_f 5 kohm, output limit {@value #DEFAULT_LIMIT_VOLT} V. */
        public static Tia defaults() {
            return new Tia(1e6, 5e3, DEFAULT_LIMIT_VOLT);
        }
    }

    /**
     * Charge integrator: op-amp of gain {@code openLoopGain} with capacitor {@code capacitanceFarad}
     * from output to the sense node, reset before each read, its output sampled after the input pulse.
     * Each input is a trapezoidal pulse with edges of {@code edgeSecond}, whose width at half amplitude
     * is {@code readSecond} (amplitude encoding) or {@code readSecond * |V| / pwmAmplitudeVolt} (PWM).
     * Reported current: -C V_out / t_read, the equivalent constant current. Transient analysis.
     */
    record Integrator(double openLoopGain, double capacitanceFarad, double readSecond, double edgeSecond,
                      double resetSecond, InputEncoding encoding, double pwmAmplitudeVolt) implements Sense {
        /**
         * The output swing an op-amp integrator can reach (V), that of the TIA's default rail ({@link Tia#defaults()}):
         * this model has no rail, so a window beyond it is flagged ({@link #outputVolt}).
         */
        public static final double SWING_VOLT = Tia.DEFAULT_LIMIT_VOLT;
        /** The range of t_read (s): 1 ps, as the update pulses' shortest, to 1000 s. */
        public static final double MIN_READ_SECOND = 1e-12;
        public static final double MAX_READ_SECOND = 1e3;
        /** The range of C (F): 1 aF to 1 F. */
        public static final double MIN_FARAD = 1e-18;
        public static final double MAX_FARAD = 1;

        public Integrator {
            Checks.inRange("integrator open-loop gain", openLoopGain, 1, MAX_GAIN, "V/V");
            Checks.inRange("integrator capacitance", capacitanceFarad, MIN_FARAD, MAX_FARAD, "F");
            Checks.inRange("read time t_read", readSecond, MIN_READ_SECOND, MAX_READ_SECOND, "s");
            Checks.positive("input edge time", edgeSecond, "s");
            Checks.positive("integrator reset time", resetSecond, "s");
            Checks.positive("PWM amplitude", pwmAmplitudeVolt, "V");
            if (edgeSecond > readSecond / 4) {
                throw new InvalidInputException("input edge time " + edgeSecond + " s is too long for t_read = "
                        + readSecond + " s: use at most t_read / 4");
            }
            if (resetSecond <= 2 * edgeSecond) {
                throw new InvalidInputException("integrator reset time " + resetSecond + " s is too short for input edges of "
                        + edgeSecond + " s: the reset switch closes and opens over an edge each, so use more than two edges");
            }
            if (encoding == null) {
                throw new InvalidInputException("integrator input encoding is missing: use amplitude or pwm");
            }
        }

        @Override
        public String id() {
            return "integrator";
        }

        /** An integrator whose input edges take t_read / 100 and whose reset takes t_read / 10. */
        public static Integrator of(double openLoopGain, double capacitanceFarad, double readSecond,
                                    InputEncoding encoding, double pwmAmplitudeVolt) {
            return new Integrator(openLoopGain, capacitanceFarad, readSecond, readSecond / 100, readSecond / 10,
                    encoding, pwmAmplitudeVolt);
        }

        /** Defaults: gain 1e6, 10 pF, t_read 100 ns, given encoding and PWM amplitude. */
        public static Integrator defaults(InputEncoding encoding, double pwmAmplitudeVolt) {
            return of(1e6, 10e-12, 100e-9, encoding, pwmAmplitudeVolt);
        }

        /** |V_out| (V) at the end of the window for a sensed current of {@code currentAmpere}: |I| t_read / C. */
        public double outputVolt(double currentAmpere) {
            return Math.abs(currentAmpere) * readSecond / capacitanceFarad;
        }

        /** Length of one read window: reset, then the integration of one pulse (s). */
        public double windowSecond() {
            return resetSecond + readSecond + 2 * edgeSecond;
        }

        /**
         * How far the virtual ground drifts over a window, {@code rho = G (T - t_reset) / (C (1 + A0))} for a sensed line
         * of conductance {@code lineSiemens} (S), T the sample's time (the series argument of the behavioral model's
         * integrator charge): beyond {@link #MAX_DRIFT} the output no longer follows the current.
         */
        public double drift(double lineSiemens) {
            double sample = windowSecond() - edgeSecond / 2;
            return lineSiemens * (sample - resetSecond) / (capacitanceFarad * (1 + openLoopGain));
        }

        /** Largest {@link #drift} the behavioral model takes: its series' terms then peak near 8^8 / 8! = 416 times the first. */
        public static final double MAX_DRIFT = 8;
    }
}
