package org.xbarspice.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbarspice.units.XbarspiceException;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.ExpStepDevice;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.PiecewiseStepDevice;
import org.xbarspice.device.PowStepDevice;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;

/**
 * Synthetic data from each law with known parameters and 20 % cycle-to-cycle noise (20 cycles of 300 up and 300 down
 * pulses, seed 1; the laws with more parameters more cycles, as each test says): the fit recovers the parameters (for
 * exp-step the combinations the data fix) and the noise, and {@code --law auto} picks the law.
 */
class DeviceFitTest {
    private static final Variability NOISE = new Variability(0, 0, 0, 0.2);

    /**
     * Fits {@code truth}'s law to its synthetic data and checks the parameters (relative error below {@code bound}, and
     * within 3 standard uncertainties) and the noise; returns the law {@code --law auto} picks.
     */
    private static FitResult fitAndPick(DeviceModel truth, Map<String, Double> expected, double bound) {
        return fitAndPick(PulseData.simulate(truth, 20, 300, 1, "synthetic " + truth.type(), null), truth, expected, bound).auto();
    }

    /** As above, on the given data of {@code truth} (noise {@code truth}'s dwMinStd). */
    private static Fits fitAndPick(PulseData data, DeviceModel truth, Map<String, Double> expected, double bound) {
        FitResult fit = DeviceFit.fit(data, FitLaws.named(truth.type()).get(0));
        double worst = 0;
        String worstName = "";
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            if (Math.abs(estimate.value() / e.getValue() - 1) > worst) {
                worst = Math.abs(estimate.value() / e.getValue() - 1);
                worstName = e.getKey();
            }
            // each parameter within 3 of its own standard uncertainties: the covariance is honest
            assertEquals(e.getValue(), estimate.value(), 3 * estimate.sigma(), e.getKey());
        }
        System.out.printf("%s: largest relative parameter error %.4f (%s), dwMinStd %.4f%n", truth.type(), worst, worstName,
                fit.dwMinStd());
        assertTrue(worst < bound, truth.type() + ": largest relative error " + worst);
        double std = truth.variability().dwMinStd();
        assertEquals(std, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
        return new Fits(fit, DeviceFit.fitAll(data, FitLaws.ALL).get(0));
    }

    /** The fit of the true law and the law {@code --law auto} picks. */
    private record Fits(FitResult fit, FitResult auto) {
    }

    /** Largest relative difference of the fitted and the true step curves over the measured range, both directions. */
    private static double stepCurveError(DeviceModel fitted, DeviceModel truth, PulseData data) {
        double worst = 0;
        for (int i = 0; i <= 400; i++) {
            double w = data.wLow() + (data.wHigh() - data.wLow()) * i / 400;
            worst = Math.max(worst, Math.abs(fitted.stepUp(w) / truth.stepUp(w) - 1));
            worst = Math.max(worst, Math.abs(fitted.stepDown(w) / truth.stepDown(w) - 1));
        }
        return worst;
    }

    /**
     * The exp-step law in the fitted parametrisation (a = 1, b = 0, z = 2 w / R over the measured range R): the steps at
     * w = 0 and A exp(+-gamma b), gamma a R / (wMax - wMin) of the true law, the parameters the data fix.
     */
    static Map<String, Double> expStepIdentifiable(ExpStepDevice t, PulseData data) {
        double r = (data.wHigh() - data.wLow()) / (t.wMax() - t.wMin());
        return Map.of("dwUp", t.stepUp(0), "dwDown", t.stepDown(0), "aUp", t.aUp() * Math.exp(t.gammaUp() * t.b()),
                "aDown", t.aDown() * Math.exp(-t.gammaDown() * t.b()), "gammaUp", t.gammaUp() * t.a() * r,
                "gammaDown", t.gammaDown() * t.a() * r);
    }

    /**
     * Exp-step, with a and b away from the fitted parametrisation (a = 0.5, b = 0.2): only the six combinations of
     * {@link #expStepIdentifiable} are identifiable. aUp and gammaUp (and aDown, gammaDown) are identifiable but strongly
     * correlated (measured -0.999 and -1.000: a larger exponent with a smaller prefactor bends the measured stretch of
     * curve nearly alike), so this law needs more data than the others for 2 %: 10 % noise and 80 cycles here give
     * standard uncertainties of 0.85 % (aUp), 0.56 % (gammaUp), 0.40 % (aDown), 0.34 % (gammaDown); with 20 % noise and
     * 20 cycles they are 1.3 to 3.5 %.
     */
    @Test
    void expStepRecovered() {
        ExpStepDevice truth = new ExpStepDevice(0.02, 1.1, 0.9, -1, 1, 0.11, 0.48, 3, 2.4, 0.5, 0.2, new Variability(0, 0, 0, 0.1));
        PulseData data = PulseData.simulate(truth, 80, 300, 1, "synthetic exp-step", null);
        assertEquals(-1, data.wLow());
        assertEquals(1, data.wHigh());
        // measured: largest relative error 0.0072 (aDown), dwMinStd 0.0999
        Fits fits = fitAndPick(data, truth, expStepIdentifiable(truth, data), 0.01);
        assertEquals("exp-step", fits.auto().law());
        FitResult fit = fits.fit();
        double curve = stepCurveError(fit.model(), truth, data);
        System.out.printf("exp-step: largest relative step-curve error %.4f; sigma aUp %.4f gammaUp %.4f aDown %.4f gammaDown %.4f; "
                + "correlation aUp-gammaUp %.3f aDown-gammaDown %.3f dwUp-aUp %.3f%n", curve,
                fit.parameter("aUp").sigma() / fit.parameter("aUp").value(),
                fit.parameter("gammaUp").sigma() / fit.parameter("gammaUp").value(),
                fit.parameter("aDown").sigma() / fit.parameter("aDown").value(),
                fit.parameter("gammaDown").sigma() / fit.parameter("gammaDown").value(),
                fit.correlation()[2][4], fit.correlation()[3][5], fit.correlation()[0][2]);
        // measured 0.0074
        assertTrue(curve < 0.01, "step curve " + curve);
    }

    /** The fitted parametrisation is a gauge: a law with other a, b and the same combinations has the same steps and fit. */
    @Test
    void expStepAAndBAreNotIdentifiable() {
        Variability noise = new Variability(0, 0, 0, 0.1);
        ExpStepDevice truth = new ExpStepDevice(0.02, 1.1, 0.9, -1, 1, 0.11, 0.48, 3, 2.4, 0.5, 0.2, noise);
        ExpStepDevice gauge = new ExpStepDevice(0.02, 1.1, 0.9, -1, 1, 0.11 * Math.exp(3 * 0.2), 0.48 * Math.exp(-2.4 * 0.2),
                3 * 0.5, 2.4 * 0.5, 1, 0, noise);
        for (int i = 0; i <= 100; i++) {
            double w = -1 + i / 50.0;
            assertEquals(truth.stepUp(w), gauge.stepUp(w), 1e-12 * truth.stepUp(w));
            assertEquals(truth.stepDown(w), gauge.stepDown(w), 1e-12 * truth.stepDown(w));
        }
        PulseData a = PulseData.simulate(truth, 4, 300, 3, "a", null);
        PulseData b = PulseData.simulate(gauge, 4, 300, 3, "b", null);
        FitLaw law = FitLaws.named("exp-step").get(0);
        List<FitResult.Estimate> fa = DeviceFit.fit(a, law).parameters();
        List<FitResult.Estimate> fb = DeviceFit.fit(b, law).parameters();
        for (int j = 0; j < fa.size(); j++) {
            assertEquals(fa.get(j).value(), fb.get(j).value(), 1e-6 * Math.abs(fa.get(j).value()), fa.get(j).name());
        }
    }

    /**
     * Pow-step: the data do not reach the bounds (the steps vanish there: states in [-0.79, 0.96] of [-1, 1]); the fit
     * extrapolates them with the exponents. 40 cycles: six parameters.
     */
    @Test
    void powStepRecovered() {
        PowStepDevice truth = new PowStepDevice(0.03, 1.1, 0.9, -1, 1, 1.5, -0.2, NOISE);
        PulseData data = PulseData.simulate(truth, 40, 300, 1, "synthetic pow-step", null);
        // measured: largest relative error 0.0053 (gammaDown), dwMinStd 0.1996
        Fits fits = fitAndPick(data, truth, Map.of("dwUp", truth.stepUp(0), "dwDown", truth.stepDown(0),
                "gammaUp", truth.gammaUp(), "gammaDown", truth.gammaDown(), "wMin", -1.0, "wMax", 1.0), 0.008);
        assertEquals("pow-step", fits.auto().law());
        PowStepDevice fitted = (PowStepDevice) fits.fit().model();
        assertEquals(1.5, fitted.powGamma(), 0.02 * 1.5);
        assertEquals(-0.2, fitted.powUpDown(), 0.02);
        double curve = stepCurveError(fitted, truth, data);
        System.out.printf("pow-step: largest relative step-curve error %.4f%n", curve);
        assertTrue(curve < 0.01, "step curve " + curve); // measured 0.0067
    }

    /**
     * A law the data do not follow is not taken as fitted: steps that grow towards both bounds ask linear-step for
     * negative gammas, which it does not allow; with them at their limit 0 the reweighted fit did not settle (in a
     * read-only review's probe of 6 cycles of 1,500 pulses it still moved by 2e-3 after the 8 passes and by 1.9e-4 after
     * 30, and was reported as a fit, its dwUp 1.9 % off). The constant-step law, the same with the gammas at 0, fits
     * them. A parameter that ends at its limit in a fit that settles is reported at its limit, without an uncertainty.
     */
    @Test
    void aFitThatDoesNotSettleIsNotTakenAndALimitIsSaid() {
        double[] up = {0.5, 0.6, 0.8, 1.0, 1.3, 1.7, 2.2};
        double[] down = {2.2, 1.7, 1.3, 1.0, 0.8, 0.6, 0.5};
        PulseData growing = PulseData.simulate(new PiecewiseStepDevice(0.002, 1, 1, -1, 1, up, down, NOISE), 6, 1500, 3,
                "steps growing towards the bounds", null);
        String message = assertThrows(XbarspiceException.class, () -> DeviceFit.fit(growing, new LinearStepLaw()))
                .getMessage();
        assertTrue(message.contains("did not settle") && message.contains("at its limit 0.0"), message);
        FitResult constant = DeviceFit.fit(growing, new ConstantStepLaw());
        assertTrue(constant.parameters().stream().noneMatch(FitResult.Estimate::atLimit), constant.parameters().toString());

        FitResult flat = DeviceFit.fit(PulseData.simulate(new ConstantStepDevice(0.01, 1, 1, -1, 1, NOISE), 20, 300, 1,
                "constant steps", null), new LinearStepLaw());
        // measured: both gammas at 0 with this draw (seeds 2 and 3 leave them just above it, 0.001-0.013 +- 0.006)
        assertEquals(2, flat.parameters().stream().filter(FitResult.Estimate::atLimit).count(), flat.parameters().toString());
        for (FitResult.Estimate e : flat.parameters()) {
            assertEquals(e.value() == 0, e.atLimit(), e.toString());
            assertEquals(e.atLimit(), Double.isNaN(e.sigma()), e.toString());
        }
    }

    /** Piecewise-step, 7 nodes (the bundled preset's factors): 14 parameters, 80 cycles. */
    @Test
    void piecewiseStepRecovered() {
        double[] up = {1.4, 1.3, 1.15, 1.0, 0.8, 0.55, 0.3};
        double[] down = {0.3, 0.6, 0.85, 1.0, 1.1, 1.2, 1.25};
        PiecewiseStepDevice truth = new PiecewiseStepDevice(0.01, 1.1, 0.9, -1, 1, up, down, NOISE);
        PulseData data = PulseData.simulate(truth, 80, 300, 1, "synthetic piecewise-step", null);
        assertEquals(-1, data.wLow());
        assertEquals(1, data.wHigh());
        Map<String, Double> expected = new HashMap<>();
        for (int k = 0; k < up.length; k++) {
            expected.put("up" + k, 0.011 * up[k]);
            expected.put("down" + k, 0.009 * down[k]);
        }
        // measured: largest relative error 0.0094 (down2), dwMinStd 0.2000
        Fits fits = fitAndPick(data, truth, expected, 0.0125);
        assertEquals("piecewise-step", fits.auto().law());
        double curve = stepCurveError(fits.fit().model(), truth, data);
        System.out.printf("piecewise-step: largest relative step-curve error %.4f%n", curve);
        assertTrue(curve < 0.0125, "step curve " + curve); // measured 0.0094
    }

    /** The piecewise initial guess: the binned mean steps around each node, near the truth before any iteration. */
    @Test
    void piecewiseGuessIsTheBinnedSteps() {
        double[] up = {1.4, 1.3, 1.15, 1.0, 0.8, 0.55, 0.3};
        double[] down = {0.3, 0.6, 0.85, 1.0, 1.1, 1.2, 1.25};
        PiecewiseStepDevice truth = new PiecewiseStepDevice(0.01, 1, 1, -1, 1, up, down, NOISE);
        PulseData data = PulseData.simulate(truth, 20, 300, 1, "synthetic piecewise-step", null);
        double[] guess = new PiecewiseStepLaw(7).initialGuess(data);
        for (int k = 1; k < 6; k++) {
            // interior nodes: a bin symmetric about the node; within 5 % (measured up to 3 %)
            assertEquals(0.01 * up[k], guess[k], 0.05 * 0.01 * up[k], "up" + k);
            assertEquals(0.01 * down[k], guess[7 + k], 0.05 * 0.01 * down[k], "down" + k);
        }
    }

    @Test
    void softBoundsRecovered() {
        // measured: largest relative error 0.0035, dwMinStd 0.1985
        FitResult auto = fitAndPick(new SoftBoundsDevice(0.01, 1.2, 0.8, -0.8, 1.2, NOISE),
                Map.of("dwUp", 0.012, "dwDown", 0.008, "wMin", -0.8, "wMax", 1.2), 0.005);
        // inside the measured range linear-step is the same straight line: a tie that the chained map decides
        assertTrue(List.of("soft-bounds", "linear-step").contains(auto.law()), auto.law());
    }

    /**
     * Data that stop short of the device's bounds (4 cycles of 300 pulses of the pow-step preset, bounds -1 and 1, reach
     * [-0.04, 0.22]): soft-bounds and linear-step are the same straight line there and tie; {@code --law auto} keeps
     * the one whose bounds come from the steps' decline, not linear-step's hard bounds where the measurement turned
     * back (which it kept before, by a trajectory RMS 1e-6 smaller).
     */
    @Test
    void dataShortOfTheBoundsKeepFittedBounds() {
        PulseData partial = PulseData.simulate(DevicePresets.load("pow-step").model()
                .withVariability(new Variability(0, 0, 0, 0.1)), 4, 300, 1, "partial", null);
        List<FitResult> fits = DeviceFit.fitAll(partial, FitLaws.ALL);
        FitResult linear = fits.stream().filter(f -> f.law().equals("linear-step")).findFirst().orElseThrow();
        assertTrue(Math.abs(linear.aic() - fits.get(0).aic()) <= DeviceFit.AIC_TIE, "a tie: " + linear.aic());
        assertNotNull(DeviceFit.unreachedBound(linear.model(), partial), "linear-step's bounds are the extremes");
        FitResult auto = fits.get(0);
        assertEquals("soft-bounds", auto.law());
        assertNull(DeviceFit.unreachedBound(auto.model(), partial));
        // measured: wMax 0.834 and wMin -0.675 (the device's 1 and -1), beyond the states measured
        assertTrue(auto.model().wMax() > 0.7 && auto.model().wMin() < -0.55, auto.model().toString());
    }

    /**
     * A device held at its hard bounds while its readings scatter by read noise (a constant step of 0.01, 4 cycles of 300
     * pulses: 200 take a sweep from one bound to the other, so that each sweep sits at its bound for about 100 pulses;
     * readings with 0.003 and 0.01 of Gaussian noise): the hard bounds lie at the plateaus' levels (they lay at the
     * noisiest readings, 1.0094 and 1.0312), so that the plateau's increments are clipped steps and read noise, which the
     * fit models, and the steps come out near 0.01 (a fuzz helper's file of this kind fitted 0.0046 and a noise of 1.28
     * for 0.1, when the plateau's increments were taken as steps).
     */
    @Test
    void aPlateauOfReadNoiseAtABoundIsNoStep() {
        PulseData held = PulseData.simulate(new ConstantStepDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.1)), 4, 300,
                1, "held", null);
        for (double noise : new double[] {0.003, 0.01}) {
            Random read = new Random(7);
            double[] w = new double[held.rows()];
            for (int i = 0; i < w.length; i++) {
                w[i] = held.weight(i) + noise * read.nextGaussian();
            }
            PulseData noisy = PulseDataTest.rebuilt(held, w);
            assertTrue(noisy.approach(true).flat() && noisy.approach(false).flat(), noise + ": " + noisy.approach(true)
                    + " " + noisy.approach(false));
            FitResult fit = DeviceFit.fit(noisy, FitLaws.named("constant-step").get(0));
            // the hard bounds at the plateaus' levels, not at the noisiest readings: measured -0.99983 and 1.00009 (the
            // extremes -1.0067 and 1.0094), -1.00042 and 1.00509 with noise 0.01 (the extremes -1.0224 and 1.0312)
            assertEquals(noisy.boundLow(), fit.model().wMin());
            assertEquals(noisy.boundHigh(), fit.model().wMax());
            assertEquals(-1, fit.model().wMin(), noise < 0.005 ? 0.0005 : 0.001, "noise " + noise);
            assertEquals(1, fit.model().wMax(), noise < 0.005 ? 0.0005 : 0.006, "noise " + noise);
            // measured: noise 0.003, 0.010049 and 0.009988; noise 0.01, 0.010192 and 0.009849 (the plateaus in the fit with
            // the read noise modelled; left out, before, 0.0100367 / 0.00996339 and 0.00914 / 0.00993; taken as steps,
            // 0.0070 / 0.0096)
            double bound = noise < 0.005 ? 1e-4 : 3e-4;
            assertEquals(0.01, fit.parameter("dwUp").value(), bound, "noise " + noise);
            assertEquals(0.01, fit.parameter("dwDown").value(), bound, "noise " + noise);
        }
    }

    /**
     * A noisy device that dwells at its hard bounds (the ecram-mo preset, linear-step, cycle-to-cycle noise 2: 4 cycles of
     * 14,184 pulses, twice the pulses that cross its range, seed 4): its steps and gammas within 1.5 of their
     * uncertainties of the truth (measured 0.5-0.9; seeds 1-6 average dwUp 2.84e-4, gammaUp 0.418, gammaDown 0.735). The
     * increments are chosen by the state they start from: before, those that ended at the bounds were left out and those
     * from the same states whose noise made them short kept, and the fit did not settle (4 cycles of 21,276 pulses: dwUp
     * 4.35e-4 after 8 passes and still moving).
     */
    @Test
    void stepsThatDwellAtTheBoundsAreNotBiased() {
        DeviceModel truth = DevicePresets.load("ecram-mo").model();
        PulseData data = PulseData.simulate(truth.withVariability(new Variability(0, 0, 0, 2)), 4, 14_184, 4, "dwelling",
                null);
        FitResult fit = DeviceFit.fit(data, FitLaws.named("linear-step").get(0));
        // the gammas are relative to the fitted bounds, the extremes measured: here the preset's own
        assertEquals(truth.wMax(), fit.model().wMax());
        assertEquals(truth.wMin(), fit.model().wMin());
        Map<String, Double> expected = Map.of("dwUp", 2.82e-4, "dwDown", 2.82e-4, "gammaUp", 0.415, "gammaDown", 0.734);
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            assertEquals(e.getValue(), estimate.value(), 1.5 * estimate.sigma(), e.getKey());
        }
    }

    /**
     * A soft-bounds device parked at its bounds and read with noise (onen-softbounds, 4 cycles of 10,000 pulses, read
     * noise of one step): its readings scatter past the bounds, and the fit started its bounds at twice the extreme
     * readings (+-2.0) and left the law's valid region; it now starts them just past the plateaus and recovers them.
     */
    @Test
    void softBoundsParkedAtTheirBoundsWithReadNoise() {
        PulseData data = PulseData.simulate(DevicePresets.load("onen-softbounds").model(), 4, 10_000, 1, 0.001, "parked",
                null);
        assertTrue(data.wHigh() > 1 && data.wLow() < -1, data.wLow() + " .. " + data.wHigh());
        FitResult fit = DeviceFit.fit(data, FitLaws.named("soft-bounds").get(0));
        // measured: dwUp 9.9977e-4 +- 5.6e-7, dwDown 9.9940e-4 +- 5.0e-7, wMin -0.99928 +- 0.0022, wMax 0.99925 +- 0.00099
        Map<String, Double> expected = Map.of("dwUp", 0.001, "dwDown", 0.001, "wMin", -1.0, "wMax", 1.0);
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            assertEquals(e.getValue(), estimate.value(), 1.5 * estimate.sigma(), e.getKey());
        }
    }

    /**
     * Read noise is told apart from the steps' noise (a soft-bounds device, steps 0.01, dwMinStd 0.2, 4 cycles of 300
     * pulses, seed 1, read with noise of 0, 0.003 and 0.01, a step): the read noise, the steps, the bounds and dwMinStd
     * each within three of its uncertainties of the truth. Before, the readings were taken for the states: with 0.003 the
     * fit settled on dwMinStd 1.92 (7 of 8 such draws did not settle), with 0.01 it did not settle.
     */
    @Test
    void readNoiseIsToldApartFromTheStepsNoise() {
        DeviceModel truth = new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2));
        PulseData clean = PulseData.simulate(truth, 4, 300, 1, 0, "clean", null);
        assertFalse(clean.readNoise().detected(), clean.readNoise().toString());
        assertEquals(0, DeviceFit.fit(clean, FitLaws.named("soft-bounds").get(0)).readNoise().std());
        for (double noise : new double[] {0.003, 0.01}) {
            PulseData data = PulseData.simulate(truth, 4, 300, 1, noise, "read " + noise, null);
            assertTrue(data.readNoise().detected(), data.readNoise().toString());
            FitResult fit = DeviceFit.fit(data, FitLaws.named("soft-bounds").get(0));
            // measured: 0.003061 +- 0.000087 and 0.010253 +- 0.000274
            assertEquals(noise, fit.readNoise().std(), 3 * fit.readNoise().stdSigma(), "read noise");
            // measured with 0.003 (0.01): dwUp 0.010069 +- 0.000107 (0.010035 +- 0.000107), wMin -1.0023 +- 0.0055
            // (-1.0013 +- 0.0079), wMax 0.9967 +- 0.0050 (0.9963 +- 0.0073), dwMinStd 0.203 +- 0.054 (0.155 +- 0.334)
            for (Map.Entry<String, Double> e : Map.of("dwUp", 0.01, "dwDown", 0.01, "wMin", -1.0, "wMax", 1.0).entrySet()) {
                FitResult.Estimate estimate = fit.parameter(e.getKey());
                assertEquals(e.getValue(), estimate.value(), 3 * estimate.sigma(), noise + " " + e.getKey());
            }
            if (noise < 0.005) {
                assertEquals(0.2, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
            } else { // the read noise outweighs the steps' noise: dwMinStd barely determined, and said to be
                assertTrue(fit.dwMinStdSigma() > fit.dwMinStd() / 2, fit.dwMinStd() + " +- " + fit.dwMinStdSigma());
            }
        }
    }

    /**
     * One misread reading (the soft-bounds device above read with noise of half a step, 0.005, the reading at row 1000
     * 0.2 off, 20 steps) neither hides the read noise nor sets dwMinStd: measured read noise 0.00519 +- 0.00015 (0.00515
     * without the misread), dwMinStd 0.216 +- 0.118 (0.207); each increment's share in dwMinStd unclipped, 1.03 +- 0.07.
     * Without read noise the same misread made dwMinStd 0.767 +- 0.011 (0.1976 without it); clipped, 0.2002.
     */
    @Test
    void aMisreadReadingDoesNotSetTheNoises() {
        PulseData data = PulseDataTest.readWithNoise();
        FitResult fit = DeviceFit.fit(PulseDataTest.rebuilt(data, PulseDataTest.misread(data)),
                FitLaws.named("soft-bounds").get(0));
        assertTrue(fit.readNoise().detected());
        assertEquals(0.005, fit.readNoise().std(), 3 * fit.readNoise().stdSigma(), "read noise");
        assertEquals(0.2, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
        assertTrue(fit.dwMinStd() < 0.3, fit.dwMinStd() + " (measured 0.216; unclipped 1.03)");
        PulseData quiet = PulseData.simulate(new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2)), 4, 300, 1,
                "quiet", null);
        FitResult misread = DeviceFit.fit(PulseDataTest.rebuilt(quiet, PulseDataTest.misread(quiet)),
                FitLaws.named("soft-bounds").get(0));
        assertFalse(misread.readNoise().detected());
        assertEquals(0.2002, misread.dwMinStd(), 0.0005, "unclipped 0.767");
    }

    /**
     * Readings every 5th pulse (the soft-bounds device above, 300 pulses a sweep, read with noise 0.003): each increment's
     * steps' variance is five steps', its readings' the same as with one pulse. Measured: read noise 0.00307 +- 0.00024,
     * dwUp 0.0100589 +- 0.0000915, bounds -1.0034 +- 0.0043 and 0.9991 +- 0.0038, dwMinStd 0.179 +- 0.048 (taking the
     * readings for the states: dwMinStd 0.855, dwUp 0.01024 +- 0.00034).
     */
    @Test
    void readNoiseBetweenReadingsSeveralPulsesApart() {
        PulseData data = everyFifthPulse(300);
        FitResult fit = DeviceFit.fit(data, FitLaws.named("soft-bounds").get(0));
        // the data's own test misses it (7.1e-6 +- 9.4e-6: five steps change more from one increment to the next), the
        // law's residuals do not
        assertFalse(data.readNoise().detected(), data.readNoise().toString());
        assertTrue(fit.readNoise().detected());
        assertEquals(0.003, fit.readNoise().std(), 3 * fit.readNoise().stdSigma(), "read noise");
        for (Map.Entry<String, Double> e : Map.of("dwUp", 0.01, "dwDown", 0.01, "wMin", -1.0, "wMax", 1.0).entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            assertEquals(e.getValue(), estimate.value(), 3 * estimate.sigma(), e.getKey());
        }
        assertEquals(0.2, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
    }

    /**
     * The same device swept 600 pulses into saturation, each sweep's last 400 pulses within a few steps of its bound, read
     * every 5th pulse with 0.003: the readings past the bounds sent the soft bounds' start to +-2 and the fit out of the
     * law's valid region ("its bounds run to 0"); now they start a hundredth of the span past the plateaus (a thousandth
     * left this draw in a basin with wMax 0.9946 inside the readings and dwMinStd 13.4). Measured: dwUp 0.009858 +-
     * 0.000100, dwDown 0.010066 +- 0.000100, bounds -1.0052 +- 0.0020 and 1.0043 +- 0.0017 (2.6 and 2.5 of their
     * uncertainties out), dwMinStd 0.243 +- 0.059.
     */
    @Test
    void softBoundsSweptIntoSaturationReadEveryFifthPulse() {
        FitResult fit = DeviceFit.fit(everyFifthPulse(600), FitLaws.named("soft-bounds").get(0));
        for (Map.Entry<String, Double> e : Map.of("dwUp", 0.01, "dwDown", 0.01, "wMin", -1.0, "wMax", 1.0).entrySet()) {
            FitResult.Estimate estimate = fit.parameter(e.getKey());
            assertEquals(e.getValue(), estimate.value(), 3 * estimate.sigma(), e.getKey());
        }
        assertEquals(0.2, fit.dwMinStd(), 0.05, "dwMinStd");
    }

    /**
     * The soft-bounds device above (steps 0.01, dwMinStd 0.2, seed 1), 4 cycles of {@code pulses} a sweep, read every
     * 5th pulse with noise 0.003 (the first reading exact).
     */
    private static PulseData everyFifthPulse(int pulses) {
        PulseData every = PulseData.simulate(new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2)), 4,
                pulses, 1, "every pulse", null);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < every.rows(); i++) {
            if (every.pulse(i) % 5 == 0) {
                kept.add(i);
            }
        }
        Random read = new Random(11);
        long[] pulse = new long[kept.size()];
        int[] polarity = new int[kept.size()];
        int[] cycle = new int[kept.size()];
        double[] w = new double[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            int i = kept.get(j);
            pulse[j] = every.pulse(i);
            polarity[j] = every.polarity(i);
            cycle[j] = every.cycle(i);
            w[j] = every.weight(i) + (j == 0 ? 0 : 0.003 * read.nextGaussian());
        }
        return new PulseData("every 5th pulse", pulse, polarity, w, cycle, null);
    }

    /**
     * Read noise below the data's own test that a law's residuals show is modelled by that law's fit (the soft-bounds
     * device above read with 0.0006, seed 1: the data's test misses it in 7 of 12 seeds, the law's residuals in 1).
     * Measured: read noise 0.000600 +- 0.000067, wMax 0.9984 +- 0.0026, dwMinStd 0.212 +- 0.025 (where neither shows
     * it, dwMinStd 0.445: the read noise weighs most near the bounds, where the steps are small).
     */
    @Test
    void readNoiseALawsResidualsShowIsModelled() {
        PulseData data = PulseData.simulate(new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2)), 4, 300, 1,
                0.0006, "faint", null);
        assertFalse(data.readNoise().detected(), data.readNoise().toString());
        FitResult fit = DeviceFit.fit(data, FitLaws.named("soft-bounds").get(0));
        assertTrue(fit.readNoise().detected());
        assertEquals(0.0006, fit.readNoise().std(), 3 * fit.readNoise().stdSigma(), "read noise");
        assertEquals(1, fit.model().wMax(), 3 * fit.parameter("wMax").sigma());
        assertEquals(0.2, fit.dwMinStd(), 3 * fit.dwMinStdSigma(), "dwMinStd");
    }

    /**
     * Steps the read noise drowns are no steps: a law whose step sits at its floor is not fitted (constant-step was chosen
     * with both steps at 1e-12, and its preset written, at exit 0), and where no law fits, each law's reason is given (the
     * first law's alone was before). onen-softbounds (steps 0.001) read twice a state with 0.2, seed 1.
     */
    @Test
    void stepsTheReadNoiseDrownsAreNotFitted() {
        PulseData data = PulseData.simulate(DevicePresets.load("onen-softbounds").model(), 4, 300, 1, 0.2, 2, "drowned", null);
        String message = assertThrows(XbarspiceException.class, () -> DeviceFit.fitAll(data, FitLaws.ALL)).getMessage();
        assertTrue(message.startsWith("no law could be fitted to drowned:\n  soft-bounds: "), message);
        assertTrue(message.contains("\n  constant-step: the constant-step fit to drowned finds no up step: dwUp at its floor "
                + "of 1.00e-12 weight units, the increments scattering by 0.2072 (RMS), read noise 0.1511 of each state: the "
                + "up pulses move the state by less than the readings can tell; measure more pulses, or with quieter "
                + "(averaged) readings\n"), message);
        assertEquals(FitLaws.ALL.size(), message.lines().count() - 1, message);
    }

    /**
     * Read noise that the increments do not show, the repeated readings do: onen-softbounds (steps 0.001, dwMinStd 0.2)
     * read with 0.0001 three times a state (a state's mean 5.8e-5, about a quarter of the steps' own noise), seeds 1-12.
     * Measured: the read noise modelled in all 12 fits, dwMinStd 0.1998 on average (spread 0.0038, each stated +- 0.006);
     * before, the 6 fits whose increments showed none fitted dwMinStd 0.2115 +- 0.0031 each, 0.2054 on average.
     */
    @Test
    void repeatedReadingsShowTheReadNoiseTheIncrementsDoNot() {
        DeviceModel model = DevicePresets.load("onen-softbounds").model().withVariability(new Variability(0, 0, 0, 0.2));
        double sum = 0;
        for (long seed = 1; seed <= 12; seed++) {
            PulseData data = PulseData.simulate(model, 4, 300, seed, 0.0001, 3, "repeats " + seed, null);
            FitResult fit = DeviceFit.fit(data, FitLaws.named("soft-bounds").get(0));
            assertTrue(fit.readNoise().detected(), "seed " + seed);
            sum += fit.dwMinStd();
        }
        assertEquals(0.2, sum / 12, 0.001);
    }

    /**
     * With read noise the uncertainties are those the draws show: 30 draws (seeds 1-30) of the soft-bounds device above
     * read with noise 0.003, the spread of the fitted dwUp, wMin and wMax over their mean stated uncertainty, measured
     * 1.05, 0.97 and 0.89. Consecutive residuals share a reading, and its noise cancels in the sums a smooth parameter
     * depends on: taking the residuals as independent stated 2-5x too much (0.50, 0.21 and 0.21).
     */
    @Test
    void readNoiseUncertaintiesAreThoseOfTheDraws() {
        DeviceModel truth = new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.2));
        Map<String, double[]> sums = new HashMap<>(); // per parameter: sum, sum of squares, sum of stated sigmas
        int draws = 30;
        for (long seed = 1; seed <= draws; seed++) {
            FitResult fit = DeviceFit.fit(PulseData.simulate(truth, 4, 300, seed, 0.003, "draw " + seed, null),
                    FitLaws.named("soft-bounds").get(0));
            for (String name : List.of("dwUp", "wMin", "wMax")) {
                double[] sum = sums.computeIfAbsent(name, x -> new double[3]);
                sum[0] += fit.parameter(name).value();
                sum[1] += fit.parameter(name).value() * fit.parameter(name).value();
                sum[2] += fit.parameter(name).sigma();
            }
        }
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] sum = e.getValue();
            double spread = Math.sqrt((sum[1] - sum[0] * sum[0] / draws) / (draws - 1));
            double ratio = spread / (sum[2] / draws);
            // measured 1.05, 0.97 and 0.89 (bench/ReadNoiseDraws soft-bounds 0.003 30); independent residuals 0.50 and 0.21
            assertTrue(ratio > 0.8 && ratio < 1.2, e.getKey() + ": spread over stated uncertainty " + ratio);
        }
    }

    @Test
    void linearStepRecovered() {
        // measured: largest relative error 0.0069, dwMinStd 0.1983
        FitResult auto = fitAndPick(new LinearStepDevice(0.01, 1.1, 0.9, -1, 1, 0.5, 0.7, NOISE),
                Map.of("dwUp", 0.011, "dwDown", 0.009, "gammaUp", 0.5, "gammaDown", 0.7), 0.01);
        assertEquals("linear-step", auto.law());
    }

    @Test
    void constantStepRecovered() {
        // measured: largest relative error 0.0025, dwMinStd 0.1988
        FitResult auto = fitAndPick(new ConstantStepDevice(0.01, 1.05, 0.95, -1, 1, NOISE),
                Map.of("dwUp", 0.0105, "dwDown", 0.0095), 0.004);
        assertEquals("constant-step", auto.law());
    }

    @Test
    void sameSeedSameFit() {
        DeviceModel truth = new LinearStepDevice(0.01, 1.1, 0.9, -1, 1, 0.5, 0.7, NOISE);
        List<FitResult> a = DeviceFit.fitAll(PulseData.simulate(truth, 2, 200, 7, "a", null), FitLaws.ALL);
        List<FitResult> b = DeviceFit.fitAll(PulseData.simulate(truth, 2, 200, 7, "a", null), FitLaws.ALL);
        for (int r = 0; r < a.size(); r++) {
            assertEquals(a.get(r).parameters(), b.get(r).parameters());
            assertEquals(a.get(r).aic(), b.get(r).aic());
            assertEquals(a.get(r).dwMinStd(), b.get(r).dwMinStd());
        }
    }
}
