package dev.spectral.internal.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.internal.LogDetPolicy;
import dev.spectral.internal.Validate;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.util.Arrays;
import org.netlib.util.intW;

/** Dense linear algebra on the CPU through netlib (native OpenBLAS when installed). Every LAPACK call runs on a large-stack thread. */
public final class CpuBackend implements DenseBackend {
    private final BLAS blas;
    private final LAPACK lapack;
    private final String device;

    public CpuBackend() {
        NetlibRuntime rt = NetlibRuntime.get();
        this.blas = rt.blas();
        this.lapack = rt.lapack();
        this.device = rt.deviceLine();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return device;
    }

    // ---------------------------------------------------------------- eigen

    @Override
    public SymmetricEigen eigh(DenseMatrix a, EigenSelection selection, boolean vectors) {
        Validate.symmetric(a, "eig");
        int n = a.rows();
        if (n == 0) {
            return new SymmetricEigen(new double[0], vectors ? DenseMatrix.zeros(0, 0) : null);
        }
        return NativeThreads.call(() -> switch (selection) {
            case EigenSelection.All all -> syevd(a, vectors);
            case EigenSelection.Largest l -> syevr(a, vectors, "I", 0, 0, n - checkK(l.k(), n) + 1, n);
            case EigenSelection.Smallest s -> syevr(a, vectors, "I", 0, 0, 1, checkK(s.k(), n));
            // LAPACK ignores il/iu when range = 'V', but netlib's argument check wrongly validates them then
            // (1 <= il <= iu <= n), so valid placeholders are passed.
            case EigenSelection.Range r -> syevr(a, vectors, "V", r.low(), r.high(), 1, n);
        });
    }

    private static int checkK(int k, int n) {
        if (k > n) {
            throw new InvalidInputException("asked for " + k + " eigenvalues of a " + n + " x " + n + " matrix");
        }
        return k;
    }

    private SymmetricEigen syevd(DenseMatrix a, boolean vectors) {
        int n = a.rows();
        double[] w = new double[n];
        double[] work = a.data().clone();
        String jobz = vectors ? "V" : "N";
        double[] wq = new double[1];
        int[] iq = new int[1];
        intW info = new intW(0);
        lapack.dsyevd(jobz, "L", n, work, n, w, wq, -1, iq, -1, info);
        check("dsyevd (workspace query)", info);
        double[] lw = new double[workspace(wq[0], "dsyevd", n)];
        int[] liw = new int[Math.max(1, iq[0])];
        lapack.dsyevd(jobz, "L", n, work, n, w, lw, lw.length, liw, liw.length, info);
        if (info.val > 0) {
            throw new SpectralException("dsyevd did not converge (info = " + info.val + ")");
        }
        check("dsyevd", info);
        return new SymmetricEigen(w, vectors ? DenseMatrix.of(n, n, work) : null);
    }

    private SymmetricEigen syevr(DenseMatrix a, boolean vectors, String range, double vl, double vu, int il, int iu) {
        int n = a.rows();
        double[] work = a.data().clone();
        String jobz = vectors ? "V" : "N";
        intW m = new intW(0);
        double[] w = new double[n];
        int zcols = range.equals("I") ? iu - il + 1 : n;
        // netlib's argument check (not LAPACK) wants n·ldz entries in z when jobz = 'N' and 2n in isuppz always.
        double[] z = new double[vectors ? n * zcols : n];
        int ldz = vectors ? n : 1;
        int[] isuppz = new int[2 * Math.max(1, n)];
        double[] wq = new double[1];
        int[] iq = new int[1];
        intW info = new intW(0);
        // abstol = 0: LAPACK's default tolerance, ε times the norm of the tridiagonal matrix.
        lapack.dsyevr(jobz, range, "L", n, work, n, vl, vu, il, iu, 0.0, m, w, z, ldz, isuppz, wq, -1, iq, -1, info);
        check("dsyevr (workspace query)", info);
        double[] lw = new double[workspace(wq[0], "dsyevr", n)];
        int[] liw = new int[Math.max(1, iq[0])];
        lapack.dsyevr(jobz, range, "L", n, work, n, vl, vu, il, iu, 0.0, m, w, z, ldz, isuppz, lw, lw.length, liw, liw.length, info);
        if (info.val > 0) {
            throw new SpectralException("dsyevr failed internally (info = " + info.val + ")");
        }
        check("dsyevr", info);
        int found = m.val;
        double[] values = Arrays.copyOf(w, found);
        DenseMatrix vecs = vectors ? DenseMatrix.of(n, found, Arrays.copyOf(z, n * found)) : null;
        return new SymmetricEigen(values, vecs);
    }

    // ---------------------------------------------------------------- SVD

    @Override
    public Svd svd(DenseMatrix a, SvdSelection selection, boolean vectors) {
        a.requireFinite("svd");
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        int k = switch (selection) {
            case SvdSelection.All all -> r;
            case SvdSelection.Top t -> {
                if (t.k() > r) {
                    throw new InvalidInputException("asked for " + t.k() + " singular values of a " + m + " x " + n + " matrix");
                }
                yield t.k();
            }
        };
        if (r == 0) {
            return new Svd(new double[0], vectors ? DenseMatrix.zeros(m, 0) : null, vectors ? DenseMatrix.zeros(0, n) : null);
        }
        // Top-k of an in-core matrix: the full divide-and-conquer SVD, truncated. Its cost is dominated by the
        // bidiagonal reduction that any dense top-k method would also pay; matrix-free top-k lives with Lanczos.
        Svd full = NativeThreads.call(() -> gesdd(a, vectors));
        if (k == r) {
            return full;
        }
        double[] s = Arrays.copyOf(full.singularValues(), k);
        if (!vectors) {
            return new Svd(s, null, null);
        }
        DenseMatrix u = DenseMatrix.of(m, k, Arrays.copyOf(full.u().data(), m * k));
        DenseMatrix vt = DenseMatrix.zeros(k, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < k; i++) {
                vt.set(i, j, full.vt().get(i, j));
            }
        }
        return new Svd(s, u, vt);
    }

    private Svd gesdd(DenseMatrix a, boolean vectors) {
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        double[] work = a.data().clone();
        double[] s = new double[r];
        // Thin factors. For a tall matrix jobz = 'O' overwrites the copy of A with U (m x n) instead of 'S': netlib's
        // argument check (not LAPACK) wrongly demands m·ldu >= m² entries in U for 'S'.
        boolean overwrite = vectors && m > n;
        String jobz = !vectors ? "N" : overwrite ? "O" : "S";
        double[] u = vectors && !overwrite ? new double[m * r] : new double[1];
        double[] vt = vectors ? new double[r * n] : new double[1];
        int ldu = vectors && !overwrite ? m : 1;
        int ldvt = vectors ? r : 1;
        int[] iwork = new int[8 * r];
        double[] wq = new double[1];
        intW info = new intW(0);
        lapack.dgesdd(jobz, m, n, work, m, s, u, ldu, vt, ldvt, wq, -1, iwork, info);
        check("dgesdd (workspace query)", info);
        double[] lw = new double[workspace(wq[0], "dgesdd", Math.max(m, n))];
        lapack.dgesdd(jobz, m, n, work, m, s, u, ldu, vt, ldvt, lw, lw.length, iwork, info);
        if (info.val > 0) {
            throw new SpectralException("dgesdd did not converge (info = " + info.val + ")");
        }
        check("dgesdd", info);
        if (!vectors) {
            return new Svd(s, null, null);
        }
        return new Svd(s, DenseMatrix.of(m, r, overwrite ? work : u), DenseMatrix.of(r, n, vt));
    }

    // ---------------------------------------------------------------- log-determinant

    @Override
    public LogDet logdet(DenseMatrix a, Factorization factorization) {
        LogDet empty = LogDetPolicy.check(a, factorization);
        if (empty != null) {
            return empty;
        }
        return NativeThreads.call(() -> LogDetPolicy.factor(a, factorization, this::cholesky, this::ldl, this::lu));
    }

    /** Cholesky log-determinant, or null when the matrix is not positive definite. */
    private LogDet cholesky(DenseMatrix a) {
        int n = a.rows();
        double[] l = a.data().clone();
        intW info = new intW(0);
        lapack.dpotrf("L", n, l, n, info);
        if (info.val > 0) {
            return null;
        }
        check("dpotrf", info);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.log(l[i + i * n]);
        }
        return new LogDet(2 * sum, 1, Factorization.CHOLESKY, n);
    }

    /**
     * Bunch-Kaufman LDLᵀ: det A = det D, D block diagonal with 1x1 and 2x2 blocks (the permutation is symmetric and
     * contributes no sign). A 2x2 block [[a, b], [b, c]] from dsytrf always has b ≠ 0 and, by the Bunch-Kaufman pivot
     * test, |ac| < α²b² (α ≈ 0.64): ac - b² < 0 and never cancels badly.
     */
    private LogDet ldl(DenseMatrix a) {
        int n = a.rows();
        double[] f = a.data().clone();
        int[] ipiv = new int[n];
        double[] wq = new double[1];
        intW info = new intW(0);
        lapack.dsytrf("L", n, f, n, ipiv, wq, -1, info);
        check("dsytrf (workspace query)", info);
        double[] work = new double[Math.max(1, workspace(wq[0], "dsytrf", n))];
        lapack.dsytrf("L", n, f, n, ipiv, work, work.length, info);
        if (info.val > 0) {
            return LogDet.singular(Factorization.LDL, n);
        }
        check("dsytrf", info);
        double logAbs = 0;
        int sign = 1;
        for (int k = 0; k < n; k++) {
            if (ipiv[k] > 0) {
                double d = f[k + k * n];
                if (d == 0) {
                    return LogDet.singular(Factorization.LDL, n);
                }
                logAbs += Math.log(Math.abs(d));
                sign *= d < 0 ? -1 : 1;
            } else {
                double p = f[k + k * n];
                double b = f[(k + 1) + k * n];
                double c = f[(k + 1) + (k + 1) * n];
                // det = p c - b² = b · t with t = (p / b) c - b. Taking logs of the factors separately keeps the
                // result finite where b² itself would overflow or underflow (|b| beyond about 1e±154).
                double t = (p / b) * c - b;
                if (t == 0) {
                    return LogDet.singular(Factorization.LDL, n);
                }
                logAbs += Math.log(Math.abs(b)) + Math.log(Math.abs(t));
                sign *= (b < 0) != (t < 0) ? -1 : 1;
                k++;
            }
        }
        return new LogDet(logAbs, sign, Factorization.LDL, n);
    }

    private LogDet lu(DenseMatrix a) {
        int n = a.rows();
        double[] f = a.data().clone();
        int[] ipiv = new int[n];
        intW info = new intW(0);
        lapack.dgetrf(n, n, f, n, ipiv, info);
        if (info.val > 0) {
            return LogDet.singular(Factorization.LU, n);
        }
        check("dgetrf", info);
        double logAbs = 0;
        int sign = 1;
        for (int i = 0; i < n; i++) {
            double u = f[i + i * n];
            logAbs += Math.log(Math.abs(u));
            if (u < 0) {
                sign = -sign;
            }
            if (ipiv[i] != i + 1) {
                sign = -sign;
            }
        }
        return new LogDet(logAbs, sign, Factorization.LU, n);
    }

    // ---------------------------------------------------------------- BLAS

    @Override
    public DenseMatrix multiply(DenseMatrix a, boolean transposeA, DenseMatrix b, boolean transposeB) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb) {
            throw new InvalidInputException("cannot multiply: inner dimensions " + k + " and " + kb + " differ");
        }
        DenseMatrix c = DenseMatrix.zeros(m, n);
        if (m == 0 || n == 0 || k == 0) {
            return c;
        }
        blas.dgemm(transposeA ? "T" : "N", transposeB ? "T" : "N", m, n, k, 1.0, a.data(), Math.max(1, a.rows()),
                b.data(), Math.max(1, b.rows()), 0.0, c.data(), m);
        return c;
    }

    /** A workspace size from a LAPACK query, or a one-line refusal when it exceeds what a Java array holds. */
    private static int workspace(double query, String call, int n) {
        if (query > DenseMatrix.MAX_ELEMENTS) {
            throw new InvalidInputException(String.format("%s at n = %d needs a workspace of %.3g doubles, more than a "
                    + "Java array can hold; use a matrix-free method", call, n, query));
        }
        return (int) query;
    }

    private static void check(String call, intW info) {
        if (info.val < 0) {
            throw new SpectralException(call + " rejected argument " + (-info.val) + " (a bug in Spectral, please report)");
        }
    }

}
