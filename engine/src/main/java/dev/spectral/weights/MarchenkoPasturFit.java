package dev.spectral.weights;

/**
 * A Marchenko-Pastur fit of the normalized ESD, the eigenvalues of WᵀW/N (N the larger dimension of W, M the smaller,
 * so that an i.i.d. W with entry variance σ² gives MP(γ = M/N, σ²)). All eigenvalues here are in those normalized
 * units.
 *
 * @param variance          σ², the MP variance minimizing the KS distance to the ESD
 * @param ratio             γ = M/N
 * @param bulkMin           σ²(1 - √γ)²
 * @param bulkMax           σ²(1 + √γ)², the bulk edge
 * @param ksDistance        the KS distance between the ESD and the fitted law (fit quality)
 * @param spikes            eigenvalues above the bulk edge
 * @param significantSpikes eigenvalues above the Tracy-Widom threshold (Johnstone scaling, Bonferroni over the
 *                          matrices of a convolution)
 * @param threshold         that threshold
 * @param topPValue         the Tracy-Widom p-value of the largest eigenvalue under the fitted MP null
 * @param softRank          bulkMax / λmax (WeightWatcher's mp_softrank): near 1 for random-like layers, small when a
 *                          few directions dominate
 */
public record MarchenkoPasturFit(double variance, double ratio, double bulkMin, double bulkMax, double ksDistance,
        int spikes, int significantSpikes, double threshold, double topPValue, double softRank) {}
