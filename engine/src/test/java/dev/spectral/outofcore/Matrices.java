package dev.spectral.outofcore;

import dev.spectral.matrix.DenseMatrix;
import java.util.Random;

/** Test matrices and a source over an in-memory matrix. */
final class Matrices {
    private Matrices() {}

    /** A random SPD matrix G Gᵀ/n + shift·I (well conditioned for shift of order 1). */
    static DenseMatrix spd(int n, long seed, double shift) {
        Random rnd = new Random(seed);
        DenseMatrix g = DenseMatrix.zeros(n, n);
        for (int k = 0; k < n * n; k++) {
            g.data()[k] = rnd.nextGaussian();
        }
        DenseMatrix a = DenseMatrix.zeros(n, n);
        dev.spectral.internal.cpu.NetlibRuntime.get().blas().dgemm("N", "T", n, n, n, 1.0 / n, g.data(), n, g.data(), n,
                0.0, a.data(), n);
        for (int i = 0; i < n; i++) {
            a.data()[i + i * n] += shift;
        }
        symmetrize(a);
        return a;
    }

    /** A random symmetric indefinite matrix (Gaussian entries, symmetrized). */
    static DenseMatrix symmetricIndefinite(int n, long seed) {
        Random rnd = new Random(seed);
        DenseMatrix a = DenseMatrix.zeros(n, n);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = rnd.nextGaussian();
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }

    /** A random general matrix. */
    static DenseMatrix general(int n, long seed) {
        Random rnd = new Random(seed);
        DenseMatrix a = DenseMatrix.zeros(n, n);
        for (int k = 0; k < n * n; k++) {
            a.data()[k] = rnd.nextGaussian();
        }
        return a;
    }

    static void symmetrize(DenseMatrix a) {
        int n = a.rows();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                double v = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
    }

    /** The leading m x m block. */
    static DenseMatrix leading(DenseMatrix a, int m) {
        DenseMatrix out = DenseMatrix.zeros(m, m);
        for (int j = 0; j < m; j++) {
            System.arraycopy(a.data(), j * a.rows(), out.data(), j * m, m);
        }
        return out;
    }

    /** A source reading an in-memory matrix (counts the strips it served). */
    static final class Dense implements TileSource {
        final DenseMatrix a;
        final String id;
        int fills;

        Dense(DenseMatrix a, String id) {
            this.a = a;
            this.id = id;
        }

        @Override
        public int order() {
            return a.rows();
        }

        @Override
        public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
            fills++;
            int n = a.rows();
            for (int j = col0; j < col1; j++) {
                System.arraycopy(a.data(), row0 + j * n, out, (j - col0) * ld, row1 - row0);
            }
        }

        @Override
        public String identity() {
            return id;
        }
    }
}
