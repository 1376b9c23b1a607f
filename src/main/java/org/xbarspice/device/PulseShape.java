package org.xbarspice.device;

import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * A programming pulse across a device: linear rise over {@code edgeSecond}, flat top of
 * {@code widthSecond} at {@code amplitudeVolt}, linear fall over {@code edgeSecond}.
 *
 * @param amplitudeVolt full amplitude Vp across a selected device (V), > 0
 * @param widthSecond   flat-top width tp (s), > 0
 * @param edgeSecond    rise and fall time each (s), >= 0
 */
public record PulseShape(double amplitudeVolt, double widthSecond, double edgeSecond) {
    public PulseShape {
        Checks.positive("pulse amplitude Vp", amplitudeVolt, "V");
        Checks.positive("pulse width tp", widthSecond, "s");
        if (edgeSecond < 0 || !Double.isFinite(edgeSecond)) {
            throw new InvalidInputException("pulse rise/fall time = " + edgeSecond + " s is not allowed: it must be a finite value >= 0");
        }
    }

    /** Whole duration: rise + top + fall (s). */
    public double durationSecond() {
        return widthSecond + 2 * edgeSecond;
    }

    /**
     * Drive integral U = integral of max(0, |V(t)| - vt) dt (V s) when this pulse shape reaches the device with
     * peak {@code |deviceVolt|} and the device has threshold {@code thresholdVolt}: on the flat top
     * (|V| - vt) tp, on each edge (|V| - vt)^2 t_edge / (2 |V|). Zero below the threshold.
     */
    public double drive(double deviceVolt, double thresholdVolt) {
        double v = Math.abs(deviceVolt);
        double excess = v - thresholdVolt;
        if (excess <= 0) {
            return 0;
        }
        return excess * widthSecond + excess * excess * edgeSecond / v;
    }
}
