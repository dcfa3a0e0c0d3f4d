package dev.spectral.operator;

import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.internal.estimate.Workers;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import java.util.Optional;

/**
 * The kernel matrix K_ij = k(x_i, x_j) + nugget·δ_ij of a point set, applied without ever forming it: the rows are
 * cut into tiles of {@link #ROW_TILE} rows; each tile is generated {@link #COLUMN_TILE} columns at a time (one GEMM of
 * inner products and an elementwise map, {@link KernelMatrix#tile}) and multiplied into the block right away (a
 * second GEMM). Memory is one tile buffer per worker; every product recomputes the kernel values.
 *
 * <p>Threads: row tiles are processed by {@code threads} Java workers, each writing disjoint rows of Y, so the result
 * does not depend on the thread count. The GEMMs inside a tile are small (256 rows) and are issued concurrently from
 * the workers; OpenBLAS's pthreads build serves concurrent callers from one shared pool, so at most
 * {@code threads} + (OpenBLAS threads - 1) threads are busy. The parallelism that matters here is the elementwise map
 * (one exp or sqrt per entry), which only the Java workers provide; for the largest speed with many workers, run with
 * OPENBLAS_NUM_THREADS=1 so that the two layers do not compete (measured numbers are in the estimators report).
 */
public final class KernelOperator implements LinearOperator {
    /** Rows per tile: a tile's kernel values (ROW_TILE x COLUMN_TILE doubles, 4 MiB) stay in cache-friendly pieces. */
    public static final int ROW_TILE = 256;
    /** Columns generated at once within a row tile. */
    public static final int COLUMN_TILE = 2048;

    private final Points points;
    private final Kernel kernel;
    private final double nugget;
    private final int threads;
    private final ThreadLocal<double[]> buffers;

    KernelOperator(Points points, Kernel kernel, double nugget, int threads) {
        if (!Double.isFinite(nugget)) {
            throw new dev.spectral.InvalidInputException("the nugget must be finite, got " + nugget);
        }
        this.points = points;
        this.kernel = kernel;
        this.nugget = nugget;
        this.threads = Math.max(1, threads);
        int n = points.size();
        int size = Math.min(ROW_TILE, n) * Math.min(COLUMN_TILE, n);
        this.buffers = ThreadLocal.withInitial(() -> new double[size]);
    }

    public Points points() {
        return points;
    }

    public Kernel kernel() {
        return kernel;
    }

    public double nugget() {
        return nugget;
    }

    public int threads() {
        return threads;
    }

    @Override
    public int rows() {
        return points.size();
    }

    @Override
    public int cols() {
        return points.size();
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        int n = points.size();
        int tiles = (n + ROW_TILE - 1) / ROW_TILE;
        var blas = NetlibRuntime.get().blas();
        Workers.forEach(tiles, threads, t -> {
            int i0 = t * ROW_TILE;
            int i1 = Math.min(n, i0 + ROW_TILE);
            int m = i1 - i0;
            double[] buf = buffers.get();
            for (int j0 = 0; j0 < n; j0 += COLUMN_TILE) {
                int j1 = Math.min(n, j0 + COLUMN_TILE);
                KernelMatrix.tile(points, kernel, nugget, i0, i1, j0, j1, buf, m);
                blas.dgemm("N", "N", m, k, j1 - j0, 1.0, buf, 0, m, x, j0, n, j0 == 0 ? 0.0 : 1.0, y, i0, n);
            }
        });
    }

    @Override
    public boolean symmetric() {
        return true;
    }

    /** Every kernel here is positive definite, so K is positive semidefinite when the nugget is not negative. */
    @Override
    public boolean positiveSemidefinite() {
        return nugget >= 0;
    }

    @Override
    public Optional<double[]> diagonal() {
        double[] norms = points.squaredNorms();
        double[] d = new double[norms.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = kernel.value(norms[i], norms[i], norms[i]) + nugget;
        }
        return Optional.of(d);
    }

    /** The whole kernel matrix by {@link KernelMatrix#dense} (one GEMM), not by n products. */
    @Override
    public dev.spectral.matrix.DenseMatrix toDense() {
        return KernelMatrix.dense(points, kernel, nugget);
    }

    @Override
    public String description() {
        return kernel.name() + " kernel of " + points.size() + " points in " + points.dimension() + " dimensions"
                + (nugget != 0 ? " + " + nugget + "·I" : "");
    }
}
