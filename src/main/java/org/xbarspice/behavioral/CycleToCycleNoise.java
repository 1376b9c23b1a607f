package org.xbarspice.behavioral;

/**
 * The cycle-to-cycle noise of the compact-device updaters ({@link IrDropUpdater}, {@link LineUpdater}, {@link
 * PositionUpdater}): a change dw of the exact pulse map before its clip at the bounds ({@link
 * org.xbarspice.device.CompactDevice#unclippedPulse}) becomes {@code dw (1 + dwMinStd xi)}, xi ~ N(0, 1) from a {@link
 * ZigguratGaussian}, one draw per change that is not 0; no draw when dwMinStd is 0 or the noise is switched off. The
 * caller clips the result, so a pulse near a bound reaches it as in the plain update ({@link
 * org.xbarspice.device.DeviceArray#pulse}). Not thread-safe.
 */
final class CycleToCycleNoise {
    private final double dwMinStd;
    private ZigguratGaussian gaussian;
    private boolean on = true;

    /** @param dwMinStd relative standard deviation of each change, >= 0 */
    CycleToCycleNoise(double dwMinStd, long seed) {
        this.dwMinStd = dwMinStd;
        this.gaussian = new ZigguratGaussian(seed);
    }

    /** Restarts the draws from {@code seed}. */
    void reseed(long seed) {
        this.gaussian = new ZigguratGaussian(seed);
    }

    /** Switches the noise off (false) or back on. */
    void setOn(boolean noise) {
        this.on = noise;
    }

    /** The weight after a pulse that moved it from {@code before} to {@code after} without noise. */
    double apply(double before, double after) {
        if (!on || dwMinStd == 0 || after == before) {
            return after;
        }
        return before + (after - before) * (1 + dwMinStd * gaussian.next());
    }
}
