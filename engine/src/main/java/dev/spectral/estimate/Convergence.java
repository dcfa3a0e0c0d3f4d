package dev.spectral.estimate;

/**
 * Whether an estimate met its target.
 *
 * @param converged  true when the error bound met the tolerance (fixed-budget methods: the budget was spent and every
 *                   probe's quadrature settled)
 * @param errorBound half-width of the confidence interval, z·stderr
 * @param tolerance  the requested bound max(atol, rtol·|value|); 0 for fixed budgets
 * @param stoppedBy  why the estimator stopped: "tolerance", "max probes", "budget", "exact"
 */
public record Convergence(boolean converged, double errorBound, double tolerance, String stoppedBy) {}
