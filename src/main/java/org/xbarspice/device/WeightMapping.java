package org.xbarspice.device;

import java.util.List;
import org.xbarspice.units.Checks;
import org.xbarspice.units.Ids;

/**
 * Weight-to-conductance mapping and its inverse, one object (PHYSICS.md section 4). Every weight w (weight units)
 * is carried by a positive conductance G+ and a negative conductance G- (S), and
 * w = (G+ - G-) / (gMax - gMin) * span, with span = wMax - wMin for a reference column and wScale for a differential
 * pair. Both directions are linear and unclipped, so a weight beyond the nominal bounds (a device whose sampled bound
 * is wider) maps outside [gMin, gMax]. Array methods work on flat row-major arrays of equal length.
 */
public sealed interface WeightMapping permits WeightMapping.ReferenceColumn, WeightMapping.DifferentialPair {
    /** Name of {@link ReferenceColumn} in presets. */
    String REFERENCE_COLUMN = "reference-column";

    /** Name of {@link DifferentialPair} in presets. */
    String DIFFERENTIAL_PAIR = "differential-pair";

    /** All mapping names accepted in presets. */
    List<String> NAMES = List.of(REFERENCE_COLUMN, DIFFERENTIAL_PAIR);

    /** The preset name of this mapping. */
    String name();

    /** G+ (S) of weight w (weight units): the weight's own device (reference column) or the plus device (pair). */
    double positiveConductance(ConductanceRange range, double w);

    /** G- (S) of weight w (weight units): the reference device (reference column) or the minus device (pair). */
    double negativeConductance(ConductanceRange range, double w);

    /** The weight (weight units) read from G+ and G- (S). */
    double weight(ConductanceRange range, double gPositive, double gNegative);

    /** Maps the weights w (weight units) into gPositive and gNegative (S), element by element. */
    default void toConductances(ConductanceRange range, double[] w, double[] gPositive, double[] gNegative) {
        requireSameLength(w, gPositive, gNegative);
        for (int i = 0; i < w.length; i++) {
            gPositive[i] = positiveConductance(range, w[i]);
            gNegative[i] = negativeConductance(range, w[i]);
        }
    }

    /** Maps gPositive and gNegative (S) back into the weights w (weight units), element by element. */
    default void toWeights(ConductanceRange range, double[] gPositive, double[] gNegative, double[] w) {
        requireSameLength(w, gPositive, gNegative);
        for (int i = 0; i < w.length; i++) {
            w[i] = weight(range, gPositive[i], gNegative[i]);
        }
    }

    /** The mapping called {@code name} (see {@link #NAMES}) for the bounds of {@code model}. */
    static WeightMapping of(String name, DeviceModel model) {
        return Ids.find("mapping", name, NAMES, n -> n).equals(REFERENCE_COLUMN)
                ? new ReferenceColumn(model.wMin(), model.wMax())
                : new DifferentialPair(Math.max(model.wMax(), -model.wMin()));
    }

    private static void requireSameLength(double[] w, double[] gPositive, double[] gNegative) {
        if (gPositive.length != w.length || gNegative.length != w.length) {
            throw new IllegalArgumentException("array lengths differ: " + w.length + " weights, " + gPositive.length
                    + " positive and " + gNegative.length + " negative conductances");
        }
    }

    /**
     * One device per weight plus a reference device at the conductance of w = 0:
     * x = (w - wMin) / (wMax - wMin), G = G(x), G_ref = G(x(0)), w = (G - G_ref) / (gMax - gMin) * (wMax - wMin).
     *
     * @param wMin lower weight bound (weight units), {@code < 0}
     * @param wMax upper weight bound (weight units), > 0
     */
    record ReferenceColumn(double wMin, double wMax) implements WeightMapping {
        public ReferenceColumn {
            ModelChecks.bounds(wMin, wMax);
        }

        @Override
        public String name() {
            return REFERENCE_COLUMN;
        }

        /** The dimensionless device state x = (w - wMin) / (wMax - wMin) of weight w (weight units). */
        public double state(double w) {
            return (w - wMin) / (wMax - wMin);
        }

        /** G_ref = G(x(0)) (S), the reference device's conductance. */
        public double referenceConductance(ConductanceRange range) {
            return range.conductance(state(0));
        }

        @Override
        public double positiveConductance(ConductanceRange range, double w) {
            return range.conductance(state(w));
        }

        /** G_ref (S) whatever w. */
        @Override
        public double negativeConductance(ConductanceRange range, double w) {
            return referenceConductance(range);
        }

        @Override
        public double weight(ConductanceRange range, double gPositive, double gNegative) {
            return (gPositive - gNegative) / range.span() * (wMax - wMin);
        }
    }

    /**
     * Two devices per weight: w = (G+ - G-) / (gMax - gMin) * wScale. A weight w >= 0 programs
     * G+ = gMin + (gMax - gMin) * w / wScale and G- = gMin; {@code w < 0} the mirror image.
     *
     * @param wScale weight (weight units) at full conductance swing, > 0; max(wMax, -wMin) for a model
     */
    record DifferentialPair(double wScale) implements WeightMapping {
        public DifferentialPair {
            Checks.positive("wScale", wScale, "(weight units)");
        }

        @Override
        public String name() {
            return DIFFERENTIAL_PAIR;
        }

        @Override
        public double positiveConductance(ConductanceRange range, double w) {
            return w >= 0 ? range.conductance(w / wScale) : range.gMinSiemens();
        }

        @Override
        public double negativeConductance(ConductanceRange range, double w) {
            return w < 0 ? range.conductance(-w / wScale) : range.gMinSiemens();
        }

        @Override
        public double weight(ConductanceRange range, double gPositive, double gNegative) {
            return (gPositive - gNegative) / range.span() * wScale;
        }
    }
}
