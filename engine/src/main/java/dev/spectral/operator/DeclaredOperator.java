package dev.spectral.operator;

import java.util.Optional;

/** Another operator with properties the caller vouches for: positive semidefiniteness, a known diagonal. */
public final class DeclaredOperator implements LinearOperator {
    private final LinearOperator a;
    private final boolean psd;
    private final double[] diagonal;

    DeclaredOperator(LinearOperator a, boolean psd, double[] diagonal) {
        this.a = a;
        this.psd = psd;
        this.diagonal = diagonal;
    }

    @Override
    public int rows() {
        return a.rows();
    }

    @Override
    public int cols() {
        return a.cols();
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        a.apply(x, y, k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        a.applyTranspose(x, y, k);
    }

    @Override
    public boolean symmetric() {
        return a.symmetric();
    }

    @Override
    public boolean positiveSemidefinite() {
        return psd || a.positiveSemidefinite();
    }

    @Override
    public Optional<double[]> diagonal() {
        return diagonal != null ? Optional.of(diagonal.clone()) : a.diagonal();
    }

    @Override
    public String description() {
        return a.description();
    }

    @Override
    public dev.spectral.matrix.DenseMatrix toDense() {
        return a.toDense();
    }
}
