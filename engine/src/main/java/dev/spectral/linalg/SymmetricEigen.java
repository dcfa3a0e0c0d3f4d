package dev.spectral.linalg;

import dev.spectral.matrix.DenseMatrix;

/**
 * Eigenvalues of a symmetric matrix in ascending order and, when asked for, the matching orthonormal eigenvectors
 * as the columns of {@code vectors} (null otherwise).
 */
public record SymmetricEigen(double[] values, DenseMatrix vectors) {
    public boolean hasVectors() {
        return vectors != null;
    }
}
