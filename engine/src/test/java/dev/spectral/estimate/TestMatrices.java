package dev.spectral.estimate;

import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.internal.estimate.Dense;
import dev.spectral.matrix.DenseMatrix;
import java.util.SplittableRandom;

/** Test matrices with known spectra: Q diag(λ) Qᵀ with Q a random orthogonal matrix (QR of a Gaussian matrix). */
public final class TestMatrices {
    private TestMatrices() {}

    public static double[] orthogonal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        return Dense.qr(g, n, n).q();
    }

    /** Q diag(λ) Qᵀ, exactly symmetric. */
    public static DenseMatrix withSpectrum(double[] lambda, long seed) {
        int n = lambda.length;
        double[] q = orthogonal(n, seed);
        double[] ql = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                ql[i + j * n] = q[i + j * n] * lambda[j];
            }
        }
        double[] a = new double[n * n];
        NetlibRuntime.get().blas().dgemm("N", "T", n, n, n, 1.0, ql, n, q, n, 0.0, a, n);
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                double m = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = m;
                a[j + i * n] = m;
            }
        }
        return DenseMatrix.of(n, n, a);
    }

    public static DenseMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[rows * cols];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        return DenseMatrix.of(rows, cols, g);
    }

    /** The spectra of the XTrace paper's test bench, for n eigenvalues. */
    public enum Spectrum {
        FLAT, POLY1, POLY2, EXP, STEP;

        public double[] values(int n) {
            double[] l = new double[n];
            for (int i = 0; i < n; i++) {
                int k = i + 1;
                l[i] = switch (this) {
                    case FLAT -> 3 - 2.0 * i / (n - 1);
                    case POLY1 -> 1.0 / k;
                    case POLY2 -> 1.0 / ((double) k * k);
                    case EXP -> Math.pow(0.9, i);
                    case STEP -> k <= 50 ? 1.0 : 1e-3;
                };
            }
            return l;
        }
    }

    public static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}
