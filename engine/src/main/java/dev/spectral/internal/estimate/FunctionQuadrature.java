package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.estimate.SlqOptions;

/**
 * zᵀ f(A + s I) z ≈ |z|² Σ τ_k² f(θ_k + s) for one or more shifts s (one Lanczos run serves every shift, since
 * shifting A shifts the Ritz values and keeps the weights). The degree settles when every shift's value changed by
 * less than {@link SlqOptions#QUADRATURE_FRACTION} of the requested error max(atol, rtol·|value|).
 */
public final class FunctionQuadrature implements Quadrature {
    /** Below this relative change a value is settled whatever the tolerances (the level of rounding errors). */
    private static final double ROUNDING = 1e-13;

    private final MatrixFunction f;
    private final double[] shifts;
    private final double rtol;
    private final double atol;

    public FunctionQuadrature(MatrixFunction f, double[] shifts, double rtol, double atol) {
        this.f = f;
        this.shifts = shifts.clone();
        this.rtol = rtol;
        this.atol = atol;
    }

    @Override
    public int outputs() {
        return shifts.length;
    }

    @Override
    public void evaluate(double[] nodes, double[] weights, int m, double norm2, double[] out, long probe) {
        double scale = 0;
        for (int k = 0; k < m; k++) {
            scale = Math.max(scale, Math.abs(nodes[k]));
        }
        for (int s = 0; s < shifts.length; s++) {
            double sum = 0;
            for (int k = 0; k < m; k++) {
                double x = nodes[k] + shifts[s];
                sum += weights[k] * f.apply(admissible(x, scale, probe));
            }
            double v = norm2 * sum;
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("tr " + f.name() + " is not finite on this operator (probe " + probe
                        + " gave " + v + "); check that the function is finite on the operator's spectrum");
            }
            out[s] = v;
        }
    }

    private double admissible(double x, double scale, long probe) {
        switch (f.domain()) {
            case REAL -> {
                return x;
            }
            case POSITIVE -> {
                if (!(x > 0)) {
                    throw new InvalidInputException(f.name() + " needs a positive definite operator, but Lanczos found"
                            + " the Ritz value " + x + " (probe " + probe + "), so the operator is indefinite or singular");
                }
                return x;
            }
            case NONNEGATIVE -> {
                if (x < 0) {
                    // Ritz values of a singular PSD operator may come out a rounding error below zero
                    if (x >= -1e-12 * scale) {
                        return 0.0;
                    }
                    throw new InvalidInputException(f.name() + " needs a positive semidefinite operator, but Lanczos"
                            + " found the Ritz value " + x + " (probe " + probe + "), so the operator is indefinite");
                }
                return x;
            }
        }
        throw new IllegalStateException();
    }

    @Override
    public boolean settled(double[] previous, double[] current) {
        for (int s = 0; s < current.length; s++) {
            double target = Math.max(SlqOptions.QUADRATURE_FRACTION * Math.max(atol, rtol * Math.abs(current[s])),
                    ROUNDING * Math.abs(current[s]));
            if (!(Math.abs(current[s] - previous[s]) <= target)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean adaptive() {
        return true;
    }
}
