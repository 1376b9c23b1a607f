/**
 * Device models as immutable records (PHYSICS.md sections 1 and 4): the pulse response of asymmetric
 * resistive devices in the weight domain ({@link org.xbarspice.device.DeviceModel}), the conductance range and
 * the weight-to-conductance mappings, the JSON device presets, and the per-crosspoint device state sampled from a
 * spec with an explicit seed ({@link org.xbarspice.device.DeviceArray}).
 *
 * <p>Weights are dimensionless ("weight units"); conductances are in siemens.
 */
package org.xbarspice.device;
