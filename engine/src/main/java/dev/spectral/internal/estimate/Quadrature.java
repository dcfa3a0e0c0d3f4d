package dev.spectral.internal.estimate;

/**
 * What SLQ computes from one probe's Gauss rule: one or more values (a trace of f(A), log-determinants at several
 * shifts, a density on a grid), and when the values have settled enough for the Lanczos degree to stop growing.
 */
public interface Quadrature {
    /** Number of values per probe. */
    int outputs();

    /**
     * Writes the probe's values for the Gauss rule (nodes θ, weights τ², {@code m} of them) of a start vector of
     * squared norm {@code norm2} into {@code out}. {@code probe} names the probe in error messages.
     */
    void evaluate(double[] nodes, double[] weights, int m, double norm2, double[] out, long probe);

    /** True when the values {@code current} differ from those one Lanczos step earlier by less than the target. */
    boolean settled(double[] previous, double[] current);

    /** False when every probe must run the maximum degree (densities), true for the adaptive degree. */
    boolean adaptive();
}
