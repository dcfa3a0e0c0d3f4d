package dev.spectral.operator;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.estimate.Workers;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;

/** Factories for every {@link LinearOperator} implementation. */
public final class Operators {
    private Operators() {}

    /** A dense matrix (not copied); symmetric when it is so to {@link dev.spectral.internal.Validate#SYMMETRY_TOLERANCE}. */
    public static DenseOperator dense(DenseMatrix a) {
        return new DenseOperator(a);
    }

    /**
     * A CSR matrix (not copied), products parallel over row chunks on all processors. Symmetric when its pattern and
     * values are.
     */
    public static CsrOperator sparse(CsrMatrix a) {
        return new CsrOperator(a, Workers.defaultThreads());
    }

    /** A CSR matrix whose products use at most {@code threads} threads. */
    public static CsrOperator sparse(CsrMatrix a, int threads) {
        requireThreads(threads);
        return new CsrOperator(a, threads);
    }

    /** A + tI. */
    public static LinearOperator shifted(LinearOperator a, double t) {
        requireSquare(a, "a shifted operator A + tI");
        requireFinite(t, "shift");
        return new ShiftedOperator(a, t);
    }

    /** cA. */
    public static LinearOperator scaled(LinearOperator a, double c) {
        requireFinite(c, "scale factor");
        return new ScaledOperator(a, c);
    }

    /** A + B. */
    public static LinearOperator sum(LinearOperator a, LinearOperator b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new InvalidInputException("cannot add a " + a.rows() + " x " + a.cols() + " operator and a "
                    + b.rows() + " x " + b.cols() + " operator");
        }
        return new SumOperator(a, b);
    }

    /** AᵀA of an m x n operator (n x n; needs A's transpose product). */
    public static GramOperator gram(LinearOperator a) {
        return new GramOperator(a, false);
    }

    /** AAᵀ of an m x n operator (m x m; needs A's transpose product). */
    public static GramOperator outerGram(LinearOperator a) {
        return new GramOperator(a, true);
    }

    /** A symmetric n x n operator given by a block product. */
    public static LinearOperator symmetric(int n, BlockProduct product) {
        return new FunctionOperator(n, n, product, null, true, "user operator");
    }

    /**
     * A symmetric n x n operator given by a one-vector product; blocks are applied column by column, so prefer
     * {@link #symmetric(int, BlockProduct)} when a block product is available.
     */
    public static LinearOperator symmetric(int n, VectorProduct product) {
        return new FunctionOperator(n, n, columnByColumn(n, n, product), null, true, "user operator");
    }

    /** A general rows x cols operator; {@code transposeProduct} may be null when Aᵀ X is never needed. */
    public static LinearOperator general(int rows, int cols, BlockProduct product, BlockProduct transposeProduct) {
        return new FunctionOperator(rows, cols, product, transposeProduct, false, "user operator");
    }

    /** Declares a symmetric operator positive semidefinite (needed by XNysTrace and by log and inverse of user operators). */
    public static LinearOperator assumePositiveSemidefinite(LinearOperator a) {
        if (!a.symmetric()) {
            throw new InvalidInputException("only a symmetric operator can be declared positive semidefinite: " + a.description());
        }
        return new DeclaredOperator(a, true, null);
    }

    /** Attaches a known diagonal to a square operator. */
    public static LinearOperator withDiagonal(LinearOperator a, double[] diagonal) {
        requireSquare(a, "an operator with a diagonal");
        if (diagonal.length != a.rows()) {
            throw new InvalidInputException("diagonal of length " + diagonal.length + " for " + a.description());
        }
        return new DeclaredOperator(a, false, diagonal.clone());
    }

    /**
     * The kernel matrix of a point set plus nugget·I, generated tile by tile on the fly, products on all processors
     * (see {@link KernelOperator} for the threading).
     */
    public static KernelOperator kernel(Points x, Kernel k, double nugget) {
        return new KernelOperator(x, k, nugget, Workers.defaultThreads());
    }

    /** The kernel operator with products on at most {@code threads} Java threads. */
    public static KernelOperator kernel(Points x, Kernel k, double nugget, int threads) {
        requireThreads(threads);
        return new KernelOperator(x, k, nugget, threads);
    }

    private static BlockProduct columnByColumn(int rows, int cols, VectorProduct p) {
        return (x, y, k) -> {
            double[] xi = new double[cols];
            double[] yi = new double[rows];
            for (int c = 0; c < k; c++) {
                System.arraycopy(x, c * cols, xi, 0, cols);
                p.apply(xi, yi);
                System.arraycopy(yi, 0, y, c * rows, rows);
            }
        };
    }

    private static void requireSquare(LinearOperator a, String what) {
        if (!a.isSquare()) {
            throw new InvalidInputException(what + " needs a square operator, got " + a.rows() + " x " + a.cols());
        }
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException("the " + what + " must be finite, got " + v);
        }
    }

    private static void requireThreads(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
    }
}
