package org.xbarspice.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;

/**
 * A read of one fixed array in physical units, as the {@code read} command and the demo make it: input vectors (V) in,
 * sensed currents (A) out, through a {@link CrossbarReader} (any engine), optionally with every weight a differential
 * pair ({@link DifferentialArray}), and through the same peripherals as a tile ({@link ReadPath} of a
 * {@link ReadOptions}) in physical units: an input of {@code readVolt} is the DAC's full scale 1, a current of
 * {@code fullScaleAmpere} the ADC's. All vectors of one read go to the engine together (one SPICE analysis); read noise
 * is one stream from {@code seed}, drawn in vector order, then line order, read after read, so every engine gets the
 * same draws. Not thread-safe.
 */
public final class ArrayRead {
    private final CrossbarReader engine;
    private final double[] conductances;
    private final Direction direction;
    private final boolean differential;
    private final ReadOptions peripherals;
    private final double readVolt;
    private final double fullScaleAmpere;
    /** The peripherals, with one noise stream for every read of this reader. */
    private final ReadPath path;
    private boolean changed = true;
    /** The power of every physical read since {@link #takePowers()}, when tracked. */
    private List<ReadPower> powers;
    /** The sense amplifiers' outputs of every physical read so far ({@link #senseLoad}). */
    private long sensed;
    private long atTiaLimit;
    private double largestSensed;

    /**
     * One physical read's array power (W) and how many of its logical inputs were other than 0 (whose DACs convert,
     * {@link CostModel}; a differential pair's two columns take one).
     */
    public record ReadPower(ArrayPower power, int activeLines, int lines) {
    }

    /**
     * What the sense amplifiers themselves put out over every physical read, before any pair is differenced, noise is
     * added or the ADC converts (which clip and shift the reported currents: a TIA at its rail or an integrator past
     * its swing went unreported behind an ADC that clipped first).
     *
     * @param outputs       sense outputs read (one per physical sensed line and read)
     * @param atTiaLimit    those at a TIA's output limit ({@code limit / R_f} in magnitude, within 1e-9); 0 without a TIA
     * @param largestAmpere the largest |current| among them (A)
     * @param beyondAdc     read outputs (a pair's difference, noise added) beyond the ADC's full scale, which it clipped
     *                      (0 without an ADC): counted before it converts, as an output inside the full scale may round
     *                      to its top code
     */
    public record SenseLoad(long outputs, long atTiaLimit, double largestAmpere, long beyondAdc) {
    }

    /** {@link SenseLoad} of the reads so far. */
    public SenseLoad senseLoad() {
        long[] clipped = path.outputsAndClipped();
        return new SenseLoad(sensed, atTiaLimit, largestSensed, clipped[1] + clipped[3]);
    }

    /** An exact read (no peripherals) of conductances {@code g} (S, row-major as the engine's circuit). */
    public ArrayRead(CrossbarReader engine, double[] g) {
        this(engine, g, false, ReadOptions.ideal(), 1, 1, 0);
    }

    /**
     * @param engine          the reader of the physical circuit (twice the columns when {@code differential})
     * @param g               physical conductances (S), row-major
     * @param differential    whether column pairs (2j, 2j + 1) hold the (G+, G-) of weight column j
     * @param peripherals     DAC, output noise and ADC in normalised units (no noise or bound management, no wires)
     * @param readVolt        the input (V) that the DAC maps to its full scale 1
     * @param fullScaleAmpere the current (A) that is 1 in the ADC and output noise units
     * @param seed            seed of the read noise
     */
    public ArrayRead(CrossbarReader engine, double[] g, boolean differential, ReadOptions peripherals, double readVolt,
                     double fullScaleAmpere, long seed) {
        this.engine = Objects.requireNonNull(engine, "engine");
        CrossbarCircuit circuit = engine.circuit();
        if (g.length != circuit.rows() * circuit.cols()) {
            throw new IllegalArgumentException(g.length + " conductances for a " + circuit.rows() + " x " + circuit.cols()
                    + " circuit");
        }
        this.conductances = g.clone();
        this.direction = circuit.direction();
        this.differential = differential;
        this.peripherals = Objects.requireNonNull(peripherals, "peripherals");
        this.readVolt = readVolt;
        this.fullScaleAmpere = fullScaleAmpere;
        int driven = circuit.drivenLines();
        this.path = new ReadPath(peripherals, differential && direction == Direction.BACKWARD ? driven / 2 : driven, seed);
    }

    /**
     * Counts the power of every physical read from now on (the engines' {@link CrossbarReader#readPower}):
     * every vector the engine reads, re-reads of the peripherals included.
     */
    public void trackPower() {
        powers = new ArrayList<>();
    }

    /** Whether {@link #trackPower()} was called. */
    public boolean tracksPower() {
        return powers != null;
    }

    /** The power of every physical read since tracking started or the last call (W), in read order; then forgets them. */
    public List<ReadPower> takePowers() {
        if (powers == null) {
            throw new IllegalStateException("power is not tracked: call trackPower() first");
        }
        List<ReadPower> out = List.copyOf(powers);
        powers.clear();
        return out;
    }

    /** The engine's name in result files. */
    public String engine() {
        return engine.engine();
    }

    /** Warms the engine's code up ({@link CrossbarReader#warmUp}); changes no result. */
    public void warmUp() {
        engine.warmUp();
    }

    /** Returns once the engine's background work after the last read has ended ({@link CrossbarReader#awaitIdle}). */
    public void awaitIdle() {
        engine.awaitIdle();
    }

    /** Sensed currents (A), [vector][logical sensed line], for {@code inputs} (V), [vector][logical driven line]. */
    public double[][] read(double[][] inputs) {
        if (peripherals.isIdeal()) {
            return physicalRead(inputs);
        }
        int outputs = outputs();
        double[][] normalised = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            normalised[k] = new double[inputs[k].length];
            for (int i = 0; i < inputs[k].length; i++) {
                normalised[k][i] = inputs[k][i] / readVolt;
            }
        }
        double[][] out = new double[inputs.length][outputs];
        int lines = inputs.length == 0 ? 0 : inputs[0].length;
        path.readBatch(new ReadPath.Array() {
            @Override
            public void product(double[] in, double[] result, boolean forward) {
                double[][] one = {in};
                double[][] results = {result};
                productBatch(one, results, 1, forward);
            }

            @Override
            public void productBatch(double[][] in, double[][] result, int count, boolean forward) {
                double[][] volts = new double[count][];
                for (int k = 0; k < count; k++) {
                    volts[k] = new double[in[k].length];
                    for (int i = 0; i < volts[k].length; i++) {
                        volts[k][i] = in[k][i] * readVolt;
                    }
                }
                double[][] amps = physicalRead(volts);
                for (int k = 0; k < count; k++) {
                    for (int j = 0; j < amps[k].length; j++) {
                        result[k][j] = amps[k][j] / fullScaleAmpere;
                    }
                }
            }
        }, normalised, lines, out, outputs, inputs.length, direction == Direction.FORWARD);
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= fullScaleAmpere;
            }
        }
        return out;
    }

    private int outputs() {
        return outputs(engine.circuit(), differential);
    }

    /**
     * The outputs of a read of the physical {@code circuit} (twice the columns when {@code differential}): its sensed
     * lines, one per column pair in a forward read of differential pairs, whose currents are subtracted before the
     * peripherals (which quantise the difference once, and the ADCs convert it once, {@link CostModel}).
     */
    public static int outputs(CrossbarCircuit circuit, boolean differential) {
        int sensed = circuit.sensedLines();
        return differential && circuit.direction() == Direction.FORWARD ? sensed / 2 : sensed;
    }

    /** The engine's currents for logical inputs (V), without peripherals. */
    private double[][] physicalRead(double[][] volts) {
        if (!differential) {
            return engineRead(volts, volts);
        }
        return DifferentialArray.senseOutputs(direction, engineRead(DifferentialArray.driveInputs(direction, volts), volts));
    }

    /**
     * The engine's currents for physical inputs {@code volts} (V); the DACs that convert are those of the logical
     * inputs {@code logical} (a differential pair's two columns take one input, the second inverted).
     */
    private double[][] engineRead(double[][] volts, double[][] logical) {
        double[][] amps = new double[volts.length][engine.circuit().sensedLines()];
        if (powers == null) {
            engine.read(conductances, RowChanges.of(changed), direction, volts, amps, volts.length);
        } else {
            ArrayPower[] power = new ArrayPower[volts.length];
            engine.readPower(conductances, RowChanges.of(changed), direction, volts, amps, power, volts.length);
            for (int k = 0; k < volts.length; k++) {
                powers.add(new ReadPower(power[k], CostModel.ReadCost.activeLines(logical[k], logical[k].length),
                        logical[k].length));
            }
        }
        changed = false;
        double rail = engine.circuit().sense() instanceof org.xbarspice.netlist.Sense.Tia tia
                ? tia.outputLimitVolt() / tia.feedbackOhm() : Double.POSITIVE_INFINITY;
        for (double[] vector : amps) {
            for (double current : vector) {
                sensed++;
                atTiaLimit += Math.abs(current) >= rail * (1 - 1e-9) ? 1 : 0;
                largestSensed = Math.max(largestSensed, Math.abs(current));
            }
        }
        return amps;
    }
}
