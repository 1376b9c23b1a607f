package org.xbarspice.tile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.units.InvalidInputException;

/**
 * Runs the same read through several engines and measures how far they disagree: the {@code read} command's comparison
 * ({@link #run(Setup, boolean, boolean, SpiceEngine)}), each engine's reader built where the tiles build theirs.
 */
public final class ReadComparison {
    private ReadComparison() {
    }

    /**
     * Label of the read noise's seed ({@link Seeds#derive}): drawn from the seed itself, noise sample n came from the same
     * 64-bit value as conductance n of the drawn array.
     */
    private static final long READ_NOISE = 1;

    /**
     * What to read, as the {@code read} command sets it up.
     *
     * @param circuit         the physical circuit (twice the columns when {@code differential})
     * @param draw            its conductances and input vectors
     * @param differential    whether column pairs hold the (G+, G-) of one weight column ({@link ArrayRead})
     * @param peripherals     DAC, output noise and ADC ({@link ArrayRead})
     * @param readVolt        the input (V) the DAC maps to its full scale 1
     * @param fullScaleAmpere the current (A) that is 1 in the ADC and output noise units
     * @param irDrop          how the behavioral engine solves the wires and drivers: exact, or fast (the transfer matrix
     *                        of {@link FastCircuitReader}, on a linear circuit with wire or driver resistance)
     * @param solverThreads   threads of each exact behavioral solve, or of a fast read matrix's unit solves
     * @param seed            the read's seed, as {@code read --seed} takes it (with {@link ReadCase#draw}'s, the
     *                        command's read): the read noise draws from a stream derived from it, not from the
     *                        array's draw
     */
    public record Setup(CrossbarCircuit circuit, ReadCase draw, boolean differential, ReadOptions peripherals,
                        double readVolt, double fullScaleAmpere, IrDrop.Mode irDrop, int solverThreads, long seed) {
        public Setup {
            Objects.requireNonNull(circuit, "circuit");
            Objects.requireNonNull(draw, "read case");
            Objects.requireNonNull(peripherals, "peripherals");
            Objects.requireNonNull(irDrop, "IR-drop mode");
            // named by the key irDropMode, which the command line shows as its flag
            String why = irDrop == IrDrop.Mode.CALIBRATED ? "the calibrated mode changes updates only (its reads are "
                    + "fast); use fast"
                    : irDrop != IrDrop.Mode.EXACT && !(circuit.sense() instanceof Sense.Ideal) ? "the fast read is the "
                    + "transfer matrix of sense nodes held at 0 V, which " + (circuit.sense() instanceof Sense.Tia
                    ? "a TIA's clipped output is not" : "an integrator's drifting virtual ground is not") + "; use exact"
                    : null;
            if (why != null) {
                throw new InvalidInputException("irDropMode = " + irDrop.id() + " has no effect here: " + why);
            }
            irDrop.requireResistance(circuit.wireOhm(), circuit.driverOhm(), "read");
        }
    }

    /**
     * The outcome.
     *
     * @param outputs  each engine's answer, by {@link CrossbarReader#engine()}, ngspice first
     * @param fastRead the fast behavioral reader's check of its first vector against the exact solve
     *                 ({@link FastCircuitReader#irDropCheck()}), or null when the behavioral engine read exactly or not
     */
    public record Result(Map<String, EngineOutput> outputs, IrDropCheck fastRead) {
    }

    /**
     * Reads the setup's inputs through ngspice ({@code spice}, when {@code ngspice}) and the behavioral engine of the
     * setup's IR-drop mode ({@link BehavioralReader#of}, when {@code behavioral}), every read's power tracked, as
     * {@link #run(List, double[][])}.
     */
    public static Result run(Setup setup, boolean ngspice, boolean behavioral, SpiceEngine spice) {
        if (!ngspice && !behavioral) {
            throw new InvalidInputException("no read engine asked: give ngspice, the behavioral engine or both");
        }
        setup.irDrop().requireBehavioralEngine(behavioral);
        if (ngspice && spice == null) {
            throw new IllegalArgumentException("an ngspice read needs an ngspice engine");
        }
        List<CrossbarReader> engines = new ArrayList<>();
        if (ngspice) {
            engines.add(new SpiceReader(spice, setup.circuit()));
        }
        CrossbarReader own = null;
        if (behavioral) {
            IrDrop irDrop = new IrDrop(setup.irDrop(), IrDrop.DEFAULT_REFRESH_DRIFT, IrDrop.DEFAULT_CHECK_EVERY);
            own = BehavioralReader.of(setup.circuit(), irDrop, setup.readVolt(), setup.solverThreads());
            own.setSolveThreads(setup.solverThreads());
            engines.add(own);
        }
        List<ArrayRead> reads = new ArrayList<>();
        for (CrossbarReader reader : engines) {
            ArrayRead read = new ArrayRead(reader, setup.draw().conductances(), setup.differential(), setup.peripherals(),
                    setup.readVolt(), setup.fullScaleAmpere(), Seeds.derive(setup.seed(), READ_NOISE));
            read.trackPower();
            reads.add(read);
        }
        Map<String, EngineOutput> outputs = run(reads, setup.draw().inputs());
        return new Result(outputs, own instanceof FastCircuitReader fast ? fast.irDropCheck() : null);
    }

    /**
     * One engine's answer.
     *
     * @param currents      ampere, [vector][sensed line]
     * @param seconds       wall time of the read (s)
     * @param warmUpSeconds wall time of the engine's JIT warm-up before the read, run beside the engines before it
     *                      ({@link #run}; s, 0 when none)
     * @param powers        the array power of every physical read (W) and the lines it drove, in read order; empty when
     *                      not tracked
     * @param sense         what the sense amplifiers put out before the peripherals ({@link ArrayRead#senseLoad})
     */
    public record EngineOutput(double[][] currents, double seconds, double warmUpSeconds,
                               List<ArrayRead.ReadPower> powers, ArrayRead.SenseLoad sense) {
        public EngineOutput {
            powers = List.copyOf(powers);
        }
    }

    /**
     * Reads {@code inputs} with every reader, in order; keyed by {@link ArrayRead#engine()}. While the first reader
     * reads, a second thread warms the others up ({@link ArrayRead#warmUp}), so that each is timed on compiled code and
     * not on a cold JVM: a comparison of engines, not of JIT warm-up. Each warm-up's own time is reported beside. The
     * next reader starts once the last one's engine is idle ({@link ArrayRead#awaitIdle}): ngspice frees a read's
     * circuit after handing its currents back (0.3-0.5 s at 256 x 256), which would otherwise share the machine with
     * the next timed read.
     */
    public static Map<String, EngineOutput> run(List<ArrayRead> readers, double[][] inputs) {
        double[] warmUpSeconds = new double[readers.size()];
        Thread warming = null;
        if (readers.size() > 1) {
            warming = new Thread(() -> {
                for (int k = 1; k < readers.size(); k++) {
                    long start = System.nanoTime();
                    try {
                        readers.get(k).warmUp();
                    } catch (RuntimeException e) {
                        continue; // only an optimisation: the read then runs cold and reports its own errors
                    }
                    warmUpSeconds[k] = (System.nanoTime() - start) * 1e-9;
                }
            }, "xbarspice-warm-up");
            warming.setDaemon(true);
            warming.start();
        }
        Map<String, EngineOutput> out = new LinkedHashMap<>();
        for (int k = 0; k < readers.size(); k++) {
            if (k == 1) {
                join(warming);
            }
            ArrayRead reader = readers.get(k);
            long start = System.nanoTime();
            double[][] currents = reader.read(inputs);
            double seconds = (System.nanoTime() - start) * 1e-9;
            out.put(reader.engine(), new EngineOutput(currents, seconds, warmUpSeconds[k],
                    reader.tracksPower() ? reader.takePowers() : List.of(), reader.senseLoad()));
            reader.awaitIdle(); // ngspice frees its circuit after the read: not beside the next engine's timed read
        }
        return out;
    }

    private static void join(Thread warming) {
        try {
            warming.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engines warmed up", e);
        }
    }

    /** max |other - reference| / max |reference| over all entries (0 when both are all zero). */
    public static double maxRelError(double[][] reference, double[][] other) {
        double scale = 0;
        double worst = 0;
        for (int k = 0; k < reference.length; k++) {
            for (int s = 0; s < reference[k].length; s++) {
                scale = Math.max(scale, Math.abs(reference[k][s]));
                worst = Math.max(worst, Math.abs(other[k][s] - reference[k][s]));
            }
        }
        return worst == 0 ? 0 : worst / scale;
    }
}
