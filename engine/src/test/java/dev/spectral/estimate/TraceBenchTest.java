package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.estimate.TestMatrices.Spectrum;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test bench of the XTrace paper in miniature: n = 1000, flat, k⁻¹, k⁻², 0.9ᵏ and step spectra, budget 240, mean
 * errors over a few seeds. The expected advantage of Hutch++ over Hutchinson comes from their error models:
 * <ul>
 *   <li>Hutchinson with Rademacher probes has standard deviation √(2(|A|²_F - Σ a_ii²)/m) (exact);</li>
 *   <li>Hutch++ with a range sketch of s = m/3 probes and g = m - 2s residual probes has standard deviation at most
 *       √(2/g)·|A - QQᵀA|_F, and E|A - QQᵀA|²_F ≤ (1 + k/(s - k - 1))·|A - A_k|²_F for every k ≤ s - 2
 *       (Halko, Martinsson, Tropp 2011), so it is bounded by the minimum over k.</li>
 * </ul>
 * Their ratio R is the predicted factor. Mean absolute errors over 4 seeds estimate each standard deviation within a
 * factor 2 either way with high probability, hence the margin of 4 on the ratio; XTrace is held to the same factor
 * (its bound is of the same form with s = m/2) and must not lose to Hutch++ by more than that same noise factor 2.
 */
class TraceBenchTest {
    private static final int N = 1000;
    private static final int BUDGET = 240;
    private static final int SEEDS = 4;

    private static double meanError(LinearOperator a, double exact, java.util.function.LongFunction<Method> method) {
        double s = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Estimate e = Estimators.trace(a, method.apply(seed));
            s += Math.abs(e.value() - exact);
            // every estimator reports an error of the right size: the error is not far beyond its standard error
            assertTrue(Math.abs(e.value() - exact) <= 5 * e.standardError() + 1e-12 * exact,
                    e.solver().method() + " error " + Math.abs(e.value() - exact) + " stderr " + e.standardError());
        }
        return s / SEEDS;
    }

    private static double predictedRatio(DenseMatrix m, double[] lambda) {
        double fro2 = 0;
        double diag2 = 0;
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                fro2 += m.get(i, j) * m.get(i, j);
            }
            diag2 += m.get(j, j) * m.get(j, j);
        }
        double hutchinson = Math.sqrt(2 * (fro2 - diag2) / BUDGET);
        int s = BUDGET / 3;
        int g = BUDGET - 2 * s;
        double[] sorted = lambda.clone();
        java.util.Arrays.sort(sorted);
        double best = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= s - 2; k++) {
            double tail = 0;
            for (int i = 0; i < N - k; i++) {
                tail += sorted[i] * sorted[i];
            }
            best = Math.min(best, Math.sqrt(2.0 / g) * Math.sqrt((1 + k / (s - k - 1.0)) * tail));
        }
        return hutchinson / best;
    }

    @Test
    void lowRankMethodsBeatHutchinsonByThePredictedFactor() {
        double[] q = TestMatrices.orthogonal(N, 31);
        Map<Spectrum, String> report = new EnumMap<>(Spectrum.class);
        for (Spectrum sp : Spectrum.values()) {
            double[] lambda = sp.values(N);
            DenseMatrix m = withSpectrum(q, lambda);
            LinearOperator a = Operators.assumePositiveSemidefinite(Operators.dense(m));
            double exact = TestMatrices.sum(lambda);
            double hutch = meanError(a, exact, s -> new Method.Hutchinson(BUDGET, Probe.RADEMACHER, s, 0.95));
            double hpp = meanError(a, exact, s -> new Method.HutchPlusPlus(BUDGET, s, 0.95));
            double xtrace = meanError(a, exact, s -> new Method.XTrace(BUDGET, s, 0.95));
            double ratio = predictedRatio(m, lambda);
            report.put(sp, String.format("Hutchinson %.2e, Hutch++ %.2e, XTrace %.2e, predicted ratio %.1f",
                    hutch / exact, hpp / exact, xtrace / exact, ratio));
            if (sp == Spectrum.FLAT) {
                // nothing to deflate: Hutch++ spends two thirds of its budget on the sketch, so √3 worse at most
                assertTrue(hpp <= 2 * Math.sqrt(3) * hutch, report.get(sp));
                assertTrue(xtrace <= 2 * Math.sqrt(3) * hutch, report.get(sp));
                continue;
            }
            assertTrue(hutch / hpp >= ratio / 4, sp + ": " + report.get(sp));
            assertTrue(hutch / xtrace >= ratio / 4, sp + ": " + report.get(sp));
            assertTrue(xtrace <= 2 * hpp, sp + ": " + report.get(sp));
            if (sp == Spectrum.POLY2 || sp == Spectrum.EXP) {
                double na = meanError(a, exact, s -> new Method.NaHutchPlusPlus(BUDGET, s, 0.95));
                double nys = meanError(a, exact, s -> new Method.XNysTrace(BUDGET, s, 0.95));
                assertTrue(na < hutch && nys < hutch, sp + ": NA-Hutch++ " + na + ", XNysTrace " + nys);
            }
        }
        report.forEach((k, v) -> System.out.println(k + ": " + v));
    }

    private static DenseMatrix withSpectrum(double[] q, double[] lambda) {
        double[] ql = new double[N * N];
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                ql[i + j * N] = q[i + j * N] * lambda[j];
            }
        }
        double[] a = dev.spectral.internal.estimate.Dense.multiply(false, true, N, N, N, ql, q);
        for (int j = 0; j < N; j++) {
            for (int i = j + 1; i < N; i++) {
                double v = 0.5 * (a[i + j * N] + a[j + i * N]);
                a[i + j * N] = v;
                a[j + i * N] = v;
            }
        }
        return DenseMatrix.of(N, N, a);
    }
}
