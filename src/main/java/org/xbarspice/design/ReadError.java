package org.xbarspice.design;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.xbarspice.netlist.Sense;

/**
 * How far a read is from the ideal product G'V (forward) or G V (backward), in % of the sensed line's full scale
 * (driven lines x gMax x readVolt): over the random vectors and over the worst case (every driven line at +readVolt).
 *
 * @param randomMaxPercent    largest |I - I_ideal| of any random vector and sensed line
 * @param randomRmsPercent    root mean square of I - I_ideal over the random vectors and sensed lines
 * @param worstCaseMaxPercent largest |I - I_ideal| of the worst-case vector
 * @param worstCaseRmsPercent root mean square over the worst-case vector's sensed lines
 * @param integratorMaxOutputVolt an integrator's largest output over every vector, |I| t_read / C (V); NaN for
 *                            another sense, and then left out of the JSON
 */
public record ReadError(double randomMaxPercent, double randomRmsPercent, double worstCaseMaxPercent,
                        double worstCaseRmsPercent,
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Missing.class)
                        double integratorMaxOutputVolt) {

    /** Reads the JSON of a read error, an integrator's output left out (another sense) as NaN. */
    @JsonCreator
    static ReadError fromJson(@JsonProperty("randomMaxPercent") double randomMaxPercent,
                              @JsonProperty("randomRmsPercent") double randomRmsPercent,
                              @JsonProperty("worstCaseMaxPercent") double worstCaseMaxPercent,
                              @JsonProperty("worstCaseRmsPercent") double worstCaseRmsPercent,
                              @JsonProperty("integratorMaxOutputVolt") Double integratorMaxOutputVolt) {
        return new ReadError(randomMaxPercent, randomRmsPercent, worstCaseMaxPercent, worstCaseRmsPercent,
                integratorMaxOutputVolt == null ? Double.NaN : integratorMaxOutputVolt);
    }

    /** Leaves a figure the read does not have (NaN: an integrator's output for another sense) out of the JSON. */
    static final class Missing {
        @Override
        public boolean equals(Object value) {
            return value instanceof Double d && d.isNaN();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /**
     * The errors of {@code actual} against {@code ideal} (A, [vector][sensed line]) whose last vector is the worst case
     * and the others random, relative to {@code fullScaleAmpere}; {@code sense} the read's.
     */
    static ReadError of(double[][] actual, double[][] ideal, double fullScaleAmpere, Sense sense) {
        int random = actual.length - 1;
        double[] randomMaxSquare = maxAndMeanSquare(actual, ideal, 0, random);
        double[] worstMaxSquare = maxAndMeanSquare(actual, ideal, random, random + 1);
        double percent = 100 / fullScaleAmpere;
        double integratorVolt = Double.NaN;
        if (sense instanceof Sense.Integrator integrator) {
            integratorVolt = 0;
            for (double[] vector : actual) {
                for (double current : vector) {
                    integratorVolt = Math.max(integratorVolt, integrator.outputVolt(current));
                }
            }
        }
        return new ReadError(percent * randomMaxSquare[0], percent * Math.sqrt(randomMaxSquare[1]),
                percent * worstMaxSquare[0], percent * Math.sqrt(worstMaxSquare[1]), integratorVolt);
    }

    /** {largest |a - b|, mean (a - b)^2} over the vectors from .. to - 1. */
    private static double[] maxAndMeanSquare(double[][] a, double[][] b, int from, int to) {
        double max = 0;
        double sum = 0;
        long n = 0;
        for (int k = from; k < to; k++) {
            for (int s = 0; s < a[k].length; s++) {
                double e = a[k][s] - b[k][s];
                max = Math.max(max, Math.abs(e));
                sum += e * e;
                n++;
            }
        }
        return new double[] {max, sum / n};
    }

    /** The larger of the two largest errors (% of full scale). */
    public double maxPercent() {
        return Math.max(randomMaxPercent, worstCaseMaxPercent);
    }
}
