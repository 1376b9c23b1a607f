package org.xbarspice.behavioral;

/**
 * Counters of a {@link CrossbarSolver} since construction or the last reset.
 *
 * @param vectors               input vectors solved (reads and device-voltage queries)
 * @param pcgIterations         PCG iterations over all of them (0 on the ideal fast path)
 * @param maxPcgIterations      most PCG iterations one vector needed (all active-set passes together)
 * @param lastPcgIterations     PCG iterations of the most recent vector
 * @param activeSetPasses       linear solves done for TIA saturation (one per vector without saturation)
 * @param factorizations        preconditioner factorizations (conductance changes and saturation changes)
 * @param lastRelativeResidual  {@code ||b - Y d||_2 / ||b||_2} of the most recent PCG solve, residual formed
 *                              branch by branch, b = device currents of the ideal read (0 when no solve ran)
 */
public record SolveStatistics(long vectors, long pcgIterations, int maxPcgIterations, int lastPcgIterations,
                              long activeSetPasses, long factorizations, double lastRelativeResidual) {
}
