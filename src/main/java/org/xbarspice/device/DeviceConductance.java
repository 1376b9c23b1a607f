package org.xbarspice.device;

/**
 * The conductance of a device at its weight (S), the one every engine uses for every device: reads, pulse updates,
 * their energy and the SPICE update netlists. It is the array's reference-column mapping over the model's nominal bounds
 * ({@link WeightMapping.ReferenceColumn}), {@code G(w) = max(0, gMin + (gMax - gMin) (w - wMin) / (wMax - wMin))}, so
 * that a read computes the weights themselves whatever each device's own sampled bounds: those bound its weight (and
 * shape its steps), not the scale from weight to conductance. A device whose lower bound lies below the weight at 0 S,
 * {@code wMin - gMin (wMax - wMin) / (gMax - gMin)} (-1.22 for bounds -1, 1 and 1 to 10 uS), stays at 0 S below it.
 *
 * @param intercept G of weight 0 before the clip (S)
 * @param slope     S per weight unit, > 0
 */
public record DeviceConductance(double intercept, double slope) {

    /** The conductance of the devices of {@code model}'s arrays over {@code range}. */
    public static DeviceConductance of(DeviceModel model, ConductanceRange range) {
        return of(model.wMin(), model.wMax(), range);
    }

    /** The conductance over {@code range} of the nominal bounds {@code wMin < 0 < wMax} (weight units). */
    public static DeviceConductance of(double wMin, double wMax, ConductanceRange range) {
        WeightMapping.ReferenceColumn mapping = new WeightMapping.ReferenceColumn(wMin, wMax);
        double intercept = mapping.positiveConductance(range, 0);
        return new DeviceConductance(intercept, mapping.positiveConductance(range, 1) - intercept);
    }

    /** The weight at which the conductance reaches 0 S (weight units): below it a device stays at 0 S. */
    public double zeroWeight() {
        return -intercept / slope;
    }

    /** G (S) of weight w (weight units), clipped at 0 S. */
    public double at(double w) {
        double g = intercept + slope * w;
        return g > 0 ? g : 0;
    }

    /**
     * G (S) of weight w (weight units) before the clip at 0 S: with the clip left to the caller, as the SPICE device
     * subcircuits do between the conductances of their bounds.
     */
    public double linear(double w) {
        return intercept + slope * w;
    }
}
