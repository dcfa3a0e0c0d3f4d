package dev.spectral.flodance;

import dev.spectral.InvalidInputException;
import dev.spectral.outofcore.LeadingLogdets;

/**
 * FLODANCE (Ameli, van der Heide, Hodgkinson, Roosta, Mahoney, ICML 2025, "Determinant estimation under memory
 * constraints and neural scaling laws"): log-determinants of K_n far beyond what can be factored, from the leading
 * log-determinants of one factorization of K_{n_s}.
 *
 * <p>For kernels whose test error follows a neural scaling law, the paper shows the ratio det K_m / det K_{m-1}
 * behaves like a power m^ν, so the increments log det K_m - log det K_{m-1} follow ν log m + c plus lower-order terms,
 * and log det K_n ≈ ν log n! + c n + .... Here the increments themselves are fitted, with q correction terms in
 * negative powers of m:
 * <pre>
 *   δ_m = log det K_m - log det K_{m-1} = ν log m + c + Σ_{i=1..q} γ_i (n0/m)^i + ε_m,     n0 &lt; m &lt;= n_s
 * </pre>
 * by weighted least squares (when the leading log-determinants come at a stride, each equation is the sum of the
 * increments between two consecutive known sizes, with that sum's basis functions and weight). Fitting increments
 * rather than cumulative log-determinants keeps the errors of different equations nearly independent, which makes the
 * least-squares covariance meaningful; the prediction sums the fitted increments from the exact anchor log det K_{n_s}:
 * the same family of curves as fitting ν log n! + c n + const with corrections in the cumulative form. (The authors'
 * detkit {@code FitLogdet} fits that cumulative form, optionally also with corrections multiplying log n!; those add
 * terms like m^{-i} log m to the increments, which q negative powers approximate over a finite range.)
 *
 * <p>Uncertainty: the coefficients' covariance σ²(XᵀWX)⁻¹, with σ² from the weighted residuals, is propagated to each
 * prediction; the increments between n_s and n add their own scatter ((n - n_s) σ² for homoscedastic noise); both
 * are multiplied by the AR(1) long-run factor (1 + ρ)/(1 - ρ) when the residuals are positively autocorrelated. The
 * error model covers noise around the law, not a law that is wrong: extrapolating far beyond n_s trusts the model.
 */
public final class Flodance {
    private Flodance() {}

    /** Fits log det K_m for m = 1..values.length (values[m - 1]). */
    public static FlodanceModel fit(double[] leadingLogdets, FlodanceOptions options) {
        return fit(LeadingLogdets.ofConsecutive(leadingLogdets), options);
    }

    /** Fits leading log-determinants (any increasing sizes, e.g. from an out-of-core factorization at a stride). */
    public static FlodanceModel fit(LeadingLogdets leading, FlodanceOptions options) {
        int[] sizes = leading.sizes();
        double[] y = leading.logAbsDet();
        for (int k = 0; k < y.length; k++) {
            if (!Double.isFinite(y[k])) {
                throw new InvalidInputException("leading log-determinant of size " + sizes[k] + " is " + y[k]);
            }
        }
        if (sizes.length < 2) {
            throw new InvalidInputException("FLODANCE needs leading log-determinants at several sizes, got "
                    + sizes.length);
        }
        int ns = sizes[sizes.length - 1];
        int q = options.corrections();
        int p = 2 + q;
        int n0 = options.burnIn() > 0 ? options.burnIn() : Math.max(1, ns / 10);
        if (n0 >= ns) {
            throw new InvalidInputException("the burn-in size " + n0 + " must be below the largest size " + ns);
        }
        double alpha = options.noiseExponent();
        double r = n0;

        // Equations: consecutive known sizes (a, b] with a >= n0.
        int first = -1;
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] >= n0) {
                first = k;
                break;
            }
        }
        int rows = sizes.length - 1 - first;
        if (first < 0 || rows < p + 3) {
            throw new InvalidInputException(String.format("FLODANCE with %d correction terms needs at least %d "
                    + "increments above the burn-in size %d; the data give %d (lower the burn-in or the corrections, "
                    + "or use a smaller stride)", q, p + 3, n0, Math.max(0, rows)));
        }
        double[] x = new double[rows * p]; // column-major rows x p, rows scaled by sqrt(weight)
        double[] z = new double[rows];
        double[] sw = new double[rows];
        for (int e = 0; e < rows; e++) {
            long a = sizes[first + e];
            long b = sizes[first + e + 1];
            double var = PowerSums.power(-2 * alpha, a, b); // Σ m^{2α}: variance of the sum, in units of σ²
            sw[e] = 1 / Math.sqrt(var);
            x[e] = PowerSums.log(a, b) * sw[e];
            x[e + rows] = (b - a) * sw[e];
            for (int i = 0; i < q; i++) {
                x[e + (2 + i) * rows] = Math.pow(r, i + 1) * PowerSums.power(i + 1, a, b) * sw[e];
            }
            z[e] = (y[first + e + 1] - y[first + e]) * sw[e];
        }
        LeastSquares ls = LeastSquares.solve(x, rows, p, z);
        double[] beta = ls.coefficients();
        double[] resid = new double[rows];
        double ss = 0;
        for (int e = 0; e < rows; e++) {
            double fitted = 0;
            for (int j = 0; j < p; j++) {
                fitted += x[e + j * rows] * beta[j];
            }
            resid[e] = z[e] - fitted;
            ss += resid[e] * resid[e];
        }
        double sigma2 = ss / (rows - p);
        double lag = 0;
        for (int e = 1; e < rows; e++) {
            lag += resid[e] * resid[e - 1];
        }
        double rho = ss > 0 ? Math.min(0.95, Math.max(0, lag / ss)) : 0;
        double inflation = (1 + rho) / (1 - rho);
        double[][] cov = ls.inverseNormal();
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                cov[i][j] *= sigma2 * inflation;
            }
        }
        double[] gamma = new double[q];
        System.arraycopy(beta, 2, gamma, 0, q);
        return new FlodanceModel(beta[0], Math.sqrt(cov[0][0]), beta[1], gamma, r, n0, ns, y[y.length - 1],
                Math.sqrt(sigma2), rho, rows, cov, alpha);
    }
}
