/**
 * Networks and their training: {@link org.xbarspice.train.Mlp} (an MLP whose layers reach their weights only
 * through {@link org.xbarspice.train.AnalogTile}), {@link org.xbarspice.train.FloatingPointTile} (the exact
 * baseline), {@link org.xbarspice.train.TrainConfig} and the deterministic {@link org.xbarspice.train.Trainer}.
 * Data sets live in {@code train.data}.
 */
package org.xbarspice.train;
