/**
 * Out-of-core factorizations and log-determinants of matrices larger than memory: {@link
 * dev.spectral.outofcore.OutOfCore#factor} with a {@link dev.spectral.outofcore.TileSource} (a {@code .npy} file, a
 * kernel, or Java code) and {@link dev.spectral.outofcore.OutOfCoreOptions} (factorization, memory cap, scratch
 * directory, progress). Results carry log det, sign, leading log-determinants (the input of {@code
 * dev.spectral.flodance}), pivots and I/O statistics.
 */
package dev.spectral.outofcore;
