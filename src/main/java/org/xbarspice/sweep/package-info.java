/**
 * Grids and Monte Carlo over training runs: a {@link org.xbarspice.sweep.Sweep} (every combination of a
 * {@link org.xbarspice.sweep.Grid}'s values, repeated over seeds, each point a
 * {@link org.xbarspice.train.TrainingRun} of any engine in its own folder, failures recorded, resumable) and its
 * {@link org.xbarspice.sweep.SweepReport}; the executors that run the points of any study
 * ({@link org.xbarspice.sweep.PointTasks}: a sweep, a design study): {@link org.xbarspice.sweep.LocalPool}, the
 * in-process default, or {@link org.xbarspice.sweep.SparkExecutor}.
 */
package org.xbarspice.sweep;
