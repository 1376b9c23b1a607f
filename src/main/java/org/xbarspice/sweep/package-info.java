/**
 * Grids and Monte Carlo over training runs: a {@link org.xbarspice.sweep.Sweep} (every combination of a
 * {@link org.xbarspice.sweep.Grid}'s values, repeated over seeds, each point a
 * {@link org.xbarspice.train.TrainingRun} of any engine in its own folder, failures recorded, resumable), run by an
 * executor ({@link org.xbarspice.sweep.LocalPool}, the in-process default), and its
 * {@link org.xbarspice.sweep.SweepReport}.
 */
package org.xbarspice.sweep;
