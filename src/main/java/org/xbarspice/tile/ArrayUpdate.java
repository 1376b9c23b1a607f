package org.xbarspice.tile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.PositionModel;
import org.xbarspice.device.Variability;
import org.xbarspice.netlist.PulseTrainDrawer;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * One fully parallel stochastic update of an array sampled from a device preset, applied by every engine asked to the
 * same start weights with the same pulse trains, as the {@code update} command makes it: x (rows) and d (columns)
 * uniform in [-1, 1], start weights uniform in half the device range, {@code W += lr x d'} drawn once
 * ({@link UpdatePulses#draw}, update management on). Each engine's updater is built by {@link #updater}, the one place
 * that builds a preset's updater of a named engine. Same setup, same result.
 */
public final class ArrayUpdate {
    private ArrayUpdate() {
    }

    /** The update engines, by the names result files give them ({@link ArrayUpdater#engine()}). */
    public enum Engine {
        /** ngspice, the pulse waveforms in a transient analysis. */
        TRANSIENT("transient"),
        /** ngspice, one operating point per slot and polarity phase. */
        QUASI_STATIC("quasi-static"),
        /** The behavioral updater of the setup's IR-drop mode. */
        BEHAVIORAL("behavioral");

        private final String id;

        Engine(String id) {
            this.id = id;
        }

        /** The name in result files and on the command line. */
        public String id() {
            return id;
        }

        /** Whether the engine runs in ngspice. */
        public boolean usesSpice() {
            return this != BEHAVIORAL;
        }
    }

    /**
     * What to update.
     *
     * @param circuit the array with its wires, drivers, pulse and slot period
     * @param preset  the devices (sampled with device-to-device variability) and their compact model
     * @param lr      the learning rate, > 0
     * @param bl      pulse slots per train, 1..{@value UpdatePulses#MAX_BL}
     * @param irDrop  how the behavioral engine solves the wires and drivers
     * @param seed    seed of x, d, the start weights, the pulse trains, the devices and the cycle-to-cycle noise
     */
    public record Setup(UpdateCircuit circuit, DevicePreset preset, double lr, int bl, IrDrop.Mode irDrop, long seed) {
        public Setup {
            Objects.requireNonNull(circuit, "circuit");
            Objects.requireNonNull(preset, "preset");
            Objects.requireNonNull(irDrop, "IR-drop mode");
            Checks.positive("learning rate", lr, "");
            Checks.inRange("BL", bl, 1, UpdatePulses.MAX_BL);
            irDrop.requireResistance(circuit.wireOhm(), circuit.driverOhm(), "update");
            // the half-selected devices must stay below threshold (it was the command's check alone)
            CompactSpec.requireV2Scheme(circuit.pulse().amplitudeVolt(), preset.spice().thresholdUpVolt(),
                    preset.spice().thresholdDownVolt());
        }

        /** Rows of the array. */
        public int rows() {
            return circuit.rows();
        }

        /** Columns of the array. */
        public int cols() {
            return circuit.cols();
        }
    }

    /**
     * The outcome: per engine (by {@link Engine#id()}, in the order asked) the weight changes, [row][col], the wall
     * clock and the array energy of every firing slot; their largest differences pair by pair; and checks of the draw.
     *
     * @param x                   the row inputs
     * @param d                   the column inputs
     * @param pulses              the pulse trains every engine applied
     * @param deltaWeights        each engine's weight changes from the start, as the devices hold them (clipped to
     *                            their own bounds)
     * @param seconds             each engine's wall clock (s)
     * @param energyJoule         each engine's array energy (J)
     * @param latencySecond       the update's duration (s): slots x slot period x polarity phases
     * @param maxAbsDiff          {@code "a vs b"}: the largest |dw_a - dw_b| (weight units), every pair of engines
     * @param halfSelectMaxChange the largest |dw| of a device that got no coincidence, over every engine, as a fraction
     *                            of the weight range
     * @param warnings            what makes the draw fall short of {@code lr x d'}, and a calibrated model that
     *                            carries over poorly ({@link IrDropCheck#poorCarryOverWarning}), each with the fix
     * @param irDropCheck         the behavioral engine's update in the fast or calibrated mode checked against the exact
     *                            IR-drop update of the same pulses (step errors; with the fast mode its energy too), or
     *                            null in the exact mode or without the behavioral engine
     */
    public record Result(double[] x, double[] d, UpdatePulses pulses, Map<String, double[][]> deltaWeights,
                         Map<String, Double> seconds, Map<String, EnergyBreakdown> energyJoule, double latencySecond,
                         Map<String, Double> maxAbsDiff, double halfSelectMaxChange, List<String> warnings,
                         IrDropCheck irDropCheck) {
    }

    /**
     * Runs the update of {@code setup} in each of {@code engines}, in order.
     *
     * @param spice    the ngspice engine of the SPICE engines; may be null when none is asked
     * @param progress told each engine's name as it starts
     */
    public static Result run(Setup setup, List<Engine> engines, SpiceEngine spice, Consumer<String> progress) {
        if (engines.isEmpty()) {
            throw new InvalidInputException("no update engine asked: give at least one of transient, quasi-static, behavioral");
        }
        boolean usesSpice = engines.stream().anyMatch(Engine::usesSpice);
        if (usesSpice && spice == null) {
            throw new IllegalArgumentException("the SPICE update engines need an ngspice engine");
        }
        setup.irDrop().requireBehavioralEngine(engines.contains(Engine.BEHAVIORAL));
        int rows = setup.rows();
        int cols = setup.cols();
        DevicePreset preset = setup.preset();
        DeviceModel model = preset.model();
        // independent streams: x, d and the start weights; the pulse trains; the devices; the cycle-to-cycle noise
        SplittableRandom rng = new SplittableRandom(Seeds.derive(setup.seed(), 0));
        double[] x = uniform(rows, -1, 1, rng);
        double[] d = uniform(cols, -1, 1, rng);
        double[] start = uniform(rows * cols, model.wMin() / 2, model.wMax() / 2, rng);
        UpdatePulses pulses = UpdatePulses.draw(x, d, setup.lr(), model.dwMin(), setup.bl(), true,
                Seeds.derive(setup.seed(), 1));
        // SPICE devices have no cycle-to-cycle noise: when SPICE runs, the behavioral twin runs without it too
        DeviceModel sampled = usesSpice ? model.withVariability(new Variability(model.variability().dwMinDtod(),
                model.variability().upDownDtod(), model.variability().boundsDtod(), 0)) : model;
        IrDrop irDrop = new IrDrop(setup.irDrop(), IrDrop.DEFAULT_REFRESH_DRIFT, IrDrop.DEFAULT_CHECK_EVERY);
        Map<String, double[][]> deltas = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, EnergyBreakdown> energies = new LinkedHashMap<>();
        IrDropCheck check = null;
        // every updater built before any runs: a behavioral one refuses its settings (a calibrated model that does not
        // carry over, drivers) as it is built, not after minutes of SPICE
        List<ArrayUpdater> updaters = new ArrayList<>();
        for (Engine engine : engines) {
            updaters.add(updater(engine, spice, setup.circuit(), preset, irDrop, Seeds.derive(setup.seed(), 3)));
        }
        for (int e = 0; e < engines.size(); e++) {
            Engine engine = engines.get(e);
            ArrayUpdater updater = updaters.get(e);
            DeviceArray array = DeviceArray.sample(sampled, rows, cols, Seeds.derive(setup.seed(), 2));
            for (int k = 0; k < start.length; k++) {
                array.setWeight(k, start[k]);
            }
            // the change from the start as the device holds it (clipped to its own bounds, which spread with boundsDtod)
            double[] before = array.weights().clone();
            progress.accept(engine.id());
            updater.trackEnergy(true);
            long t0 = System.nanoTime();
            updater.update(array, pulses);
            seconds.put(engine.id(), (System.nanoTime() - t0) * 1e-9);
            energies.put(engine.id(), CostModel.update(updater.energy()));
            if (updater instanceof BehavioralUpdater behavioral && setup.irDrop() != IrDrop.Mode.EXACT) {
                check = behavioral.checks(); // an update's first is checked, as a training run's
            }
            double[][] delta = new double[rows][cols];
            for (int k = 0; k < start.length; k++) {
                delta[k / cols][k % cols] = array.weight(k) - before[k];
            }
            deltas.put(engine.id(), delta);
        }
        List<String> warnings = new ArrayList<>(drawWarnings(x, d, setup.lr(), model.dwMin(), setup.bl()));
        String frozen = belowThresholdWarning(deltas, pulses, setup.circuit());
        if (frozen != null) {
            warnings.add(frozen);
        }
        String poorCarryOver = setup.irDrop() == IrDrop.Mode.CALIBRATED && check != null ? check.poorCarryOverWarning() : null;
        if (poorCarryOver != null) {
            warnings.add(poorCarryOver);
        }
        return new Result(x, d, pulses, deltas, seconds, energies, CostModel.updateSeconds(pulses, setup.circuit()),
                maxAbsDiffs(deltas), halfSelectMaxChange(deltas, pulses, model.wMax() - model.wMin()),
                List.copyOf(warnings), check);
    }

    /**
     * The updater of {@code engine} for devices of {@code range} and {@code compact} on {@code circuit}: ngspice's
     * transient or quasi-static mode on {@code spice}, or the behavioral updater of {@code irDrop} with
     * cycle-to-cycle noise from {@code seed}.
     *
     * @param position the position model of a calibrated preset, or null
     */
    public static ArrayUpdater updater(Engine engine, SpiceEngine spice, UpdateCircuit circuit, ConductanceRange range,
                                       CompactSpec compact, PositionModel position, IrDrop irDrop, long seed) {
        return switch (engine) {
            case TRANSIENT -> new SpiceUpdater(spice, circuit, range, compact, position, SpiceUpdater.Mode.TRANSIENT);
            case QUASI_STATIC -> new SpiceUpdater(spice, circuit, range, compact, position, SpiceUpdater.Mode.QUASI_STATIC);
            case BEHAVIORAL -> new BehavioralUpdater(circuit, range, compact, irDrop, position, seed);
        };
    }

    /** {@link #updater(Engine, SpiceEngine, UpdateCircuit, ConductanceRange, CompactSpec, PositionModel, IrDrop, long)} of a preset's devices. */
    public static ArrayUpdater updater(Engine engine, SpiceEngine spice, UpdateCircuit circuit, DevicePreset preset,
                                       IrDrop irDrop, long seed) {
        return updater(engine, spice, circuit, preset.conductance(), preset.spice(), preset.position(), irDrop, seed);
    }

    private static Map<String, Double> maxAbsDiffs(Map<String, double[][]> deltas) {
        Map<String, Double> diffs = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(deltas.keySet());
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                double[][] first = deltas.get(names.get(a));
                double[][] second = deltas.get(names.get(b));
                double worst = 0;
                for (int i = 0; i < first.length; i++) {
                    for (int j = 0; j < first[i].length; j++) {
                        worst = Math.max(worst, Math.abs(first[i][j] - second[i][j]));
                    }
                }
                diffs.put(names.get(a) + " vs " + names.get(b), worst);
            }
        }
        return diffs;
    }

    private static double halfSelectMaxChange(Map<String, double[][]> deltas, UpdatePulses pulses, double range) {
        double worst = 0;
        for (double[][] delta : deltas.values()) {
            for (int i = 0; i < delta.length; i++) {
                for (int j = 0; j < delta[i].length; j++) {
                    if (pulses.coincidences(i, j) == 0) {
                        worst = Math.max(worst, Math.abs(delta[i][j]) / range);
                    }
                }
            }
        }
        return worst;
    }

    /**
     * The warning that devices with coincident pulses did not move in some engine (the one where most did not): the
     * wires and drivers left them below their threshold (a device starts within half its range, so no bound holds it);
     * null where every such device moved.
     */
    private static String belowThresholdWarning(Map<String, double[][]> deltas, UpdatePulses pulses, UpdateCircuit circuit) {
        int coincident = 0;
        for (int i = 0; i < circuit.rows(); i++) {
            for (int j = 0; j < circuit.cols(); j++) {
                coincident += pulses.coincidences(i, j) > 0 ? 1 : 0;
            }
        }
        int most = 0;
        String where = null;
        for (Map.Entry<String, double[][]> engine : deltas.entrySet()) {
            int still = 0;
            double[][] delta = engine.getValue();
            for (int i = 0; i < delta.length; i++) {
                for (int j = 0; j < delta[i].length; j++) {
                    still += pulses.coincidences(i, j) > 0 && delta[i][j] == 0 ? 1 : 0;
                }
            }
            if (still > most) {
                most = still;
                where = engine.getKey();
            }
        }
        if (most == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of the %d devices with coincident pulses did not move (%s): the wires "
                + "(%.3g ohm a segment) and drivers (%.3g ohm) leave them below their threshold; lower --wire-r or "
                + "--driver-r, raise --vp within the V/2 scheme's range, or use a smaller array", most, coincident, where,
                circuit.wireOhm(), circuit.driverOhm());
    }

    private static List<String> drawWarnings(double[] x, double[] d, double lr, double dwMin, int bl) {
        List<String> warnings = new ArrayList<>();
        double saturation = PulseTrainDrawer.saturation(x, d, lr, dwMin, bl);
        if (saturation > 1) {
            // the figures each from the inputs, not from the ratio, which overflows first (lr 1e308 gave a bound of 0)
            double inputs = PulseTrainDrawer.saturation(x, d, 1, 1, 1);
            warnings.add(String.format(Locale.ROOT, "the largest step asked, lr max|x| max|d| = %.3g, is %s times the most "
                    + "an update gives, BL dw_min = %.3g (weight units): the largest lines fire in every slot and the steps "
                    + "fall short of lr x d; lower --lr (now %s) below %.3g, or raise --bl", lr * inputs,
                    Double.isInfinite(saturation) ? "over 1e308" : String.format(Locale.ROOT, "%.3g", saturation),
                    bl * dwMin, lr, bl * dwMin / inputs));
        }
        return List.copyOf(warnings);
    }

    private static double[] uniform(int n, double lo, double hi, SplittableRandom rng) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (hi - lo) * rng.nextDouble();
        }
        return v;
    }
}
