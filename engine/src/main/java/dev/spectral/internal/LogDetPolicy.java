package dev.spectral.internal;

import dev.spectral.InvalidInputException;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import java.util.function.Function;

/**
 * The log-determinant policy every dense backend shares, so that all of them refuse the same inputs and answer with
 * the same factorization: the input checks, the empty matrix, Cholesky falling back to LDLᵀ only to recognize an
 * exactly singular matrix, and {@code auto} choosing by symmetry. Backends supply the factorizations.
 */
public final class LogDetPolicy {
    private LogDetPolicy() {}

    /** Refuses input the factorization cannot take; returns the answer for the empty matrix, otherwise null. */
    public static LogDet check(DenseMatrix a, Factorization factorization) {
        Validate.squareFinite(a, "logdet");
        // Finiteness was just checked: only the symmetry pass is left for the symmetric factorizations.
        switch (factorization) {
            case CHOLESKY -> a.requireSymmetric("logdet --factor cholesky", Validate.SYMMETRY_TOLERANCE);
            case LDL -> a.requireSymmetric("logdet --factor ldl", Validate.SYMMETRY_TOLERANCE);
            case LU, AUTO -> { }
        }
        if (a.rows() == 0) {
            return new LogDet(0.0, 1, factorization == Factorization.AUTO ? Factorization.CHOLESKY : factorization, 0);
        }
        return null;
    }

    /**
     * The log-determinant by the requested factorization.
     *
     * @param cholesky the Cholesky log-determinant, or null when the matrix is not positive definite
     */
    public static LogDet factor(DenseMatrix a, Factorization factorization, Function<DenseMatrix, LogDet> cholesky,
                                Function<DenseMatrix, LogDet> ldl, Function<DenseMatrix, LogDet> lu) {
        return switch (factorization) {
            case CHOLESKY -> {
                LogDet c = cholesky.apply(a);
                if (c != null) {
                    yield c;
                }
                // Not positive definite. An exactly singular matrix still has its answer (det = 0), as under every
                // other factorization; LDL tells the two cases apart.
                LogDet l = ldl.apply(a);
                if (l.isSingular()) {
                    yield l;
                }
                throw new InvalidInputException("logdet --factor cholesky: the matrix is not positive definite "
                        + "(use --factor ldl or auto for symmetric indefinite matrices)");
            }
            case LDL -> ldl.apply(a);
            case LU -> lu.apply(a);
            case AUTO -> {
                if (a.relativeAsymmetry() <= Validate.SYMMETRY_TOLERANCE) {
                    LogDet c = cholesky.apply(a);
                    yield c != null ? c : ldl.apply(a);
                }
                yield lu.apply(a);
            }
        };
    }
}
