package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.ReluNtk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The formulas of the CUDA kernels (native/kernel_math.h, compiled here for the host with the C compiler) agree with
 * the Java kernels they mirror. The two evaluate the same operations in the same order; only libm's exp, acos and
 * sqrt may round differently (each within an ulp or two), so agreement is required to 1e-13 relative, which a wrong
 * constant, clamp or branch would miss by many orders of magnitude. Skipped when no C compiler is installed.
 */
class KernelMathCheckTest {
    /** native/ seen from the cuda module (Maven) or from the repository root (GpuCheck run by cuda/gpu-check.sh). */
    private static final Path SOURCE_DIR = java.util.stream.Stream.of(Path.of("..", "native"), Path.of("native"))
            .map(p -> p.toAbsolutePath().normalize()).filter(p -> Files.exists(p.resolve("kernel_math.h"))).findFirst()
            .orElse(Path.of("native").toAbsolutePath());

    @TempDir
    Path dir;

    private record Case(Kernel kernel, int kind, double dot, double nx, double ny) {}

    private List<Double> runCheck(List<Case> cases) throws IOException, InterruptedException {
        assumeTrue(Files.exists(SOURCE_DIR.resolve("kernel_math.h")), "native/ sources not found at " + SOURCE_DIR);
        Path exe = dir.resolve("kernel_math_check");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-O2", "-o", exe.toString(), SOURCE_DIR.resolve("kernel_math_check.c").toString(),
                    "-lm").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no C compiler (cc) on this machine: " + e.getMessage());
            return List.of();
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS), "cc did not finish");
        assertEquals(0, cc.exitValue(), ccOut);
        StringBuilder in = new StringBuilder();
        for (Case c : cases) {
            in.append(String.format(Locale.ROOT, "%d %d %.17g %.17g %.17g %.17g%n", c.kind(), CudaKernelTiles.depth(c.kernel()),
                    CudaKernelTiles.lengthscale(c.kernel()), c.dot(), c.nx(), c.ny()));
        }
        Process p = new ProcessBuilder(exe.toString()).start();
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<Double> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(Double::parseDouble).toList();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void everyKernelKindAgreesWithItsJavaDefinition() throws Exception {
        List<Kernel> kernels = List.of(Kernel.named("rbf", 0.7), Kernel.named("matern12", 1.3), Kernel.named("matern32", 0.4),
                Kernel.named("matern52", 2.0), new ReluNtk(1), new ReluNtk(3));
        Random rng = new Random(21);
        List<Case> cases = new ArrayList<>();
        for (Kernel k : kernels) {
            int kind = CudaKernelTiles.kind(k);
            for (int t = 0; t < 200; t++) {
                double[] x = gaussian(rng, 5);
                double[] y = t % 10 == 0 ? x.clone() : gaussian(rng, 5); // identical points: the clamps at 0 and 1
                if (t % 10 == 1) {
                    for (int i = 0; i < 5; i++) {
                        y[i] = -2.5 * x[i]; // antiparallel: cos θ = -1
                    }
                }
                cases.add(new Case(k, kind, dot(x, y), dot(x, x), dot(y, y)));
            }
            cases.add(new Case(k, kind, 0.0, 0.0, 1.0)); // a zero point
        }
        List<Double> native_ = runCheck(cases);
        assertEquals(cases.size(), native_.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            double expected = c.kernel().value(c.dot(), c.nx(), c.ny());
            // Stationary kernels are at most 1; the NTK scales like (L + 1)·√(|x|²|y|²).
            double scale = c.kind() == 4 ? (CudaKernelTiles.depth(c.kernel()) + 1) * Math.sqrt(c.nx() * c.ny()) : 1.0;
            assertEquals(expected, native_.get(i), 1e-13 * Math.max(scale, Double.MIN_NORMAL),
                    c.kernel().name() + " at dot=" + c.dot() + ", |x|²=" + c.nx() + ", |y|²=" + c.ny());
        }
    }

    private static double[] gaussian(Random rng, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
