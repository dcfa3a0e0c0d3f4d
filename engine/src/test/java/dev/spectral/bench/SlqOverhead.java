package dev.spectral.bench;

import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.io.Idx;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what an SLQ run costs beyond its operator products: the time inside the products is accumulated by a
 * wrapper, the rest is the estimator's own work (vector updates, reorthogonalization, quadrature, bookkeeping).
 * Not a test: run with {@code java -cp ... dev.spectral.bench.SlqOverhead}.
 */
public final class SlqOverhead {
    private SlqOverhead() {}

    /** Delegates and accumulates the wall time spent in products. */
    static final class Timed implements LinearOperator {
        final LinearOperator a;
        final AtomicLong nanos = new AtomicLong();

        Timed(LinearOperator a) {
            this.a = a;
        }

        public int rows() {
            return a.rows();
        }

        public int cols() {
            return a.cols();
        }

        public void apply(double[] x, double[] y, int k) {
            long t = System.nanoTime();
            a.apply(x, y, k);
            nanos.addAndGet(System.nanoTime() - t);
        }

        public boolean symmetric() {
            return a.symmetric();
        }

        public boolean positiveSemidefinite() {
            return a.positiveSemidefinite();
        }
    }

    static void run(String name, LinearOperator op, SlqOptions o) {
        double[] ratios = new double[3];
        for (int rep = 0; rep < 4; rep++) { // the first run warms up the JIT; the median of the next three is shown
            Timed t = new Timed(op);
            long start = System.nanoTime();
            Estimate e = Estimators.logdet(t, Method.slq(o));
            double total = (System.nanoTime() - start) * 1e-9;
            double products = t.nanos.get() * 1e-9;
            if (rep > 0) {
                ratios[rep - 1] = total / products;
            }
            if (rep == 3) {
                java.util.Arrays.sort(ratios);
                var l = e.solver().lanczos().orElseThrow();
                System.out.printf("%-44s n=%7d probes=%3d matvecs=%5d degree %d-%d (mean %.1f)  total %.3f s  products %.3f s  median ratio %.3f%n",
                        name, op.rows(), e.probes(), e.matvecs(), l.minDegree(), l.maxDegree(), l.meanDegree(), total,
                        products, ratios[1]);
            }
        }
    }

    static DenseMatrix randomSpd(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DenseMatrix a = DenseMatrix.zeros(n, n);
        double s = 1 / Math.sqrt(n);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = r.nextGaussian() * s;
                a.set(i, j, v);
                a.set(j, i, v);
            }
            a.set(j, j, a.get(j, j) + 3);
        }
        return a;
    }

    static CsrMatrix laplacian2d(int m, double shift) {
        int n = m * m;
        int[] rp = new int[n + 1];
        int[] ci = new int[5 * n];
        double[] v = new double[5 * n];
        int p = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int row = i * m + j;
                if (i > 0) { ci[p] = row - m; v[p++] = -1; }
                if (j > 0) { ci[p] = row - 1; v[p++] = -1; }
                ci[p] = row; v[p++] = 4 + shift;
                if (j + 1 < m) { ci[p] = row + 1; v[p++] = -1; }
                if (i + 1 < m) { ci[p] = row + m; v[p++] = -1; }
                rp[row + 1] = p;
            }
        }
        return CsrMatrix.of(n, n, rp, java.util.Arrays.copyOf(ci, p), java.util.Arrays.copyOf(v, p));
    }

    /**
     * A symmetric n x n matrix with about {@code perRow} nonzeros per row within 64 columns of the diagonal, values
     * in [-1, 1] off the diagonal and a diagonal 0.05 above the sum of the row's other magnitudes (positive definite, condition number in the hundreds: SLQ then takes tens of steps, as on real problems).
     */
    static CsrMatrix banded(int n, int perRow, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int half = (perRow - 1) / 2;
        java.util.List<java.util.TreeMap<Integer, Double>> rows = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new java.util.TreeMap<>());
        }
        for (int i = 0; i < n; i++) {
            int placed = 0;
            while (placed < half) {
                int j = i + 1 + r.nextInt(64);
                if (j < n && !rows.get(i).containsKey(j)) {
                    double v = r.nextDouble(-1, 1);
                    rows.get(i).put(j, v);
                    rows.get(j).put(i, v);
                }
                placed++;
            }
        }
        int nnz = n;
        for (var row : rows) {
            nnz += row.size();
        }
        int[] rp = new int[n + 1];
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        int p = 0;
        for (int i = 0; i < n; i++) {
            var row = rows.get(i);
            double sum = 0;
            for (double x : row.values()) {
                sum += Math.abs(x);
            }
            row.put(i, sum + 0.05);
            for (var e : row.entrySet()) {
                ci[p] = e.getKey();
                v[p++] = e.getValue();
            }
            rp[i + 1] = p;
        }
        return CsrMatrix.of(n, n, rp, ci, v);
    }

    public static void main(String[] args) {
        SlqOptions o = SlqOptions.defaults();
        String only = args.length > 0 ? args[0] : "all";
        if (only.equals("all") || only.equals("dense")) {
            LinearOperator dense = Operators.dense(randomSpd(4000, 1));
            SlqOptions tight = o.withTolerance(2e-3, 0);
            run("dense 4000, no reorth", dense, tight);
            run("dense 4000, full reorth", dense, tight.withReorthogonalization(Reorthogonalization.full()));
            run("dense 4000, 16 probes/block", dense, tight.withBlockSize(16));
        }
        if (only.equals("all") || only.equals("sparse")) {
            LinearOperator sparse = Operators.sparse(laplacian2d(500, 0.5));
            run("sparse 2-D Laplacian + 0.5 I, no reorth", sparse, o.withTolerance(2e-3, 0));
            run("sparse 2-D Laplacian + 0.5 I, 16 probes/block", sparse, o.withTolerance(2e-3, 0).withBlockSize(16));
        }
        if (only.equals("all") || only.equals("density")) {
            // where the 1.2x goal starts to hold for sparse operators: banded SPD matrices of n = 250,000 with more
            // and more nonzeros per row (the product grows with them, the Lanczos vector work does not)
            for (int perRow : new int[] {5, 9, 17, 33, 65}) {
                run("sparse banded, " + perRow + " nonzeros/row, no reorth", Operators.sparse(banded(250_000, perRow, 7)),
                        o.withTolerance(2e-3, 0));
            }
        }
        if (only.equals("kernelthreads")) {
            // one block product of 16 vectors, best of 3, for each Java thread count (OpenBLAS threads from the env)
            int n = Integer.parseInt(System.getProperty("kernel.n", "3000"));
            Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
            double[] v = new double[n * 16];
            java.util.Arrays.fill(v, 1.0);
            double[] y = new double[n * 16];
            for (int threads = 1; threads <= Runtime.getRuntime().availableProcessors(); threads++) {
                LinearOperator k = Operators.kernel(x, new Kernel.Rbf(10), 0.1, threads);
                double best = Double.POSITIVE_INFINITY;
                for (int rep = 0; rep < 4; rep++) {
                    long t = System.nanoTime();
                    k.apply(v, y, 16);
                    best = Math.min(best, (System.nanoTime() - t) * 1e-9);
                }
                System.out.printf("kernel product n=%d k=16: %d Java threads, OPENBLAS_NUM_THREADS=%s: %.3f s%n", n,
                        threads, System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(default)"), best);
            }
        }
        if (only.equals("all") || only.equals("kernel")) {
            int n = Integer.parseInt(System.getProperty("kernel.n", "2000"));
            int threads = Integer.parseInt(System.getProperty("kernel.threads", "" + Runtime.getRuntime().availableProcessors()));
            Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
            LinearOperator k = Operators.kernel(x, new Kernel.Rbf(10), 0.1, threads);
            run("RBF kernel (Fashion-MNIST), " + threads + " threads", k, o.withBlockSize(16));
        }
    }
}
