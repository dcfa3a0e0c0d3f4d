package dev.spectral.kernel;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.internal.estimate.Workers;
import dev.spectral.matrix.DenseMatrix;
import java.util.stream.IntStream;

/**
 * Kernel matrices K_ij = k(x_i, x_j) + nugget·δ_ij, built tile by tile: one GEMM gives the inner products of a tile,
 * an elementwise map turns them into kernel values. Nothing here forms more than the tile asked for.
 */
public final class KernelMatrix {
    private KernelMatrix() {}

    /**
     * Fills {@code out} (column-major, leading dimension {@code ld}) with the tile rows [i0, i1) x columns [j0, j1) of
     * the kernel matrix. Runs on the calling thread; the GEMM itself may use BLAS threads.
     */
    public static void tile(Points x, Kernel k, double nugget, int i0, int i1, int j0, int j1, double[] out, int ld) {
        tile(x, k, nugget, i0, i1, j0, j1, out, ld, 1);
    }

    /**
     * As {@link #tile(Points, Kernel, double, int, int, int, int, double[], int)}, with the elementwise map split over
     * {@code threads} workers (the GEMM before it uses the BLAS threads). Every entry is computed the same way whatever
     * the split, so the tile does not depend on {@code threads}.
     */
    public static void tile(Points x, Kernel k, double nugget, int i0, int i1, int j0, int j1, double[] out, int ld,
                            int threads) {
        int m = i1 - i0;
        int n = j1 - j0;
        if (i0 < 0 || j0 < 0 || i1 > x.size() || j1 > x.size() || m < 0 || n < 0 || ld < Math.max(1, m)) {
            throw new InvalidInputException("tile [" + i0 + "," + i1 + ") x [" + j0 + "," + j1 + ") is outside a kernel of order " + x.size());
        }
        if (m == 0 || n == 0) {
            return;
        }
        int d = x.dimension();
        double[] xs = x.data();
        NetlibRuntime.get().blas().dgemm("T", "N", m, n, d, 1.0, xs, i0 * d, d, xs, j0 * d, d, 0.0, out, 0, ld);
        double[] norms = x.squaredNorms();
        int chunk = 64;
        int chunks = (n + chunk - 1) / chunk;
        Workers.forEach(chunks, threads, c -> {
            for (int j = c * chunk, end = Math.min(n, j + chunk); j < end; j++) {
                double nj = norms[j0 + j];
                int col = j * ld;
                for (int i = 0; i < m; i++) {
                    // On the diagonal, pass x·x = |x|² exactly so the distance is exactly 0 (not a cancelled residue).
                    out[col + i] = (i0 + i == j0 + j) ? k.value(nj, nj, nj) + nugget : k.value(out[col + i], norms[i0 + i], nj);
                }
            }
        });
    }

    /** The whole n x n kernel matrix in memory. One GEMM for the inner products, then a parallel elementwise map. */
    public static DenseMatrix dense(Points x, Kernel k, double nugget) {
        int n = x.size();
        DenseMatrix out = DenseMatrix.zeros(n, n);
        double[] a = out.data();
        int d = x.dimension();
        NetlibRuntime.get().blas().dgemm("T", "N", n, n, d, 1.0, x.data(), d, x.data(), d, 0.0, a, n);
        double[] norms = x.squaredNorms();
        IntStream.range(0, n).parallel().forEach(j -> {
            double nj = norms[j];
            int col = j * n;
            // The lower triangle is computed and mirrored, so the result is exactly symmetric.
            for (int i = j + 1; i < n; i++) {
                a[col + i] = k.value(a[col + i], norms[i], nj);
            }
            a[col + j] = k.value(nj, nj, nj) + nugget;
        });
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                a[j + i * n] = a[i + j * n];
            }
        }
        return out;
    }
}
