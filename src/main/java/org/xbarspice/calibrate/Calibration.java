package org.xbarspice.calibrate;

import java.util.List;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.PositionModel;

/**
 * The result of a calibration.
 *
 * @param preset             the calibrated preset for {@code train}: the fitted step law at the array-average step,
 *                           the fitted dw_min device-to-device spread
 * @param nominal            the nominal device's model (full pulse everywhere, no position dependence)
 * @param fitted             the fitted step law and position model
 * @param arrayAverage       the fitted step law with the array-average steps and no position dependence (the preset's)
 * @param responseFractions  fitted fraction of Vp that reaches each pulse-response device when it alone is selected
 *                           (one per {@link CalibrationData#curves()} entry)
 * @param responseFactors    the step factor the fit held for each pulse-response device beside its fraction (its
 *                           detrended per-device factor; 1 where none): the fraction belongs with it ({@link
 *                           #fittedResponse})
 * @param deviceFactors      per-device dw_min factor fitted on the fit updates of the array sampled with the preset's
 *                           device-to-device spread, row-major (NaN: too few pulses)
 * @param estimates          fitted and derived values with their one-sigma uncertainties
 * @param residuals          the residual table: RMS errors (fraction of the nominal weight range) per experiment
 * @param stepAttenuation    fitted up-step attenuation map, [row][col], step at (i, j) / step under the full pulse
 * @param measuredAttenuation each device's own up-step attenuation (its factor, {@code deviceFactors}, times the
 *                           fitted map), [row][col]
 * @param iterations         Levenberg-Marquardt iterations
 * @param evaluations        model evaluations of the fit
 */
public record Calibration(DevicePreset preset, StepModel nominal, StepModel fitted, StepModel arrayAverage,
                          double[] responseFractions, double[] responseFactors, double[] deviceFactors,
                          List<Estimate> estimates, List<ResidualRow> residuals, double[][] stepAttenuation,
                          double[][] measuredAttenuation, int iterations, int evaluations) {

    /**
     * One fitted or derived value.
     *
     * @param name    identifier (JSON key)
     * @param value   fitted value
     * @param sigma   one-sigma uncertainty from the fit's covariance (scaled by the residual variance), propagated
     *                linearly to derived values
     * @param nominal the nominal preset's value (NaN where it has none)
     * @param unit    unit of value, sigma and nominal
     */
    public record Estimate(String name, double value, double sigma, double nominal, String unit) {
    }

    /**
     * One row of the residual table: RMS of predicted minus SPICE weights over {@code points} values, as a fraction
     * of the nominal weight range wMax - wMin.
     *
     * @param experiment   what is compared
     * @param points       number of compared values
     * @param nominal      the nominal model
     * @param calibrated   the fitted step law and position model (for a pulse response, the device's fitted voltage
     *                     fraction with the factor the fit held beside it, {@link #fittedResponse})
     * @param preset       the calibrated preset alone (array-average step, no position dependence)
     * @param perDevice    the fitted model with each device's own dw_min factor
     * @param spiceRms     RMS of the SPICE weight change over the same values (same unit)
     */
    public record ResidualRow(String experiment, int points, double nominal, double calibrated, double preset,
                              double perDevice, double spiceRms) {
    }

    /**
     * The preset with the fitted position model of the IR drop for the calibrated array's {@code wireOhm} segments (the
     * preset alone when {@code wireOhm} is 0): coefficients c1, c2 and the full-pulse steps over the preset's
     * array-average steps.
     */
    public DevicePreset presetWithPosition(int rows, int cols, double wireOhm) {
        if (wireOhm == 0) {
            return preset;
        }
        return preset.withPosition(new PositionModel(fitted.c1(), fitted.c2(), rows, cols, wireOhm,
                fitted.du() / arrayAverage.du(), fitted.dd() / arrayAverage.dd()));
    }

    /**
     * The calibrated model's prediction of pulse response {@code p} ({@code curve}, {@link CalibrationData#curves()}
     * entry p): the fitted law at the device's fitted voltage fraction, its steps times the factor the fit held for it,
     * as in the fit and in the residual table's calibrated column.
     */
    public double[] fittedResponse(int p, CalibrationData.ResponseCurve curve) {
        return Calibrator.response(curve, fitted, responseFractions[p], responseFactors[p], preset.spice());
    }

    /** The estimate named {@code name}. */
    public Estimate estimate(String name) {
        for (Estimate e : estimates) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no estimate " + name);
    }

    /** The residual row of {@code experiment}. */
    public ResidualRow residual(String experiment) {
        for (ResidualRow r : residuals) {
            if (r.experiment().equals(experiment)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no residual row " + experiment);
    }
}
