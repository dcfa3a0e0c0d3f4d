package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.DensityMethod;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.SpectralDensity;
import dev.spectral.estimate.Which;
import dev.spectral.operator.LinearOperator;

/**
 * The PyHessian analysis of a symmetric curvature operator (a {@link HessianOperator}, a {@link GaussNewtonOperator}):
 * top-k eigenvalues by thick-restart Lanczos, the trace by Hutch++, and the SLQ spectral density with PyHessian's
 * broadening (Gaussian of variance 1e-5·max(1, spectral range); the grid is made fine enough, two points per σ, for
 * the density to integrate to 1), plus the consistency checks between them.
 *
 * <p>Outliers: the top eigenvalues decay fast, then the bulk's edge slowly. On log λ_i against i, the count is the
 * breakpoint b of the best two-segment least-squares fit (segments i &lt; b and i ≥ b, at least 2 and 3 points), so
 * λ_1..λ_b are outliers and λ_{b+1} is the bulk edge; meaningful when k is well above the expected count (about
 * the number of classes) and the top k are positive.
 *
 * <p>Trace from the density: n·∫x ρ(x)dx. The density's probes are Rademacher vectors, so this is a Hutchinson
 * estimate whose standard error is at most √(2‖A‖_F²/m) with ‖A‖_F² = n·∫x²ρ(x)dx, which the report gives.
 */
public final class CurvatureAnalysis {
    private CurvatureAnalysis() {}

    /**
     * Settings. {@link #defaults()}: top 20 eigenvalues (Lanczos tolerance 1e-6), Hutch++ with 100 products, density
     * from 5 probes of 80 Lanczos steps with full reorthogonalization, seed 1.
     */
    public record Options(int topK, double eigenTolerance, int traceBudget, int densityProbes, int densityDegree, long seed) {
        public Options {
            if (topK < 3) {
                throw new InvalidInputException("the analysis needs at least the top 3 eigenvalues, got " + topK);
            }
            if (traceBudget < 3 || densityProbes < 2 || densityDegree < 2) {
                throw new InvalidInputException("trace budget >= 3, density probes >= 2 and degree >= 2 needed, got "
                        + traceBudget + ", " + densityProbes + ", " + densityDegree);
            }
        }

        public static Options defaults() {
            return new Options(20, 1e-6, 100, 5, 80, 1);
        }
    }

    /** Which stage is about to run ("eigenvalues", "trace", "density"). */
    @FunctionalInterface
    public interface Listener {
        void stage(String stage);
    }

    /**
     * @param operator             the operator's description
     * @param dimension            its order n
     * @param top                  the top-k eigenpairs (largest first)
     * @param outliers             eigenvalues before the bulk (two-segment fit of log λ_i)
     * @param gapRatio             λ_b / λ_{b+1} at the breakpoint b (NaN without a positive bulk edge)
     * @param trace                Hutch++ trace estimate
     * @param density              the SLQ density (integrates to 1)
     * @param sigma                the Gaussian broadening used
     * @param eigenvaluesInDensity n·∫ρ: the number of eigenvalues the density accounts for
     * @param traceFromDensity     n·∫xρ
     * @param traceFromDensityStandardError the Hutchinson bound √(2 n∫x²ρ / probes)
     * @param seconds              wall time
     */
    public record Report(String operator, int dimension, Eigenpairs top, int outliers, double gapRatio, Estimate trace,
                         SpectralDensity density, double sigma, double eigenvaluesInDensity, double traceFromDensity,
                         double traceFromDensityStandardError, double seconds) {}

    /** The breakpoint of the best two-segment line fit of log λ_i (λ descending); 0 when fewer than 5 are positive. */
    static int outliers(double[] descending) {
        int k = 0;
        while (k < descending.length && descending[k] > 0) {
            k++;
        }
        if (k < 5) {
            return 0;
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            y[i] = Math.log(descending[i]);
        }
        int best = 0;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int b = 2; b <= k - 3; b++) {
            double sse = lineSse(y, 0, b) + lineSse(y, b, k);
            if (sse < bestSse) {
                bestSse = sse;
                best = b;
            }
        }
        return best;
    }

    /** Residual sum of squares of the least-squares line through (i, y_i), i in [from, to). */
    private static double lineSse(double[] y, int from, int to) {
        int m = to - from;
        double mx = 0;
        double my = 0;
        for (int i = from; i < to; i++) {
            mx += i;
            my += y[i];
        }
        mx /= m;
        my /= m;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = from; i < to; i++) {
            sxx += (i - mx) * (i - mx);
            sxy += (i - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        return Math.max(0, syy - sxy * sxy / sxx);
    }

    public static Report analyze(LinearOperator op, Options o, Listener listener) {
        if (!op.symmetric()) {
            throw new InvalidInputException("a curvature analysis needs a symmetric operator, got " + op.description());
        }
        long start = System.nanoTime();
        Listener l = listener == null ? s -> {} : listener;
        int n = op.rows();
        int k = Math.min(o.topK(), n - 1);
        l.stage("eigenvalues");
        Eigenpairs top = Estimators.extremeEigenvalues(op, k, Which.LARGEST,
                EigenOptions.defaults().withTolerance(o.eigenTolerance()).withSeed(o.seed()));
        double[] v = top.values();
        int outliers = outliers(v);
        double best = outliers > 0 && outliers < v.length && v[outliers] > 0 ? v[outliers - 1] / v[outliers] : Double.NaN;
        l.stage("trace");
        Estimate trace = Estimators.trace(op, new Method.HutchPlusPlus(o.traceBudget(), o.seed(), 0.95));
        l.stage("density");
        double range = Math.max(1, Math.abs(v[0]) * 1.2);
        double sigma = Math.sqrt(1e-5 * range);
        int grid = (int) Math.min(100_000, Math.max(512, Math.ceil(2 * (range + 10 * sigma) / sigma)));
        int degree = Math.min(o.densityDegree(), n);
        SpectralDensity d = Estimators.density(op, new DensityMethod.SlqDensity(o.densityProbes(), degree, sigma, grid,
                Reorthogonalization.full(), o.seed()));
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double[] x = d.grid();
        double[] rho = d.density();
        for (int i = 1; i < x.length; i++) {
            double h = 0.5 * (x[i] - x[i - 1]);
            m0 += h * (rho[i] + rho[i - 1]);
            m1 += h * (x[i] * rho[i] + x[i - 1] * rho[i - 1]);
            m2 += h * (x[i] * x[i] * rho[i] + x[i - 1] * x[i - 1] * rho[i - 1]);
        }
        double se = Math.sqrt(2 * n * m2 / o.densityProbes());
        return new Report(op.description(), n, top, outliers, best, trace, d, sigma, n * m0, n * m1, se,
                (System.nanoTime() - start) / 1e9);
    }
}
