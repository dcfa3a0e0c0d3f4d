package dev.spectral.operator;

/** A user-supplied block product Y = A X (X is cols x k, Y is rows x k, both column-major; Y is overwritten). */
@FunctionalInterface
public interface BlockProduct {
    void apply(double[] x, double[] y, int k);
}
