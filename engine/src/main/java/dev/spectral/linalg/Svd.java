package dev.spectral.linalg;

import dev.spectral.matrix.DenseMatrix;

/**
 * Singular values in descending order; with vectors, A ≈ U diag(s) Vᵀ where U is m x k and {@code vt} is k x n
 * (k the number of values returned). Without vectors, {@code u} and {@code vt} are null.
 */
public record Svd(double[] singularValues, DenseMatrix u, DenseMatrix vt) {
    public boolean hasVectors() {
        return u != null;
    }
}
