package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;

/**
 * One law fitted to pulse-response data by {@link DeviceFit}.
 *
 * @param law           the law's name ({@link FitLaw#name()})
 * @param parameters    the fitted parameters with their standard uncertainties
 * @param dwMinStd      cycle-to-cycle noise estimated from the residuals: relative std of one step (dimensionless)
 * @param dwMinStdSigma its standard uncertainty, dwMinStd / sqrt(2 (n - k)) without read noise (dimensionless)
 * @param readNoise     the read noise of the states, told apart from the cycle-to-cycle noise ({@link ReadNoise}): this
 *                      law's estimate where modelled, else the data's test
 * @param model         the fitted model with that noise as its {@code dwMinStd}, at most
 *                      {@link org.xbarspice.device.Variability#MAX_STD} (no device-to-device spread)
 * @param increments    n, the increments fitted
 * @param cycles        cycles in the data
 * @param rmsResidual   RMS of measured minus predicted increments (weight units)
 * @param trajectoryRms RMS of measured states minus the nominal map chained from each cycle's first state (weight units)
 * @param aic           Akaike information criterion of the increments' Gaussian likelihood (smaller is better)
 * @param correlation   correlation matrix of the parameters (NaN where the covariance is singular)
 * @param iterations    Levenberg-Marquardt iterations over all reweighting passes
 * @param evaluations   model evaluations over all passes
 */
public record FitResult(String law, List<Estimate> parameters, double dwMinStd, double dwMinStdSigma, ReadNoise readNoise,
                        DeviceModel model, int increments, int cycles, double rmsResidual, double trajectoryRms, double aic,
                        double[][] correlation, int iterations, int evaluations) {

    /**
     * One fitted parameter.
     *
     * @param name  its name
     * @param value fitted value
     * @param sigma   standard uncertainty from the covariance, scaled by the residual variance; NaN at a limit
     * @param unit    unit of value and sigma
     * @param atLimit whether the fit stopped at the parameter's limit (e.g. a gamma at 0 where the data ask for less):
     *                the law's best value there, with no symmetric uncertainty
     */
    public record Estimate(String name, double value, double sigma, String unit, boolean atLimit) {
    }

    /**
     * Whether the model's dwMinStd is below the fitted one: a fit above {@link org.xbarspice.device.Variability#MAX_STD}
     * is stored at that bound.
     */
    public boolean dwMinStdClamped() {
        return model.variability().dwMinStd() < dwMinStd;
    }

    /**
     * Whether the read noise leaves no step noise to measure: dwMinStd at the least the fit weights with ({@link
     * ReadNoise}); its uncertainty is then how large it could be.
     */
    public boolean dwMinStdUnmeasured() {
        return readNoise.detected() && dwMinStd * dwMinStd <= ReadNoise.LEAST_STEP_VARIANCE * (1 + 1e-9);
    }

    /** The parameter named {@code name}. */
    public Estimate parameter(String name) {
        for (Estimate e : parameters) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("law " + law + " has no parameter " + name);
    }
}
