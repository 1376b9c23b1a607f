package org.xbarspice.tile;

import java.util.Arrays;
import java.util.Objects;
import org.xbarspice.behavioral.ArrayPower;
import org.xbarspice.behavioral.CrossbarPower;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.spice.SpiceEngine;

/** Reads through ngspice: one netlist ({@link CrossbarNetlist#read}) and one analysis for all the vectors of a call. */
public final class SpiceReader implements CrossbarReader {
    private final NetlistRunner engine;
    private final CrossbarCircuit circuit;

    /** A reader of {@code circuit} whose analyses run in {@code engine}. */
    public SpiceReader(SpiceEngine engine, CrossbarCircuit circuit) {
        this(NetlistRunner.of(Objects.requireNonNull(engine, "SPICE engine")), circuit);
    }

    /** As the public constructor, with the netlists run by {@code engine} (retries and timing of a {@link SpiceTile}). */
    SpiceReader(NetlistRunner engine, CrossbarCircuit circuit) {
        this.engine = engine;
        this.circuit = Objects.requireNonNull(circuit, "circuit");
    }

    @Override
    public CrossbarCircuit circuit() {
        return circuit;
    }

    @Override
    public void read(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps, int count) {
        double[][] inputs = count == volts.length ? volts : Arrays.copyOf(volts, count);
        double[][] sensed = engine.run(CrossbarNetlist.read(circuit.withDirection(direction), g, inputs));
        for (int k = 0; k < count; k++) {
            System.arraycopy(sensed[k], 0, amps[k], 0, sensed[k].length);
        }
    }

    @Override
    public void readPower(double[] g, RowChanges changed, Direction direction, double[][] volts, double[][] amps,
                          ArrayPower[] power, int count) {
        double[][] inputs = count == volts.length ? volts : Arrays.copyOf(volts, count);
        CrossbarCircuit oriented = circuit.withDirection(direction);
        if (oriented.sense() instanceof Sense.Integrator) {
            CrossbarNetlist.TransientNodes run = engine.run(CrossbarNetlist.readTransientNodes(oriented, g, inputs));
            ArrayPower[] mean = IntegratorReadEnergy.spice(oriented, g, run, count);
            for (int k = 0; k < count; k++) {
                System.arraycopy(run.amps()[k], 0, amps[k], 0, run.amps()[k].length);
                power[k] = mean[k];
            }
            return;
        }
        CrossbarNetlist.NodeRead read = engine.run(CrossbarNetlist.readNodes(oriented, g, inputs));
        for (int k = 0; k < count; k++) {
            System.arraycopy(read.amps()[k], 0, amps[k], 0, read.amps()[k].length);
            power[k] = CrossbarPower.of(oriented, false, g, inputs[k], inputs[k], read.rowNodeVolts()[k],
                    read.colNodeVolts()[k]);
        }
    }

    @Override
    public String engine() {
        return NGSPICE;
    }
}
