package dev.spectral.spi;

import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;

/**
 * Dense in-core linear algebra on one device. Every backend (CPU, CUDA) implements this contract and runs the same
 * generic contract tests. Inputs are never modified. Implementations own their native resources and release them in
 * {@link #close()}, which is idempotent.
 */
public interface DenseBackend extends AutoCloseable {
    /** Short name: "cpu", "cuda". */
    String name();

    /** Human description of the device and library, e.g. "OpenBLAS 0.3.21 (2 threads)". */
    String device();

    /**
     * Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix. Only the lower triangle is read;
     * callers that need a symmetry check do it before.
     */
    SymmetricEigen eigh(DenseMatrix a, EigenSelection selection, boolean vectors);

    /** Singular values (descending) and optionally singular vectors of any m x n matrix. */
    Svd svd(DenseMatrix a, SvdSelection selection, boolean vectors);

    /** log|det A| with sign by the requested factorization. Singular matrices give -inf and sign 0. */
    LogDet logdet(DenseMatrix a, Factorization factorization);

    /** C = op(A) op(B), op being the transpose when the flag is set. */
    DenseMatrix multiply(DenseMatrix a, boolean transposeA, DenseMatrix b, boolean transposeB);

    @Override
    default void close() {}
}
