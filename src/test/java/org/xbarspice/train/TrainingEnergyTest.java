package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.tile.AnalogTile;
import org.xbarspice.tile.EnergyBreakdown;
import org.xbarspice.tile.EnergyEstimate;
import org.xbarspice.tile.IrDropCheck;
import org.xbarspice.tile.ShdTile;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/** Energy bookkeeping in training: it changes no result, and counts every layer's reads, updates and transfers. */
class TrainingEnergyTest {
    private static final TrainTest SPIRAL = DatasetCatalog.load("spiral", Path.of("unused")).head(300, 100);

    private static TrainConfig config(String algorithm, boolean energy, String extra) {
        return TrainConfig.parse("{\"algorithm\": \"" + algorithm + "\", \"dataset\": \"spiral\", \"layers\": \"2-8-2\", "
                + "\"epochs\": 2, \"seed\": 5, \"energy\": " + energy + extra + "}", "test");
    }

    @Test
    void countingEnergyChangesNoResultAndShdHasTransfers() {
        for (String algorithm : List.of("sgd", "shd")) {
            for (String wires : List.of("", ", \"irDrop\": true, \"wireOhm\": 20",
                    ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 50")) {
                Trainer off = new Trainer(config(algorithm, false, wires), SPIRAL);
                Trainer on = new Trainer(config(algorithm, true, wires), SPIRAL);
                String what = algorithm + wires;
                assertEquals(off.run(m -> { }), on.run(m -> { }), what + ": bookkeeping only");
                assertSameArrays(off, on, what);
                assertTrue(off.energyHistory().isEmpty(), what);
                List<EpochEnergy> energy = on.energyHistory();
                assertEquals(2, energy.size(), what);
                EpochEnergy first = energy.get(0);
                assertEquals(300, first.samples(), what);
                assertEquals(2, first.layers().size(), what);
                for (LayerEnergy layer : first.layers()) {
                    assertTrue(layer.reads().devices() > 0 && layer.updates().devices() > 0, what);
                    assertEquals(algorithm.equals("shd"), layer.transfers().total() > 0, what + ": transfers");
                    assertEquals(!wires.isEmpty(), layer.reads().wires() > 0, what + ": wire losses");
                }
                if (wires.contains("fast")) { // the fast power split is spot-checked with the fast reads
                    IrDropCheck check = on.irDropCheck();
                    assertEquals(check.reads(), check.energyChecks(), what + ": every checked read checks its power");
                    // measured (refresh bound 2 %): 1.3e-5 (sgd) and 1.7e-5 (shd) of the delivered power; the wires' own
                    // 0.30 % and 0.57 % (shd 2.4e-5 and 0.66 % before A's reference was read through its own array,
                    // 2026-12-06; 0.35 % and 0.73 % while D's off-diagonal was first order, before 2026-12-06;
                    // 1.2e-4 and 1.0e-4, the wires' 3.4 % and 3.8 %, while a drift between refreshes moved the devices'
                    // power alone, before 2026-12-05). Bounds 1.3x the measured: the fault of 2026-12-05 fails them 4x
                    // over and more; the first-order off-diagonal of D errs little on these inputs of both signs and
                    // passes them (FastReadPowerTest.inputsOfOneSignKeepTheCouplingOfTheRises holds it)
                    assertTrue(check.maxEnergyError() > 0 && check.maxEnergyError() < 2.3e-5, what + ": " + check);
                    assertTrue(check.maxWireEnergyError() < 0.0075, what + ": " + check);
                    // the line model's update energy likewise: measured 1.29e-3 (sgd) and 1.52e-3 (shd; 1.21e-3 before
                    // A's reference array, 2026-12-06) of the delivered energy, the wires' own 2.7 % and 1.9 % (bounds
                    // about 1.3x; the same before the lines' own paths met the currents of
                    // the lines pulsed with them, 2026-12-06: these arrays' lines are short; 8.2 % and 8.6 % while a
                    // coincidence's own current was counted twice in the split, before 2026-12-05)
                    assertEquals(check.updates(), check.updateEnergyChecks(), what + ": every checked update checks its energy");
                    assertTrue(check.updates() > 0, what);
                    assertTrue(check.maxUpdateEnergyError() > 0 && check.maxUpdateEnergyError() < 2.0e-3, what + ": " + check);
                    assertTrue(check.maxUpdateWireEnergyError() < 0.035, what + ": " + check);
                    assertEquals(0, check.maxDriverEnergyError() + check.maxUpdateDriverEnergyError(), what + ": no drivers");
                }
                assertTrue(first.test().devices() > 0, what + ": the test reads");
                EnergyBreakdown sum = first.reads().plus(first.updates()).plus(first.transfers());
                assertEquals(first.train().total(), sum.total(), 1e-12 * sum.total(), what);
            }
        }
    }

    /** Both runs' arrays, A and C of two-array tiles, are the same to the bit. */
    private static void assertSameArrays(Trainer off, Trainer on, String what) {
        for (int l = 0; l < off.network().tiles().size(); l++) {
            AnalogTile a = off.network().tiles().get(l);
            AnalogTile b = on.network().tiles().get(l);
            assertArrayEquals(a.readWeights(), b.readWeights(), 0, what + ": layer " + l);
            if (ShdTile.fastWeightsOf(a) != null) {
                assertArrayEquals(ShdTile.fastWeightsOf(a), ShdTile.fastWeightsOf(b), 0, what + ": A of layer " + l);
            }
        }
    }

    /**
     * c-TTv2 in the fast mode: its choppers give the rows of an update both signs, and a phase whose one coincident row
     * had a partner firing only outside the coincidences took another relief with energy counted (A moved by up to
     * 9.4e-10 on MNIST 8x8, 64-16-10).
     */
    @Test
    void countingEnergyChangesNoArrayOfAChoppedRun() {
        String fast = ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 50, "
                + "\"referenceOffsetStd\": 0.1, \"transferBuffer\": {\"inChopProb\": 0.3, \"transferBl\": 3}";
        Trainer off = new Trainer(config("c-ttv2", false, fast), SPIRAL);
        Trainer on = new Trainer(config("c-ttv2", true, fast), SPIRAL);
        assertEquals(off.run(m -> { }), on.run(m -> { }), "c-ttv2: bookkeeping only");
        assertSameArrays(off, on, "c-ttv2");
    }

    /**
     * The drivers' own share of the fast mode's energy is checked as the wires' is: with 200 ohm drivers beside 20 ohm
     * wires the split as a whole stayed within its bound while the drivers' part went unreported.
     */
    @Test
    void theDriversEnergyIsCheckedOnItsOwn() {
        for (String algorithm : List.of("sgd", "shd")) {
            Trainer trainer = new Trainer(config(algorithm, true, ", \"irDrop\": true, \"wireOhm\": 20, \"driverOhm\": 200, "
                    + "\"irDropMode\": \"fast\", \"irDropCheckEvery\": 50"), SPIRAL);
            trainer.run(m -> { });
            IrDropCheck check = trainer.irDropCheck();
            assertTrue(check.energyChecks() > 0 && check.updateEnergyChecks() > 0, algorithm + ": " + check);
            // measured: reads 2.4e-5 (sgd) and 2.0e-5 (shd) of the drivers' own power, beside the wires' 0.29 % and
            // 0.91 % (shd 1.6e-5 and 0.88 % before A's reference array, 2026-12-06; 2.8e-5 and 2.3e-5, the wires'
            // 0.40 % and 0.81 %, while D's off-diagonal was first order, before 2026-12-06; 6.3 % and 3.3 %, the
            // wires' 6.5 % and 2.7 %, while a drift between refreshes moved the devices' power alone, before
            // 2026-12-05); updates 2.4 % and 1.6 % of their own energy, the wires' 2.8 % and 1.3 %
            // (2.5 % and 1.8 %, the wires' 2.8 % and 1.3 %, while the lines' own paths met no current of the lines pulsed
            // with them, before 2026-12-06; 8.8 % and 8.7 %, the wires' 9.2 % and 8.9 %, while a coincidence's own
            // current was counted twice in the split, before 2026-12-05). Bounds about 1.3x the measured (the reads' of
            // 2026-12-06 pass the first-order off-diagonal of D too: FastReadPowerTest holds that case)
            assertTrue(check.maxDriverEnergyError() > 0 && check.maxDriverEnergyError() < 3.2e-5, algorithm + ": " + check);
            assertTrue(check.maxWireEnergyError() > 0 && check.maxWireEnergyError() < 0.0115, algorithm + ": " + check);
            assertTrue(check.maxUpdateDriverEnergyError() > 0 && check.maxUpdateDriverEnergyError() < 0.032,
                    algorithm + ": " + check);
            assertTrue(check.maxUpdateWireEnergyError() > 0 && check.maxUpdateWireEnergyError() < 0.035,
                    algorithm + ": " + check);
        }
    }

    /**
     * The same run gives the same energy to the last bit: the arrays' tallies are summed in the network's order (they
     * were summed in the order of an identity hash map, which changes from run to run: the test energy of a split network
     * differed in its 12th digit in some runs).
     */
    @Test
    void theSameRunGivesTheSameEnergyBitForBit() {
        String split = ", \"maxTileInputs\": 3, \"maxTileOutputs\": 2"; // 2-8-2 on 1 x 4 and 3 x 1 arrays
        EpochEnergy first = null;
        for (int run = 0; run < 6; run++) {
            Trainer trainer = new Trainer(config("sgd", true, split), SPIRAL);
            trainer.run(m -> { });
            EpochEnergy energy = trainer.energyHistory().get(1);
            if (first == null) {
                first = energy;
            }
            assertEquals(first, energy, "run " + run);
        }
    }

    @Test
    void estimatingMostReadsAndUpdatesChangesNoResultAndMeasuresItsError() {
        for (String algorithm : List.of("sgd", "shd")) {
            for (String wires : List.of("", ", \"irDrop\": true, \"wireOhm\": 20",
                    ", \"irDrop\": true, \"wireOhm\": 20, \"irDropMode\": \"fast\", \"irDropCheckEvery\": 50")) {
                Trainer all = new Trainer(config(algorithm, true, wires), SPIRAL);
                Trainer sampled = new Trainer(config(algorithm, true, wires + ", \"energyEvery\": 8"), SPIRAL);
                String what = algorithm + wires;
                assertEquals(all.run(m -> { }), sampled.run(m -> { }), what + ": bookkeeping only");
                EpochEnergy exact = all.energyHistory().get(1);
                EpochEnergy estimated = sampled.energyHistory().get(1);
                EnergyEstimate figures = estimated.estimate();
                EnergyEstimate none = exact.estimate();
                assertEquals(0, none.estimated(), what);
                assertEquals(none.counted(), figures.counted() + figures.estimated(), what + ": every operation once");
                // 1 in 8 after the epoch's first 8 of each kind and array, every spot-checked update in the fast mode, and
                // every batch of test reads that holds an eighth (through ideal wires the reads are all counted, in closed
                // form, and the updates sampled): measured 2.9 (sgd, fast mode) to 5.7 (sgd, ideal wires) estimated per
                // counted in the second epoch
                assertTrue(figures.estimated() > 2.5 * figures.counted(), what + ": " + figures);
                assertTrue(figures.checked() > 0 && figures.maxError() > 0, what + ": " + figures);
                if (wires.contains("fast")) {
                    IrDropCheck check = sampled.irDropCheck();
                    assertEquals(check.updates(), check.updateEnergyChecks(), what + ": every checked update checks its energy");
                    assertEquals(check.reads(), check.energyChecks(), what + ": every checked read checks its power split");
                }
                double readError = relative(estimated.reads().plus(estimated.test()), exact.reads().plus(exact.test()));
                // updates and transfers (the transfers' reads with them)
                double updateError = relative(estimated.updates().plus(estimated.transfers()),
                        exact.updates().plus(exact.transfers()));
                System.out.printf("%s: estimated reads within %.2e, updates within %.2e of counting all; measured sum "
                        + "error %.2e, max per operation %.2e (%d counted, %d estimated)%n", what, readError, updateError,
                        figures.sumError(), figures.maxError(), figures.counted(), figures.estimated());
                // measured (2026-12-03, the estimator restarted with each epoch): reads 1.2e-7 to 4.7e-7 with wires, 0
                // through ideal wires; updates 1.3e-4 (shd, fast mode) to 4.3e-4 (sgd, ideal wires); the estimate's own
                // error of a sum over the epoch's checked operations 1.4e-6 (shd, ideal wires) to 9.0e-4 (sgd, ideal
                // wires), of one operation 0.036 to 0.055
                if (wires.isEmpty()) {
                    assertEquals(0, readError, what);
                }
                assertTrue(readError < 6e-7, what + ": " + readError);
                assertTrue(updateError < 5e-4, what + ": " + updateError);
                assertTrue(figures.sumError() > 0 && figures.sumError() < 1.0e-3, what + ": " + figures);
                assertTrue(figures.maxError() < 0.065, what + ": " + figures);
            }
        }
    }

    /**
     * With BL management the trains of an update are drawn over BL' slots, not BL: the estimate's covariate takes their
     * coincidences as {@code n_i m_j / BL'} (until the forty-sixth session {@code / BL}, which left out most of the
     * coincidences' share of the small updates).
     */
    @Test
    void theEstimateTakesTheCoincidencesOfBlManagementsShorterTrains() {
        for (String wires : List.of("", ", \"irDrop\": true, \"wireOhm\": 20")) {
            String extra = ", \"updateBlManagement\": true" + wires;
            Trainer all = new Trainer(config("sgd", true, extra), SPIRAL);
            Trainer sampled = new Trainer(config("sgd", true, extra + ", \"energyEvery\": 8"), SPIRAL);
            assertEquals(all.run(m -> { }), sampled.run(m -> { }), "bookkeeping only");
            EpochEnergy exact = all.energyHistory().get(1);
            EpochEnergy estimated = sampled.energyHistory().get(1);
            double updateError = relative(estimated.updates(), exact.updates());
            EnergyEstimate figures = estimated.estimate();
            System.out.printf("BL management%s: updates within %.2e, sum error %.2e, max per operation %.2e%n", wires,
                    updateError, figures.sumError(), figures.maxError());
            // measured (ideal wires, 20 ohm): updates within 2.8e-4 and 2.4e-4, sum error 5.7e-5 and 2.0e-4, max 0.080 and
            // 0.080; with / BL, ideal wires: 5.5e-3, 5.6e-3 and 0.19
            assertTrue(updateError < 3.5e-4, wires + ": " + updateError);
            assertTrue(figures.sumError() < 3e-4, wires + ": " + figures);
            assertTrue(figures.maxError() < 0.1, wires + ": " + figures);
        }
    }

    private static double relative(EnergyBreakdown estimate, EnergyBreakdown exact) {
        return Math.abs(estimate.total() - exact.total()) / exact.total();
    }
}
