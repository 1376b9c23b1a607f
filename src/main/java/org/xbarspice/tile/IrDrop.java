package org.xbarspice.tile;

import java.util.List;
import java.util.Locale;
import org.xbarspice.device.PositionModel;
import org.xbarspice.units.Checks;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;

/**
 * How a behavioral tile with wire or driver resistance solves its IR drop in reads and updates.
 *
 * <ul>
 * <li>{@link Mode#EXACT}: every read is a nodal solve of the whole array to a relative residual of 1e-13
 *     ({@code CrossbarSolver}, {@code SolverOptions.defaults()}); every update solves the programming network once per
 *     active pulse slot ({@code IrDropUpdater}).</li>
 * <li>{@link Mode#FAST}: reads are products with the array's effective transfer matrix (the exact sensed current per
 *     driving volt, computed by unit solves), carried to first order through conductance changes (each device's own
 *     current change, and the changes of its row's IR drop and of its column's leak) and recomputed when
 *     the conductances have drifted by more than {@code refreshDrift} since (widened up to 4x where the wires and
 *     drivers take less than 10 % of a read's current: {@code FastCircuitReader}); updates use the voltage
 *     each coincidence sees in its slot ({@code LineUpdater}: each active line solved as a chain, the currents of the
 *     slot's other active lines added along it; no nodal solve of the array). The tile compares its first update and
 *     every {@code checkEvery}-th after it, and likewise its reads, with the exact solves of the same case and keeps
 *     the errors ({@link IrDropCheck}).</li>
 * <li>{@link Mode#CALIBRATED}: reads as {@link Mode#FAST}; updates take the voltage a calibrated preset's position
 *     model gives each crosspoint ({@code PositionUpdater}, {@code PositionModel}: no solve), spot-checked alike.</li>
 * </ul>
 *
 * @param mode         exact, fast or calibrated
 * @param refreshDrift fast reads: relative conductance drift {@code sum |G - G_ref| / sum G_ref} after which the
 *                     effective matrix is recomputed, in (0, 1]
 * @param checkEvery   fast and calibrated modes: updates (and reads) between two spot checks against the exact
 *                     solves, >= 1 (the first update and the first read of each direction are checked, so that every
 *                     run is; reads are counted per direction)
 */
public record IrDrop(Mode mode, double refreshDrift, int checkEvery) {
    /**
     * Default drift bound of the fast reads' effective matrix (2 % of the array's total conductance). The carried
     * matrix errs about in proportion to the drift: on a 393 x 257 array with 1 ohm wires, 1.4e-4 / 2.7e-4 / 5.3e-4 of
     * the full-scale current after a drift of 1 / 2 / 4 % (worst of forward and backward;
     * {@code bench/CarriedReadError}; FastCircuitReadTest checks the 196 x 128 case).
     */
    public static final double DEFAULT_REFRESH_DRIFT = 0.02;
    /**
     * Default number of updates (and of reads) of an array between two spot checks: an exact update check of a
     * 393 x 257 array costs about a second; profiled on MNIST 784-256-128-10 with 1 ohm wires, the checks took about
     * 6 % of a fast run.
     */
    public static final int DEFAULT_CHECK_EVERY = 5000;

    /** The ways of solving the IR drop. */
    public enum Mode {
        EXACT, FAST, CALIBRATED;

        /** Name in configs and on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode called {@code id}; the error names the field {@code irDropMode}. */
        public static Mode of(String id) {
            return Ids.find("irDropMode", id, List.of(values()), Mode::id);
        }

        /** Refuses a mode other than exact for a run without the behavioral engine, whose solve alone it sets. */
        public void requireBehavioralEngine(boolean behavioral) {
            if (this != EXACT && !behavioral) {
                throw new InvalidInputException("irDropMode = " + id() + " has no effect without the behavioral engine: it "
                        + "sets how the behavioral engine solves the wires");
            }
        }

        /**
         * Refuses a mode other than exact on a circuit without wire or driver resistance (ohm), where the {@code
         * operation} (a read, an update) is exact at no cost.
         */
        public void requireResistance(double wireOhm, double driverOhm, String operation) {
            if (this != EXACT && wireOhm == 0 && driverOhm == 0) {
                throw new InvalidInputException("irDropMode = " + id() + " has no effect without wire or driver resistance: "
                        + "the " + operation + " is then exact at no cost; give wire or driver resistance (--wire-r OHM or "
                        + "--driver-r OHM), or use exact");
            }
        }
    }

    public IrDrop {
        if (mode == null) {
            throw new InvalidInputException("irDropMode is missing: use exact, fast or calibrated");
        }
        if (!(refreshDrift > 0 && refreshDrift <= 1)) {
            throw new InvalidInputException("irDropRefresh = " + Checks.readable(refreshDrift) + " is not allowed: give the "
                    + "relative conductance drift after which fast reads recompute their matrix, in (0, 1], e.g. "
                    + DEFAULT_REFRESH_DRIFT);
        }
        Checks.inRange("irDropCheckEvery", checkEvery, 1, Integer.MAX_VALUE);
    }

    /** Exact solves everywhere. */
    public static IrDrop exact() {
        return new IrDrop(Mode.EXACT, DEFAULT_REFRESH_DRIFT, DEFAULT_CHECK_EVERY);
    }

    /** The fast mode with the default drift bound and check interval. */
    public static IrDrop fast() {
        return new IrDrop(Mode.FAST, DEFAULT_REFRESH_DRIFT, DEFAULT_CHECK_EVERY);
    }

    /**
     * Fails unless this mode can update through drivers of {@code driverOhm} (ohm): the calibrated mode cannot, as its
     * position model holds the wires' drop only ({@code calibrate}'s drivers are ideal).
     */
    public void requireSolvableDrivers(double driverOhm) {
        if (mode == Mode.CALIBRATED && driverOhm > 0) {
            throw new InvalidInputException("irDropMode = calibrated cannot update through drivers (driverOhm = "
                    + Checks.readable(driverOhm) + " ohm): the position model holds the wires' drop only; use irDropMode "
                    + "(--ir-drop-mode) exact or fast, which solve the drivers, or driverOhm = 0");
        }
    }

    /** Fails unless this mode can update with {@code position}: the calibrated mode needs a position model. */
    public void requirePositionModel(PositionModel position) {
        if (mode == Mode.CALIBRATED && position == null) {
            throw new InvalidInputException("irDropMode = calibrated needs a position model: give a device preset (--device "
                    + "FILE.json, key device) written by xbarspice calibrate --wire-r OHM with OHM > 0 (a calibration without "
                    + "wires fits none)");
        }
    }

    /** Whether reads and updates are approximations spot-checked against the exact solves (fast or calibrated). */
    public boolean isFast() {
        return mode != Mode.EXACT;
    }
}
