package dev.spectral.internal.estimate;

/**
 * One probe's result: its values, the Lanczos degree it used, whether it ended on an invariant subspace (exact
 * quadrature), whether its degree converged, and its Gauss rule when it was asked for.
 */
public record ProbeOutcome(long index, double[] values, int degree, boolean breakdown, boolean degreeConverged,
                           double[] nodes, double[] weights) {}
