package dev.spectral.operator;

import java.util.Optional;

/** cA. */
public final class ScaledOperator implements LinearOperator {
    private final LinearOperator a;
    private final double c;

    ScaledOperator(LinearOperator a, double c) {
        this.a = a;
        this.c = c;
    }

    public LinearOperator base() {
        return a;
    }

    public double factor() {
        return c;
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
        scale(y, a.rows() * k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        a.applyTranspose(x, y, k);
        scale(y, a.cols() * k);
    }

    private void scale(double[] y, int len) {
        for (int i = 0; i < len; i++) {
            y[i] *= c;
        }
    }

    @Override
    public boolean symmetric() {
        return a.symmetric();
    }

    @Override
    public boolean positiveSemidefinite() {
        return a.positiveSemidefinite() && c >= 0;
    }

    @Override
    public Optional<double[]> diagonal() {
        return a.diagonal().map(d -> {
            double[] s = d.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] *= c;
            }
            return s;
        });
    }

    @Override
    public String description() {
        return c + "·(" + a.description() + ")";
    }
}
