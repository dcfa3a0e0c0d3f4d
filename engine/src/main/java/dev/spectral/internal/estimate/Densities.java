package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.DensityMethod;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.Solver;
import dev.spectral.estimate.SpectralDensity;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Spectral densities and eigenvalue counts by SLQ (Gauss rules) and by KPM (Chebyshev moments). */
public final class Densities {
    private static final int BLOCK = 8;
    /** Lanczos steps used to bound the spectrum for KPM. */
    private static final int BOUND_STEPS = 40;
    /** Relative widening of the Lanczos bounds: KPM diverges if an eigenvalue falls outside [-1, 1]. */
    private static final double BOUND_MARGIN = 0.01;

    private Densities() {}

    public static SpectralDensity density(LinearOperator a, DensityMethod method) {
        Checks.symmetric(a, "the spectral density");
        return switch (method) {
            case DensityMethod.SlqDensity s -> slqDensity(a, s);
            case DensityMethod.Kpm k -> kpmDensity(a, k);
        };
    }

    public static Estimate eigencount(LinearOperator a, double low, double high, DensityMethod method) {
        Checks.symmetric(a, "the eigenvalue count");
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new InvalidInputException("an eigenvalue count needs a finite interval with low < high, got ["
                    + low + ", " + high + "]");
        }
        return switch (method) {
            case DensityMethod.SlqDensity s -> slqCount(a, low, high, s);
            case DensityMethod.Kpm k -> kpmCount(a, low, high, k);
        };
    }

    // ------------------------------------------------------------------ SLQ

    private static List<ProbeOutcome> slqRules(Counting op, DensityMethod.SlqDensity s) {
        var settings = new BlockLanczos.Settings(Probe.RADEMACHER, s.seed(), s.degree(), s.degree(),
                s.reorthogonalization(), SlqEstimator.BREAKDOWN_TOLERANCE, Workers.defaultThreads(), true);
        var lanczos = new BlockLanczos(op, settings, NONE, null, 0);
        List<ProbeOutcome> all = new ArrayList<>();
        for (int first = 0; first < s.probes(); first += BLOCK) {
            all.addAll(lanczos.run(first, Math.min(BLOCK, s.probes() - first)));
        }
        return all;
    }

    private static SpectralDensity slqDensity(LinearOperator a, DensityMethod.SlqDensity s) {
        long start = System.nanoTime();
        Counting op = Counting.wrap(a);
        List<ProbeOutcome> rules = slqRules(op, s);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ProbeOutcome p : rules) {
            if (p.nodes() != null) {
                for (double t : p.nodes()) {
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
        }
        if (lo > hi) {
            lo = hi = 0;
        }
        double sigma = Double.isNaN(s.sigma()) ? autoSigma(lo, hi) : s.sigma();
        int g = s.gridPoints();
        double[] grid = new double[g];
        double from = lo - 5 * sigma;
        double to = hi + 5 * sigma;
        for (int j = 0; j < g; j++) {
            grid[j] = from + (to - from) * j / (g - 1);
        }
        double[] rho = new double[g];
        double norm = 1 / (Math.sqrt(2 * Math.PI) * sigma * rules.size());
        for (ProbeOutcome p : rules) {
            if (p.nodes() == null) {
                continue;
            }
            for (int k = 0; k < p.nodes().length; k++) {
                double th = p.nodes()[k];
                double w = p.weights()[k] * norm;
                for (int j = 0; j < g; j++) {
                    double d = (grid[j] - th) / sigma;
                    if (d * d < 80) {
                        rho[j] += w * Math.exp(-0.5 * d * d);
                    }
                }
            }
        }
        return new SpectralDensity(grid, rho, a.rows(), lo, hi, rules.size(), op.products(), Results.seconds(start),
                solver("slq-density", s + " (sigma used " + sigma + ")", s.seed()));
    }

    private static double autoSigma(double lo, double hi) {
        double range = hi - lo;
        return range > 0 ? 0.01 * range : 1e-3 * Math.max(1.0, Math.abs(hi));
    }

    private static Estimate slqCount(LinearOperator a, double low, double high, DensityMethod.SlqDensity s) {
        long start = System.nanoTime();
        Counting op = Counting.wrap(a);
        int n = a.rows();
        List<ProbeOutcome> rules = slqRules(op, s);
        double[] samples = new double[rules.size()];
        for (int p = 0; p < samples.length; p++) {
            ProbeOutcome r = rules.get(p);
            double sum = 0;
            if (r.nodes() != null) {
                for (int k = 0; k < r.nodes().length; k++) {
                    if (r.nodes()[k] >= low && r.nodes()[k] <= high) {
                        sum += r.weights()[k];
                    }
                }
            }
            samples[p] = n * sum; // Rademacher probes have |z|² = n
        }
        int m = samples.length;
        return Results.estimate("eigencount[" + low + ", " + high + "]", Stats.mean(samples, m),
                Stats.std(samples, m) / Math.sqrt(m), 0.95, true, 0, "budget", m, op.products(), start,
                "slq-eigencount", s.toString(), s.seed(), Workers.defaultThreads(), SlqRunner.stats(rules,
                        dev.spectral.estimate.SlqOptions.defaults().withReorthogonalization(s.reorthogonalization()),
                        false), samples);
    }

    private static final Quadrature NONE = new Quadrature() {
        public int outputs() {
            return 0;
        }

        public void evaluate(double[] nodes, double[] weights, int m, double norm2, double[] out, long probe) {}

        public boolean settled(double[] previous, double[] current) {
            return false;
        }

        public boolean adaptive() {
            return false;
        }
    };

    // ------------------------------------------------------------------ KPM

    /** Chebyshev moments per probe, μ_k = zᵀ T_k(B) z / n with B = (A - c)/h, and the bounds used. */
    private record Moments(double[][] perProbe, double center, double halfWidth, double lower, double upper) {}

    private static Moments moments(Counting op, DensityMethod.Kpm k) {
        int n = op.rows();
        double[] bounds = spectralBounds(op, k.seed());
        double lo = bounds[0];
        double hi = bounds[1];
        double pad = BOUND_MARGIN * Math.max(hi - lo, Math.max(Math.abs(hi), 1e-300));
        lo -= pad;
        hi += pad;
        double c = (hi + lo) / 2;
        double h = (hi - lo) / 2;
        int p = k.probes();
        int mm = k.moments();
        int half = mm / 2 + 1;
        double[][] mu = new double[p][mm];
        double[] v0 = ProbeVectors.block(Probe.RADEMACHER, k.seed(), 0, n, p);
        double[] z = v0.clone();
        double[] v1 = applyB(op, v0, p, c, h);
        double[] mu0 = new double[p];
        double[] mu1 = new double[p];
        for (int q = 0; q < p; q++) {
            mu0[q] = Dense.dot(z, q * n, z, q * n, n);
            mu1[q] = Dense.dot(z, q * n, v1, q * n, n);
            mu[q][0] = mu0[q];
            if (mm > 1) {
                mu[q][1] = mu1[q];
            }
        }
        // v_k = T_k(B) z; μ_{2k} = 2 v_kᵀv_k - μ₀ and μ_{2k+1} = 2 v_{k+1}ᵀv_k - μ₁ halve the products
        double[] prev = v0;
        double[] cur = v1;
        for (int kk = 1; kk < half; kk++) {
            double[] next = applyB(op, cur, p, c, h);
            for (int i = 0; i < next.length; i++) {
                next[i] = 2 * next[i] - prev[i];
            }
            for (int q = 0; q < p; q++) {
                int even = 2 * kk;
                int odd = 2 * kk + 1;
                if (even < mm) {
                    mu[q][even] = 2 * Dense.dot(cur, q * n, cur, q * n, n) - mu0[q];
                }
                if (odd < mm) {
                    mu[q][odd] = 2 * Dense.dot(next, q * n, cur, q * n, n) - mu1[q];
                }
            }
            prev = cur;
            cur = next;
        }
        for (double[] row : mu) {
            for (int i = 0; i < mm; i++) {
                row[i] /= n;
            }
        }
        return new Moments(mu, c, h, lo, hi);
    }

    private static double[] applyB(Counting op, double[] x, int k, double c, double h) {
        double[] y = new double[x.length];
        op.apply(x, y, k);
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] - c * x[i]) / h;
        }
        return y;
    }

    /** Jackson damping factors g_k, k < m. */
    static double[] jackson(int m) {
        double[] g = new double[m];
        double a = Math.PI / (m + 1);
        for (int k = 0; k < m; k++) {
            g[k] = ((m - k + 1) * Math.cos(a * k) + Math.sin(a * k) / Math.tan(a)) / (m + 1);
        }
        return g;
    }

    private static SpectralDensity kpmDensity(LinearOperator a, DensityMethod.Kpm k) {
        long start = System.nanoTime();
        Counting op = Counting.wrap(a);
        Moments mo = moments(op, k);
        int mm = k.moments();
        double[] mean = new double[mm];
        for (double[] row : mo.perProbe()) {
            for (int i = 0; i < mm; i++) {
                mean[i] += row[i] / mo.perProbe().length;
            }
        }
        double[] g = jackson(mm);
        int gp = k.gridPoints();
        double[] grid = new double[gp];
        double[] rho = new double[gp];
        for (int j = 0; j < gp; j++) {
            double t = mo.lower() + (mo.upper() - mo.lower()) * (j + 0.5) / gp;
            grid[j] = t;
            double x = (t - mo.center()) / mo.halfWidth();
            double tPrev = 1;
            double tCur = x;
            double sum = g[0] * mean[0];
            for (int i = 1; i < mm; i++) {
                sum += 2 * g[i] * mean[i] * tCur;
                double tNext = 2 * x * tCur - tPrev;
                tPrev = tCur;
                tCur = tNext;
            }
            rho[j] = sum / (Math.PI * Math.sqrt(1 - x * x)) / mo.halfWidth();
        }
        return new SpectralDensity(grid, rho, a.rows(), mo.lower(), mo.upper(), k.probes(), op.products(),
                Results.seconds(start), solver("kpm", k.toString(), k.seed()));
    }

    private static Estimate kpmCount(LinearOperator a, double low, double high, DensityMethod.Kpm k) {
        long start = System.nanoTime();
        Counting op = Counting.wrap(a);
        int n = a.rows();
        Moments mo = moments(op, k);
        int mm = k.moments();
        double[] g = jackson(mm);
        double ta = Math.acos(clamp((low - mo.center()) / mo.halfWidth()));
        double tb = Math.acos(clamp((high - mo.center()) / mo.halfWidth()));
        double[] samples = new double[k.probes()];
        for (int p = 0; p < samples.length; p++) {
            double[] mu = mo.perProbe()[p];
            double sum = g[0] * mu[0] * (ta - tb);
            for (int i = 1; i < mm; i++) {
                sum += 2 * g[i] * mu[i] * (Math.sin(i * ta) - Math.sin(i * tb)) / i;
            }
            samples[p] = n * sum / Math.PI;
        }
        int m = samples.length;
        return Results.estimate("eigencount[" + low + ", " + high + "]", Stats.mean(samples, m),
                Stats.std(samples, m) / Math.sqrt(m), 0.95, true, 0, "budget", m, op.products(), start,
                "kpm-eigencount", k.toString(), k.seed(), 1, null, samples);
    }

    private static double clamp(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /**
     * [λ_min, λ_max] bounds from a short Lanczos run with full reorthogonalization: the extreme Ritz values widened
     * by their residual norms β|s_m| (an eigenvalue lies within that distance of each Ritz value).
     */
    static double[] spectralBounds(LinearOperator op, long seed) {
        int n = op.rows();
        int steps = Math.min(n, BOUND_STEPS);
        double[] v = new double[n * (steps + 1)];
        ProbeVectors.fill(Probe.GAUSSIAN, seed ^ 0xB0B0L, 0, v, 0, n);
        double s0 = Math.sqrt(Dense.dot(v, v, n));
        for (int i = 0; i < n; i++) {
            v[i] /= s0;
        }
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        double[] w = new double[n];
        var blas = dev.spectral.internal.cpu.NetlibRuntime.get().blas();
        int m = 0;
        for (int j = 0; j < steps; j++) {
            op.apply(java.util.Arrays.copyOfRange(v, j * n, (j + 1) * n), w, 1);
            alpha[j] = Dense.dot(v, j * n, w, 0, n);
            double[] h = new double[j + 1];
            for (int pass = 0; pass < 2; pass++) {
                blas.dgemv("T", n, j + 1, 1.0, v, n, w, 1, 0.0, h, 1);
                blas.dgemv("N", n, j + 1, -1.0, v, n, h, 1, 1.0, w, 1);
            }
            beta[j] = Math.sqrt(Dense.dot(w, w, n));
            m = j + 1;
            if (beta[j] <= 1e-12 * Math.max(Math.abs(alpha[j]), 1e-300)) {
                beta[j] = 0;
                break;
            }
            for (int i = 0; i < n; i++) {
                v[(j + 1) * n + i] = w[i] / beta[j];
            }
        }
        double[] t = new double[m * m];
        for (int j = 0; j < m; j++) {
            t[j + j * m] = alpha[j];
            if (j + 1 < m) {
                t[j + 1 + j * m] = beta[j];
                t[j + (j + 1) * m] = beta[j];
            }
        }
        SymmetricEigen e = new CpuBackend().eigh(DenseMatrix.of(m, m, t), EigenSelection.all(), true);
        double last = beta[m - 1];
        double rMin = Math.abs(last * e.vectors().get(m - 1, 0));
        double rMax = Math.abs(last * e.vectors().get(m - 1, m - 1));
        return new double[] {e.values()[0] - rMin, e.values()[m - 1] + rMax};
    }

    private static Solver solver(String method, String settings, long seed) {
        return new Solver(method, settings, seed, 1, Optional.empty(), Results.device());
    }

}
