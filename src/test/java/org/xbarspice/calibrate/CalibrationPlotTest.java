package org.xbarspice.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.CalibrationReport;
import org.xbarspice.report.Plots;

/** The pulse-response plot of a calibration, on data of the behavioral model with the nominal parameters. */
class CalibrationPlotTest {
    /**
     * A device's SPICE curve, fitted curve and residual share its colour, the nominal curve takes the next (the eleven
     * series of five devices each took a colour of their own, and the residuals' colours matched none of theirs).
     */
    @Test
    void aDevicesCurvesAndResidualShareItsColour() {
        DevicePreset nominal = DevicePresets.load("onen-softbounds");
        CalibrationSetup setup = new CalibrationSetup(nominal, 6, 5, 0, 31, 0.05, 8, 4, 60, 30, 7, 200);
        StepModel truth = new StepModel(0.0021, 0.0017, 1 / 1.1, 1 / 0.95, -0.95, 1.1, 0.06, -0.025);
        CalibrationData data = SpiceExperiments.run(new SyntheticUpdater(truth, nominal.spice()), setup);
        CalibrationReport.ResponsePlot plot = CalibrationReport.responsePlot(data, Calibrator.fit(data, nominal, 200));
        assertEquals(List.of("SPICE (0, 0)", "fitted (0, 0)", "SPICE (0, 4)", "fitted (0, 4)", "SPICE (5, 0)", "fitted (5, 0)",
                "SPICE (5, 4)", "fitted (5, 4)", "SPICE (3, 2)", "fitted (3, 2)", "nominal"),
                plot.curves().stream().map(Plots.Series::name).toList());
        assertEquals(List.of(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5), plot.curves().stream().map(Plots.Series::colour).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), plot.residuals().stream().map(Plots.Series::colour).toList());
    }
}
