package dev.spectral.internal.estimate;

import dev.spectral.SpectralException;
import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.internal.cpu.NetlibRuntime;
import org.netlib.util.intW;

/** Small dense kernels for the estimators: BLAS products and the few LAPACK factorizations they need. */
public final class Dense {
    private Dense() {}

    public static double dot(double[] a, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
        }
        if (i < n) {
            s0 += a[i] * b[i];
        }
        return s0 + s1;
    }

    public static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** C = op(A) op(B) (m x n), op(A) m x k; leading dimensions are the row counts of the stored arrays. */
    public static double[] multiply(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b) {
        double[] c = new double[m * n];
        if (m == 0 || n == 0) {
            return c;
        }
        if (k == 0) {
            return c;
        }
        int lda = transA ? k : m;
        int ldb = transB ? n : k;
        NetlibRuntime.get().blas().dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, 1.0, a, lda, b, ldb, 0.0, c, m);
        return c;
    }

    /** A thin QR factorization Y = QR of an m x k matrix with m ≥ k: Q is m x k, R is k x k upper triangular. */
    public record Qr(double[] q, double[] r, int rows, int cols) {}

    /** Householder QR (dgeqrf, dorgqr); Q has orthonormal columns even when Y is rank deficient. */
    public static Qr qr(double[] y, int m, int k) {
        if (m < k) {
            throw new IllegalArgumentException("thin QR needs rows >= cols, got " + m + " x " + k);
        }
        return NativeThreads.call(() -> {
            var lapack = NetlibRuntime.get().lapack();
            double[] a = y.clone();
            double[] tau = new double[Math.max(1, k)];
            intW info = new intW(0);
            double[] wq = new double[1];
            lapack.dgeqrf(m, k, a, Math.max(1, m), tau, wq, -1, info);
            double[] work = new double[Math.max(1, (int) wq[0])];
            lapack.dgeqrf(m, k, a, Math.max(1, m), tau, work, work.length, info);
            check("dgeqrf", info);
            double[] r = new double[k * k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i <= j; i++) {
                    r[i + j * k] = a[i + j * m];
                }
            }
            lapack.dorgqr(m, k, k, a, Math.max(1, m), tau, wq, -1, info);
            work = new double[Math.max(1, (int) wq[0])];
            lapack.dorgqr(m, k, k, a, Math.max(1, m), tau, work, work.length, info);
            check("dorgqr", info);
            return new Qr(a, r, m, k);
        });
    }

    /** The upper Cholesky factor C of a symmetric k x k matrix (G = CᵀC), or null when G is not positive definite. */
    public static double[] cholesky(double[] g, int k) {
        return NativeThreads.call(() -> {
            double[] c = g.clone();
            intW info = new intW(0);
            NetlibRuntime.get().lapack().dpotrf("U", k, c, Math.max(1, k), info);
            if (info.val > 0) {
                return null;
            }
            check("dpotrf", info);
            for (int j = 0; j < k; j++) {
                for (int i = j + 1; i < k; i++) {
                    c[i + j * k] = 0;
                }
            }
            return c;
        });
    }

    /** R⁻ᵀ of a k x k upper triangular R (column i is the vector orthogonal to every column of R but the i-th). */
    public static double[] inverseTranspose(double[] r, int k) {
        return NativeThreads.call(() -> {
            double[] x = new double[k * k];
            for (int i = 0; i < k; i++) {
                x[i + i * k] = 1;
            }
            intW info = new intW(0);
            NetlibRuntime.get().lapack().dtrtrs("U", "T", "N", k, k, r, Math.max(1, k), x, Math.max(1, k), info);
            if (info.val > 0) {
                throw new SpectralException("singular triangular factor (diagonal entry " + info.val + " is zero)");
            }
            check("dtrtrs", info);
            return x;
        });
    }

    /**
     * Replaces diagonal entries of an upper triangular R that are zero or below {@code floor} in magnitude by
     * ±floor: the factor of a nearby full-rank matrix, so that leave-one-out formulas stay finite when the sketch is
     * rank deficient (a change of Y by at most floor in norm).
     */
    public static void regularizeDiagonal(double[] r, int k, double floor) {
        for (int i = 0; i < k; i++) {
            double d = r[i + i * k];
            if (Math.abs(d) < floor) {
                r[i + i * k] = d < 0 ? -floor : floor;
            }
        }
    }

    public static double frobenius(double[] a, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    private static void check(String call, intW info) {
        if (info.val < 0) {
            throw new SpectralException(call + " rejected argument " + (-info.val) + " (a bug in Spectral, please report)");
        }
    }
}
