package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbarspice.units.InvalidInputException;

class WeightMappingTest {
    private static final ConductanceRange RANGE = new ConductanceRange(1e-6, 1e-5);
    private static final double W_TOL = 1e-12;
    private static final double G_TOL = 1e-12 * 1e-5;

    @Test
    void conductanceRangeMapsStatesBothWays() {
        assertEquals(1e-6, RANGE.conductance(0), 0.0);
        assertEquals(1e-5, RANGE.conductance(1), 1e-21);
        assertEquals(5.5e-6, RANGE.conductance(0.5), 1e-21);
        assertEquals(9e-6, RANGE.span(), 1e-21);
        for (double x = 0; x <= 1; x += 0.01) {
            assertEquals(x, RANGE.state(RANGE.conductance(x)), W_TOL);
        }
    }

    @Test
    void conductanceRangeRejectsBadBounds() {
        InvalidInputException order = assertThrows(InvalidInputException.class, () -> new ConductanceRange(1e-6, 1e-7));
        assertTrue(order.getMessage().contains("gMaxSiemens = 1e-7 S"), order.getMessage());
        InvalidInputException equal = assertThrows(InvalidInputException.class, () -> new ConductanceRange(1e-6, 1e-6));
        assertTrue(equal.getMessage().contains("gMaxSiemens"), equal.getMessage());
        InvalidInputException zero = assertThrows(InvalidInputException.class, () -> new ConductanceRange(0, 1e-6));
        assertTrue(zero.getMessage().contains("gMinSiemens = 0 S"), zero.getMessage());
    }

    @Test
    void referenceColumnMatchesHandValues() {
        WeightMapping.ReferenceColumn symmetric = new WeightMapping.ReferenceColumn(-1, 1);
        assertEquals(5.5e-6, symmetric.referenceConductance(RANGE), 1e-21);
        assertEquals(1e-5, symmetric.positiveConductance(RANGE, 1), 1e-21);
        assertEquals(1e-6, symmetric.positiveConductance(RANGE, -1), 1e-21);
        assertEquals(7.75e-6, symmetric.positiveConductance(RANGE, 0.5), 1e-21);
        assertEquals(5.5e-6, symmetric.negativeConductance(RANGE, 0.5), 1e-21);
        assertEquals(0.75, symmetric.state(0.5), 0.0);
        assertEquals(0.5, symmetric.weight(RANGE, 7.75e-6, 5.5e-6), W_TOL);

        WeightMapping.ReferenceColumn shifted = new WeightMapping.ReferenceColumn(-0.829, 1.171);
        assertEquals(4.7305e-6, shifted.referenceConductance(RANGE), 1e-20);
        assertEquals("reference-column", shifted.name());
    }

    @Test
    void referenceColumnRoundTripsBothWays() {
        WeightMapping.ReferenceColumn mapping = new WeightMapping.ReferenceColumn(-0.829, 1.171);
        for (double w = -0.829; w <= 1.171; w += 0.0137) {
            double g = mapping.positiveConductance(RANGE, w);
            assertEquals(w, mapping.weight(RANGE, g, mapping.negativeConductance(RANGE, w)), W_TOL);
        }
        double gRef = mapping.referenceConductance(RANGE);
        for (double g = 1e-6; g <= 1e-5; g += 1.7e-7) {
            double w = mapping.weight(RANGE, g, gRef);
            assertEquals(g, mapping.positiveConductance(RANGE, w), G_TOL);
        }
    }

    @Test
    void differentialPairMatchesHandValues() {
        WeightMapping.DifferentialPair pair = new WeightMapping.DifferentialPair(1);
        assertEquals(5.5e-6, pair.positiveConductance(RANGE, 0.5), 1e-21);
        assertEquals(1e-6, pair.negativeConductance(RANGE, 0.5), 0.0);
        assertEquals(1e-6, pair.positiveConductance(RANGE, -0.25), 0.0);
        assertEquals(3.25e-6, pair.negativeConductance(RANGE, -0.25), 1e-21);
        assertEquals(1e-6, pair.positiveConductance(RANGE, 0), 0.0);
        assertEquals(1e-6, pair.negativeConductance(RANGE, 0), 0.0);
        assertEquals(-0.25, pair.weight(RANGE, 1e-6, 3.25e-6), W_TOL);
        assertEquals("differential-pair", pair.name());
    }

    @Test
    void differentialPairRoundTripsBothWays() {
        WeightMapping.DifferentialPair pair = new WeightMapping.DifferentialPair(1.171);
        for (double w = -1.171; w <= 1.171; w += 0.0131) {
            double gPlus = pair.positiveConductance(RANGE, w);
            double gMinus = pair.negativeConductance(RANGE, w);
            assertEquals(w, pair.weight(RANGE, gPlus, gMinus), W_TOL);
        }
        for (double g = 1e-6; g <= 1e-5; g += 1.7e-7) {
            double positive = pair.weight(RANGE, g, 1e-6);
            assertEquals(g, pair.positiveConductance(RANGE, positive), G_TOL);
            assertEquals(1e-6, pair.negativeConductance(RANGE, positive), G_TOL);
            double negative = pair.weight(RANGE, 1e-6, g);
            assertEquals(1e-6, pair.positiveConductance(RANGE, negative), G_TOL);
            assertEquals(g, pair.negativeConductance(RANGE, negative), G_TOL);
        }
    }

    @Test
    void arrayMethodsRoundTripRowMajorArrays() {
        double[] w = {-0.8, -0.1, 0, 0.3, 0.9, 1.1};
        for (WeightMapping mapping : new WeightMapping[] {
            new WeightMapping.ReferenceColumn(-0.829, 1.171), new WeightMapping.DifferentialPair(1.171)}) {
            double[] gPlus = new double[w.length];
            double[] gMinus = new double[w.length];
            double[] back = new double[w.length];
            mapping.toConductances(RANGE, w, gPlus, gMinus);
            mapping.toWeights(RANGE, gPlus, gMinus, back);
            for (int i = 0; i < w.length; i++) {
                assertEquals(mapping.positiveConductance(RANGE, w[i]), gPlus[i], 0.0);
                assertEquals(mapping.negativeConductance(RANGE, w[i]), gMinus[i], 0.0);
                assertEquals(w[i], back[i], W_TOL);
            }
            double[] forward = gPlus.clone();
            mapping.toWeights(RANGE, gPlus, gMinus, back);
            mapping.toConductances(RANGE, back, gPlus, gMinus);
            for (int i = 0; i < w.length; i++) {
                assertEquals(forward[i], gPlus[i], G_TOL);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> mapping.toConductances(RANGE, w, new double[w.length], new double[w.length - 1]));
        }
    }

    @Test
    void ofBuildsTheNamedMappingForTheModelBounds() {
        DeviceModel model = new LinearStepDevice(2.82e-4, 1, 1, -0.829, 1.171, 0.415, 0.734, Variability.NONE);
        WeightMapping reference = WeightMapping.of("reference-column", model);
        assertEquals(new WeightMapping.ReferenceColumn(-0.829, 1.171), reference);
        assertEquals(new WeightMapping.DifferentialPair(1.171), WeightMapping.of("differential-pair", model));
        DeviceModel wideLow = new ConstantStepDevice(0.001, 1, 1, -2, 1, Variability.NONE);
        WeightMapping pair = WeightMapping.of("differential-pair", wideLow);
        assertEquals(2.0, assertInstanceOf(WeightMapping.DifferentialPair.class, pair).wScale(), 0.0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WeightMapping.of("pair", model));
        assertEquals("mapping = 'pair' is not known: use reference-column or differential-pair", e.getMessage());
    }

    @Test
    void mappingsRejectBadParameters() {
        assertThrows(InvalidInputException.class, () -> new WeightMapping.ReferenceColumn(0.1, 1));
        assertThrows(InvalidInputException.class, () -> new WeightMapping.ReferenceColumn(-1, 0));
        assertThrows(InvalidInputException.class, () -> new WeightMapping.DifferentialPair(0));
    }
}
