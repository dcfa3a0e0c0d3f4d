package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.operator.LinearOperator;

/**
 * Hessian-vector products of a user's model from its gradient alone, by central differences:
 * Hv ≈ ‖v‖·(∇f(θ + h v̂) - ∇f(θ - h v̂)) / (2h), v̂ = v/‖v‖.
 *
 * <p>Step rule: the truncation error is about h²‖∇³f[v̂,v̂]‖/6 and the rounding error about ε_g‖∇f‖/h, where ε_g is
 * the gradient's relative accuracy; their sum is smallest near h ∝ ε_g^{1/3}, so h = ε_g^{1/3}·max(1, ‖θ‖_∞)
 * (ε_g defaults to 1e-13, a conservative accuracy for a double-precision gradient summed over many terms; with it
 * h ≈ 4.6e-5 for parameters of size at most 1). Each product costs two gradients.
 *
 * <p>Error estimate ({@link #product}): two more gradients at step 2h give D(2h) = Hv + 4ch² + O(h⁴) against
 * D(h) = Hv + ch² + O(h⁴), so ‖D(h) - D(2h)‖/3 estimates the truncation error of D(h); the rounding error is
 * bounded by ε_g·max‖∇f(θ ± h v̂)‖/h; the reported bound is their sum, scaled by ‖v‖.
 *
 * <p>The matrix is declared symmetric (it approximates a Hessian); its asymmetry is of the order of the error.
 * Products call the gradient function on the calling thread; the operator is thread-safe when the function is.
 */
public final class FiniteDifferenceHessian implements LinearOperator {
    /** Default relative accuracy of the gradient. */
    public static final double DEFAULT_GRADIENT_ACCURACY = 1e-13;

    /** A gradient ∇f(θ) of length P. */
    @FunctionalInterface
    public interface GradientFunction {
        double[] gradient(double[] theta);
    }

    /** A product with its step and error estimate (all errors absolute, in the 2-norm). */
    public record Product(double[] value, double step, double truncationError, double roundingError, double errorBound) {}

    private final double[] theta;
    private final GradientFunction f;
    private final double accuracy;
    private final double step;

    private FiniteDifferenceHessian(double[] theta, GradientFunction f, double accuracy) {
        this.theta = theta.clone();
        this.f = f;
        this.accuracy = accuracy;
        double max = 0;
        for (double t : theta) {
            max = Math.max(max, Math.abs(t));
        }
        this.step = Math.cbrt(accuracy) * Math.max(1, max);
    }

    /** The Hessian at θ (copied) of the function whose gradient is {@code f}, with ε_g = {@value #DEFAULT_GRADIENT_ACCURACY}. */
    public static FiniteDifferenceHessian of(double[] theta, GradientFunction f) {
        return of(theta, f, DEFAULT_GRADIENT_ACCURACY);
    }

    /** As {@link #of(double[], GradientFunction)} with the gradient's relative accuracy ε_g in (0, 1). */
    public static FiniteDifferenceHessian of(double[] theta, GradientFunction f, double gradientAccuracy) {
        if (f == null) {
            throw new InvalidInputException("a finite-difference Hessian needs a gradient function");
        }
        if (theta.length < 1) {
            throw new InvalidInputException("a finite-difference Hessian needs at least one parameter");
        }
        for (double t : theta) {
            if (!Double.isFinite(t)) {
                throw new InvalidInputException("the parameters must be finite, got " + t);
            }
        }
        if (!(gradientAccuracy > 0 && gradientAccuracy < 1)) {
            throw new InvalidInputException("the gradient accuracy must be in (0, 1), got " + gradientAccuracy);
        }
        return new FiniteDifferenceHessian(theta, f, gradientAccuracy);
    }

    /** The step h along unit directions. */
    public double step() {
        return step;
    }

    @Override
    public int rows() {
        return theta.length;
    }

    @Override
    public int cols() {
        return theta.length;
    }

    @Override
    public boolean symmetric() {
        return true;
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        int p = theta.length;
        for (int c = 0; c < k; c++) {
            double[] v = java.util.Arrays.copyOfRange(x, c * p, (c + 1) * p);
            double norm = norm(v);
            if (norm == 0) {
                java.util.Arrays.fill(y, c * p, (c + 1) * p, 0.0);
                continue;
            }
            double[] d = difference(v, norm, step, null);
            System.arraycopy(d, 0, y, c * p, p);
        }
    }

    /** Hv with its error estimate (four gradients). */
    public Product product(double[] v) {
        int p = theta.length;
        if (v.length != p) {
            throw new InvalidInputException("vector of length " + v.length + " for a Hessian of order " + p);
        }
        double norm = norm(v);
        if (norm == 0) {
            return new Product(new double[p], step, 0, 0, 0);
        }
        double[] gmax = new double[1];
        double[] d1 = difference(v, norm, step, gmax);
        double[] d2 = difference(v, norm, 2 * step, null);
        double diff = 0;
        for (int i = 0; i < p; i++) {
            double e = d1[i] - d2[i];
            diff += e * e;
        }
        double truncation = Math.sqrt(diff) / 3;
        double rounding = norm * accuracy * gmax[0] / step;
        return new Product(d1, step, truncation, rounding, truncation + rounding);
    }

    /** ‖v‖·(∇f(θ + h v̂) - ∇f(θ - h v̂))/(2h); gmax[0] receives max ‖∇f(θ ± h v̂)‖ when given. */
    private double[] difference(double[] v, double norm, double h, double[] gmax) {
        int p = theta.length;
        double[] plus = new double[p];
        double[] minus = new double[p];
        for (int i = 0; i < p; i++) {
            double s = h * v[i] / norm;
            plus[i] = theta[i] + s;
            minus[i] = theta[i] - s;
        }
        double[] gp = call(plus);
        double[] gm = call(minus);
        double[] d = new double[p];
        for (int i = 0; i < p; i++) {
            d[i] = norm * (gp[i] - gm[i]) / (2 * h);
        }
        if (gmax != null) {
            gmax[0] = Math.max(norm(gp), norm(gm));
        }
        return d;
    }

    private double[] call(double[] at) {
        double[] g = f.gradient(at);
        if (g == null || g.length != theta.length) {
            throw new InvalidInputException("the gradient function returned " + (g == null ? "null" : g.length + " values")
                    + " for " + theta.length + " parameters");
        }
        for (double x : g) {
            if (!Double.isFinite(x)) {
                throw new InvalidInputException("the gradient function returned a non-finite value " + x);
            }
        }
        return g;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Override
    public String description() {
        return "finite-difference Hessian " + theta.length + " x " + theta.length + " (step " + step + ")";
    }
}
