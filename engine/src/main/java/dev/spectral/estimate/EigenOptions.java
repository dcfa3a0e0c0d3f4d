package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/**
 * Settings of the thick-restart Lanczos eigensolver. {@link #defaults()}: relative residual tolerance 1e-10
 * (‖Av - θv‖ ≤ tol·max|θ|), basis size 0 = automatic (max(2k + 10, 20), at most n: the reorthogonalization reads the whole basis at every step, so a basis larger than needed costs more than the extra restarts it saves), at most 1000 restarts,
 * seed {@link SlqOptions#DEFAULT_SEED}.
 */
public record EigenOptions(double tolerance, int basisSize, int maxRestarts, long seed) {
    public EigenOptions {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InvalidInputException("the eigensolver tolerance must be in (0, 1), got " + tolerance);
        }
        if (basisSize < 0 || maxRestarts < 0) {
            throw new InvalidInputException("basis size and restarts must be >= 0, got " + basisSize + " and " + maxRestarts);
        }
    }

    public static EigenOptions defaults() {
        return new EigenOptions(1e-10, 0, 1000, SlqOptions.DEFAULT_SEED);
    }

    public EigenOptions withTolerance(double t) {
        return new EigenOptions(t, basisSize, maxRestarts, seed);
    }

    public EigenOptions withBasisSize(int m) {
        return new EigenOptions(tolerance, m, maxRestarts, seed);
    }

    public EigenOptions withSeed(long s) {
        return new EigenOptions(tolerance, basisSize, maxRestarts, s);
    }
}
