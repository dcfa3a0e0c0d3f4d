package dev.spectral.rmt;

import dev.spectral.InvalidInputException;

/**
 * Wigner's semicircle law with variance σ² (its second moment): the limit of the ESD of a symmetric n x n matrix with
 * independent entries of variance σ²/n above the diagonal. Support [-2σ, 2σ], density √(4σ² - x²) / (2πσ²). With
 * x = -2σ cos θ the CDF is (θ - sin θ cos θ) / π.
 */
public final class WignerSemicircle {
    private final double variance;
    private final double radius;

    private WignerSemicircle(double variance) {
        this.variance = variance;
        this.radius = 2 * Math.sqrt(variance);
    }

    public static WignerSemicircle of(double variance) {
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new InvalidInputException("the semicircle law needs a finite variance > 0, got " + variance);
        }
        return new WignerSemicircle(variance);
    }

    public double variance() {
        return variance;
    }

    public double lowerEdge() {
        return -radius;
    }

    public double upperEdge() {
        return radius;
    }

    public double density(double x) {
        if (Math.abs(x) >= radius) {
            return 0;
        }
        return Math.sqrt(radius * radius - x * x) / (2 * Math.PI * variance);
    }

    public double cdf(double x) {
        if (x <= -radius) {
            return 0;
        }
        if (x >= radius) {
            return 1;
        }
        double theta = Math.acos(Math.max(-1, Math.min(1, -x / radius)));
        return cdfAt(theta);
    }

    private static double cdfAt(double theta) {
        return Math.max(0, Math.min(1, (theta - Math.sin(theta) * Math.cos(theta)) / Math.PI));
    }

    public double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidInputException("a quantile needs p in [0, 1], got " + p);
        }
        double lo = 0;
        double hi = Math.PI;
        for (int i = 0; i < 200 && hi - lo > 1e-16; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdfAt(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return -radius * Math.cos(0.5 * (lo + hi));
    }

    /** m(z) = ∫ dμ(x)/(x - z) = (-z + √(z-2σ)·√(z+2σ)) / (2σ²), principal roots, for Im z ≥ 0 (conjugated below). */
    public Complex stieltjes(Complex z) {
        if (z.im() < 0) {
            Complex c = stieltjes(new Complex(z.re(), -z.im()));
            return new Complex(c.re(), -c.im());
        }
        Complex root = z.minus(radius).sqrt().times(z.plus(radius).sqrt());
        return z.negate().plus(root).times(1 / (2 * variance));
    }

    @Override
    public String toString() {
        return "WignerSemicircle[variance=" + variance + "]";
    }
}
