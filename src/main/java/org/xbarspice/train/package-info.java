/**
 * Networks and their training: {@link org.xbarspice.train.Mlp} (an MLP whose layers reach their weights only
 * through {@link org.xbarspice.tile.AnalogTile}), {@link org.xbarspice.train.TrainConfig}, the deterministic
 * {@link org.xbarspice.train.Trainer} with its {@link org.xbarspice.train.Algorithm}s (floating-point SGD, analog SGD
 * on {@link org.xbarspice.tile.PulsedTile}s, SHD and Tiki-Taka on {@link org.xbarspice.tile.ShdTile}s; the tiles
 * behavioral or in ngspice, see {@link org.xbarspice.train.Engine}, the two in {@link org.xbarspice.train.Lockstep}) and
 * exact restarts from a {@link org.xbarspice.train.TrainerCheckpoint}; {@link org.xbarspice.train.TrainingRun}, a whole
 * run in its folder (engine, checkpoints, resume, lockstep; the files written through its {@code Results}, which the
 * report layer implements), as the train command, the demo and user code run it; and {@link org.xbarspice.train.Toy}, the
 * one-weight problem of PHYSICS.md section 3. Data sets live in {@code train.data}.
 */
package org.xbarspice.train;
