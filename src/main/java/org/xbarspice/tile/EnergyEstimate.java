package org.xbarspice.tile;

/**
 * How a run's array energy was counted when the engines count one circuit read and one update in {@code every} of each
 * kind and the others' is estimated ({@code train --energy-every}, {@link EnergySampler}), with the estimate's error
 * measured on the same run: every counted operation after the first {@code every} of its kind and array is also
 * estimated from the ones before it.
 *
 * @param every           one in how many operations of each kind the engines counted (1: all, nothing estimated)
 * @param counted         circuit reads and updates whose array energy the engines counted
 * @param estimated       circuit reads and updates whose array energy was estimated
 * @param checked         counted operations also estimated, to measure the estimate
 * @param checkedEstimate the sum of their estimated delivered energies (J)
 * @param checkedExact    the sum of their counted delivered energies (J)
 * @param maxError        the largest relative error of one operation's estimated delivered energy
 */
public record EnergyEstimate(int every, long counted, long estimated, long checked, double checkedEstimate,
                             double checkedExact, double maxError) {
    /** Nothing counted. */
    public static final EnergyEstimate NONE = new EnergyEstimate(1, 0, 0, 0, 0, 0, 0);

    /**
     * The relative error of the estimate's sum over the checked operations, {@code |sum(estimate) - sum(exact)| /
     * sum(exact)}: the error of an estimated total, as the estimated operations are drawn as the checked ones; 0 when
     * none was checked.
     */
    public double sumError() {
        return checkedExact > 0 ? Math.abs(checkedEstimate - checkedExact) / checkedExact : 0;
    }

    /** Both arrays' figures together (the larger {@code every}). */
    public EnergyEstimate plus(EnergyEstimate other) {
        return new EnergyEstimate(Math.max(every, other.every), counted + other.counted, estimated + other.estimated,
                checked + other.checked, checkedEstimate + other.checkedEstimate, checkedExact + other.checkedExact,
                Math.max(maxError, other.maxError));
    }
}
