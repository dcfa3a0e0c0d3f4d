package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/**
 * Settings of stochastic Lanczos quadrature. {@link #defaults()}: Rademacher probes, 10 to 50 probes, stop when the
 * half-width of the 95% interval is below max(1e-2·|value|, 0); Lanczos degree chosen per probe between 5 and 300
 * (the probe stops growing its degree when its quadrature value changed by less than 1% of that target over the last
 * quarter of its steps, twice in a row, so the quadrature bias stays far below the reported error), no
 * reorthogonalization, 8 probes per block, all processors for the per-probe vector work, seed {@link #DEFAULT_SEED}.
 * These match imate's defaults where imate has the same setting (probes, tolerance, confidence); imate's fixed degree 20 is replaced by the adaptive degree.
 *
 * @param probe               probe distribution
 * @param minProbes           probes always used
 * @param maxProbes           probes never exceeded
 * @param relativeTolerance   stop when z·std/√m ≤ max(absoluteTolerance, relativeTolerance·|mean|)
 * @param absoluteTolerance   see relativeTolerance
 * @param confidence          level of the reported interval and of the stopping rule's z
 * @param minDegree           Lanczos steps always taken (unless the Krylov space is invariant earlier)
 * @param maxDegree           Lanczos steps never exceeded; a probe that reaches it without settling is reported
 * @param reorthogonalization none (default), full, or a window of recent vectors
 * @param blockSize           probes advanced together through one block product
 * @param threads             workers for per-probe vector work (operator products use the operator's own threads)
 * @param seed                probe i is drawn from a generator seeded by (seed, i)
 */
public record SlqOptions(Probe probe, int minProbes, int maxProbes, double relativeTolerance, double absoluteTolerance,
                         double confidence, int minDegree, int maxDegree, Reorthogonalization reorthogonalization,
                         int blockSize, int threads, long seed) {
    public static final long DEFAULT_SEED = 0x5EED_2024L;
    /**
     * A probe's degree stops when its value changed by less than this fraction of the requested error across the last
     * quarter of its steps (twice in a row).
     */
    public static final double QUADRATURE_FRACTION = 0.01;

    public SlqOptions {
        if (probe == null || reorthogonalization == null) {
            throw new InvalidInputException("SLQ options need a probe distribution and a reorthogonalization");
        }
        if (minProbes < 2 || maxProbes < minProbes) {
            throw new InvalidInputException("SLQ needs 2 <= min probes <= max probes, got " + minProbes + " and " + maxProbes);
        }
        if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0) || Double.isInfinite(relativeTolerance)
                || Double.isInfinite(absoluteTolerance)) {
            throw new InvalidInputException("SLQ tolerances must be finite and >= 0, got relative " + relativeTolerance
                    + " and absolute " + absoluteTolerance);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new InvalidInputException("the confidence level must be in (0, 1), got " + confidence);
        }
        if (minDegree < 1 || maxDegree < minDegree) {
            throw new InvalidInputException("SLQ needs 1 <= min degree <= max degree, got " + minDegree + " and " + maxDegree);
        }
        if (blockSize < 1 || threads < 1) {
            throw new InvalidInputException("SLQ needs a block size and thread count of at least 1, got " + blockSize
                    + " and " + threads);
        }
    }

    public static SlqOptions defaults() {
        return new SlqOptions(Probe.RADEMACHER, 10, 50, 1e-2, 0.0, 0.95, 5, 300, Reorthogonalization.none(), 8,
                Runtime.getRuntime().availableProcessors(), DEFAULT_SEED);
    }

    /** Exactly {@code probes} probes (no adaptive stopping). */
    public SlqOptions withProbes(int probes) {
        return withProbes(probes, probes);
    }

    public SlqOptions withProbes(int min, int max) {
        return new SlqOptions(probe, min, max, relativeTolerance, absoluteTolerance, confidence, minDegree, maxDegree,
                reorthogonalization, blockSize, threads, seed);
    }

    public SlqOptions withTolerance(double relative, double absolute) {
        return new SlqOptions(probe, minProbes, maxProbes, relative, absolute, confidence, minDegree, maxDegree,
                reorthogonalization, blockSize, threads, seed);
    }

    public SlqOptions withConfidence(double level) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, level, minDegree,
                maxDegree, reorthogonalization, blockSize, threads, seed);
    }

    /** A fixed Lanczos degree (the quadrature still stops early on an invariant subspace). */
    public SlqOptions withDegree(int degree) {
        return withDegree(degree, degree);
    }

    public SlqOptions withDegree(int min, int max) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, min, max,
                reorthogonalization, blockSize, threads, seed);
    }

    public SlqOptions withReorthogonalization(Reorthogonalization r) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, minDegree,
                maxDegree, r, blockSize, threads, seed);
    }

    public SlqOptions withProbe(Probe p) {
        return new SlqOptions(p, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, minDegree,
                maxDegree, reorthogonalization, blockSize, threads, seed);
    }

    public SlqOptions withBlockSize(int size) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, minDegree,
                maxDegree, reorthogonalization, size, threads, seed);
    }

    public SlqOptions withThreads(int count) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, minDegree,
                maxDegree, reorthogonalization, blockSize, count, seed);
    }

    public SlqOptions withSeed(long s) {
        return new SlqOptions(probe, minProbes, maxProbes, relativeTolerance, absoluteTolerance, confidence, minDegree,
                maxDegree, reorthogonalization, blockSize, threads, s);
    }

    /** True when the degree is fixed (min = max). */
    public boolean fixedDegree() {
        return minDegree == maxDegree;
    }
}
