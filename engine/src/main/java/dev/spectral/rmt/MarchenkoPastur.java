package dev.spectral.rmt;

import dev.spectral.InvalidInputException;

/**
 * The Marchenko-Pastur law MP(γ, σ²): the limit of the eigenvalue distribution of {@code (1/N) XᵀX} for an N x M
 * matrix X with independent entries of mean 0 and variance σ², as N, M → ∞ with M/N → γ (the ratio).
 *
 * <p>Bulk on [σ²(1-√γ)², σ²(1+√γ)²] with density {@code √((b-x)(x-a)) / (2π σ² γ x)}; for γ > 1 (more columns than
 * rows) there is in addition an atom of mass 1 - 1/γ at zero. The CDF is closed-form: with x = σ²(1+γ-2√γ cos θ),
 * θ in [0, π],
 * <pre>F(θ) = (2/π) [ sin θ/(2√γ) + (1+γ) θ/(4γ) - |1-γ|/(2γ) · atan((1+√γ) tan(θ/2) / |1-√γ|) ]</pre>
 * (the integral of the density after that substitution; it reaches 1 for γ ≤ 1 and 1/γ for γ > 1).
 */
public final class MarchenkoPastur {
    private final double ratio;
    private final double variance;
    private final double sqrtRatio;

    private MarchenkoPastur(double ratio, double variance) {
        this.ratio = ratio;
        this.variance = variance;
        this.sqrtRatio = Math.sqrt(ratio);
    }

    /**
     * @param ratio    γ = M/N > 0 (columns over rows of X; the ESD has M eigenvalues)
     * @param variance σ² > 0, the variance of the entries of X
     */
    public static MarchenkoPastur of(double ratio, double variance) {
        if (!(ratio > 0) || !Double.isFinite(ratio)) {
            throw new InvalidInputException("Marchenko-Pastur needs a finite ratio > 0, got " + ratio);
        }
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new InvalidInputException("Marchenko-Pastur needs a finite variance > 0, got " + variance);
        }
        return new MarchenkoPastur(ratio, variance);
    }

    /** The law of the ESD of (1/rows)·XᵀX for a rows x cols matrix X: γ = cols/rows. */
    public static MarchenkoPastur forShape(long rows, long cols, double variance) {
        return of((double) cols / rows, variance);
    }

    public double ratio() {
        return ratio;
    }

    public double variance() {
        return variance;
    }

    /** σ²(1-√γ)², the lower edge of the continuous part. */
    public double lowerEdge() {
        double t = 1 - sqrtRatio;
        return variance * t * t;
    }

    /** σ²(1+√γ)², the upper edge of the bulk. */
    public double upperEdge() {
        double t = 1 + sqrtRatio;
        return variance * t * t;
    }

    /** The mass of the atom at zero: max(0, 1 - 1/γ). */
    public double atomAtZero() {
        return ratio > 1 ? 1 - 1 / ratio : 0;
    }

    /** The mean of the law, σ². */
    public double mean() {
        return variance;
    }

    /** The second moment σ⁴(1+γ). */
    public double secondMoment() {
        return variance * variance * (1 + ratio);
    }

    /** The density of the continuous part (the atom at zero, if any, is not included). */
    public double density(double x) {
        double a = lowerEdge();
        double b = upperEdge();
        if (x <= a || x >= b || x <= 0) {
            return 0;
        }
        return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * variance * ratio * x);
    }

    /** P(X ≤ x), including the atom at zero when γ > 1. */
    public double cdf(double x) {
        if (x < 0) {
            return 0;
        }
        double atom = atomAtZero();
        double a = lowerEdge();
        double b = upperEdge();
        if (x <= a) {
            return atom;
        }
        if (x >= b) {
            return 1;
        }
        double cos = (1 + ratio - x / variance) / (2 * sqrtRatio);
        double theta = Math.acos(Math.max(-1, Math.min(1, cos)));
        return Math.min(1, atom + continuousPart(theta));
    }

    private double continuousPart(double theta) {
        double s = sqrtRatio;
        double g = ratio;
        double arctan = Math.atan2((1 + s) * Math.sin(theta / 2), Math.abs(1 - s) * Math.cos(theta / 2));
        double v = Math.sin(theta) / (2 * s) + (1 + g) * theta / (4 * g) - Math.abs(1 - g) / (2 * g) * arctan;
        return Math.max(0, 2 / Math.PI * v);
    }

    /** The smallest x with cdf(x) ≥ p, for p in [0, 1]. */
    public double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidInputException("a quantile needs p in [0, 1], got " + p);
        }
        double atom = atomAtZero();
        if (p <= atom) {
            return 0;
        }
        if (p == 1) {
            return upperEdge();
        }
        // Bisection in θ: the CDF is strictly increasing in θ on (0, π).
        double lo = 0;
        double hi = Math.PI;
        for (int i = 0; i < 200 && hi - lo > 1e-16; i++) {
            double mid = 0.5 * (lo + hi);
            if (atom + continuousPart(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double theta = 0.5 * (lo + hi);
        return variance * (1 + ratio - 2 * sqrtRatio * Math.cos(theta));
    }

    /**
     * The Stieltjes transform m(z) = ∫ dμ(x) / (x - z) for z off the support (Im z ≠ 0, or real z outside the
     * support and not zero when there is an atom). It solves γ z m² + (z + γ - 1) m + 1 = 0 (σ² = 1); the root is
     * the one that behaves like -1/z at infinity, which the product √(z-a)·√(z-b) of principal roots selects in the
     * upper half plane.
     */
    public Complex stieltjes(Complex z) {
        if (z.im() < 0) {
            Complex c = stieltjes(new Complex(z.re(), -z.im()));
            return new Complex(c.re(), -c.im());
        }
        Complex w = z.times(1 / variance);
        double a = lowerEdge() / variance;
        double b = upperEdge() / variance;
        Complex root = w.minus(a).sqrt().times(w.minus(b).sqrt());
        Complex num = w.negate().plus(1 - ratio).plus(root);
        Complex m = num.divide(w.times(2 * ratio));
        return m.times(1 / variance);
    }

    @Override
    public String toString() {
        return "MarchenkoPastur[ratio=" + ratio + ", variance=" + variance + "]";
    }
}
