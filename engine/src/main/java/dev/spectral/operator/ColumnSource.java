package dev.spectral.operator;

/**
 * An operator whose columns can be computed one at a time without a product: a dense matrix (a copy) or a kernel
 * matrix (one column from the points). Low-rank preconditioners (pivoted Cholesky) need this; a column costs O(n)
 * for a dense matrix and O(n·d) for a kernel, against O(n²) or O(n²·d) for a product.
 */
public interface ColumnSource extends LinearOperator {
    /** Writes column {@code j} of the operator into {@code out[0 .. rows())}. */
    void column(int j, double[] out);
}
