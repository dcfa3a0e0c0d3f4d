package dev.spectral.operator;

import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.internal.estimate.Workers;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import java.util.Optional;

/**
 * The kernel matrix K_ij = k(x_i, x_j) + nugget·δ_ij of a point set, applied without ever forming it. Rows and
 * columns are cut into square blocks of {@link #BLOCK}; each block K_IJ with J ≥ I is generated once (one GEMM of inner
 * products and an elementwise map, {@link KernelMatrix#tile}) and, by symmetry, serves twice: Y_I += K_IJ X_J and
 * Y_J += K_IJᵀ X_I. Generating the kernel values is the expensive part (d flops per entry against 2k for applying it),
 * so using each block twice halves the cost of a product. Every product recomputes the kernel values; memory is one
 * block per worker plus the accumulators below.
 *
 * <p>Reproducibility: the result must not depend on the thread count, yet the transposed contributions land in rows
 * that other blocks also write. The block pairs are therefore dealt, in a fixed order, to a fixed number of stripes
 * (chosen from n and k only); each stripe sums its pairs in order into its own n x k accumulator, and the stripes are
 * added in stripe order. Threads only decide which stripe runs when. When even {@link #MIN_STRIPES} accumulators would
 * exceed {@link #ACCUMULATOR_BYTES}, the operator falls back to generating every block (rows written by one worker
 * each), again a choice made from n and k only.
 *
 * <p>The GEMMs inside a block are issued concurrently from the workers; OpenBLAS's pthreads build serves concurrent
 * callers from one shared pool. The elementwise map (one exp or sqrt per entry) is parallel only through the Java
 * workers.
 */
public final class KernelOperator implements LinearOperator {
    /** Rows and columns per block: 1024² doubles (8 MiB) per worker, large enough for an efficient inner-product GEMM. */
    public static final int BLOCK = 1024;
    /** Stripes (independent accumulators) used for the symmetric product: the parallelism it can offer. */
    static final int MAX_STRIPES = 32;
    /** Fewer stripes than this and the symmetric product would serialize too much; generate every block instead. */
    static final int MIN_STRIPES = 4;
    /** Memory allowed for the stripes' accumulators of one product. */
    public static final long ACCUMULATOR_BYTES = 512L << 20;

    private final Points points;
    private final Kernel kernel;
    private final double nugget;
    private final int threads;
    private final int block;
    private final long accumulatorBytes;
    private final ThreadLocal<double[]> buffers;

    KernelOperator(Points points, Kernel kernel, double nugget, int threads) {
        this(points, kernel, nugget, threads, BLOCK, ACCUMULATOR_BYTES);
    }

    /** With a chosen block size and accumulator budget, so that tests reach many blocks and both paths. */
    KernelOperator(Points points, Kernel kernel, double nugget, int threads, int block, long accumulatorBytes) {
        if (!Double.isFinite(nugget)) {
            throw new dev.spectral.InvalidInputException("the nugget must be finite, got " + nugget);
        }
        this.points = points;
        this.kernel = kernel;
        this.nugget = nugget;
        this.threads = Math.max(1, threads);
        this.block = block;
        this.accumulatorBytes = accumulatorBytes;
        int b = Math.min(block, points.size());
        this.buffers = ThreadLocal.withInitial(() -> new double[b * b]);
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
        int blocks = (n + block - 1) / block;
        long pairs = (long) blocks * (blocks + 1) / 2;
        long fit = accumulatorBytes / (8L * n * Math.max(1, k));
        int stripes = (int) Math.min(Math.min(MAX_STRIPES, pairs), fit);
        if (stripes < Math.min(MIN_STRIPES, pairs)) {
            applyEveryBlock(x, y, k, blocks);
        } else {
            applySymmetric(x, y, k, blocks, stripes);
        }
    }

    private void applySymmetric(double[] x, double[] y, int k, int blocks, int stripes) {
        int n = points.size();
        var blas = NetlibRuntime.get().blas();
        double[][] acc = new double[stripes][];
        Workers.forEach(stripes, threads, s -> {
            double[] sum = new double[n * k];
            double[] buf = buffers.get();
            int pair = 0;
            for (int bi = 0; bi < blocks; bi++) {
                for (int bj = bi; bj < blocks; bj++, pair++) {
                    if (pair % stripes != s) {
                        continue;
                    }
                    int i0 = bi * block;
                    int m = Math.min(n, i0 + block) - i0;
                    int j0 = bj * block;
                    int w = Math.min(n, j0 + block) - j0;
                    KernelMatrix.tile(points, kernel, nugget, i0, i0 + m, j0, j0 + w, buf, m);
                    blas.dgemm("N", "N", m, k, w, 1.0, buf, 0, m, x, j0, n, 1.0, sum, i0, n);
                    if (bj != bi) {
                        blas.dgemm("T", "N", w, k, m, 1.0, buf, 0, m, x, i0, n, 1.0, sum, j0, n);
                    }
                }
            }
            acc[s] = sum;
        });
        // Add the stripes in stripe order, rows in parallel: the same sums whatever the thread count.
        int chunk = 4096;
        int chunks = (n * k + chunk - 1) / chunk;
        Workers.forEach(chunks, threads, c -> {
            int from = c * chunk;
            int to = Math.min(n * k, from + chunk);
            System.arraycopy(acc[0], from, y, from, to - from);
            for (int s = 1; s < stripes; s++) {
                double[] a = acc[s];
                for (int i = from; i < to; i++) {
                    y[i] += a[i];
                }
            }
        });
    }

    /** Every block generated by the worker that owns its rows: twice the kernel work, no accumulators. */
    private void applyEveryBlock(double[] x, double[] y, int k, int blocks) {
        int n = points.size();
        var blas = NetlibRuntime.get().blas();
        Workers.forEach(blocks, threads, bi -> {
            int i0 = bi * block;
            int m = Math.min(n, i0 + block) - i0;
            double[] buf = buffers.get();
            for (int j0 = 0; j0 < n; j0 += block) {
                int w = Math.min(n, j0 + block) - j0;
                KernelMatrix.tile(points, kernel, nugget, i0, i0 + m, j0, j0 + w, buf, m);
                blas.dgemm("N", "N", m, k, w, 1.0, buf, 0, m, x, j0, n, j0 == 0 ? 0.0 : 1.0, y, i0, n);
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
