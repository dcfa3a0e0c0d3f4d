/**
 * Random-matrix laws, tested on their own: {@link dev.spectral.rmt.MarchenkoPastur} and
 * {@link dev.spectral.rmt.WignerSemicircle} (density, closed-form CDF, quantiles, edges, Stieltjes transform),
 * {@link dev.spectral.rmt.TracyWidom} F₁ computed from its Fredholm determinant, Johnstone's edge scaling for the
 * largest Wishart eigenvalue ({@link dev.spectral.rmt.WishartEdge}), samplers for Wishart, Wigner and spiked
 * covariance matrices ({@link dev.spectral.rmt.RandomMatrices}), and the BBP transition ({@link dev.spectral.rmt.Bbp}).
 */
package dev.spectral.rmt;
