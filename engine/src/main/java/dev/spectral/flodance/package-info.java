/**
 * FLODANCE: extrapolation of log det K_n to sizes beyond reach from the leading log-determinants of one smaller
 * factorization, under the scaling law of Ameli et al. (ICML 2025). {@link dev.spectral.flodance.Flodance#fit} gives a
 * {@link dev.spectral.flodance.FlodanceModel}, whose {@code predict(n)} returns a value with its uncertainty.
 */
package dev.spectral.flodance;
