package dev.spectral.internal.estimate;

import dev.spectral.estimate.DiagMethod;
import dev.spectral.estimate.DiagonalEstimate;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Solver;
import dev.spectral.operator.LinearOperator;
import java.util.Optional;

/** Diagonal estimators: exact, Hutchinson (Bekas et al.) and XDiag (Epperly, Tropp, Webber). */
public final class DiagonalSketches {
    private static final int BLOCK = 32;

    private DiagonalSketches() {}

    public static DiagonalEstimate exact(LinearOperator a) {
        long start = System.nanoTime();
        Checks.square(a, "the exact diagonal");
        Counting op = Counting.wrap(a);
        int n = a.rows();
        double[] d = a.diagonal().orElse(null);
        if (d == null) {
            d = new double[n];
            double[] e = new double[n * BLOCK];
            double[] y = new double[n * BLOCK];
            for (int j0 = 0; j0 < n; j0 += BLOCK) {
                int k = Math.min(BLOCK, n - j0);
                java.util.Arrays.fill(e, 0.0);
                for (int c = 0; c < k; c++) {
                    e[c * n + j0 + c] = 1;
                }
                op.apply(e, y, k);
                for (int c = 0; c < k; c++) {
                    d[j0 + c] = y[c * n + j0 + c];
                }
            }
        }
        return result(d, new double[n], 0, op.products(), start, "exact", "operator diagonal or identity columns", 0);
    }

    /** Mean of z ⊙ Az over Rademacher z (z ⊙ z = 1, so no normalization is needed); per-entry std / √m. */
    public static DiagonalEstimate hutchinson(LinearOperator a, DiagMethod.Hutchinson m) {
        long start = System.nanoTime();
        Checks.square(a, "the Hutchinson diagonal");
        Counting op = Counting.wrap(a);
        int n = a.rows();
        Welford acc = new Welford(n);
        for (int first = 0; first < m.budget(); first += BLOCK) {
            int k = Math.min(BLOCK, m.budget() - first);
            double[] z = ProbeVectors.block(Probe.RADEMACHER, m.seed(), first, n, k);
            double[] y = TraceSketches.apply(op, z, k);
            double[] sample = new double[n];
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < n; i++) {
                    sample[i] = z[c * n + i] * y[c * n + i];
                }
                acc.add(sample);
            }
        }
        return finish(acc, op.products(), start, "hutchinson-diagonal", m.toString(), m.seed());
    }

    /**
     * XDiag with k = budget/2 sign probes: Y = AΩ = QR, Z = AᵀQ, T = ZᵀΩ, s_i the normalized i-th column of R⁻ᵀ.
     * Leaving probe i out of the range sketch gives P_i = Q(I - s_i s_iᵀ)Qᵀ and the sample
     * d_i = diag(P_i A) + ωᵢ ⊙ (I - P_i)Aωᵢ = diag(QZᵀ) - (Qs_i) ⊙ (Zs_i) + ωᵢ ⊙ (yᵢ - Qtᵢ + Qs_i(s_iᵀtᵢ));
     * the estimate is their mean and each entry's error their standard deviation / √k.
     */
    public static DiagonalEstimate xdiag(LinearOperator a, DiagMethod.XDiag m) {
        long start = System.nanoTime();
        Checks.square(a, "XDiag");
        int n = a.rows();
        Checks.budget(m.budget(), n, "XDiag");
        Counting op = Counting.wrap(a);
        int k = m.budget() / 2;
        double[] om = ProbeVectors.block(Probe.RADEMACHER, m.seed(), 0, n, k);
        double[] y = TraceSketches.apply(op, om, k);
        Dense.Qr qr = Dense.qr(y, n, k);
        double[] q = qr.q();
        double[] r = qr.r().clone();
        double[] z = new double[n * k];
        op.applyTranspose(q, z, k);
        double[] t = Dense.multiply(true, false, k, k, n, z, om);
        Dense.regularizeDiagonal(r, k, 1e-14 * Math.max(Dense.frobenius(r, k * k), Double.MIN_NORMAL));
        double[] sInv = Dense.inverseTranspose(r, k);
        for (int i = 0; i < k; i++) {
            double ns = Math.sqrt(Dense.dot(sInv, i * k, sInv, i * k, k));
            for (int j = 0; j < k; j++) {
                sInv[i * k + j] /= ns;
            }
        }
        double[] qs = Dense.multiply(false, false, n, k, k, q, sInv);
        double[] zs = Dense.multiply(false, false, n, k, k, z, sInv);
        double[] qt = Dense.multiply(false, false, n, k, k, q, t);
        double[] base = new double[n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                base[i] += q[c * n + i] * z[c * n + i];
            }
        }
        Welford acc = new Welford(n);
        double[] sample = new double[n];
        for (int c = 0; c < k; c++) {
            double st = Dense.dot(sInv, c * k, t, c * k, k);
            for (int i = 0; i < n; i++) {
                int at = c * n + i;
                double resid = y[at] - qt[at] + qs[at] * st;
                sample[i] = base[i] - qs[at] * zs[at] + om[at] * resid;
            }
            acc.add(sample);
        }
        return finish(acc, op.products(), start, "xdiag", m.toString(), m.seed());
    }

    private static DiagonalEstimate finish(Welford acc, long products, long start, String method, String settings,
                                           long seed) {
        int n = acc.mean.length;
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            se[i] = Math.sqrt(acc.m2[i] / (acc.count - 1) / acc.count);
        }
        return result(acc.mean, se, acc.count, products, start, method, settings, seed);
    }

    /** Per-entry running mean and sum of squared deviations (Welford), stable when the variance is tiny. */
    private static final class Welford {
        final double[] mean;
        final double[] m2;
        int count;

        Welford(int n) {
            mean = new double[n];
            m2 = new double[n];
        }

        void add(double[] x) {
            count++;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - mean[i];
                mean[i] += d / count;
                m2[i] += d * (x[i] - mean[i]);
            }
        }
    }

    private static DiagonalEstimate result(double[] d, double[] se, int probes, long products, long start,
                                           String method, String settings, long seed) {
        double norm = Dense.frobenius(se, se.length);
        for (double v : d) {
            if (!Double.isFinite(v)) {
                throw new dev.spectral.SpectralException(method + " produced a non-finite diagonal entry");
            }
        }
        return new DiagonalEstimate(d, se, norm, probes, products, Results.seconds(start),
                new Solver(method, settings, seed, 1, Optional.empty(), Results.device()));
    }
}
