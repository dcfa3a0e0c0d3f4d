package dev.spectral.operator;

import java.util.Optional;

/**
 * AᵀA (n x n) or AAᵀ (m x m) of an m x n operator A, applied as two products and never formed. Symmetric and
 * positive semidefinite by construction. Estimators that know this class run Golub-Kahan bidiagonalization on A
 * itself instead of Lanczos on the product.
 */
public final class GramOperator implements LinearOperator {
    private final LinearOperator a;
    private final boolean outer;

    GramOperator(LinearOperator a, boolean outer) {
        this.a = a;
        this.outer = outer;
    }

    /** The factor A. */
    public LinearOperator factor() {
        return a;
    }

    /** True for AAᵀ, false for AᵀA. */
    public boolean outer() {
        return outer;
    }

    @Override
    public int rows() {
        return outer ? a.rows() : a.cols();
    }

    @Override
    public int cols() {
        return rows();
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        if (outer) {
            double[] t = new double[a.cols() * k];
            a.applyTranspose(x, t, k);
            a.apply(t, y, k);
        } else {
            double[] t = new double[a.rows() * k];
            a.apply(x, t, k);
            a.applyTranspose(t, y, k);
        }
    }

    @Override
    public boolean symmetric() {
        return true;
    }

    @Override
    public boolean positiveSemidefinite() {
        return true;
    }

    /** Squared column (AᵀA) or row (AAᵀ) norms, when A is a dense or sparse matrix. */
    @Override
    public Optional<double[]> diagonal() {
        if (a instanceof DenseOperator d) {
            var m = d.matrix();
            double[] s = new double[rows()];
            for (int j = 0; j < m.cols(); j++) {
                for (int i = 0; i < m.rows(); i++) {
                    double v = m.get(i, j);
                    s[outer ? i : j] += v * v;
                }
            }
            return Optional.of(s);
        }
        if (a instanceof CsrOperator c) {
            var m = c.matrix();
            double[] s = new double[rows()];
            int[] rp = m.rowPointers();
            int[] ci = m.columnIndices();
            double[] v = m.values();
            for (int i = 0; i < m.rows(); i++) {
                for (int p = rp[i]; p < rp[i + 1]; p++) {
                    s[outer ? i : ci[p]] += v[p] * v[p];
                }
            }
            return Optional.of(s);
        }
        return Optional.empty();
    }

    @Override
    public String description() {
        return outer ? "A·Aᵀ of " + a.description() : "Aᵀ·A of " + a.description();
    }
}
