package dev.spectral.operator;

/** A user-supplied product y = A x of one vector (y is overwritten). */
@FunctionalInterface
public interface VectorProduct {
    void apply(double[] x, double[] y);
}
