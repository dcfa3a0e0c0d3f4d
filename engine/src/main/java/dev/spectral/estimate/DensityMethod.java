package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/**
 * How a spectral density (and an eigenvalue count) is estimated. Defaults: {@link #slq()} = 10 Rademacher probes,
 * Lanczos degree 60 with full reorthogonalization, Gaussian broadening σ = 1% of the spectral range, 512 grid
 * points; {@link #kpm()} = 128 Chebyshev moments with Jackson damping, 20 probes, 512 grid points. Both use seed
 * {@link SlqOptions#DEFAULT_SEED}.
 */
public sealed interface DensityMethod {
    /**
     * SLQ density: each probe's Gauss rule (Ritz values θ_k, weights τ_k²) is a discrete measure; their average,
     * broadened by Gaussians of width {@code sigma} (NaN = 1% of the Ritz range), is the density.
     */
    record SlqDensity(int probes, int degree, double sigma, int gridPoints, Reorthogonalization reorthogonalization,
                      long seed) implements DensityMethod {
        public SlqDensity {
            if (probes < 2 || degree < 1 || gridPoints < 2) {
                throw new InvalidInputException("an SLQ density needs at least 2 probes, degree 1 and 2 grid points, got "
                        + probes + ", " + degree + ", " + gridPoints);
            }
            if (!(sigma > 0) && !Double.isNaN(sigma)) {
                throw new InvalidInputException("the broadening width must be positive (or NaN for automatic), got " + sigma);
            }
        }
    }

    /**
     * Kernel polynomial method: Chebyshev moments of A mapped onto [-1, 1] with spectral bounds from Lanczos,
     * Hutchinson estimates of each moment, Jackson damping against Gibbs oscillations.
     */
    record Kpm(int moments, int probes, int gridPoints, long seed) implements DensityMethod {
        public Kpm {
            if (moments < 2 || probes < 2 || gridPoints < 2) {
                throw new InvalidInputException("KPM needs at least 2 moments, 2 probes and 2 grid points, got "
                        + moments + ", " + probes + ", " + gridPoints);
            }
        }
    }

    static DensityMethod slq() {
        return new SlqDensity(10, 60, Double.NaN, 512, Reorthogonalization.full(), SlqOptions.DEFAULT_SEED);
    }

    static DensityMethod kpm() {
        return new Kpm(128, 20, 512, SlqOptions.DEFAULT_SEED);
    }
}
