package dev.spectral.bench;

import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.io.Idx;
import dev.spectral.io.Npy;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import dev.spectral.outofcore.Plan;
import dev.spectral.outofcore.TileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.netlib.util.intW;

/**
 * Out-of-core Cholesky against in-core dpotrf on the same RBF kernel of Fashion-MNIST images, in one run.
 *
 * <p>Usage: {@code OutOfCoreBench [n=20000] [maxMemoryMB=512] [scratchDir=java.io.tmpdir] [sources=kernel]
 * [repeats=1]}, sources being a comma-separated subset of {@code kernel,npy}. Everything is warmed up first on
 * n = 2000; with repeats &gt; 1 the whole comparison runs again and the medians of the ratios are printed (on a shared
 * machine single timings vary by tens of percent). The kernel uses the median pairwise distance of the first 1000
 * images as lengthscale and a nugget of 1e-6. Reported: the out-of-core run from the kernel generator (the matrix
 * never exists), the same from a .npy file of the matrix (the file is written first, then read by mapped tiles), and
 * in-core dpotrf on the matrix built in memory (building it is timed separately).
 */
public final class OutOfCoreBench {
    private OutOfCoreBench() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long cap = (args.length > 1 ? Long.parseLong(args[1]) : 512) << 20;
        Path scratchRoot = args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir"));
        java.util.List<String> sources = java.util.List.of((args.length > 3 ? args[3] : "kernel").split(","));
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        NetlibRuntime rt = NetlibRuntime.get();
        System.out.printf("device: %s, %d cores, max heap %d MB%n", rt.deviceLine(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        long t0 = System.nanoTime();
        Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
        double ell = medianDistance(x, Math.min(1000, n));
        Kernel k = new Kernel.Rbf(ell);
        double nugget = 1e-6;
        System.out.printf("n = %d Fashion-MNIST images (d = %d), RBF lengthscale %.4f, nugget %.0e, loaded in %.1f s%n",
                n, x.dimension(), ell, nugget, (System.nanoTime() - t0) / 1e9);

        OutOfCoreOptions o = OutOfCoreOptions.of(Factorization.CHOLESKY, cap).withLeadingStride(Math.max(1, n / 100));
        Plan plan = OutOfCore.plan(n, o);
        System.out.printf("plan: cap %d MB, block %d, %d block columns, buffers %.1f MB, scratch %.2f GB, predicted "
                        + "reads %.2f GB, writes %.2f GB, %.3g flops%n", cap >> 20, plan.blockSize(), plan.blocks(),
                plan.totalBytes() / 1048576.0, plan.scratchBytes() / 1e9, plan.predictedReadBytes() / 1e9,
                plan.predictedWriteBytes() / 1e9, plan.flops());

        warmUp(k, nugget, scratchRoot);
        java.util.List<double[]> ratios = new java.util.ArrayList<>();
        for (int rep = 1; rep <= repeats; rep++) {
            System.out.println("--- run " + rep + " of " + repeats);
            ratios.add(compare(x, k, nugget, o, scratchRoot, sources));
        }
        if (repeats > 1) {
            String[] names = {"out-of-core (kernel) / in-core dpotrf", "out-of-core (kernel) excluding source / in-core "
                    + "dpotrf", "out-of-core (kernel) / (in-core build + dpotrf)", "out-of-core (.npy) / in-core dpotrf"};
            for (int q = 0; q < names.length; q++) {
                final int col = q;
                double[] v = ratios.stream().mapToDouble(r -> r[col]).filter(Double::isFinite).sorted().toArray();
                if (v.length > 0) {
                    System.out.printf("median %s: %.3f (runs: %s)%n", names[q], v[v.length / 2], Arrays.toString(v));
                }
            }
        }
    }

    /** Small runs of everything, so that the measured runs do not pay for class loading and JIT compilation. */
    private static void warmUp(Kernel k, double nugget, Path scratchRoot) {
        Points w = Idx.readImages(Idx.FASHION_MNIST_TRAIN, 2000);
        OutOfCore.factor(TileSource.kernel(w, k, nugget), OutOfCoreOptions.of(Factorization.CHOLESKY, 16L << 20)
                .withScratchDir(scratchRoot.resolve("spectral-ooc-bench-warmup")));
        double[] a = KernelMatrix.dense(w, k, nugget).data();
        intW info = new intW(0);
        NativeThreads.call(() -> {
            NetlibRuntime.get().lapack().dpotrf("L", 2000, a, 2000, info);
            return null;
        });
    }

    /** One comparison; returns the ratios {kernel/in-core, kernel without source/in-core, kernel/(build+in-core), npy/in-core}. */
    private static double[] compare(Points x, Kernel k, double nugget, OutOfCoreOptions o, Path scratchRoot,
                                    java.util.List<String> sources) throws Exception {
        int n = x.size();
        NetlibRuntime rt = NetlibRuntime.get();
        boolean npy = sources.contains("npy");
        long t0;
        OutOfCoreResult ooc = null;
        if (sources.contains("kernel")) {
            ooc = OutOfCore.factor(TileSource.kernel(x, k, nugget),
                    o.withScratchDir(scratchRoot.resolve("spectral-ooc-bench-kernel")).withProgress(p ->
                            System.out.printf("  column %d/%d  %.0f%%  %.1f GF/s  io %.0f MB/s  eta %.0f s%n",
                                    p.columnsDone(), p.columns(), 100 * p.fraction(), p.gflopsPerSecond(),
                                    p.ioBytesPerSecond() / 1e6, p.etaSeconds())));
            report("out-of-core, kernel source", ooc);
        }

        t0 = System.nanoTime();
        DenseMatrix dense = KernelMatrix.dense(x, k, nugget);
        double build = (System.nanoTime() - t0) / 1e9;
        System.out.printf("in-core kernel matrix built in %.2f s (%.2f GB)%n", build, 8.0 * n * n / 1e9);

        OutOfCoreResult fromFile = null;
        if (npy) {
            Path file = scratchRoot.resolve("spectral-ooc-bench.npy");
            t0 = System.nanoTime();
            Npy.write(file, dense);
            System.out.printf("wrote %s in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
            try (TileSource src = TileSource.npy(file)) {
                fromFile = OutOfCore.factor(src, o.withScratchDir(scratchRoot.resolve("spectral-ooc-bench-npy")));
            } finally {
                Files.deleteIfExists(file);
            }
            report("out-of-core, .npy source", fromFile);
        }

        double[] a = dense.data();
        dense = null;
        intW info = new intW(0);
        t0 = System.nanoTime();
        NativeThreads.call(() -> {
            rt.lapack().dpotrf("L", n, a, n, info);
            return null;
        });
        double incore = (System.nanoTime() - t0) / 1e9;
        if (info.val != 0) {
            throw new IllegalStateException("in-core dpotrf failed: info = " + info.val);
        }
        double logdet = 0;
        for (int i = 0; i < n; i++) {
            logdet += 2 * Math.log(a[i + i * n]);
        }
        double flops = (double) n * n * n / 3;
        System.out.printf("in-core dpotrf: %.2f s, %.1f GF/s, logdet %.10f%n", incore, flops / incore / 1e9, logdet);
        if (ooc != null) {
            System.out.printf("relative difference of log-determinants (kernel source vs in-core): %.2e%n",
                    Math.abs(ooc.logAbsDet() - logdet) / Math.abs(logdet));
            System.out.printf("ratio out-of-core wall / in-core dpotrf: %.3f (kernel source, includes kernel "
                    + "evaluation %.2f s); %.3f excluding the source%n", ooc.secondsWall() / incore,
                    ooc.secondsSource(), (ooc.secondsWall() - ooc.secondsSource()) / incore);
            System.out.printf("ratio (kernel source) / (in-core build + dpotrf): %.3f%n",
                    ooc.secondsWall() / (build + incore));
            System.out.println("leading log-determinants (every " + ooc.leading().stride() + "): "
                    + Arrays.toString(Arrays.copyOf(ooc.leading().logAbsDet(), Math.min(5, ooc.leading().count())))
                    + " ...");
        }
        if (fromFile != null) {
            System.out.printf("relative difference of log-determinants (.npy source vs in-core): %.2e%n",
                    Math.abs(fromFile.logAbsDet() - logdet) / Math.abs(logdet));
            System.out.printf("ratio out-of-core wall (.npy source) / in-core dpotrf: %.3f%n",
                    fromFile.secondsWall() / incore);
        }
        double nan = Double.NaN;
        return new double[] {ooc == null ? nan : ooc.secondsWall() / incore,
                ooc == null ? nan : (ooc.secondsWall() - ooc.secondsSource()) / incore,
                ooc == null ? nan : ooc.secondsWall() / (build + incore),
                fromFile == null ? nan : fromFile.secondsWall() / incore};
    }

    private static void report(String what, OutOfCoreResult r) {
        System.out.printf("%s: logdet %.10f, %.2f s wall (compute %.2f s, source %.2f s, I/O busy %.2f s, I/O wait "
                        + "%.2f s), %.1f GF/s, read %.2f GB, written %.2f GB, block %d x %d columns%n", what,
                r.logAbsDet(), r.secondsWall(), r.secondsCompute(), r.secondsSource(), r.secondsIo(), r.secondsIoWait(),
                r.gflopsPerSecond(), r.bytesRead() / 1e9, r.bytesWritten() / 1e9, r.blockSize(), r.blocks());
    }

    static double medianDistance(Points x, int m) {
        int d = x.dimension();
        double[] xs = x.data();
        double[] dist = new double[m * (m - 1) / 2];
        int c = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int q = 0; q < d; q++) {
                    double t = xs[i * d + q] - xs[j * d + q];
                    s += t * t;
                }
                dist[c++] = Math.sqrt(s);
            }
        }
        Arrays.sort(dist);
        return dist[dist.length / 2];
    }
}
