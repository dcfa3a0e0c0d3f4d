package dev.spectral.internal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.estimate.DiagMethod;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.TestMatrices;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import org.junit.jupiter.api.Test;

/**
 * The fast XTrace, XNysTrace and XDiag formulas against their definitions, computed naively: for every probe i an
 * explicit QR of the sketch without column i, an explicit Nyström approximation, explicit projections.
 */
class LeaveOneOutTest {
    private static final int N = 40;

    private static double[] col(double[] a, int n, int j) {
        return java.util.Arrays.copyOfRange(a, j * n, (j + 1) * n);
    }

    private static double[] without(double[] a, int n, int k, int i) {
        double[] out = new double[n * (k - 1)];
        for (int j = 0, c = 0; j < k; j++) {
            if (j != i) {
                System.arraycopy(a, j * n, out, c++ * n, n);
            }
        }
        return out;
    }

    /** x - Q Qᵀ x for Q with orthonormal columns. */
    private static double[] residual(double[] q, int n, int k, double[] x) {
        double[] r = x.clone();
        for (int j = 0; j < k; j++) {
            double c = Dense.dot(q, j * n, x, 0, n);
            for (int t = 0; t < n; t++) {
                r[t] -= c * q[j * n + t];
            }
        }
        return r;
    }

    @Test
    void xtraceSamplesMatchTheDefinition() {
        double[] lambda = TestMatrices.Spectrum.POLY1.values(N);
        lambda[3] = -0.4; // symmetric but indefinite: XTrace does not need definiteness
        DenseMatrix m = TestMatrices.withSpectrum(lambda, 3);
        LinearOperator a = Operators.dense(m);
        int k = 6;
        double[] om = ProbeVectors.block(Probe.SPHERE, 5, 0, N, k);
        double[] y = TraceSketches.apply(a, om, k);
        Dense.Qr qr = Dense.qr(y, N, k);
        double[] z = TraceSketches.apply(a, qr.q(), k);
        double[] fast = TraceSketches.xtraceSamples(N, k, om, qr.q(), qr.r(), z);
        for (int i = 0; i < k; i++) {
            double[] qi = Dense.qr(without(y, N, k, i), N, k - 1).q();
            double lowRank = 0;
            for (int j = 0; j < k - 1; j++) {
                lowRank += Dense.dot(qi, j * N, a.times(col(qi, N, j)), 0, N);
            }
            double[] x = residual(qi, N, k - 1, col(om, N, i));
            double quad = Dense.dot(x, a.times(x), N);
            double scale = (N - k + 1) / Dense.dot(x, x, N);
            assertEquals(lowRank + scale * quad, fast[i], 1e-11, "sample " + i);
        }
    }

    @Test
    void xnystraceSamplesMatchTheDefinition() {
        double[] lambda = TestMatrices.Spectrum.POLY2.values(N);
        DenseMatrix m = TestMatrices.withSpectrum(lambda, 4);
        LinearOperator a = Operators.dense(m);
        int k = 7;
        double[] om = ProbeVectors.block(Probe.SPHERE, 6, 0, N, k);
        double[] y = TraceSketches.apply(a, om, k);
        double[] fast = TraceSketches.xnystrace(N, k, om, y).samples();
        for (int i = 0; i < k; i++) {
            double[] omi = without(om, N, k, i);
            double[] yi = without(y, N, k, i);
            // Â = Yᵢ (Ωᵢᵀ Yᵢ)⁻¹ Yᵢᵀ through the inverse of the small Gram matrix
            double[] g = Dense.multiply(true, false, k - 1, k - 1, N, omi, yi);
            double[] gInv = new dev.spectral.internal.cpu.CpuBackend().eigh(DenseMatrix.of(k - 1, k - 1, g),
                    dev.spectral.linalg.EigenSelection.all(), true).vectors().data();
            double[] ev = new dev.spectral.internal.cpu.CpuBackend().eigh(DenseMatrix.of(k - 1, k - 1, g),
                    dev.spectral.linalg.EigenSelection.all(), true).values();
            double[] inv = new double[(k - 1) * (k - 1)];
            for (int p = 0; p < k - 1; p++) {
                for (int q = 0; q < k - 1; q++) {
                    double s = 0;
                    for (int l = 0; l < k - 1; l++) {
                        s += gInv[p + l * (k - 1)] * gInv[q + l * (k - 1)] / ev[l];
                    }
                    inv[p + q * (k - 1)] = s;
                }
            }
            double[] nys = Dense.multiply(false, true, N, N, k - 1, Dense.multiply(false, false, N, k - 1, k - 1, yi, inv), yi);
            double trNys = 0;
            for (int t = 0; t < N; t++) {
                trNys += nys[t + t * N];
            }
            double[] w = col(om, N, i);
            double[] aw = a.times(w);
            double[] nw = Dense.multiply(false, false, N, 1, N, nys, w);
            double quad = 0;
            for (int t = 0; t < N; t++) {
                quad += w[t] * (aw[t] - nw[t]);
            }
            double[] qo = Dense.qr(omi, N, k - 1).q();
            double[] x = residual(qo, N, k - 1, w);
            double scale = (N - k + 1) / Dense.dot(x, x, N);
            assertEquals(trNys + scale * quad, fast[i], 1e-9, "sample " + i);
        }
    }

    @Test
    void jackknifeMeansMatchEstimatorsRecomputedWithoutEachProbe() {
        double[] lambda = TestMatrices.Spectrum.POLY1.values(N);
        LinearOperator a = Operators.dense(TestMatrices.withSpectrum(lambda, 3));
        int k = 7;
        double[] om = ProbeVectors.block(Probe.SPHERE, 5, 0, N, k);
        double[] y = TraceSketches.apply(a, om, k);
        Dense.Qr qr = Dense.qr(y, N, k);
        double[] z = TraceSketches.apply(a, qr.q(), k);
        double[] xt = TraceSketches.xtraceJackknife(N, k, om, qr.q(), qr.r(), z);
        double[] ny = TraceSketches.xnystrace(N, k, om, y).jackknifeMeans();
        for (int i = 0; i < k; i++) {
            double[] omi = without(om, N, k, i);
            double[] yi = without(y, N, k, i);
            Dense.Qr qi = Dense.qr(yi, N, k - 1);
            double[] zi = TraceSketches.apply(a, qi.q(), k - 1);
            double[] samples = TraceSketches.xtraceSamples(N, k - 1, omi, qi.q(), qi.r(), zi);
            assertEquals(Stats.mean(samples, k - 1), xt[i], 1e-11, "XTrace without probe " + i);
            double[] nys = TraceSketches.xnystrace(N, k - 1, omi, yi).samples();
            assertEquals(Stats.mean(nys, k - 1), ny[i], 1e-10, "XNysTrace without probe " + i);
        }
    }

    @Test
    void xdiagMatchesTheDefinition() {
        DenseMatrix m = TestMatrices.withSpectrum(TestMatrices.Spectrum.EXP.values(N), 7);
        LinearOperator a = Operators.dense(m);
        int budget = 10;
        int k = budget / 2;
        var est = DiagonalSketches.xdiag(a, new DiagMethod.XDiag(budget, 8));
        double[] om = ProbeVectors.block(Probe.RADEMACHER, 8, 0, N, k);
        double[] y = TraceSketches.apply(a, om, k);
        double[] mean = new double[N];
        for (int i = 0; i < k; i++) {
            double[] qi = Dense.qr(without(y, N, k, i), N, k - 1).q();
            // diag(Pᵢ A) + ωᵢ ⊙ (I - Pᵢ) A ωᵢ
            double[] pa = Dense.multiply(false, false, N, N, k - 1, qi, Dense.multiply(true, false, k - 1, N, N, qi, m.data()));
            double[] r = residual(qi, N, k - 1, col(y, N, i));
            for (int t = 0; t < N; t++) {
                mean[t] += (pa[t + t * N] + om[i * N + t] * r[t]) / k;
            }
        }
        for (int t = 0; t < N; t++) {
            assertEquals(mean[t], est.values()[t], 1e-12, "entry " + t);
        }
    }

    @Test
    void probesDependOnlyOnSeedAndIndex() {
        double[] block = ProbeVectors.block(Probe.GAUSSIAN, SlqOptions.DEFAULT_SEED, 3, 10, 2);
        double[] single = new double[10];
        ProbeVectors.fill(Probe.GAUSSIAN, SlqOptions.DEFAULT_SEED, 4, single, 0, 10);
        assertEquals(single[7], block[17], 0.0);
        double[] sphere = new double[50];
        ProbeVectors.fill(Probe.SPHERE, 1, 0, sphere, 0, 50);
        assertEquals(50, Dense.dot(sphere, sphere, 50), 1e-12);
    }
}
