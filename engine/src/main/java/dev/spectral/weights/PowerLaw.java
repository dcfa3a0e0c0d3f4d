package dev.spectral.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.weights.PowerLawSearch;

/**
 * Power-law fits of a spectrum's tail by the method of Clauset, Shalizi and Newman (2009): for every candidate xmin
 * (each distinct value leaving at least {@code minTail} points above it) the exponent is the maximum-likelihood
 * α = 1 + k / Σ ln(x_i/xmin), and the chosen xmin minimizes the Kolmogorov-Smirnov distance between the tail and
 * the fitted law.
 *
 * <p>The α of every candidate costs O(1) from suffix sums of logarithms. The KS distances are computed exactly but
 * not naively: the deviation of the empirical from the fitted CDF over an index range [l, r] is bounded from both
 * endpoints (both CDFs are monotone), so ranges whose bound cannot beat the running maximum are discarded, and a
 * candidate is abandoned as soon as its distance exceeds the best distance found so far. The result is identical to
 * the O(n²) scan (tested), and much faster on real spectra (measured in the tests: see {@link PowerLawSearch}).
 */
public final class PowerLaw {
    /** Default minimum tail size: below 10 points the standard error (α-1)/√k exceeds a third of α - 1. */
    public static final int DEFAULT_MIN_TAIL = 10;

    private PowerLaw() {}

    /** Fits values (any order, all > 0) with the default minimum tail. */
    public static PowerLawFit fit(double[] values) {
        return fit(values, DEFAULT_MIN_TAIL);
    }

    public static PowerLawFit fit(double[] values, int minTail) {
        if (minTail < 2) {
            throw new InvalidInputException("a power-law fit needs a minimum tail of at least 2 points, got " + minTail);
        }
        for (double v : values) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new InvalidInputException("a power-law fit needs finite positive values, got " + v);
            }
        }
        return PowerLawSearch.fit(values, minTail);
    }
}
