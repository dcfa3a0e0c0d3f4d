package dev.spectral.estimate;

import java.util.Optional;

/**
 * How a result was computed.
 *
 * @param method   the method's name ("slq", "xtrace", ...)
 * @param settings the method's settings on one line (every default resolved)
 * @param seed     the seed of the random probes (0 for deterministic methods)
 * @param threads  worker threads of the estimator itself
 * @param lanczos  what Lanczos did, for Lanczos-based methods
 * @param device   the BLAS behind the products
 */
public record Solver(String method, String settings, long seed, int threads, Optional<LanczosStats> lanczos, String device) {}
