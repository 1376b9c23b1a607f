package org.xbarspice.fit;

import java.util.ArrayList;
import java.util.List;
import org.xbarspice.device.DeviceModel;
import org.xbarspice.device.PiecewiseStepDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * {@link PiecewiseStepDevice} with {@code nodes} nodes equally spaced across the lowest and highest measured state
 * (its hard bounds, {@link PulseData#boundLow()} and {@link PulseData#boundHigh()}): parameters up0 .. up(n-1) and
 * down0 .. down(n-1), the up and down steps at node k, w = low + k (high - low) / (n - 1) (weight units, >= 0). The
 * steps are linear in them, so all are identifiable where the data reach the two sections beside a node. The preset's
 * fields follow: dwMin upScale is the mean up node, dwMin downScale the mean down node ({@link FitLaw#scales}), and
 * piecewiseUp, piecewiseDown the nodes over those means (mean 1, so at most n &lt;= {@value #MAX_NODES} = the model's
 * largest factor).
 */
final class PiecewiseStepLaw implements FitLaw {
    /** Default number of nodes (six sections). */
    static final int DEFAULT_NODES = 7;
    /** Fewest nodes. */
    static final int MIN_NODES = PiecewiseStepDevice.MIN_NODES;
    /** Most nodes: the factors over their mean stay within the model's {@link PiecewiseStepDevice#MAX_FACTOR}. */
    static final int MAX_NODES = (int) PiecewiseStepDevice.MAX_FACTOR;

    private final int nodes;
    private final List<Parameter> parameters;

    /**
     * @param nodes nodes per direction, {@value #MIN_NODES} to {@value #MAX_NODES}
     * @throws InvalidInputException outside that range
     */
    PiecewiseStepLaw(int nodes) {
        this.nodes = Checks.inRange("nodes", nodes, MIN_NODES, MAX_NODES);
        List<Parameter> list = new ArrayList<>();
        for (String direction : new String[] {"up", "down"}) {
            for (int k = 0; k < nodes; k++) {
                list.add(new Parameter(direction + k, "weight units", 0, Double.POSITIVE_INFINITY));
            }
        }
        this.parameters = List.copyOf(list);
    }

    /** Nodes per direction. */
    int nodes() {
        return nodes;
    }

    @Override
    public String name() {
        return PiecewiseStepDevice.TYPE;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The measured steps binned by state around each node (bin k: within half a section of node k), the mean step of
     * each bin; a node whose bin is empty takes the line between its nearest non-empty neighbours (the nearest value
     * beyond the last).
     */
    @Override
    public double[] initialGuess(PulseData data) {
        double[] p = new double[2 * nodes];
        double[] edges = new double[nodes + 1];
        double section = (data.boundHigh() - data.boundLow()) / (nodes - 1);
        for (int j = 0; j <= nodes; j++) {
            edges[j] = data.boundLow() + (j - 0.5) * section;
        }
        for (int d = 0; d < 2; d++) {
            StepBins bins = StepBins.of(data, d == 0, edges);
            double[] node = new double[nodes];
            boolean[] seen = new boolean[nodes];
            for (int i = 0; i < bins.size(); i++) {
                int k = (int) Math.round((bins.w()[i] - data.boundLow()) / section);
                k = Math.min(Math.max(k, 0), nodes - 1);
                node[k] = Math.max(bins.step()[i], 0);
                seen[k] = true;
            }
            fill(node, seen, data.meanStep(d == 0));
            System.arraycopy(node, 0, p, d * nodes, nodes);
        }
        return p;
    }

    /** Fills the nodes not seen by linear interpolation between seen ones (constant beyond the ends; all {@code mean} if none). */
    private static void fill(double[] node, boolean[] seen, double mean) {
        int last = -1;
        for (int k = 0; k < node.length; k++) {
            if (!seen[k]) {
                continue;
            }
            if (last < 0) {
                for (int j = 0; j < k; j++) {
                    node[j] = node[k];
                }
            } else {
                for (int j = last + 1; j < k; j++) {
                    node[j] = node[last] + (node[k] - node[last]) * (j - last) / (k - last);
                }
            }
            last = k;
        }
        for (int j = last + 1; j < node.length; j++) {
            node[j] = last < 0 ? mean : node[last];
        }
    }

    @Override
    public DeviceModel model(double[] p, PulseData data, Variability variability) {
        double[] up = new double[nodes];
        double[] down = new double[nodes];
        System.arraycopy(p, 0, up, 0, nodes);
        System.arraycopy(p, nodes, down, 0, nodes);
        double meanUp = mean(up, "up");
        double meanDown = mean(down, "down");
        for (int k = 0; k < nodes; k++) {
            up[k] = Math.min(up[k] / meanUp, PiecewiseStepDevice.MAX_FACTOR);
            down[k] = Math.min(down[k] / meanDown, PiecewiseStepDevice.MAX_FACTOR);
        }
        double[] s = FitLaw.scales(meanUp, meanDown);
        return new PiecewiseStepDevice(s[0], s[1], s[2], data.boundLow(), data.boundHigh(), up, down, variability);
    }

    private static double mean(double[] values, String direction) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        if (!(sum > 0)) {
            throw new InvalidInputException("every " + direction + " node of the piecewise-step law is 0: the device would not "
                    + "move " + direction);
        }
        return sum / values.length;
    }
}
