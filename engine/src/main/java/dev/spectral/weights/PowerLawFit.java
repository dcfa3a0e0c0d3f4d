package dev.spectral.weights;

/** The outcome of fitting a power law to the tail of an ESD: a fit, or a failure with its reason. */
public sealed interface PowerLawFit permits PowerLawFit.Fitted, PowerLawFit.Failed {
    /**
     * A maximum-likelihood power law p(x) ∝ x^{-α} on [xmin, ∞) (Clauset, Shalizi and Newman 2009).
     *
     * @param alpha         α = 1 + k / Σ ln(x_i / xmin) over the k tail points
     * @param xmin          the start of the tail, the candidate with the smallest KS distance
     * @param xmax          the largest value
     * @param ksDistance    D, the Kolmogorov-Smirnov distance between the tail and the fitted law
     * @param standardError (α - 1) / √k
     * @param tailSize      k, the number of values ≥ xmin (WeightWatcher's num_pl_spikes)
     * @param candidates    how many xmin candidates were compared
     */
    record Fitted(double alpha, double xmin, double xmax, double ksDistance, double standardError, int tailSize,
            int candidates) implements PowerLawFit {}

    /** No fit: too few values, a degenerate tail, or a non-finite estimate. Never mistaken for a small alpha. */
    record Failed(String reason) implements PowerLawFit {}

    default boolean fitted() {
        return this instanceof Fitted;
    }
}
