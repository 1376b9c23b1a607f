package org.xbarspice.fit;

import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.Variability;

/**
 * A step law {@link DeviceFit} can fit: its parameter names, a first guess from the data and the {@link DeviceModel}
 * of a parameter vector. The fit predicts every measured change with the model's own pulse map
 * ({@link DeviceModel#applyPulse}), so a law is only these three things: adding one is one small class and its line in
 * {@link FitLaws#ALL}.
 */
public interface FitLaw {
    /** The law's {@link DeviceModel#type()} name, also its {@code --law} value. */
    String name();

    /** The fitted parameters, in the order of the parameter vector. */
    List<Parameter> parameters();

    /** A starting point for the fit, from the data's observed steps (the parameters' units). */
    double[] initialGuess(PulseData data);

    /**
     * The nominal model of parameter vector {@code p} with the given variability; laws with hard bounds take them from
     * the data's lowest and highest state ({@link PulseData#boundLow()}, {@link PulseData#boundHigh()}: a plateau's level
     * where read noise scatters the device's readings about its bound).
     */
    DeviceModel model(double[] p, PulseData data, Variability variability);

    /**
     * One fitted parameter; the fit keeps it in [lo, hi].
     *
     * @param name JSON and table name
     * @param unit its unit
     * @param lo   lowest value the fit may try
     * @param hi   highest value the fit may try
     */
    record Parameter(String name, String unit, double lo, double hi) {
        /** Up step at w = 0 (weight units), > 0. */
        static final Parameter DW_UP = new Parameter("dwUp", "weight units", 1e-12, Double.POSITIVE_INFINITY);
        /** Down step at w = 0 (weight units), > 0. */
        static final Parameter DW_DOWN = new Parameter("dwDown", "weight units", 1e-12, Double.POSITIVE_INFINITY);
    }

    /**
     * The model fields dwMin, upScale, downScale of the up and down steps at w = 0 (weight units): dwMin is their mean,
     * the scales their ratios to it.
     */
    static double[] scales(double dwUp, double dwDown) {
        double dwMin = (dwUp + dwDown) / 2;
        return new double[] {dwMin, dwUp / dwMin, dwDown / dwMin};
    }
}
