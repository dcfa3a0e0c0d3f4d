package dev.spectral.rmt;

import dev.spectral.InvalidInputException;

/**
 * Johnstone's (2001) centring and scaling for the largest eigenvalue of a real white Wishart matrix XᵀX, X an n x p
 * matrix of independent N(0, σ²) entries: (λ_max/σ² - μ) / s converges to Tracy-Widom F₁ with
 * μ = (√(n-1) + √p)² and s = (√(n-1) + √p)(1/√(n-1) + 1/√p)^{1/3}. The roles of n and p are symmetric in the
 * limit; Johnstone's n - 1 improves the approximation at moderate sizes.
 *
 * @param samples  n, the number of rows of X
 * @param features p, the number of columns of X (the size of XᵀX)
 * @param center   μ
 * @param scale    s
 */
public record WishartEdge(long samples, long features, double center, double scale) {
    public static WishartEdge of(long samples, long features) {
        if (samples < 2 || features < 1) {
            throw new InvalidInputException("Tracy-Widom edge scaling needs n >= 2 and p >= 1, got n = " + samples
                    + ", p = " + features);
        }
        double a = Math.sqrt(samples - 1.0);
        double b = Math.sqrt((double) features);
        double center = (a + b) * (a + b);
        double scale = (a + b) * Math.cbrt(1 / a + 1 / b);
        return new WishartEdge(samples, features, center, scale);
    }

    /** The TW₁ statistic of an eigenvalue of XᵀX whose entries have variance σ². */
    public double statistic(double eigenvalue, double variance) {
        return (eigenvalue / variance - center) / scale;
    }

    /**
     * The TW₁ statistic of an eigenvalue of the normalized matrix XᵀX / n (the scale of Marchenko-Pastur with
     * variance σ²).
     */
    public double statisticNormalized(double eigenvalue, double variance) {
        return statistic(eigenvalue * samples, variance);
    }

    /** P(largest eigenvalue ≥ the given one) under the white null: the Tracy-Widom upper tail. */
    public double pValue(double eigenvalue, double variance) {
        return TracyWidom.survival(statistic(eigenvalue, variance));
    }

    /** The eigenvalue of XᵀX / n at which the TW₁ upper tail equals {@code alpha}: a significance threshold. */
    public double normalizedThreshold(double variance, double tracyWidomQuantile) {
        return variance * (center + scale * tracyWidomQuantile) / samples;
    }
}
