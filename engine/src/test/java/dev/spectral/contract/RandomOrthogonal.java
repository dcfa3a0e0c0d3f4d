package dev.spectral.contract;

import java.util.Random;

/**
 * A random orthogonal n x n matrix Q = H_0 H_1 ... H_{p-1} held as the Householder reflectors of the QR factorization
 * of an n x p Gaussian matrix, in pure Java so that it is independent of every backend. With p = n - 1 it is the
 * full Q of a square Gaussian matrix (Haar up to column signs); with small p it costs O(p n²) to apply, which is what
 * makes n >= 2000 test matrices cheap. Every reflector is a true reflection (τ = 2 / vᵀv), so det Q = (-1)^p.
 */
public final class RandomOrthogonal {
    private final int n;
    /** v[j] holds the reflector's entries j..n-1 (it is zero above j). */
    private final double[][] v;
    private final double[] tau;

    private RandomOrthogonal(int n, double[][] v, double[] tau) {
        this.n = n;
        this.v = v;
        this.tau = tau;
    }

    /** The full Q of a square n x n Gaussian matrix. */
    public static RandomOrthogonal haar(int n, Random rng) {
        return fromGaussian(n, Math.max(0, n - 1), rng);
    }

    /** Q from the Householder QR of an n x p Gaussian matrix, {@code p <= n - 1}. */
    public static RandomOrthogonal fromGaussian(int n, int p, Random rng) {
        if (p < 0 || (n > 0 && p > n - 1) || (n == 0 && p > 0)) {
            throw new IllegalArgumentException("need 0 <= p <= n - 1, got n = " + n + ", p = " + p);
        }
        double[] g = new double[n * p];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        double[][] vs = new double[p][];
        double[] taus = new double[p];
        for (int j = 0; j < p; j++) {
            int len = n - j;
            double[] x = new double[len];
            System.arraycopy(g, j + j * n, x, 0, len);
            double norm = 0;
            for (double xi : x) {
                norm += xi * xi;
            }
            norm = Math.sqrt(norm);
            // v = x - alpha e1 with alpha = -sign(x0) |x| avoids cancellation; H x = alpha e1.
            double alpha = x[0] >= 0 ? -norm : norm;
            x[0] -= alpha;
            double vtv = 0;
            for (double xi : x) {
                vtv += xi * xi;
            }
            vs[j] = x;
            taus[j] = 2.0 / vtv;
            // Apply H_j to the remaining columns of G.
            for (int c = j + 1; c < p; c++) {
                reflect(x, taus[j], g, c * n + j);
            }
        }
        return new RandomOrthogonal(n, vs, taus);
    }

    /** y[off .. off+len) -= tau (vᵀ y) v, for a contiguous stretch of a column. */
    private static void reflect(double[] v, double tau, double[] y, int off) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * y[off + i];
        }
        s *= tau;
        for (int i = 0; i < v.length; i++) {
            y[off + i] -= s * v[i];
        }
    }

    public int order() {
        return n;
    }

    public int reflectorCount() {
        return tau.length;
    }

    /** det Q = (-1)^p: each reflector is a reflection. */
    public int determinant() {
        return tau.length % 2 == 0 ? 1 : -1;
    }

    /** B := Q B for a column-major {@code rows x cols} array with rows = n. */
    public void applyLeft(double[] b, int rows, int cols) {
        require(rows, "rows");
        for (int j = tau.length - 1; j >= 0; j--) {
            for (int c = 0; c < cols; c++) {
                reflect(v[j], tau[j], b, c * rows + j);
            }
        }
    }

    /** B := B Qᵀ for a column-major {@code rows x cols} array with cols = n. Qᵀ = H_{p-1} ... H_0. */
    public void applyTransposeRight(double[] b, int rows, int cols) {
        require(cols, "cols");
        double[] w = new double[rows];
        for (int j = tau.length - 1; j >= 0; j--) {
            double[] vj = v[j];
            // w = B[:, j..] v, then B[:, j + i] -= tau w v_i: column-wise, so memory is walked in order.
            java.util.Arrays.fill(w, 0);
            for (int i = 0; i < vj.length; i++) {
                int col = (j + i) * rows;
                double vi = vj[i];
                for (int r = 0; r < rows; r++) {
                    w[r] += b[col + r] * vi;
                }
            }
            for (int i = 0; i < vj.length; i++) {
                int col = (j + i) * rows;
                double s = tau[j] * vj[i];
                for (int r = 0; r < rows; r++) {
                    b[col + r] -= w[r] * s;
                }
            }
        }
    }

    /** Q as an explicit matrix (column-major n x n). */
    public double[] toArray() {
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            q[i + i * n] = 1;
        }
        applyLeft(q, n, n);
        return q;
    }

    private void require(int dim, String what) {
        if (dim != n) {
            throw new IllegalArgumentException(what + " = " + dim + " but Q is " + n + " x " + n);
        }
    }
}
