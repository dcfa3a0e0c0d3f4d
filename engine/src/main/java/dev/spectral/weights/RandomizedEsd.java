package dev.spectral.weights;

/**
 * The ESD of the layer after an elementwise shuffle (centered), scaled by N·σ² (σ² the entry variance), so that
 * without correlation traps it follows MP(γ, 1) with bulk edge (1 + √γ)².
 *
 * @param scaledEigenvalues ascending
 * @param bulkEdge          (1 + √γ)²
 * @param threshold         the Tracy-Widom significance threshold in the same units
 * @param traps             shuffled eigenvalues above the threshold: correlation traps
 * @param maxScaled         the largest shuffled eigenvalue
 * @param topPValue         its Tracy-Widom p-value
 */
public record RandomizedEsd(double[] scaledEigenvalues, double bulkEdge, double threshold, int traps,
        double maxScaled, double topPValue) {}
