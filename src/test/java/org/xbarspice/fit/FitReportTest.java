package org.xbarspice.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.Map;
import org.xbarspice.device.ConstantStepDevice;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.device.LinearStepDevice;
import org.xbarspice.device.Variability;

/** What the printed report of a fit says beside the chosen law's parameters. */
class FitReportTest {
    private static final LinearStepDevice HELD = new LinearStepDevice(0.01, 1, 1, -1, 1, 0.5, 0.5,
            new Variability(0, 0, 0, 0.1));

    /**
     * A law whose chained map follows the states far closer than the chosen one's is named: a linear step held at its
     * bounds of -1 and 1 (4 cycles of 600 pulses, seed 50) gave pow-step the AIC by 4.0, with a trajectory RMS of 0.569
     * against linear-step's 0.0034 (the AIC leaves out the increments at the extremes, where the device is held; a fuzz
     * helper found it on data of its own, where nothing was said); on seed 1 linear-step is chosen and nothing is said.
     */
    @Test
    void aLawThatFollowsTheStatesFarCloserIsNamed() {
        PulseData data = PulseData.simulate(HELD, 4, 600, 50, "held", null);
        List<FitResult> fits = DeviceFit.fitAll(data, FitLaws.ALL);
        assertEquals("pow-step", fits.get(0).law());
        FitResult closer = FitReport.closerTrajectory(fits);
        assertEquals("linear-step", closer.law());
        // measured 0.569 against 0.0034 (169 times), dAIC 4.0: the message's figures below
        assertTrue(fits.get(0).trajectoryRms() > 100 * closer.trajectoryRms(), fits.get(0).trajectoryRms() + " " + closer);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FitReport.print(data, fits, new LinkedHashMap<>(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(err.toString().contains("warning: linear-step's nominal map, chained from each cycle's start, follows the "
                + "measured states 169 times closer than the chosen pow-step's (trajectory RMS 0.003375 against 0.5686 weight "
                + "units, AIC 4.0 higher)"), err.toString());
        // the extremes are held: no word of bounds not reached
        assertFalse(err.toString().contains("do not show"), err.toString());

        List<FitResult> usual = DeviceFit.fitAll(PulseData.simulate(HELD, 4, 600, 1, "held", null), FitLaws.ALL);
        assertEquals("linear-step", usual.get(0).law());
        assertNull(FitReport.closerTrajectory(usual));
    }

    /**
     * Where the read noise drowns the steps' own noise it is said that none is measurable, with how large it could be,
     * not a dwMinStd of 1e-4 +- 0.4 (a constant step of 0.01 with dwMinStd 0.1 held at its bounds, read with noise of a
     * step, seed 2: measured at most about 0.403; 11 of 12 seeds alike).
     */
    @Test
    void aStepNoiseTheReadNoiseDrownsIsNotMeasured() {
        PulseData data = PulseData.simulate(new ConstantStepDevice(0.01, 1, 1, -1, 1, new Variability(0, 0, 0, 0.1)), 4, 300, 2,
                0.01, "drowned", null);
        List<FitResult> fits = DeviceFit.fitAll(data, FitLaws.named("constant-step"));
        assertTrue(fits.get(0).dwMinStdUnmeasured(), fits.get(0).dwMinStd() + " +- " + fits.get(0).dwMinStdSigma());
        StringWriter out = new StringWriter();
        FitReport.print(data, fits, new LinkedHashMap<>(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertTrue(out.toString().contains("  dwMinStd             none               relative (cycle-to-cycle noise: none "
                + "measurable beside the read noise; at most about 0.403)"), out.toString());
        assertFalse(out.toString().contains("barely determined"), out.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> noise = (Map<String, Object>) FitReport.document(data, fits, new LinkedHashMap<>(), "p.json")
                .get("dwMinStd");
        assertEquals(false, noise.get("measurable"));
        assertTrue(DeviceFit.preset(fits.get(0), data, "drowned", "a test", DevicePresets.load("onen-softbounds").spice())
                .description().contains("none measurable beside the read noise; at most about 0.4"));
    }
}
