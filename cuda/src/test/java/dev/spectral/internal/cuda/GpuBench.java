package dev.spectral.internal.cuda;

import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.Availability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The GPU benchmark of issue 6, Java side: syevd (all eigenpairs) at n = 4096 and 16384, Cholesky log-determinant at
 * n = 32768, each the median of 3 timed runs after a warm-up. Times are end to end through the public API, so they
 * include the host-to-device upload and the downloads (cuda/gpu_bench_torch.py times PyTorch both ways). Writes
 * OUT/gpu-bench-java.json (one JSON object per line). Run with -Xmx24g: the n = 32768 matrix is 8.6 GB.
 * Arguments: OUT [syevd sizes, comma-separated] [cholesky sizes].
 */
public final class GpuBench {
    private GpuBench() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "out/gpu-check");
        int[] eig = sizes(args.length > 1 ? args[1] : "4096,16384");
        int[] chol = sizes(args.length > 2 ? args[2] : "32768");
        Files.createDirectories(out);
        Availability a = CudaEnvironment.system().availability();
        if (!a.available()) {
            System.err.println("gpu-bench: no usable GPU: " + a.reasonLine());
            System.exit(3);
        }
        List<String> rows = new ArrayList<>();
        try (CudaBackend gpu = new CudaBackend(CudaEnvironment.system(), 0)) {
            for (int n : eig) {
                DenseMatrix m = symmetricGaussian(n, 1);
                double t = median(() -> gpu.eigh(m, EigenSelection.all(), true));
                rows.add(row("syevd", n, t, gpu.device(), ""));
            }
            for (int n : chol) {
                DenseMatrix m = diagonallyDominant(n, 2);
                LogDet[] last = new LogDet[1];
                double t = median(() -> last[0] = gpu.logdet(m, Factorization.CHOLESKY));
                rows.add(row("cholesky_logdet", n, t, gpu.device(), ", \"logdet\": " + last[0].logAbsDet()));
            }
        }
        Files.write(out.resolve("gpu-bench-java.json"), rows);
        rows.forEach(System.out::println);
    }

    private static String row(String op, int n, double seconds, String device, String extra) {
        return String.format(Locale.ROOT, "{\"impl\": \"spectral-cuda\", \"op\": \"%s\", \"n\": %d, \"seconds\": %.4f, "
                + "\"includes_transfers\": true, \"device\": \"%s\"%s}", op, n, seconds, device.replace("\"", "'"), extra);
    }

    private static double median(Supplier<?> work) {
        work.get();
        double[] t = new double[3];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            work.get();
            t[i] = (System.nanoTime() - start) * 1e-9;
        }
        Arrays.sort(t);
        return t[1];
    }

    /** (G + Gᵀ)/2 with G standard normal: the same recipe as the PyTorch script. */
    static DenseMatrix symmetricGaussian(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DenseMatrix m = DenseMatrix.zeros(n, n);
        double[] a = m.data();
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = rng.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        return m;
    }

    /** Off-diagonal entries uniform in (-1, 1)/n, diagonal 2: positive definite by Gershgorin. Same recipe as PyTorch's. */
    static DenseMatrix diagonallyDominant(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DenseMatrix m = DenseMatrix.zeros(n, n);
        double[] a = m.data();
        for (int j = 0; j < n; j++) {
            a[j + j * n] = 2.0;
            for (int i = j + 1; i < n; i++) {
                double v = (2 * rng.nextDouble() - 1) / n;
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        return m;
    }

    private static int[] sizes(String s) {
        return s.isBlank() ? new int[0] : Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
