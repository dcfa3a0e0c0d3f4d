package dev.spectral.flodance;

import dev.spectral.InvalidInputException;

/**
 * Settings of a FLODANCE fit.
 *
 * @param burnIn        n0: increments log det K_m - log det K_{m-1} enter the fit for m in (n0, n_s]; 0 picks
 *                      n0 = max(1, n_s / 10), leaving out the smallest sizes where the scaling law has not set in
 * @param corrections   q, the number of correction terms (n0/m)^i, i = 1..q, beside ν log m + c
 * @param noiseExponent α: the scatter of a single increment around the law is taken to grow like m^α (0: the same
 *                      at every size); each equation is weighted by the inverse of its variance under that model
 */
public record FlodanceOptions(int burnIn, int corrections, double noiseExponent) {
    public FlodanceOptions {
        if (burnIn < 0) {
            throw new InvalidInputException("the burn-in size must be >= 0 (0 for automatic), got " + burnIn);
        }
        if (corrections < 0 || corrections > 8) {
            throw new InvalidInputException("the number of correction terms must be between 0 and 8, got " + corrections);
        }
        if (!Double.isFinite(noiseExponent)) {
            throw new InvalidInputException("the noise exponent must be finite, got " + noiseExponent);
        }
    }

    /** Automatic burn-in, q = 2 corrections, homoscedastic increments. */
    public static FlodanceOptions defaults() {
        return new FlodanceOptions(0, 2, 0.0);
    }

    public FlodanceOptions withBurnIn(int n0) {
        return new FlodanceOptions(n0, corrections, noiseExponent);
    }

    public FlodanceOptions withCorrections(int q) {
        return new FlodanceOptions(burnIn, q, noiseExponent);
    }

    public FlodanceOptions withNoiseExponent(double alpha) {
        return new FlodanceOptions(burnIn, corrections, alpha);
    }
}
