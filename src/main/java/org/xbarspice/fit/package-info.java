/**
 * Fitting a device step law to measured pulse-response data ({@code xbarspice fit-device}): the data
 * ({@link org.xbarspice.fit.PulseData}, read from CSV by {@link org.xbarspice.fit.PulseCsv}), the laws that can be
 * fitted ({@link org.xbarspice.fit.FitLaw}, one small class each, listed in {@link org.xbarspice.fit.FitLaws}), the
 * Levenberg-Marquardt fit with uncertainties, cycle-to-cycle noise and AIC ({@link org.xbarspice.fit.DeviceFit}) and
 * its files ({@link org.xbarspice.fit.FitReport}: the preset every command accepts, {@code fit.json}, {@code fit.png}).
 * Above {@code report} in the package order (as {@code design}): it uses report, device and units.
 */
package org.xbarspice.fit;
