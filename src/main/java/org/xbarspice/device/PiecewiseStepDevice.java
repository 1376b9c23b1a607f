package org.xbarspice.device;

import static org.xbarspice.units.SpiceNumber.format;

import java.util.Arrays;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Piecewise-step device (aihwkit's PiecewiseStepDevice), hard bounds: the step scale is given at n + 1 equally spaced
 * nodes across each device's own [wMin, wMax] and interpolated linearly between them,
 * <pre>
 *   s = (w - wMin) / (wMax - wMin) * n,  k = min(floor(s), n - 1),  t = s - k   (s clipped to [0, n])
 *   stepUp(w)   = dwMin * upScale   * (piecewiseUp[k]   (1 - t) + piecewiseUp[k + 1]   t)
 *   stepDown(w) = dwMin * downScale * (piecewiseDown[k] (1 - t) + piecewiseDown[k + 1] t)
 * </pre>
 * aihwkit's defaults are the single node [1] for both (a constant step; use {@code constant-step} for that here).
 *
 * @param dwMin         step scale (weight units), in (0, wMax - wMin]
 * @param upScale       up step scale (dimensionless), > 0
 * @param downScale     down step scale (dimensionless), > 0
 * @param wMin          lower bound (weight units), {@code < 0}
 * @param wMax          upper bound (weight units), > 0
 * @param piecewiseUp   aihwkit piecewise_up: up step factors at the nodes (dimensionless, each in [0, 100]),
 *                      {@value #MIN_NODES} to {@value #MAX_NODES} nodes
 * @param piecewiseDown aihwkit piecewise_down: down step factors, as many as piecewiseUp
 * @param variability   device-to-device and cycle-to-cycle variability
 */
public record PiecewiseStepDevice(double dwMin, double upScale, double downScale, double wMin, double wMax,
                                  double[] piecewiseUp, double[] piecewiseDown, Variability variability) implements ShapedLaw {
    /** JSON type name. */
    public static final String TYPE = "piecewise-step";
    /** Fewest nodes (one section). */
    public static final int MIN_NODES = 2;
    /** Most nodes. */
    public static final int MAX_NODES = 1001;
    /** Largest step factor at a node (dimensionless). */
    public static final double MAX_FACTOR = 100;

    public PiecewiseStepDevice {
        ModelChecks.common(dwMin, upScale, downScale, wMin, wMax, variability);
        piecewiseUp = nodes("piecewiseUp", piecewiseUp);
        piecewiseDown = nodes("piecewiseDown", piecewiseDown);
        if (piecewiseUp.length != piecewiseDown.length) {
            throw new InvalidInputException("piecewiseDown has " + piecewiseDown.length + " nodes and piecewiseUp "
                    + piecewiseUp.length + ": give both the same number of nodes (equally spaced across [wMin, wMax])");
        }
    }

    private static double[] nodes(String name, double[] values) {
        if (values == null) {
            throw new InvalidInputException(name + " is missing: give " + MIN_NODES + " to " + MAX_NODES
                    + " step factors at equally spaced weights from wMin to wMax");
        }
        if (values.length < MIN_NODES || values.length > MAX_NODES) {
            throw new InvalidInputException(name + " has " + values.length + " nodes: give " + MIN_NODES + " to " + MAX_NODES
                    + " (one value for the whole range is a constant-step device)");
        }
        for (int k = 0; k < values.length; k++) {
            Checks.inRange(name + "[" + k + "]", values[k], 0, MAX_FACTOR, "(dimensionless)");
        }
        return values.clone();
    }

    @Override
    public double[] piecewiseUp() {
        return piecewiseUp.clone();
    }

    @Override
    public double[] piecewiseDown() {
        return piecewiseDown.clone();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double upShape(double w, double deviceWMin, double deviceWMax) {
        return interpolate(piecewiseUp, w, deviceWMin, deviceWMax);
    }

    @Override
    public double downShape(double w, double deviceWMin, double deviceWMax) {
        return interpolate(piecewiseDown, w, deviceWMin, deviceWMax);
    }

    private static double interpolate(double[] nodes, double w, double lo, double hi) {
        int sections = nodes.length - 1;
        double s = Math.max((w - lo) / (hi - lo) * sections, 0);
        int k = Math.min((int) s, sections - 1);
        double t = Math.min(s - k, 1);
        return nodes[k] * (1 - t) + nodes[k + 1] * t;
    }

    /** ngspice's piecewise-linear function of x clipped to [0, 1], the nodes at x = k / n. */
    @Override
    public String spiceUpShape(String x) {
        return table(piecewiseUp, x);
    }

    @Override
    public String spiceDownShape(String x) {
        return table(piecewiseDown, x);
    }

    private static String table(double[] nodes, String x) {
        StringBuilder text = new StringBuilder("pwl(min(max(" + x + ",0),1)");
        int sections = nodes.length - 1;
        for (int k = 0; k <= sections; k++) {
            text.append(k % 8 == 7 ? ",\n+ " : ",").append(format((double) k / sections)).append(',').append(format(nodes[k]));
        }
        return text.append(')').toString();
    }

    @Override
    public PiecewiseStepDevice withSteps(double newDwMin, double newUpScale, double newDownScale, double newWMin, double newWMax,
                                   Variability other) {
        return new PiecewiseStepDevice(newDwMin, newUpScale, newDownScale, newWMin, newWMax, piecewiseUp, piecewiseDown, other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PiecewiseStepDevice o && Double.compare(dwMin, o.dwMin) == 0
                && Double.compare(upScale, o.upScale) == 0 && Double.compare(downScale, o.downScale) == 0
                && Double.compare(wMin, o.wMin) == 0 && Double.compare(wMax, o.wMax) == 0
                && Arrays.equals(piecewiseUp, o.piecewiseUp) && Arrays.equals(piecewiseDown, o.piecewiseDown)
                && variability.equals(o.variability);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hash(dwMin, upScale, downScale, wMin, wMax, variability)
                + Arrays.hashCode(piecewiseUp)) + Arrays.hashCode(piecewiseDown);
    }

    @Override
    public String toString() {
        return "PiecewiseStepDevice[dwMin=" + dwMin + ", upScale=" + upScale + ", downScale=" + downScale + ", wMin=" + wMin
                + ", wMax=" + wMax + ", piecewiseUp=" + Arrays.toString(piecewiseUp) + ", piecewiseDown="
                + Arrays.toString(piecewiseDown) + ", variability=" + variability + "}";
    }
}
