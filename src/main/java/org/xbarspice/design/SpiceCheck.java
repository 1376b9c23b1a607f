package org.xbarspice.design;

/**
 * A point's behavioral figures checked in ngspice: the same reads ({@code .dc}, every vector of both directions) and
 * the same full updates (quasi-static: one DC solve of the programming network per slot, each device moved by its
 * compact model at its solved voltage).
 *
 * @param readMaxRelDiff   max |I_ngspice - I_behavioral| / max |I_ngspice| over the vectors of either direction (NaN
 *                         when the check failed)
 * @param updateMaxRelDiff max |dw_ngspice - dw_behavioral| / max |dw_behavioral| over the devices of either polarity
 *                         (NaN when the check failed)
 * @param seconds          time in ngspice, engine start included (s)
 * @param failure          why ngspice did not finish the check (a timeout, no convergence), or null
 */
public record SpiceCheck(double readMaxRelDiff, double updateMaxRelDiff, double seconds, String failure) {
    /** A check that ngspice did not finish, for {@code failure}, after {@code seconds}. */
    public static SpiceCheck failed(String failure, double seconds) {
        return new SpiceCheck(Double.NaN, Double.NaN, seconds, failure);
    }
}
