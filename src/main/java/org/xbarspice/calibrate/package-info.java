/**
 * Calibration of the fast behavioral model against SPICE (DESIGN.md: {@code calibrate}): SPICE experiments on an
 * array with wires ({@link org.xbarspice.calibrate.SpiceExperiments}), a least-squares fit (Commons Math
 * Levenberg-Marquardt) of the step law, its device-to-device spread and a compact position model of the IR-drop
 * attenuation ({@link org.xbarspice.calibrate.Calibrator}), and the result as a device preset that {@code train}
 * accepts ({@link org.xbarspice.calibrate.Calibration}).
 */
package org.xbarspice.calibrate;
