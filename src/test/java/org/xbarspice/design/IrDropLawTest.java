package org.xbarspice.design;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.LocalPool;

/**
 * The first-order IR-drop law of PHYSICS.md section 5 in the design study's figures: for small r the worst-case read
 * error of an N x N array grows as r G N^2.
 */
class IrDropLawTest {

    /** The worst-case forward read errors (% of full scale) of the grid, in grid order. */
    private static double[] worstCase(List<String> sizes, List<String> wires, List<String> ranges) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put(DesignAxis.SIZE.key(), sizes);
        axes.put(DesignAxis.WIRE.key(), wires);
        axes.put(DesignAxis.CONDUCTANCE.key(), ranges);
        List<DesignResult> results = DesignStudy.create(new Grid(axes), DesignSettings.defaults()).run(new LocalPool(2), r -> { });
        return results.stream().mapToDouble(r -> r.forward().worstCaseMaxPercent()).toArray();
    }

    /** Least-squares slope of log y against log x. */
    private static double logSlope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int k = 0; k < n; k++) {
            mx += Math.log(x[k]) / n;
            my += Math.log(y[k]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < n; k++) {
            sxy += (Math.log(x[k]) - mx) * (Math.log(y[k]) - my);
            sxx += (Math.log(x[k]) - mx) * (Math.log(x[k]) - mx);
        }
        return sxy / sxx;
    }

    @Test
    void readErrorGrowsAsTheSquareOfTheSizeAndLinearlyInWireResistanceAndConductance() {
        // nearly uniform conductances (G within 0.1 %), so that the law's single G holds; r G N^2 <= 0.01 * 1e-4 * 256^2
        // = 0.066 at the largest point, 3.3e-3 on the grid of the exponent: the first-order regime
        double[] e = worstCase(List.of("32", "64", "128", "256"), List.of("0.005", "0.01"), List.of("0.999e-5:1e-5", "0.999e-4:1e-4"));
        // grid order: conductance range, wire, size (fastest)
        double exponent = logSlope(new double[] {32, 64, 128, 256}, Arrays.copyOfRange(e, 0, 4));
        assertEquals(2, exponent, 0.1, "the r G N^2 law: 2 within 5 %");
        assertEquals(1.9835, exponent, 0.005, "measured 1.9835 (local slopes 1.973, 1.986, 1.990: a 1/N correction)");
        assertEquals(2, e[4] / e[0], 1e-3, "twice the wire resistance, twice the error (measured 1.99991 at 32 x 32)");
        assertEquals(10, e[8] / e[0], 0.01, "ten times the conductance, ten times the error (measured 9.9961 at 32 x 32)");
    }
}
