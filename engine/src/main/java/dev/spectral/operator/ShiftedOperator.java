package dev.spectral.operator;

import java.util.Optional;

/** A + tI of a square operator. */
public final class ShiftedOperator implements LinearOperator {
    private final LinearOperator a;
    private final double shift;

    ShiftedOperator(LinearOperator a, double shift) {
        this.a = a;
        this.shift = shift;
    }

    public LinearOperator base() {
        return a;
    }

    public double shift() {
        return shift;
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
        addShift(x, y, k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        a.applyTranspose(x, y, k);
        addShift(x, y, k);
    }

    private void addShift(double[] x, double[] y, int k) {
        int len = a.rows() * k;
        for (int i = 0; i < len; i++) {
            y[i] += shift * x[i];
        }
    }

    @Override
    public boolean symmetric() {
        return a.symmetric();
    }

    @Override
    public boolean positiveSemidefinite() {
        return a.positiveSemidefinite() && shift >= 0;
    }

    @Override
    public Optional<double[]> diagonal() {
        return a.diagonal().map(d -> {
            double[] s = d.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += shift;
            }
            return s;
        });
    }

    @Override
    public String description() {
        return "(" + a.description() + ") + " + shift + "·I";
    }
}
