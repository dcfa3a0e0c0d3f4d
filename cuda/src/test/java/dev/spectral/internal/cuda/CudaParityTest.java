package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.Backends;
import dev.spectral.contract.KnownMatrices;
import dev.spectral.contract.RandomOrthogonal;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GPU against CPU on the same well-conditioned matrices: values agree to 1e-10 relative (of the largest magnitude),
 * the float64 parity goal. Skipped with the reason when there is no GPU.
 */
class CudaParityTest {
    private static final double RELATIVE = 1e-10;
    private static final int N = 300;

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

    @Test
    void eigenvaluesAllAndSelected() {
        DenseBackend gpu = Gpu.backend();
        DenseBackend cpu = Backends.cpu();
        Random rng = new Random(11);
        double[] lambda = KnownMatrices.logUniform(N, 0.1, 10, 0.5, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(N, rng));
        for (EigenSelection s : new EigenSelection[] {EigenSelection.all(), EigenSelection.largest(7),
                EigenSelection.smallest(5), EigenSelection.range(-1, 1)}) {
            assertClose(cpu.eigh(a, s, false).values(), gpu.eigh(a, s, false).values(), "eig " + s);
        }
    }

    @Test
    void singularValuesJacobiAndQr() {
        DenseBackend gpu = Gpu.backend();
        DenseBackend cpu = Backends.cpu();
        Random rng = new Random(12);
        for (int[] shape : new int[][] {{N, 120}, {120, N}, {1100, 1030}}) {
            DenseMatrix a = KnownMatrices.gaussian(shape[0], shape[1], rng);
            assertClose(cpu.svd(a, SvdSelection.all(), false).singularValues(),
                    gpu.svd(a, SvdSelection.all(), false).singularValues(), "svd " + shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void logDeterminantsAndProducts() {
        DenseBackend gpu = Gpu.backend();
        DenseBackend cpu = Backends.cpu();
        Random rng = new Random(13);
        DenseMatrix spd = KnownMatrices.symmetric(KnownMatrices.logUniform(N, 0.1, 10, 0.0, rng), RandomOrthogonal.haar(N, rng));
        DenseMatrix indefinite = KnownMatrices.symmetric(KnownMatrices.logUniform(N, 0.1, 10, 0.5, rng),
                RandomOrthogonal.haar(N, rng));
        DenseMatrix general = KnownMatrices.gaussian(N, N, rng);
        for (Factorization f : Factorization.values()) {
            DenseMatrix a = f == Factorization.LU ? general : f == Factorization.LDL ? indefinite : spd;
            var c = cpu.logdet(a, f);
            var g = gpu.logdet(a, f);
            assertEquals(c.sign(), g.sign(), f + " sign");
            assertEquals(c.factorization(), g.factorization(), f + " factorization");
            assertEquals(c.logAbsDet(), g.logAbsDet(), RELATIVE * Math.abs(c.logAbsDet()), f + " log|det|");
        }
        DenseMatrix b = KnownMatrices.gaussian(N, 77, rng);
        assertClose(cpu.multiply(general, true, b, false).data(), gpu.multiply(general, true, b, false).data(), "gemm");
    }
}
