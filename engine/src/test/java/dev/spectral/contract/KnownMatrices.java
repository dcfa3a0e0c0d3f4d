package dev.spectral.contract;

import dev.spectral.matrix.DenseMatrix;
import java.util.Random;

/**
 * Test matrices whose spectrum, singular values or determinant are known by construction, built in pure Java
 * (independent of every backend). All of them go through {@link RandomOrthogonal}.
 */
public final class KnownMatrices {
    private KnownMatrices() {}

    /** Q diag(λ) Qᵀ, made exactly symmetric. Its eigenvalues are λ up to the construction error (see the contract). */
    public static DenseMatrix symmetric(double[] lambda, RandomOrthogonal q) {
        int n = lambda.length;
        double[] a = diagonal(n, n, lambda);
        q.applyLeft(a, n, n);
        q.applyTransposeRight(a, n, n);
        // Left and right products round differently; the average is exactly symmetric.
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                double s = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = s;
                a[j + i * n] = s;
            }
        }
        return DenseMatrix.of(n, n, a);
    }

    /**
     * U diag(d) Vᵀ, an m x n matrix with d of length min(m, n). With d >= 0 sorted descending, d are its singular
     * values; when square, det = Π d_i · det U · det V.
     */
    public static DenseMatrix product(RandomOrthogonal u, double[] d, RandomOrthogonal v) {
        int m = u.order();
        int n = v.order();
        if (d.length != Math.min(m, n)) {
            throw new IllegalArgumentException("d has " + d.length + " entries, expected min(m, n) = " + Math.min(m, n));
        }
        double[] a = diagonal(m, n, d);
        u.applyLeft(a, m, n);
        v.applyTransposeRight(a, m, n);
        return DenseMatrix.of(m, n, a);
    }

    /**
     * P [[0, B], [Bᵀ, 0]] Pᵀ with B = U diag(s) Vᵀ (k x k) and P a random permutation: symmetric indefinite with an
     * exactly zero diagonal, which forces Bunch-Kaufman to take 2x2 pivots. Eigenvalues ±s_i, so
     * log|det| = 2 Σ log s_i and sign = (-1)^k.
     */
    public static DenseMatrix zeroDiagonal(double[] s, Random rng) {
        int k = s.length;
        DenseMatrix b = product(RandomOrthogonal.haar(k, rng), s, RandomOrthogonal.haar(k, rng));
        int n = 2 * k;
        int[] perm = permutation(n, rng);
        double[] a = new double[n * n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                double bij = b.get(i, j);
                // Block (0, 1) holds B at (i, k + j); block (1, 0) holds Bᵀ at (k + j, i).
                a[perm[i] + perm[k + j] * n] = bij;
                a[perm[k + j] + perm[i] * n] = bij;
            }
        }
        return DenseMatrix.of(n, n, a);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** n values whose magnitudes are log-uniform in [lo, hi]; negative with probability {@code negativeFraction}. */
    public static double[] logUniform(int n, double lo, double hi, double negativeFraction, Random rng) {
        double[] x = new double[n];
        double a = Math.log(lo);
        double b = Math.log(hi);
        for (int i = 0; i < n; i++) {
            double mag = Math.exp(a + (b - a) * rng.nextDouble());
            x[i] = rng.nextDouble() < negativeFraction ? -mag : mag;
        }
        return x;
    }

    /** An m x n matrix of independent standard normal entries. */
    public static DenseMatrix gaussian(int m, int n, Random rng) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        return DenseMatrix.of(m, n, a);
    }

    /** op(A) op(B) by the textbook triple loop. */
    public static DenseMatrix naiveProduct(DenseMatrix a, boolean ta, DenseMatrix b, boolean tb) {
        return naive(a, ta, b, tb, false);
    }

    /** |op(A)| |op(B)| (entrywise absolute values), the scale of the rounding error of a product. */
    public static DenseMatrix absProduct(DenseMatrix a, boolean ta, DenseMatrix b, boolean tb) {
        return naive(a, ta, b, tb, true);
    }

    private static DenseMatrix naive(DenseMatrix a, boolean ta, DenseMatrix b, boolean tb, boolean abs) {
        int m = ta ? a.cols() : a.rows();
        int k = ta ? a.rows() : a.cols();
        int n = tb ? b.rows() : b.cols();
        DenseMatrix c = DenseMatrix.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    double x = ta ? a.get(l, i) : a.get(i, l);
                    double y = tb ? b.get(j, l) : b.get(l, j);
                    s += abs ? Math.abs(x * y) : x * y;
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    private static double[] diagonal(int m, int n, double[] d) {
        double[] a = new double[m * n];
        for (int i = 0; i < d.length; i++) {
            a[i + i * m] = d[i];
        }
        return a;
    }
}
