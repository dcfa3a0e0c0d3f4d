package dev.spectral.rmt;

import dev.spectral.InvalidInputException;

/**
 * The Baik-Ben Arous-Péché phase transition for the spiked covariance model: with n samples of p features
 * (γ = p/n) and a population spike ℓ in an otherwise white covariance, the top eigenvalue of the sample covariance
 * XᵀX/n converges to ℓ(1 + γ/(ℓ - 1)) when ℓ > 1 + √γ, and sticks to the bulk edge (1 + √γ)² otherwise
 * (Baik, Ben Arous and Péché 2005; Baik and Silverstein 2006 for the limit; Paul 2007 for the real case).
 */
public final class Bbp {
    private Bbp() {}

    /** The critical spike 1 + √γ. */
    public static double threshold(double ratio) {
        requireRatio(ratio);
        return 1 + Math.sqrt(ratio);
    }

    /** Where the top sample eigenvalue goes for a population spike ℓ ≥ 1. */
    public static double topEigenvalueLimit(double spike, double ratio) {
        requireRatio(ratio);
        if (!(spike >= 1)) {
            throw new InvalidInputException("a population spike above the white level needs ℓ >= 1, got " + spike);
        }
        if (spike > threshold(ratio)) {
            return spike * (1 + ratio / (spike - 1));
        }
        double edge = 1 + Math.sqrt(ratio);
        return edge * edge;
    }

    /**
     * The standard deviation of the top sample eigenvalue above the transition: √n(λ - ℓ(1 + γ/(ℓ-1))) tends to
     * N(0, 2ℓ²(1 - γ/(ℓ-1)²)) for real data (Paul 2007, Theorem 3).
     */
    public static double supercriticalStandardDeviation(double spike, double ratio, long samples) {
        if (!(spike > threshold(ratio))) {
            throw new InvalidInputException("spike " + spike + " is not above the BBP threshold " + threshold(ratio));
        }
        double t = ratio / ((spike - 1) * (spike - 1));
        return spike * Math.sqrt(2 * (1 - t) / samples);
    }

    private static void requireRatio(double ratio) {
        if (!(ratio > 0) || !Double.isFinite(ratio)) {
            throw new InvalidInputException("the BBP transition needs a finite ratio γ = p/n > 0, got " + ratio);
        }
    }
}
