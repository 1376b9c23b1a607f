package org.xbarspice.behavioral;

import org.xbarspice.units.Checks;

/**
 * Options of the behavioral nodal solver ({@link CrossbarSolver}).
 *
 * <p>Stopping rule of the preconditioned conjugate gradients (PCG). The unknown is the deviation
 * {@code d} of the node voltages from the ideal read (driven lines at their source voltage, sensed lines
 * at 0 V). With the residual {@code res = b - Y d} and the chain preconditioner {@code M}, PCG stops when
 * {@code max_k |(M^-1 res)_k| <= tolerance * Vscale}, where {@code Vscale} is the largest source voltage of
 * the read (input or saturated TIA output). Because {@code M} solves every wire chain exactly,
 * {@code M^-1 res} estimates the node-voltage error, so the test bounds the relative voltage error. It is
 * applied to the recursive CG residual and then confirmed on the true residual, recomputed branch by
 * branch (wire, device and boundary currents) so that it is not lost in the rounding of wire conductance
 * times node voltage; a failed confirmation restarts CG from the true residual (at most 5 times, and only
 * while it keeps improving).
 *
 * <p>Measured with the default 1e-13 (ReadBenchmark, N x N with N = 64 and 256, r = 0.1, 1 and 10 ohm,
 * G in [1, 10] uS, inputs in +-0.2 V): the currents differ from a 1e-15 solve by at most 4.5e-13 of the
 * largest output and from the dense reference (5 x 7 arrays) by at most 4e-13; the plain relative
 * residual {@code ||b - Y d||_2 / ||b||_2} is then 4e-13 to 4e-11 ({@link SolveStatistics}). A residual
 * test of 1e-13 would cost iterations without making the currents more accurate. Tolerances below about
 * 1e-15 can hit the rounding floor and throw {@link SolverNotConvergedException}.
 *
 * @param tolerance              relative voltage accuracy, in (0, 1e-3]; default 1e-13
 * @param maxIterations          PCG iterations allowed per solve before {@link SolverNotConvergedException}
 * @param warmStart              start each solve from the previous solution, scaled by its Galerkin
 *                               factor {@code alpha = (d_prev . b) / (d_prev . Y d_prev)} (never worse than a
 *                               cold start in the energy norm). It pays when the same input is read again after
 *                               a small conductance change (256 x 256, r = 1 ohm, 1e-3 change: 6.5 instead of
 *                               9.6 iterations), not across different inputs. With a TIA it also starts the
 *                               active set from the previous saturation pattern. Results then depend on the
 *                               read history at the level of the tolerance; off by default.
 * @param maxActiveSetIterations passes of the TIA saturation active-set iteration per input vector before
 *                               {@link SolverNotConvergedException}; 0 = automatic (sensed lines + 10)
 * @param threads                1, or 2: with wires, on arrays of 65,536 crosspoints (256 x 256) or more, each step
 *                               of a solve runs in two parts, the second on a helper thread that spins between the steps (so
 *                               give it a core of its own); the parts are the same on one thread, so the results
 *                               are bit-identical; default 1
 */
public record SolverOptions(double tolerance, int maxIterations, boolean warmStart, int maxActiveSetIterations,
        int threads) {
    public SolverOptions {
        Checks.inRange("solver tolerance", tolerance, Double.MIN_NORMAL, 1e-3, "(relative)");
        Checks.inRange("solver iteration limit", maxIterations, 1, 1_000_000);
        Checks.inRange("active-set iteration limit", maxActiveSetIterations, 0, 1_000_000);
        Checks.inRange("solver threads", threads, 1, 2);
    }

    /** Options on one thread. */
    public SolverOptions(double tolerance, int maxIterations, boolean warmStart, int maxActiveSetIterations) {
        this(tolerance, maxIterations, warmStart, maxActiveSetIterations, 1);
    }

    /** Tolerance 1e-13, at most 2000 PCG iterations, cold start, automatic active-set bound. */
    public static SolverOptions defaults() {
        return new SolverOptions(1e-13, 2000, false, 0);
    }

    /**
     * The reference solves of a fast IR-drop mode's spot check of an update: as {@link #defaults()} with tolerance 1e-10,
     * which moves the checked weights by 1e-12 or less (393 x 256 at 1 ohm, steps up to 5.2e-2: 1.0e-12, 4 PCG
     * iterations per slot instead of 6, 1.7-1.85x less time, {@code bench/SpotCheckSolves}; 193 x 128: 9.6e-14,
     * {@code IrDropUpdaterTest}), far below the step errors the checks measure (1e-5 and up).
     */
    public static SolverOptions spotCheck() {
        return new SolverOptions(1e-10, 2000, false, 0);
    }

    /**
     * The solves of a spot check's energy reference that the checked update does not solve itself (its slots in which
     * only rows or only columns fire, {@link UpdateEnergyMeter}): as {@link #defaults()} with tolerance 1e-6, whose
     * energy split is within 1.5e-9 of the delivered energy of the default solves on an update of 129 x 64 at 20 ohm
     * ({@code UpdateEnergyMeterTest}), far below the errors of the energy the checks measure (1e-6 and up); every firing
     * slot of {@code bench/SpotCheckSolves}' update of 393 x 256 at 1 ohm in about 1.12x less time than with {@link
     * #spotCheck()}, its delivered energy within 2e-16.
     */
    public static SolverOptions energyCheck() {
        return new SolverOptions(1e-6, 2000, false, 0);
    }

    /** The same options with tolerance {@code tolerance}. */
    public SolverOptions withTolerance(double tolerance) {
        return new SolverOptions(tolerance, maxIterations, warmStart, maxActiveSetIterations, threads);
    }

    /** The same options with warm start switched on or off. */
    public SolverOptions withWarmStart(boolean on) {
        return new SolverOptions(tolerance, maxIterations, on, maxActiveSetIterations, threads);
    }

    /** The same options on {@code threads} (1 or 2) threads. */
    public SolverOptions withThreads(int threads) {
        return new SolverOptions(tolerance, maxIterations, warmStart, maxActiveSetIterations, threads);
    }
}
