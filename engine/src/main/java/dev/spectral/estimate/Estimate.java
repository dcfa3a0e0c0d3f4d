package dev.spectral.estimate;

/**
 * A scalar estimate (a trace, a log-determinant, an eigenvalue count) with its error model.
 *
 * @param quantity      what was estimated, e.g. "logdet", "trace(inverse)"
 * @param value         the estimate
 * @param standardError the estimator's standard error (std of the samples / √probes; 0 for exact methods)
 * @param interval      value ± z·standardError at the requested confidence
 * @param convergence   whether the tolerance was met and why the estimator stopped
 * @param probes        random probes used (leave-one-out estimates for XTrace and XNysTrace)
 * @param matvecs       products of the operator with one vector, all phases included
 * @param seconds       wall time
 * @param solver        method, settings, seed, Lanczos statistics
 * @param samples       the per-probe values the error model is computed from (their mean is the value, except for
 *                      Hutch++ and NA-Hutch++ where they are the residual samples added to the exact low-rank part,
 *                      and for deflated SLQ where they estimate the remainder only)
 */
public record Estimate(String quantity, double value, double standardError, ConfidenceInterval interval,
                       Convergence convergence, int probes, long matvecs, double seconds, Solver solver,
                       double[] samples) {
    /** |value - exact| / |exact|, for tests and reports. */
    public double relativeError(double exact) {
        return Math.abs(value - exact) / Math.abs(exact);
    }
}
