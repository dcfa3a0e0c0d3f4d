package dev.spectral.estimate;

import dev.spectral.matrix.DenseMatrix;

/**
 * Extreme eigenpairs of a symmetric operator.
 *
 * @param values    eigenvalues, largest first for {@link Which#LARGEST}, smallest first for {@link Which#SMALLEST}
 * @param vectors   n x k orthonormal Ritz vectors, column i for values[i]
 * @param residuals ‖A v_i - λ_i v_i‖ for each pair
 * @param converged true when every residual met the tolerance
 * @param restarts  thick restarts performed
 * @param matvecs   products with one vector
 * @param seconds   wall time
 */
public record Eigenpairs(double[] values, DenseMatrix vectors, double[] residuals, boolean converged, int restarts,
                         long matvecs, double seconds) {}
