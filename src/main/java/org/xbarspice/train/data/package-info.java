/**
 * Data sets for training: the IDX format ({@link org.xbarspice.train.data.IdxFiles}), the catalogue of named
 * sets ({@link org.xbarspice.train.data.DatasetCatalog}: fashion-mnist, mnist, their 8x8 versions, spiral, any
 * IDX directory), the one-time MNIST conversion ({@link org.xbarspice.train.data.MnistImport}) and the
 * synthetic spiral.
 */
package org.xbarspice.train.data;
