package org.xbarspice.device;

import org.xbarspice.units.Checks;

/**
 * Variability of a device model, named as the field does (PHYSICS.md section 1). All values are relative
 * standard deviations (dimensionless, 0 = none).
 *
 * @param dwMinDtod  device-to-device spread of dw_min: dwMin_ij = dwMin * (1 + dwMinDtod * xi), clipped at 0; [0, 1]
 * @param upDownDtod device-to-device spread of the up/down step ratio: upScale_ij = upScale * (1 + upDownDtod * xi / 2),
 *                   downScale_ij = downScale * (1 - upDownDtod * xi / 2), so the ratio spreads by about upDownDtod; [0, 1]
 * @param boundsDtod device-to-device spread of each bound: wMax_ij = wMax * |1 + boundsDtod * xi|, wMin_ij alike with
 *                   its own xi; [0, 1]
 * @param dwMinStd   cycle-to-cycle spread: each pulse's step is multiplied by (1 + dwMinStd * xi) with a fresh xi; [0, 10]
 */
public record Variability(double dwMinDtod, double upDownDtod, double boundsDtod, double dwMinStd) {
    /** No variability at all. */
    public static final Variability NONE = new Variability(0, 0, 0, 0);

    /** Largest accepted device-to-device spread (relative). */
    public static final double MAX_DTOD = 1;

    /** Largest accepted cycle-to-cycle spread (relative). */
    public static final double MAX_STD = 10;

    public Variability {
        Checks.inRange("dwMinDtod", dwMinDtod, 0, MAX_DTOD, "(relative)");
        Checks.inRange("upDownDtod", upDownDtod, 0, MAX_DTOD, "(relative)");
        Checks.inRange("boundsDtod", boundsDtod, 0, MAX_DTOD, "(relative)");
        Checks.inRange("dwMinStd", dwMinStd, 0, MAX_STD, "(relative)");
    }
}
