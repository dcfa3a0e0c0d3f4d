package dev.spectral.operator;

import java.util.Optional;

/** A + B of operators of the same shape. */
public final class SumOperator implements LinearOperator {
    private final LinearOperator a;
    private final LinearOperator b;

    SumOperator(LinearOperator a, LinearOperator b) {
        this.a = a;
        this.b = b;
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
        double[] t = new double[a.rows() * k];
        a.apply(x, y, k);
        b.apply(x, t, k);
        for (int i = 0; i < t.length; i++) {
            y[i] += t[i];
        }
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        double[] t = new double[a.cols() * k];
        a.applyTranspose(x, y, k);
        b.applyTranspose(x, t, k);
        for (int i = 0; i < t.length; i++) {
            y[i] += t[i];
        }
    }

    @Override
    public boolean symmetric() {
        return a.symmetric() && b.symmetric();
    }

    @Override
    public boolean positiveSemidefinite() {
        return a.positiveSemidefinite() && b.positiveSemidefinite();
    }

    @Override
    public Optional<double[]> diagonal() {
        Optional<double[]> da = a.diagonal();
        Optional<double[]> db = b.diagonal();
        if (da.isEmpty() || db.isEmpty()) {
            return Optional.empty();
        }
        double[] s = da.get().clone();
        double[] t = db.get();
        for (int i = 0; i < s.length; i++) {
            s[i] += t[i];
        }
        return Optional.of(s);
    }

    @Override
    public String description() {
        return "(" + a.description() + ") + (" + b.description() + ")";
    }
}
