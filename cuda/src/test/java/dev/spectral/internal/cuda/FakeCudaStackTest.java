package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.contract.KnownMatrices;
import dev.spectral.contract.RandomOrthogonal;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.kernel.ReluNtk;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.Availability;
import dev.spectral.spi.DenseBackend;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Java side of the CUDA backend (probing, every downcall's types and argument order, device-memory
 * ownership, devInfo and pivot handling, the diagonal gathers, the SVD transposes, the fatbin load and the kernel
 * launch's parameter array) run against a FAKE CUDA stack: src/test/c/fake_cuda.c, compiled here and installed under
 * the CUDA sonames, which answers with the reference LAPACK on the CPU following cuSOLVER's documented conventions.
 * This is not a GPU test and says nothing about NVIDIA's libraries; it catches mistakes on Spectral's side of the
 * boundary. Results must agree with the CPU backend to 1e-10 relative (both end in LAPACK). Skipped when no C
 * compiler or no liblapack.so.3 is installed.
 */
class FakeCudaStackTest {
    private static final double RELATIVE = 1e-10;

    @TempDir
    static Path dir;

    private static final LibraryProbe.Loader LOCAL = path -> Dl.open(path, false);

    private static CudaEnvironment env;
    private static CudaBackend gpu;
    private static DenseBackend cpu;

    @BeforeAll
    static void buildFakeStack() throws IOException, InterruptedException {
        Path source = Stream.of(Path.of("src/test/c/fake_cuda.c"), Path.of("cuda/src/test/c/fake_cuda.c"))
                .filter(Files::exists).findFirst().orElse(null);
        Path header = Stream.of(Path.of("../native"), Path.of("native")).filter(p -> Files.exists(p.resolve("kernel_math.h")))
                .findFirst().orElse(null);
        assumeTrue(source != null && header != null, "fake_cuda.c or native/kernel_math.h not found from " + Path.of("").toAbsolutePath());
        Path so = dir.resolve("libfake.so");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O1", "-Wl,-Bsymbolic", "-I" + header.toAbsolutePath(),
                    "-o", so.toString(), source.toAbsolutePath().toString(), "-l:liblapack.so.3", "-l:libblas.so.3", "-lm")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no C compiler (cc): " + e.getMessage());
            return;
        }
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, "the fake CUDA stack did not build: " + log);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (String name : List.of("libcudart.so.13", "libcublas.so.13", "libcusolver.so.12", "libcurand.so.10", "libcuda.so.1")) {
            Files.copy(so, lib.resolve(name));
        }
        SearchPlaces places = new SearchPlaces(List.of(new SearchPlaces.Place("fake", lib)));
        // RTLD_LOCAL: the fake's symbols (cudaMalloc, ...) must never resolve a real CUDA library loaded later here.
        env = CudaEnvironment.probe(places, places, LOCAL);
        gpu = new CudaBackend(env, 0);
        cpu = Backends.cpu();
    }

    @AfterAll
    static void close() throws Throwable {
        if (gpu != null) {
            gpu.close();
            gpu.close(); // idempotent
            // Every handle (cuBLAS, cuSOLVER, gesvdj info) and module was given back.
            assertEquals(0, counter("libcublas.so.13", "fake_live_handles"));
            assertEquals(0, counter("libcusolver.so.12", "fake_live_handles"));
            assertEquals(0, counter("libcuda.so.1", "fake_live_modules"));
        }
    }

    @SuppressWarnings("restricted")
    private static int counter(String library, String function) throws Throwable {
        Dl.Opened opened = Dl.open(dir.resolve("lib").resolve(library).toString(), false);
        MethodHandle h = Linker.nativeLinker().downcallHandle(opened.symbols().find(function).orElseThrow(),
                FunctionDescriptor.of(JAVA_INT));
        return (int) h.invokeExact();
    }

    @Test
    void availabilityAndInfoComeFromTheLibraries() {
        Availability a = env.availability();
        assertTrue(a.available(), a.reasonLine());
        String details = String.join("\n", a.details());
        for (String expected : List.of("NVIDIA driver API 13.0: libcuda.so.1 at ", "CUDA runtime 13.0: libcudart.so.13 at ",
                "cuBLAS 13.1.0: libcublas.so.13 at ", "cuSOLVER 12.0.4: libcusolver.so.12 at ", "cuRAND 10.4.0: libcurand.so.10 at ",
                "GPU 0: Spectral fake GPU, 16.0 GiB, compute capability 9.0")) {
            assertTrue(details.contains(expected), expected + " missing from\n" + details);
        }
        assertTrue(gpu.device().startsWith("GPU 0: Spectral fake GPU"), gpu.device());
        assertTrue(env.mixedReleases().isEmpty());
    }

    @Test
    void librariesFromDifferentCudaReleasesAreFlagged() throws IOException {
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        for (String name : List.of("libcudart.so.13", "libcublas.so.12", "libcusolver.so.12", "libcuda.so.1")) {
            Files.copy(dir.resolve("libfake.so"), mixed.resolve(name));
        }
        SearchPlaces places = new SearchPlaces(List.of(new SearchPlaces.Place("mixed", mixed)));
        CudaEnvironment m = CudaEnvironment.probe(places, places, LOCAL);
        assertEquals("warning: libcudart.so.13 is from CUDA 13 but libcublas.so.12 from another CUDA release",
                m.mixedReleases().orElseThrow());
        assertTrue(m.availability().details().contains(m.mixedReleases().orElseThrow()));
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": count");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], RELATIVE * scale, what + "[" + i + "]");
        }
    }

    /** ‖A V - V Λ‖ and ‖VᵀV - I‖ within the backward-error scale c·n·ε·‖A‖ (c = 20, as the contract). */
    private static void assertEigenpairs(DenseMatrix a, SymmetricEigen e, double norm) {
        DenseMatrix v = e.vectors();
        DenseMatrix av = cpu.multiply(a, false, v, false);
        DenseMatrix vtv = cpu.multiply(v, true, v, false);
        double tol = 20.0 * a.rows() * Math.ulp(1.0);
        for (int j = 0; j < v.cols(); j++) {
            for (int i = 0; i < v.rows(); i++) {
                assertEquals(e.values()[j] * v.get(i, j), av.get(i, j), tol * norm, "A v = λ v at " + i + "," + j);
            }
            for (int i = 0; i < v.cols(); i++) {
                assertEquals(i == j ? 1.0 : 0.0, vtv.get(i, j), tol, "VᵀV at " + i + "," + j);
            }
        }
    }

    @Test
    void eigenproblemsAllAndSelectedWithVectors() {
        Random rng = new Random(41);
        int n = 90;
        double[] lambda = KnownMatrices.logUniform(n, 0.1, 10, 0.5, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(n, rng));
        for (EigenSelection s : List.of(EigenSelection.all(), EigenSelection.largest(6), EigenSelection.smallest(4),
                EigenSelection.range(-1, 1))) {
            SymmetricEigen g = gpu.eigh(a, s, true);
            assertClose(cpu.eigh(a, s, false).values(), g.values(), "eig " + s);
            assertEquals(g.values().length, g.vectors().cols());
            assertEigenpairs(a, g, 10);
        }
        assertThrows(InvalidInputException.class, () -> gpu.eigh(a, EigenSelection.largest(n + 1), false));
    }

    @Test
    void svdTallWideJacobiAndQrPaths() {
        Random rng = new Random(42);
        // 60 x 25 and 25 x 60: gesvdj. 1040 x 1030 and 1030 x 1040: gesvd, the wide one through the transpose.
        for (int[] shape : new int[][] {{60, 25}, {25, 60}, {1040, 1030}, {1030, 1040}}) {
            DenseMatrix a = KnownMatrices.gaussian(shape[0], shape[1], rng);
            boolean vectors = shape[0] < 100;
            Svd g = gpu.svd(a, SvdSelection.all(), vectors);
            assertClose(cpu.svd(a, SvdSelection.all(), false).singularValues(), g.singularValues(),
                    "svd " + shape[0] + "x" + shape[1]);
            if (vectors) {
                // U diag(s) Vᵀ reproduces A.
                int r = g.singularValues().length;
                DenseMatrix us = DenseMatrix.zeros(a.rows(), r);
                for (int j = 0; j < r; j++) {
                    for (int i = 0; i < a.rows(); i++) {
                        us.set(i, j, g.u().get(i, j) * g.singularValues()[j]);
                    }
                }
                assertClose(a.data(), cpu.multiply(us, false, g.vt(), false).data(), "U S Vt");
                Svd top = gpu.svd(a, SvdSelection.top(3), true);
                assertEquals(3, top.u().cols());
                assertEquals(3, top.vt().rows());
                assertClose(java.util.Arrays.copyOf(g.singularValues(), 3), top.singularValues(), "top 3");
            }
        }
    }

    @Test
    void logDeterminantsOfEveryFactorizationAndTheSingularCases() {
        Random rng = new Random(43);
        int n = 80;
        DenseMatrix spd = KnownMatrices.symmetric(KnownMatrices.logUniform(n, 0.1, 10, 0.0, rng), RandomOrthogonal.haar(n, rng));
        DenseMatrix indefinite = KnownMatrices.symmetric(KnownMatrices.logUniform(n, 0.1, 10, 0.5, rng), RandomOrthogonal.haar(n, rng));
        DenseMatrix zeroDiagonal = KnownMatrices.zeroDiagonal(KnownMatrices.logUniform(n / 2, 0.5, 4, 0.0, rng), rng);
        DenseMatrix general = KnownMatrices.gaussian(n, n, rng);
        DenseMatrix singular = DenseMatrix.fromRows(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 6, 10}});
        for (DenseMatrix a : List.of(spd, indefinite, zeroDiagonal, general, singular)) {
            for (Factorization f : Factorization.values()) {
                boolean symmetric = a != general;
                if (!symmetric && (f == Factorization.CHOLESKY || f == Factorization.LDL)) {
                    continue;
                }
                if (f == Factorization.CHOLESKY && (a == indefinite || a == zeroDiagonal)) {
                    assertThrows(InvalidInputException.class, () -> gpu.logdet(a, f));
                    continue;
                }
                LogDet c = cpu.logdet(a, f);
                LogDet g = gpu.logdet(a, f);
                assertEquals(c.factorization(), g.factorization(), f + " used");
                assertEquals(c.sign(), g.sign(), f + " sign");
                if (c.isSingular()) {
                    assertEquals(Double.NEGATIVE_INFINITY, g.logAbsDet());
                } else {
                    assertEquals(c.logAbsDet(), g.logAbsDet(), RELATIVE * Math.max(1, Math.abs(c.logAbsDet())), f + " log|det|");
                }
            }
        }
    }

    @Test
    void productsWithEveryTransposeCombination() {
        Random rng = new Random(44);
        DenseMatrix a = KnownMatrices.gaussian(37, 23, rng);
        DenseMatrix b = KnownMatrices.gaussian(23, 41, rng);
        DenseMatrix at = a.transpose();
        DenseMatrix bt = b.transpose();
        assertClose(cpu.multiply(a, false, b, false).data(), gpu.multiply(a, false, b, false).data(), "AB");
        assertClose(cpu.multiply(at, true, b, false).data(), gpu.multiply(at, true, b, false).data(), "AtB");
        assertClose(cpu.multiply(a, false, bt, true).data(), gpu.multiply(a, false, bt, true).data(), "ABt");
        assertClose(cpu.multiply(at, true, bt, true).data(), gpu.multiply(at, true, bt, true).data(), "AtBt");
        assertThrows(InvalidInputException.class, () -> gpu.multiply(a, false, a, false));
    }

    @Test
    void kernelTilesThroughTheLaunchParameterArray() {
        Random rng = new Random(45);
        int n = 70;
        int d = 6;
        double[] data = new double[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextGaussian();
        }
        Points x = Points.ofColumns(n, d, data);
        // Whole matrix, a block off the diagonal, and blocks the diagonal crosses off-centre.
        int[][] windows = {{0, n, 0, n}, {40, 70, 0, 25}, {10, 45, 30, 50}, {30, 50, 10, 45}};
        for (Kernel k : List.of(Kernel.named("rbf", 1.5), Kernel.named("matern12", 0.8), Kernel.named("matern32", 1.1),
                Kernel.named("matern52", 2.5), new ReluNtk(3))) {
            for (int[] w : windows) {
                int m = w[1] - w[0];
                double[] expected = new double[m * (w[3] - w[2])];
                KernelMatrix.tile(x, k, 0.25, w[0], w[1], w[2], w[3], expected, m);
                DenseMatrix tile = gpu.kernelTile(x, k, 0.25, w[0], w[1], w[2], w[3]);
                assertEquals(m, tile.rows());
                assertClose(expected, tile.data(), k.name() + " tile " + java.util.Arrays.toString(w));
            }
        }
        assertThrows(InvalidInputException.class, () -> gpu.kernelTile(x, Kernel.named("rbf", 1), 0, 0, n + 1, 0, 1));
    }

    @Test
    void repeatedCallsGiveBackAllDeviceMemory() {
        Random rng = new Random(46);
        DenseMatrix a = KnownMatrices.symmetric(KnownMatrices.logUniform(30, 0.5, 2, 0.3, rng), RandomOrthogonal.haar(30, rng));
        CudaRuntimeApi rt = env.runtime();
        long before = rt.memoryInfo()[0];
        for (int i = 0; i < 200; i++) {
            gpu.eigh(a, i % 2 == 0 ? EigenSelection.all() : EigenSelection.largest(2), true);
            gpu.svd(a, SvdSelection.all(), true);
            gpu.logdet(a, List.of(Factorization.AUTO, Factorization.LDL, Factorization.LU).get(i % 3));
            gpu.multiply(a, false, a, true);
        }
        assertEquals(before, rt.memoryInfo()[0], "fake device bytes in use before and after 800 calls");
        assertThrows(InvalidInputException.class, () -> gpu.logdet(a, Factorization.CHOLESKY));
        assertEquals(before, rt.memoryInfo()[0], "nor after a call that failed (indefinite: Cholesky refuses)");
    }
}
