package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.Probe;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;

/**
 * Trace estimators with a budget of products: Hutchinson, Hutch++, NA-Hutch++, XTrace and XNysTrace. Each returns
 * its own error estimate: the standard error of the stochastic part (Hutchinson, Hutch++, NA-Hutch++) or of the
 * exchangeable leave-one-out estimates (XTrace, XNysTrace, as proposed by Epperly, Tropp and Webber).
 */
public final class TraceSketches {
    /** Probes per block product for Hutchinson. */
    private static final int BLOCK = 32;

    private TraceSketches() {}

    public static Estimate hutchinson(LinearOperator a, Method.Hutchinson m) {
        long start = System.nanoTime();
        Checks.square(a, "Hutchinson");
        Counting op = Counting.wrap(a);
        int n = a.rows();
        double[] samples = new double[m.budget()];
        for (int first = 0; first < m.budget(); first += BLOCK) {
            int k = Math.min(BLOCK, m.budget() - first);
            double[] z = ProbeVectors.block(m.probe(), m.seed(), first, n, k);
            double[] y = new double[n * k];
            op.apply(z, y, k);
            for (int c = 0; c < k; c++) {
                samples[first + c] = Dense.dot(z, c * n, y, c * n, n);
            }
        }
        int p = samples.length;
        return Results.estimate("trace", Stats.mean(samples, p), Stats.std(samples, p) / Math.sqrt(p), m.confidence(),
                true, 0, "budget", p, op.products(), start, "hutchinson", m.toString(), m.seed(), 1, null, samples);
    }

    /**
     * Hutch++: S and G with a third of the budget each (G gets the remainder), Q = orth(AS), value tr(QᵀAQ) +
     * mean of gᵢ'ᵀ A gᵢ' with gᵢ' = (I - QQᵀ)gᵢ. Valid for any square A.
     */
    public static Estimate hutchPlusPlus(LinearOperator a, Method.HutchPlusPlus m) {
        long start = System.nanoTime();
        Checks.square(a, "Hutch++");
        int n = a.rows();
        Checks.budget(m.budget(), n, "Hutch++");
        Counting op = Counting.wrap(a);
        int s = m.budget() / 3;
        int g = m.budget() - 2 * s;
        double[] sk = ProbeVectors.block(Probe.RADEMACHER, m.seed(), 0, n, s);
        double[] y = apply(op, sk, s);
        double[] q = Dense.qr(y, n, s).q();
        double[] aq = apply(op, q, s);
        double lowRank = 0;
        for (int c = 0; c < s; c++) {
            lowRank += Dense.dot(q, c * n, aq, c * n, n);
        }
        double[] gs = ProbeVectors.block(Probe.RADEMACHER, m.seed(), s, n, g);
        projectOut(q, n, s, gs, g);
        double[] ag = apply(op, gs, g);
        double[] samples = new double[g];
        for (int c = 0; c < g; c++) {
            samples[c] = Dense.dot(gs, c * n, ag, c * n, n);
        }
        double value = lowRank + Stats.mean(samples, g);
        return Results.estimate("trace", value, Stats.std(samples, g) / Math.sqrt(g), m.confidence(), true, 0,
                "budget", s + g, op.products(), start, "hutch++", m.toString(), m.seed(), 1, null, samples);
    }

    /**
     * NA-Hutch++ (single pass): S, R, G with 1/6, 1/3 and the rest of the budget; Z = AR, W = AᵀS;
     * Â = Z (SᵀZ)⁺ Wᵀ; value tr((SᵀZ)⁺ WᵀZ) + mean of gᵢᵀAgᵢ - gᵢᵀÂgᵢ.
     */
    public static Estimate naHutchPlusPlus(LinearOperator a, Method.NaHutchPlusPlus m) {
        long start = System.nanoTime();
        Checks.square(a, "NA-Hutch++");
        int n = a.rows();
        Checks.budget(m.budget(), n, "NA-Hutch++");
        Counting op = Counting.wrap(a);
        int s = Math.max(1, m.budget() / 6);
        int r = Math.max(s + 1, m.budget() / 3);
        int g = m.budget() - s - r;
        double[] sk = ProbeVectors.block(Probe.RADEMACHER, m.seed(), 0, n, s);
        double[] rk = ProbeVectors.block(Probe.RADEMACHER, m.seed(), s, n, r);
        double[] gk = ProbeVectors.block(Probe.RADEMACHER, m.seed(), s + r, n, g);
        double[] z = apply(op, rk, r);
        double[] w = new double[n * s];
        op.applyTranspose(sk, w, s);
        double[] ag = apply(op, gk, g);
        double[] sz = Dense.multiply(true, false, s, r, n, sk, z);
        double[] pinv = pseudoInverse(sz, s, r); // r x s
        double[] wz = Dense.multiply(true, false, s, r, n, w, z);
        double lowRank = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < s; j++) {
                lowRank += pinv[i + j * r] * wz[j + i * s];
            }
        }
        double[] zg = Dense.multiply(true, false, r, g, n, z, gk);
        double[] wg = Dense.multiply(true, false, s, g, n, w, gk);
        double[] pwg = Dense.multiply(false, false, r, g, s, pinv, wg);
        double[] samples = new double[g];
        for (int c = 0; c < g; c++) {
            samples[c] = Dense.dot(gk, c * n, ag, c * n, n) - Dense.dot(zg, c * r, pwg, c * r, r);
        }
        double value = lowRank + Stats.mean(samples, g);
        return Results.estimate("trace", value, Stats.std(samples, g) / Math.sqrt(g), m.confidence(), true, 0,
                "budget", s + r + g, op.products(), start, "na-hutch++", m.toString(), m.seed(), 1, null, samples);
    }

    /**
     * XTrace with k = budget/2 sphere probes. With Y = AΩ = QR, Z = AQ, H = QᵀZ and s_i the normalized i-th column
     * of R⁻ᵀ, the projector onto range(AΩ without column i) is Q(I - s_i s_iᵀ)Qᵀ, and estimate i is
     * tr H - s_iᵀHs_i + c_i·xᵢᵀAxᵢ with xᵢ = (I - P_i)ωᵢ, expanded into k x k quantities; c_i = (n-k+1)/|xᵢ|² turns
     * xᵢ into a uniform vector of the complement's sphere (the "improved" normalization, which keeps it unbiased).
     */
    public static Estimate xtrace(LinearOperator a, Method.XTrace m) {
        long start = System.nanoTime();
        Checks.square(a, "XTrace");
        int n = a.rows();
        Checks.budget(m.budget(), n, "XTrace");
        Counting op = Counting.wrap(a);
        int k = m.budget() / 2;
        double[] om = ProbeVectors.block(Probe.SPHERE, m.seed(), 0, n, k);
        double[] y = apply(op, om, k);
        Dense.Qr qr = Dense.qr(y, n, k);
        double[] q = qr.q();
        double[] r = qr.r();
        double[] z = apply(op, q, k);
        double[] samples = xtraceSamples(n, k, om, q, r, z);
        double se = jackknife(xtraceJackknife(n, k, om, q, r, z));
        return Results.estimate("trace", Stats.mean(samples, k), se, m.confidence(), true, 0, "budget", k,
                op.products(), start, "xtrace", m + " (jackknife standard error)", m.seed(), 1, null, samples);
    }

    /**
     * The delete-one jackknife standard error √((k-1)/k · Σ (T₍₋ᵢ₎ - T̄)²) from the estimator recomputed without each
     * probe. The paper's std(samples)/√k treats the exchangeable samples as independent and under-covers (measured:
     * 77-91% coverage of nominal 95% intervals on the XTrace test spectra at k = 20); the jackknife is conservative
     * (Efron and Stein 1981), so intervals built from it cover at least their level.
     */
    static double jackknife(double[] leaveOneOutMeans) {
        int k = leaveOneOutMeans.length;
        double mean = Stats.mean(leaveOneOutMeans, k);
        double s = 0;
        for (double t : leaveOneOutMeans) {
            s += (t - mean) * (t - mean);
        }
        return Math.sqrt((k - 1.0) / k * s);
    }

    /**
     * XTrace on the k-1 probes left after removing probe i, for every i, in O(k³): leaving out probes i and j removes
     * span{s_i, s_j} from the k-dimensional range coordinates, spanned by s_i and t = (s_j - γs_i)/δ (γ = s_iᵀs_j,
     * δ² = 1 - γ²), so every quantity of the pair estimate is a combination of entries of SᵀS, SᵀHS, SᵀW, SᵀR, SᵀT
     * and SᵀHW.
     */
    static double[] xtraceJackknife(int n, int k, double[] om, double[] q, double[] r, double[] z) {
        double[] h = Dense.multiply(true, false, k, k, n, q, z);
        double[] hs = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                hs[i + j * k] = 0.5 * (h[i + j * k] + h[j + i * k]);
            }
        }
        double[] w = Dense.multiply(true, false, k, k, n, q, om);
        double[] t = Dense.multiply(true, false, k, k, n, z, om);
        double[] s = normalizedInverseTranspose(r, k);
        double[] ss = Dense.multiply(true, false, k, k, k, s, s);
        double[] hsS = Dense.multiply(false, false, k, k, k, hs, s);
        double[] shs = Dense.multiply(true, false, k, k, k, s, hsS);
        double[] sw = Dense.multiply(true, false, k, k, k, s, w);
        double[] sr = Dense.multiply(true, false, k, k, k, s, r);
        double[] st = Dense.multiply(true, false, k, k, k, s, t);
        double[] shw = Dense.multiply(true, false, k, k, k, hsS, w);
        double trH = 0;
        for (int i = 0; i < k; i++) {
            trH += h[i + i * k];
        }
        double[] wr = new double[k];
        double[] tw = new double[k];
        double[] whw = new double[k];
        double[] ww = new double[k];
        double[] hw = Dense.multiply(false, false, k, k, k, hs, w);
        for (int j = 0; j < k; j++) {
            wr[j] = Dense.dot(w, j * k, r, j * k, k);
            tw[j] = Dense.dot(t, j * k, w, j * k, k);
            whw[j] = Dense.dot(w, j * k, hw, j * k, k);
            ww[j] = Dense.dot(w, j * k, w, j * k, k);
        }
        double[] means = new double[k];
        for (int i = 0; i < k; i++) {
            double sum = 0;
            double hii = shs[i + i * k];
            for (int j = 0; j < k; j++) {
                if (j == i) {
                    continue;
                }
                double g = ss[i + j * k];
                double d = Math.sqrt(Math.max(1 - g * g, 1e-300));
                double hij = shs[i + j * k];
                double hjj = shs[j + j * k];
                double tHt = (hjj - 2 * g * hij + g * g * hii) / (d * d);
                double lowRank = trH - hii - tHt;
                double a = sw[i + j * k];
                double b = (sw[j + j * k] - g * a) / d;
                double tju = tw[j] - a * st[i + j * k] - b * (st[j + j * k] - g * st[i + j * k]) / d;
                double ur = wr[j] - a * sr[i + j * k] - b * (sr[j + j * k] - g * sr[i + j * k]) / d;
                double sHw = shw[i + j * k];
                double tHw = (shw[j + j * k] - g * shw[i + j * k]) / d;
                double sHt = (hij - g * hii) / d;
                double uHu = whw[j] - 2 * a * sHw - 2 * b * tHw + a * a * hii + 2 * a * b * sHt + b * b * tHt;
                double quad = wr[j] - tju - ur + uHu;
                double xx = n - ww[j] + a * a + b * b;
                sum += lowRank + (n - k + 2) / xx * quad;
            }
            means[i] = sum / (k - 1);
        }
        return means;
    }

    /** R⁻ᵀ with unit columns, R first regularized against exact rank deficiency. */
    private static double[] normalizedInverseTranspose(double[] r, int k) {
        double[] rr = r.clone();
        Dense.regularizeDiagonal(rr, k, 1e-14 * Math.max(Dense.frobenius(r, k * k), Double.MIN_NORMAL));
        double[] s = Dense.inverseTranspose(rr, k);
        for (int i = 0; i < k; i++) {
            double ns = Math.sqrt(Dense.dot(s, i * k, s, i * k, k));
            for (int j = 0; j < k; j++) {
                s[i * k + j] /= ns;
            }
        }
        return s;
    }

    /** The k leave-one-out estimates of XTrace (package-visible for the test against the naive definition). */
    static double[] xtraceSamples(int n, int k, double[] om, double[] q, double[] r, double[] z) {
        double[] h = Dense.multiply(true, false, k, k, n, q, z);
        double[] w = Dense.multiply(true, false, k, k, n, q, om);
        double[] t = Dense.multiply(true, false, k, k, n, z, om);
        double[] sInv = normalizedInverseTranspose(r, k);
        double trH = 0;
        for (int i = 0; i < k; i++) {
            trH += h[i + i * k];
        }
        double[] samples = new double[k];
        double[] s = new double[k];
        double[] u = new double[k];
        double[] hs = new double[k];
        double[] hu = new double[k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(sInv, i * k, s, 0, k);
            int wi = i * k;
            double sw = Dense.dot(s, 0, w, wi, k);
            double ww = Dense.dot(w, wi, w, wi, k);
            for (int j = 0; j < k; j++) {
                u[j] = w[wi + j] - sw * s[j];
            }
            symv(h, k, s, hs);
            symv(h, k, u, hu);
            double lowRank = trH - Dense.dot(s, hs, k);
            double quad = Dense.dot(w, wi, r, i * k, k) - Dense.dot(t, i * k, u, 0, k) - Dense.dot(u, 0, r, i * k, k)
                    + Dense.dot(u, hu, k);
            double scale = (n - k + 1) / (n - ww + sw * sw);
            samples[i] = lowRank + scale * quad;
        }
        return samples;
    }

    /**
     * XNysTrace with k = budget sphere probes, for positive semidefinite A. Nyström of A + νI (ν a rounding-level
     * shift for stability, removed at the end): Y = (A + νI)Ω, G = ΩᵀY = CᵀC, B = Y C⁻¹, s_i = C⁻ᵀe_i. Leaving
     * probe i out gives Â_(i) = B(I - ŝŝᵀ)Bᵀ, so estimate i is |B|²_F - |Bs_i|²/|s_i|² + c_i/|s_i|², the last term
     * being ωᵢᵀ(A - Â_(i))ωᵢ (a Schur complement of G) scaled by c_i = (n-k+1)·((ΩᵀΩ)⁻¹)_ii.
     */
    public static Estimate xnystrace(LinearOperator a, Method.XNysTrace m) {
        long start = System.nanoTime();
        Checks.positiveSemidefinite(a, "XNysTrace");
        int n = a.rows();
        Checks.budget(m.budget(), n, "XNysTrace");
        Counting op = Counting.wrap(a);
        int k = m.budget();
        double[] om = ProbeVectors.block(Probe.SPHERE, m.seed(), 0, n, k);
        double[] y = apply(op, om, k);
        Nystrom ny = xnystrace(n, k, om, y);
        return Results.estimate("trace", Stats.mean(ny.samples(), k), jackknife(ny.jackknifeMeans()), m.confidence(),
                true, 0, "budget", k, op.products(), start, "xnystrace", m + " (jackknife standard error)", m.seed(),
                1, null, ny.samples());
    }

    /** XNysTrace's leave-one-out estimates and the estimator recomputed without each probe (for the jackknife). */
    record Nystrom(double[] samples, double[] jackknifeMeans) {}

    /**
     * Leaving out probes i and j: Â_(ij) = B(I - WWᵀ)Bᵀ with W an orthonormal basis of span{ŝ_i, ŝ_j}, and the
     * residual ωⱼᵀ(A - Â_(ij))ωⱼ = |Wᵀcⱼ|² (cⱼ = Ceⱼ); the normalization uses the same construction on R_Ω.
     */
    static Nystrom xnystrace(int n, int k, double[] om, double[] y0) {
        double nu = Math.sqrt(n) * Math.ulp(1.0) * Dense.frobenius(y0, n * k);
        double[] c = null;
        double[] y = null;
        for (int attempt = 0; attempt < 6 && c == null; attempt++, nu *= 100) {
            y = y0.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] += nu * om[i];
            }
            double[] g = Dense.multiply(true, false, k, k, n, om, y);
            for (int j = 0; j < k; j++) {
                for (int i = j + 1; i < k; i++) {
                    double avg = 0.5 * (g[i + j * k] + g[j + i * k]);
                    g[i + j * k] = avg;
                    g[j + i * k] = avg;
                }
            }
            c = Dense.cholesky(g, k);
            if (c == null) {
                nu = Math.max(nu, Math.ulp(1.0) * Dense.frobenius(y0, n * k));
            }
        }
        if (c == null) {
            throw new InvalidInputException("XNysTrace: ΩᵀAΩ is not positive definite even after a shift, so the "
                    + "operator is not positive semidefinite");
        }
        nu /= 100; // the loop multiplied once past the shift that worked
        double[] ry = Dense.qr(y, n, k).r();
        double[] cInvT = Dense.inverseTranspose(c, k); // columns s_i = C⁻ᵀ e_i
        // B = R_Y C⁻¹ = (C⁻ᵀ R_Yᵀ)ᵀ
        double[] b = transpose(Dense.multiply(false, true, k, k, k, cInvT, ry), k);
        double bf2 = Dense.dot(b, b, k * k);
        double[] sHat = cInvT.clone();
        normalizeColumns(sHat, k);
        double[] bs = Dense.multiply(false, false, k, k, k, b, sHat);
        double[] bb = Dense.multiply(true, false, k, k, k, bs, bs);
        double[] sc = Dense.multiply(true, false, k, k, k, sHat, c);
        double[] ss = Dense.multiply(true, false, k, k, k, sHat, sHat);
        double[] rom = Dense.qr(om, n, k).r();
        double[] sp = Dense.inverseTranspose(rom, k);
        normalizeColumns(sp, k);
        double[] spr = Dense.multiply(true, false, k, k, k, sp, rom);
        double[] spsp = Dense.multiply(true, false, k, k, k, sp, sp);
        double[] samples = new double[k];
        for (int i = 0; i < k; i++) {
            double resid = sc[i + i * k] * sc[i + i * k];
            double xx = spr[i + i * k] * spr[i + i * k];
            samples[i] = bf2 - bb[i + i * k] + (n - k + 1) / xx * resid - n * nu;
        }
        double[] means = new double[k];
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                if (j == i) {
                    continue;
                }
                double g = ss[i + j * k];
                double d = Math.sqrt(Math.max(1 - g * g, 1e-300));
                double bw2 = bb[i + i * k] + (bb[j + j * k] - 2 * g * bb[i + j * k] + g * g * bb[i + i * k]) / (d * d);
                double a1 = sc[i + j * k];
                double a2 = (sc[j + j * k] - g * a1) / d;
                double gp = spsp[i + j * k];
                double dp = Math.sqrt(Math.max(1 - gp * gp, 1e-300));
                double p1 = spr[i + j * k];
                double p2 = (spr[j + j * k] - gp * p1) / dp;
                sum += bf2 - bw2 + (n - k + 2) / (p1 * p1 + p2 * p2) * (a1 * a1 + a2 * a2) - n * nu;
            }
            means[i] = sum / (k - 1);
        }
        return new Nystrom(samples, means);
    }

    private static void normalizeColumns(double[] a, int k) {
        for (int i = 0; i < k; i++) {
            double ns = Math.sqrt(Dense.dot(a, i * k, a, i * k, k));
            for (int j = 0; j < k; j++) {
                a[i * k + j] /= ns;
            }
        }
    }

    static double[] apply(LinearOperator op, double[] x, int k) {
        double[] y = new double[op.rows() * k];
        op.apply(x, y, k);
        return y;
    }

    /** X ← (I - QQᵀ) X, twice for accuracy (Q is n x s with orthonormal columns, X is n x g). */
    static void projectOut(double[] q, int n, int s, double[] x, int g) {
        var blas = dev.spectral.internal.cpu.NetlibRuntime.get().blas();
        double[] c = new double[s * g];
        for (int pass = 0; pass < 2; pass++) {
            blas.dgemm("T", "N", s, g, n, 1.0, q, n, x, n, 0.0, c, s);
            blas.dgemm("N", "N", n, g, s, -1.0, q, n, c, s, 1.0, x, n);
        }
    }

    private static void symv(double[] h, int k, double[] x, double[] out) {
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += h[i + j * k] * x[j];
            }
            out[i] = sum;
        }
    }

    private static double[] transpose(double[] a, int k) {
        double[] t = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                t[j + i * k] = a[i + j * k];
            }
        }
        return t;
    }

    /** Moore-Penrose pseudo-inverse of an s x r matrix (r x s result), singular values below s·r·ε·σ₁ dropped. */
    static double[] pseudoInverse(double[] m, int rows, int cols) {
        Svd svd = new CpuBackend().svd(DenseMatrix.of(rows, cols, m.clone()), SvdSelection.all(), true);
        double[] sv = svd.singularValues();
        double cut = Math.max(rows, cols) * Math.ulp(1.0) * (sv.length > 0 ? sv[0] : 0);
        int p = sv.length;
        double[] out = new double[cols * rows];
        DenseMatrix u = svd.u();
        DenseMatrix vt = svd.vt();
        for (int l = 0; l < p; l++) {
            if (sv[l] <= cut) {
                continue;
            }
            double inv = 1 / sv[l];
            for (int j = 0; j < rows; j++) {
                double uj = u.get(j, l) * inv;
                for (int i = 0; i < cols; i++) {
                    out[i + j * cols] += vt.get(l, i) * uj;
                }
            }
        }
        return out;
    }
}
