package dev.spectral.bench;

import dev.spectral.Backends;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.Which;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.io.Idx;
import dev.spectral.io.MatrixMarket;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.kernel.ReluNtk;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.KernelOperator;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import dev.spectral.spi.DenseBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The estimator measurements of BENCHMARKS.md, printed as Markdown on stdout in one run.
 *
 * <p>Usage: {@code EstimatorBench trace|kernels|rate|eigsh FILE.mtx|all [n=10000]}.
 * <ul>
 *   <li>{@code trace}: the XTrace paper's test bench at n = 1000 (flat, k⁻¹, k⁻², 0.9^k, step spectra), mean relative
 *       error of each trace estimator over 10 seeds at budgets 20 to 300 matrix-vector products.</li>
 *   <li>{@code kernels}: log det of the RBF and ReLU-NTK kernels of the first n Fashion-MNIST images: exact (dense
 *       Cholesky), SLQ with a fixed number of probes (on the formed matrix, so that many configurations fit in one
 *       run; the estimates are those of the matrix-free operator up to round-off), and one matrix-free SLQ run with
 *       the default settings, timed.</li>
 *   <li>{@code rate}: the kernel operator's block-product rate next to a plain dgemm.</li>
 *   <li>{@code eigsh FILE.mtx}: top-10 eigenvalues of a sparse matrix by thick-restart Lanczos, time and values (the
 *       script compares with scipy.sparse.linalg.eigsh on the same file).</li>
 * </ul>
 */
public final class EstimatorBench {
    private static final int SEEDS = 10;
    private static final int[] BUDGETS = {20, 60, 120, 300};

    private EstimatorBench() {}

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        String what = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 && !what.equals("eigsh") ? Integer.parseInt(args[1]) : 10_000;
        System.out.printf("<!-- %s, %d cores -->%n", NetlibRuntime.get().deviceLine(),
                Runtime.getRuntime().availableProcessors());
        switch (what) {
            case "trace" -> trace();
            case "kernels" -> kernels(n);
            case "rate" -> rate(n);
            case "eigsh" -> eigsh(Path.of(args[1]));
            case "pass" -> pass(n, args.length > 2 ? Integer.parseInt(args[2]) : 10);
            case "all" -> {
                trace();
                rate(n);
                kernels(n);
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
    }

    // ---- trace estimators on known spectra ----

    record Spectrum(String name, IntFunction<Double> lambda) {}

    static void trace() {
        int n = 1000;
        List<Spectrum> spectra = List.of(
                new Spectrum("flat (λ = 1)", k -> 1.0),
                new Spectrum("k⁻¹", k -> 1.0 / (k + 1)),
                new Spectrum("k⁻²", k -> 1.0 / ((k + 1.0) * (k + 1.0))),
                new Spectrum("0.9^k", k -> Math.pow(0.9, k)),
                new Spectrum("step (50 at 1, rest 1e-3)", k -> k < 50 ? 1.0 : 1e-3));
        List<String> methods = List.of("hutchinson", "hutchpp", "nahutchpp", "xtrace", "xnystrace");
        DenseMatrix q = orthogonal(n, 11);
        System.out.println();
        System.out.println("Mean relative error |estimate - tr A| / tr A over " + SEEDS + " seeds, n = " + n
                + ", A = Q diag(λ) Qᵀ (budget = matrix-vector products):");
        System.out.println();
        StringBuilder head = new StringBuilder("| spectrum | method |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int b : BUDGETS) {
            head.append(" ").append(b).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Spectrum s : spectra) {
            double[] lambda = new double[n];
            double exact = 0;
            for (int k = 0; k < n; k++) {
                lambda[k] = s.lambda().apply(k);
                exact += lambda[k];
            }
            LinearOperator a = Operators.assumePositiveSemidefinite(Operators.dense(compose(q, lambda)));
            for (String m : methods) {
                StringBuilder row = new StringBuilder("| " + s.name() + " | " + m + " |");
                for (int b : BUDGETS) {
                    double err = 0;
                    for (long seed = 1; seed <= SEEDS; seed++) {
                        err += Math.abs(Estimators.trace(a, method(m, b, seed)).value() - exact) / exact;
                    }
                    row.append(String.format(" %.2e |", err / SEEDS));
                }
                System.out.println(row);
            }
        }
    }

    static Method method(String name, int budget, long seed) {
        return switch (name) {
            case "hutchinson" -> new Method.Hutchinson(budget, dev.spectral.estimate.Probe.RADEMACHER, seed, 0.95);
            case "hutchpp" -> new Method.HutchPlusPlus(budget, seed, 0.95);
            case "nahutchpp" -> new Method.NaHutchPlusPlus(budget, seed, 0.95);
            case "xtrace" -> new Method.XTrace(budget, seed, 0.95);
            case "xnystrace" -> new Method.XNysTrace(budget, seed, 0.95);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static DenseMatrix orthogonal(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DenseMatrix g = DenseMatrix.zeros(n, n);
        for (int i = 0; i < g.data().length; i++) {
            g.data()[i] = rng.nextGaussian();
        }
        try (DenseBackend cpu = Backends.cpu()) {
            return cpu.eigh(cpu.multiply(g, false, g, true), EigenSelection.all(), true).vectors();
        }
    }

    static DenseMatrix compose(DenseMatrix q, double[] lambda) {
        int n = lambda.length;
        DenseMatrix ql = q.copy();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                ql.set(i, j, q.get(i, j) * lambda[j]);
            }
        }
        DenseMatrix a;
        try (DenseBackend cpu = Backends.cpu()) {
            a = cpu.multiply(ql, false, q, true);
        }
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                a.set(j, i, a.get(i, j));
            }
        }
        return a;
    }

    // ---- kernel log-determinants ----

    static void kernels(int n) {
        Points x = Idx.readFashionMnist(n);
        double nugget = 1e-3;
        List<Kernel> kernels = List.of(new Kernel.Rbf(10.0), new ReluNtk(2));
        System.out.println();
        System.out.printf("log det of kernels of the first %d Fashion-MNIST images (nugget %.0e): SLQ with m probes and "
                + "the default adaptive Lanczos degree, without and with full reorthogonalization (95%% intervals), "
                + "against the exact value by dense Cholesky. SLQ runs on the formed matrix so that several "
                + "configurations fit in one run (the matrix-free operator gives the same estimates):%n%n", n, nugget);
        System.out.println("| kernel | exact log det | exact time | m probes | reorth | SLQ log det | rel. error | rel. stderr | "
                + "covered | mean degree | unsettled probes | matvecs | SLQ time |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double rbfExact = 0;
        for (Kernel k : kernels) {
            long t0 = System.nanoTime();
            DenseMatrix km = KernelMatrix.dense(x, k, nugget);
            double formSeconds = (System.nanoTime() - t0) / 1e9;
            double exact;
            t0 = System.nanoTime();
            try (DenseBackend cpu = Backends.cpu()) {
                exact = cpu.logdet(km, Factorization.CHOLESKY).logAbsDet();
            }
            double exactSeconds = (System.nanoTime() - t0) / 1e9;
            if (k instanceof Kernel.Rbf) {
                rbfExact = exact;
            }
            LinearOperator dense = Operators.dense(km);
            for (int m : new int[] {10, 30}) {
                for (boolean full : new boolean[] {false, true}) {
                    SlqOptions o = SlqOptions.defaults().withProbes(m, m).withBlockSize(Math.min(m, 16));
                    if (full) {
                        o = o.withReorthogonalization(dev.spectral.estimate.Reorthogonalization.full());
                    }
                    Estimate e = Estimators.logdet(dense, Method.slq(o));
                    System.out.printf("| %s | %.6g | %.1f s (+%.1f s to form) | %d | %s | %.6g | %.2e | %.2e | %s | %.0f | %d | %d | %.1f s |%n",
                            k.name(), exact, exactSeconds, formSeconds, m, full ? "full" : "none", e.value(),
                            e.relativeError(exact), e.standardError() / Math.abs(exact),
                            e.interval().low() <= exact && exact <= e.interval().high() ? "yes" : "no",
                            e.solver().lanczos().orElseThrow().meanDegree(), e.solver().lanczos().orElseThrow().unsettled(), e.matvecs(), e.seconds());
                }
            }
        }
        x = Idx.readFashionMnist(n);
        KernelOperator op = Operators.kernel(x, kernels.get(0), nugget);
        SlqOptions o = SlqOptions.defaults().withBlockSize(16)
                .withReorthogonalization(dev.spectral.estimate.Reorthogonalization.full());
        var productNanos = new java.util.concurrent.atomic.AtomicLong();
        LinearOperator timed = Operators.symmetric(n, (in, out, k) -> {
            long p0 = System.nanoTime();
            op.apply(in, out, k);
            productNanos.addAndGet(System.nanoTime() - p0);
        });
        timed = Operators.assumePositiveSemidefinite(timed);
        long t0 = System.nanoTime();
        Estimate e = Estimators.logdet(timed, Method.slq(o));
        double s = (System.nanoTime() - t0) / 1e9;
        double products = productNanos.get() / 1e9;
        System.out.println();
        System.out.println("Matrix-free SLQ (the kernel is never formed; default settings: 10-50 probes, rtol 1e-2, "
                + "adaptive degree; with full reorthogonalization, which halves the degree here, and 16 probes per block "
                + "product), wall time, and the time inside the operator's products (the goal: total at most 1.2x products):");
        System.out.println();
        System.out.println("| kernel | n | SLQ log det | rel. error | covered | probes | mean degree | matvecs | wall time | in products | total / products |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf("| %s | %d | %.6g | %.2e | %s | %d | %.0f | %d | %.1f s | %.1f s | %.3f |%n", kernels.get(0).name(), n, e.value(),
                e.relativeError(rbfExact), e.interval().low() <= rbfExact && rbfExact <= e.interval().high() ? "yes" : "no",
                e.probes(), e.solver().lanczos().orElseThrow().meanDegree(), e.matvecs(), s, products, s / products);
    }

    // ---- block-product rate ----

    static void rate(int n) {
        Points x = Idx.readFashionMnist(n);
        int k = 16;
        KernelOperator op = Operators.kernel(x, new Kernel.Rbf(10.0), 1e-3);
        double[] v = new double[n * k];
        double[] y = new double[n * k];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        op.apply(v, y, k); // warm-up
        int reps = 3;
        double[] times = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            op.apply(v, y, k);
            times[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        double kernelFlops = 2.0 * n * n * x.dimension() + 2.0 * n * n * k;
        // plain dgemm with the same inner dimension, C (2048 x 2048) = A (2048 x 784) B (784 x 2048)
        int m = 2048;
        int d = x.dimension();
        DenseMatrix a = DenseMatrix.zeros(m, d);
        DenseMatrix b = DenseMatrix.zeros(d, m);
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = rng.nextGaussian();
            b.data()[i] = rng.nextGaussian();
        }
        double gemm;
        try (DenseBackend cpu = Backends.cpu()) {
            cpu.multiply(a, false, b, false);
            long t0 = System.nanoTime();
            for (int r = 0; r < 3; r++) {
                cpu.multiply(a, false, b, false);
            }
            gemm = (System.nanoTime() - t0) / 3e9;
        }
        double gemmRate = 2.0 * m * m * d / gemm / 1e9;
        System.out.println();
        System.out.printf("Kernel operator block product (RBF, Fashion-MNIST, n = %d, d = %d, %d vectors): median of %d."
                + " The rate counts the flops of generating every kernel entry, 2n²(d + k); the operator generates each"
                + " off-diagonal block once and uses it twice (symmetry), so its effective rate can pass dgemm's.%n%n",
                n, d, k, reps);
        System.out.println("| operation | time | effective GF/s | share of plain dgemm rate |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| kernel Y = K X (tiles generated on the fly) | %.2f s | %.1f | %.2f |%n", times[reps / 2],
                kernelFlops / times[reps / 2] / 1e9, kernelFlops / times[reps / 2] / 1e9 / gemmRate);
        System.out.printf("| plain dgemm 2048 x 784 x 2048 | %.3f s | %.1f | 1.00 |%n", gemm, gemmRate);
    }

    // ---- one kernel pass at large n ----

    /**
     * Times single products Y = K X of the RBF kernel (lengthscale 10, nugget 1e-3) of the first n Fashion-MNIST
     * images with k vectors: the unit of work of matrix-free SLQ, one per Lanczos step whatever the number of probes
     * in the block. Prints the time of each of two products.
     */
    static void pass(int n, int k) {
        Points x = Idx.readFashionMnist(n);
        KernelOperator op = Operators.kernel(x, new Kernel.Rbf(10.0), 1e-3);
        double[] v = new double[n * k];
        double[] y = new double[n * k];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        for (int r = 0; r < 2; r++) {
            long t0 = System.nanoTime();
            op.apply(v, y, k);
            System.out.printf("kernel product n = %d, %d vectors: %.1f s%n", n, k, (System.nanoTime() - t0) / 1e9);
        }
    }

    // ---- sparse top-k ----

    static void eigsh(Path file) {
        long t0 = System.nanoTime();
        var csr = MatrixMarket.read(file);
        double read = (System.nanoTime() - t0) / 1e9;
        LinearOperator op = Operators.sparse(csr);
        Estimators.extremeEigenvalues(op, 10, Which.LARGEST); // warm-up (JIT)
        double[] times = new double[3];
        Eigenpairs e = null;
        for (int r = 0; r < times.length; r++) {
            t0 = System.nanoTime();
            e = Estimators.extremeEigenvalues(op, 10, Which.LARGEST);
            times[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        double[] vals = e.values().clone();
        Arrays.sort(vals);
        System.out.printf("{\"read_seconds\": %.4f, \"seconds\": %.4f, \"matvecs\": %d, \"values\": %s}%n", read,
                times[1], e.matvecs(), Arrays.toString(vals));
    }
}
