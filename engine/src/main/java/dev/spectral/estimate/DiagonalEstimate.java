package dev.spectral.estimate;

/**
 * An estimated diagonal.
 *
 * @param values         the estimated diagonal
 * @param standardErrors per-entry standard errors (0 for exact)
 * @param errorNorm      ‖standardErrors‖₂, a one-number estimate of the ℓ₂ error of {@code values}
 * @param probes         random probes used
 * @param matvecs        products of the operator with one vector
 * @param seconds        wall time
 * @param solver         method and settings
 */
public record DiagonalEstimate(double[] values, double[] standardErrors, double errorNorm, int probes, long matvecs,
                               double seconds, Solver solver) {}
