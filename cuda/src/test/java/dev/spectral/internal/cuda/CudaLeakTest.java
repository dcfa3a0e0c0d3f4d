package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.contract.KnownMatrices;
import dev.spectral.contract.RandomOrthogonal;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 1,000 calls leave the device's free memory where it started (cudaMemGetInfo), so every allocation found its owner.
 * The first call warms up the libraries (their own lazily allocated workspaces) before the baseline is taken.
 * Skipped with the reason when there is no GPU.
 */
class CudaLeakTest {
    @Test
    void athousandCallsLeaveDeviceMemoryWhereItStarted() {
        CudaBackend gpu = Gpu.backend();
        CudaRuntimeApi rt = CudaEnvironment.system().runtime();
        Random rng = new Random(14);
        DenseMatrix a = KnownMatrices.symmetric(KnownMatrices.logUniform(64, 0.5, 2, 0.0, rng), RandomOrthogonal.haar(64, rng));
        Runnable[] calls = {
            () -> gpu.eigh(a, EigenSelection.all(), true),
            () -> gpu.eigh(a, EigenSelection.largest(3), true),
            () -> gpu.logdet(a, Factorization.CHOLESKY),
            () -> gpu.logdet(a, Factorization.LDL),
            () -> gpu.logdet(a, Factorization.LU),
            () -> gpu.multiply(a, false, a, true),
        };
        for (Runnable c : calls) {
            c.run();
        }
        rt.synchronize();
        long before = rt.memoryInfo()[0];
        for (int i = 0; i < 1000; i++) {
            calls[i % calls.length].run();
        }
        rt.synchronize();
        long after = rt.memoryInfo()[0];
        assertEquals(before, after, "free device memory before and after 1,000 calls");
    }
}
