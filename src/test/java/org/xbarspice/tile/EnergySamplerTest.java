package org.xbarspice.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.behavioral.ArrayEnergy;

/** The choice of the counted operations, the ratio estimate and its measured error, by hand. */
class EnergySamplerTest {
    private static final EnergyTally.Operation UPDATE = EnergyTally.Operation.UPDATE;
    private static final EnergyTally.Operation READ = EnergyTally.Operation.FORWARD_READ;

    @Test
    void countsTheFirstEveryOperationsOfEachKindAndThenOneInEvery() {
        EnergySampler sampler = new EnergySampler(4);
        List<Integer> counted = new ArrayList<>();
        for (int k = 0; k < 17; k++) {
            if (sampler.counts(UPDATE, 1)) {
                counted.add(k);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 8, 12, 16), counted);
        assertTrue(sampler.counts(READ, 1), "each kind counts its own");
        // batches: reads 1-3 are among the first four, 4-6 hold the 4th, 7-8 the 8th, 9-11 none
        assertTrue(sampler.counts(READ, 3), "still within the first four");
        assertTrue(sampler.counts(READ, 3));
        assertTrue(sampler.counts(READ, 2));
        assertEquals(false, sampler.counts(READ, 3));
        EnergySampler all = new EnergySampler(1);
        for (int k = 0; k < 5; k++) {
            assertTrue(all.counts(UPDATE, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new EnergySampler(0));
    }

    @Test
    void estimatesPartByPartFromTheCountedRatioAndMeasuresItself() {
        EnergySampler sampler = new EnergySampler(2);
        sampler.counts(UPDATE, 1);
        sampler.counted(UPDATE, 2, new ArrayEnergy(6, 2, 2, 0, 10)); // 5 J per unit of covariate
        sampler.counts(UPDATE, 1);
        sampler.counted(UPDATE, 2, new ArrayEnergy(6, 2, 2, 0, 10)); // still in the first two: not checked
        assertEquals(0, sampler.figures().checked());
        sampler.counts(UPDATE, 1); // the third: estimated
        assertEquals(new ArrayEnergy(9, 3, 3, 0, 15), sampler.estimate(UPDATE, 3));
        assertEquals(ArrayEnergy.ZERO, sampler.estimate(READ, 3), "nothing counted of that kind yet");
        sampler.counts(UPDATE, 1); // the fourth: counted and checked, 5 J per unit estimated where it took 6
        sampler.counted(UPDATE, 1, new ArrayEnergy(3.6, 1.2, 1.2, 0, 6));
        EnergyEstimate figures = sampler.figures();
        assertEquals(3, figures.counted());
        assertEquals(2, figures.estimated());
        assertEquals(1, figures.checked());
        assertEquals(1 / 6.0, figures.maxError(), 1e-15);
        assertEquals(1 / 6.0, figures.sumError(), 1e-15);
        // the ratio now holds the fourth: 26 J over 5 units
        assertEquals(26 / 5.0, sampler.estimate(UPDATE, 1).delivered(), 1e-15);
        EnergyEstimate both = figures.plus(new EnergyEstimate(2, 1, 0, 1, 12, 12, 0));
        assertEquals(4, both.counted());
        assertEquals(1 / 18.0, both.sumError(), 1e-15); // estimates 5 + 12 against 6 + 12
    }
}
