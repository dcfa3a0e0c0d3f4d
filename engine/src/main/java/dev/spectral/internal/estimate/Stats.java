package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;

/** Sample statistics and the normal quantile used for confidence intervals. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] x, int m) {
        double s = 0;
        for (int i = 0; i < m; i++) {
            s += x[i];
        }
        return s / m;
    }

    /** Unbiased sample standard deviation of x[0..m) (0 when m < 2). */
    public static double std(double[] x, int m) {
        if (m < 2) {
            return 0;
        }
        double mu = mean(x, m);
        double s = 0;
        for (int i = 0; i < m; i++) {
            double d = x[i] - mu;
            s += d * d;
        }
        return Math.sqrt(s / (m - 1));
    }

    /** z such that P(|N(0,1)| ≤ z) = level, i.e. √2·erfinv(level). */
    public static double zForConfidence(double level) {
        if (!(level > 0 && level < 1)) {
            throw new InvalidInputException("the confidence level must be in (0, 1), got " + level);
        }
        return normalQuantile(0.5 + level / 2);
    }

    /** Φ⁻¹(p) for p in [0.5, 1): Newton's method on {@link #normalCdf}, which is accurate to about 1e-16 there. */
    public static double normalQuantile(double p) {
        if (!(p >= 0.5 && p < 1)) {
            throw new IllegalArgumentException("p must be in [0.5, 1), got " + p);
        }
        double lo = 0;
        double hi = 40;
        double z = 1;
        for (int it = 0; it < 200; it++) {
            double f = normalCdf(z) - p;
            if (f > 0) {
                hi = z;
            } else {
                lo = z;
            }
            double step = f / normalPdf(z);
            double next = z - step;
            if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2; // Newton left the bracket: bisect
            }
            if (Math.abs(next - z) <= 1e-15 * Math.max(1, z)) {
                return next;
            }
            z = next;
        }
        return z;
    }

    public static double normalPdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /**
     * Φ(z) for z ≥ 0 from erf(x) = (2/√π) e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3···(2n+1)), a series of positive terms (no
     * cancellation) that converges for every x.
     */
    public static double normalCdf(double z) {
        if (z < 0) {
            return 1 - normalCdf(-z);
        }
        if (z > 9) {
            return 1.0; // 1 - Φ(9) < 1e-18: below double resolution near 1
        }
        double x = z / Math.sqrt(2);
        double term = x;
        double sum = x;
        for (int n = 1; n < 10_000; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        double erf = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
        return 0.5 * (1 + Math.min(1.0, erf));
    }
}
