package dev.spectral.operator;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import java.util.Optional;

/**
 * A matrix known only through its products. Products are taken on blocks of k vectors at once (column-major arrays),
 * so that implementations can use matrix-matrix kernels (BLAS-3) instead of k separate matrix-vector products.
 *
 * <p>Implementations must be safe to call from several threads at once (estimators may run probe blocks
 * concurrently) and must not keep references to the arrays they are given.
 */
public interface LinearOperator {
    /** Number of rows of A. */
    int rows();

    /** Number of columns of A. */
    int cols();

    /**
     * Y = A X for k vectors: {@code x} holds a cols x k column-major block, {@code y} a rows x k block that is
     * overwritten. Only the first cols·k (rows·k) entries are used.
     */
    void apply(double[] x, double[] y, int k);

    /**
     * Y = Aᵀ X for k vectors (x is rows x k, y is cols x k). Symmetric operators use {@link #apply}; other operators
     * override this when they can; the default refuses.
     */
    default void applyTranspose(double[] x, double[] y, int k) {
        if (symmetric()) {
            apply(x, y, k);
            return;
        }
        throw new InvalidInputException(description() + " has no transpose product");
    }

    /** True when A = Aᵀ is known (declared or checked). */
    default boolean symmetric() {
        return false;
    }

    /** True when A is known to be symmetric positive semidefinite (declared or implied by construction). */
    default boolean positiveSemidefinite() {
        return false;
    }

    /** The diagonal of A when it is cheap to obtain exactly, else empty. */
    default Optional<double[]> diagonal() {
        return Optional.empty();
    }

    /** A short description for messages and result records, e.g. "dense 1000 x 1000". */
    default String description() {
        return getClass().getSimpleName() + " " + rows() + " x " + cols();
    }

    default boolean isSquare() {
        return rows() == cols();
    }

    /** A + tI. */
    default LinearOperator shifted(double t) {
        return Operators.shifted(this, t);
    }

    /** cA. */
    default LinearOperator scaled(double c) {
        return Operators.scaled(this, c);
    }

    /** A + B. */
    default LinearOperator plus(LinearOperator other) {
        return Operators.sum(this, other);
    }

    /** A X for a single vector, into a new array. */
    default double[] times(double[] x) {
        if (x.length != cols()) {
            throw new InvalidInputException("vector of length " + x.length + " does not match " + description());
        }
        double[] y = new double[rows()];
        apply(x, y, 1);
        return y;
    }

    /**
     * The operator as a dense matrix, by products with blocks of identity columns (rows x cols memory and cols
     * products: for tests, exact reference values and small operators only).
     */
    default DenseMatrix toDense() {
        int m = rows();
        int n = cols();
        DenseMatrix out = DenseMatrix.zeros(m, n);
        int block = Math.max(1, Math.min(n, 64));
        double[] e = new double[n * block];
        double[] y = new double[m * block];
        for (int j0 = 0; j0 < n; j0 += block) {
            int k = Math.min(block, n - j0);
            java.util.Arrays.fill(e, 0.0);
            for (int c = 0; c < k; c++) {
                e[c * n + j0 + c] = 1.0;
            }
            apply(e, y, k);
            System.arraycopy(y, 0, out.data(), j0 * m, m * k);
        }
        return out;
    }
}
